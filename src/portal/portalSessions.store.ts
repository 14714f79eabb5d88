import { createHash } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../db/database';
import { portalSessions } from './portalSessions.tables';

const hashOf = (id: string) => createHash('sha256').update(id).digest('base64url');

export function portalSessionStore(db: Database) {
  const isOpen = db
    .select({ one: sql<number>`1` })
    .from(portalSessions)
    .where(and(eq(portalSessions.idHash, sql.placeholder('idHash')), isNull(portalSessions.signedOutAt)))
    .prepare('portal_session_is_open');
  return {
    /** Also forgets sessions that could no longer be renewed anyway, so the table stays small. */
    async open(id: string, signedInAt: Date, endsBy: Date): Promise<void> {
      await db.delete(portalSessions).where(lt(portalSessions.endsBy, signedInAt));
      await db.insert(portalSessions).values({ idHash: hashOf(id), signedInAt, endsBy });
    },
    async isOpen(id: string): Promise<boolean> {
      return (await isOpen.execute({ idHash: hashOf(id) })).length > 0;
    },
    async signOut(id: string, at: Date): Promise<void> {
      await db.update(portalSessions).set({ signedOutAt: at }).where(and(eq(portalSessions.idHash, hashOf(id)), isNull(portalSessions.signedOutAt)));
    },
  };
}
export type PortalSessionStore = ReturnType<typeof portalSessionStore>;
