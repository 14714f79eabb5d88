import { and, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { JWK } from 'jose';
import type { Database } from '../db/database';
import { signingKeys } from './signingKeys.tables';

export function signingKeyStore(db: Database) {
  return {
    /**
     * The key this instance signs with becomes the active one; any other still marked active is
     * retired now. Keys named only as retired are recorded retired, never un-retired.
     */
    async register(active: { kid: string; publicJwk: JWK }, retired: Array<{ kid: string; publicJwk: JWK }>, at: Date): Promise<void> {
      await db.transaction(async (tx) => {
        // A kid names one key for good: receivers cache keys by kid, so a reused one would verify nothing.
        const named = [active, ...retired];
        for (const row of await tx.select().from(signingKeys).where(inArray(signingKeys.kid, named.map((k) => k.kid)))) {
          const key = named.find((k) => k.kid === row.kid)!;
          if (row.publicJwk.x !== key.publicJwk.x) throw new Error(`the signing key id ${row.kid} already names another key: give the new key a kid of its own`);
        }
        await tx
          .insert(signingKeys)
          .values({ kid: active.kid, publicJwk: active.publicJwk, activatedAt: at, retiredAt: null })
          .onConflictDoUpdate({ target: signingKeys.kid, set: { retiredAt: null } });
        await tx.update(signingKeys).set({ retiredAt: at }).where(and(ne(signingKeys.kid, active.kid), isNull(signingKeys.retiredAt)));
        if (retired.length) {
          await tx
            .insert(signingKeys)
            .values(retired.map((k) => ({ kid: k.kid, publicJwk: k.publicJwk, activatedAt: at, retiredAt: at })))
            .onConflictDoNothing({ target: signingKeys.kid });
        }
      });
    },

    /** Public keys still to publish: active ones, and retired ones inside the retention period. */
    async published(now: Date, retentionDays: number): Promise<JWK[]> {
      const since = new Date(now.getTime() - retentionDays * 86_400_000);
      const rows = await db
        .select({ publicJwk: signingKeys.publicJwk })
        .from(signingKeys)
        .where(or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, since)))
        .orderBy(sql`${signingKeys.retiredAt} desc nulls first`, signingKeys.kid);
      return rows.map((r) => r.publicJwk);
    },

  };
}
export type SigningKeyStore = ReturnType<typeof signingKeyStore>;
