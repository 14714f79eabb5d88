import { eq } from 'drizzle-orm';
import type { Database } from '../db/database';
import { procedures } from './catalog.tables';
import type { Procedure } from './catalog.types';

export function catalogStore(db: Database) {
  return {
    async find(code: string): Promise<Procedure | undefined> {
      const [row] = await db.select().from(procedures).where(eq(procedures.code, code)).limit(1);
      return row;
    },
  };
}
