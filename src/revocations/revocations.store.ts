import { desc, gt, isNull, or } from 'drizzle-orm';
import type { Database } from '../db/database';
import { tokenRevocations } from './revocations.tables';

export type RevocationRow = typeof tokenRevocations.$inferSelect;
export type NewRevocation = Omit<typeof tokenRevocations.$inferInsert, 'id'>;

export function revocationStore(db: Database) {
  return {
    /** The new row, or undefined when this jti or key is revoked already. */
    async insert(row: NewRevocation): Promise<RevocationRow | undefined> {
      const [inserted] = await db.insert(tokenRevocations).values(row).onConflictDoNothing().returning();
      return inserted;
    },

    /** Revocations that still refuse something: keys always, tokens until they would have expired. */
    active(now: Date): Promise<RevocationRow[]> {
      return db
        .select()
        .from(tokenRevocations)
        .where(or(isNull(tokenRevocations.expiresAt), gt(tokenRevocations.expiresAt, now)))
        .orderBy(desc(tokenRevocations.revokedAt));
    },
  };
}

