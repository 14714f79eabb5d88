import { actorOf, type OperatorPrincipal } from '../auth/principal';
import type { TokenCredential } from '../auth/tokenVerifier';
import { auditStore } from '../audit/audit.store';
import type { Database } from '../db/database';
import { revocationStore, type RevocationRow } from './revocations.store';

export interface RevocationInput {
  issuer: string;
  jti?: string;
  kid?: string;
  reason: string;
  expiresAt?: Date;
}

export class AlreadyRevokedError extends Error {
  override name = 'AlreadyRevokedError';
}

const keyOf = (issuer: string, value: string) => `${issuer}\n${value}`;

/**
 * The revocation list every request is checked against. It is held in memory and reloaded when
 * older than `refreshMs` (0: on every request), so another instance's revocation takes effect
 * within that time; this instance's own takes effect at once.
 */
export function revocationService({ db, refreshMs, clock = () => new Date() }: { db: Database; refreshMs: number; clock?: () => Date }) {
  const store = revocationStore(db);
  let snapshot: { jtis: Set<string>; kids: Set<string>; loadedAt: number } | undefined;
  let loading: Promise<NonNullable<typeof snapshot>> | undefined;

  const load = () =>
    (loading ??= store
      .active(clock())
      .then((rows) => {
        const jtis = new Set(rows.filter((r) => r.jti !== null).map((r) => keyOf(r.issuer, r.jti!)));
        const kids = new Set(rows.filter((r) => r.kid !== null).map((r) => keyOf(r.issuer, r.kid!)));
        snapshot = { jtis, kids, loadedAt: clock().getTime() };
        return snapshot;
      })
      .finally(() => {
        loading = undefined;
      }));

  return {
    async isRevoked(c: TokenCredential): Promise<boolean> {
      const current = snapshot && clock().getTime() - snapshot.loadedAt < refreshMs ? snapshot : await load();
      return (c.jti !== undefined && current.jtis.has(keyOf(c.issuer, c.jti))) || (c.kid !== undefined && current.kids.has(keyOf(c.issuer, c.kid)));
    },

    /** Recorded with its audit entry in one transaction; refuses a jti or key that is revoked already. */
    async revoke(operator: OperatorPrincipal, input: RevocationInput, requestId: string): Promise<RevocationRow> {
      const at = clock();
      const row = await db.transaction(async (tx) => {
        const inserted = await revocationStore(tx).insert({
          issuer: input.issuer,
          jti: input.jti ?? null,
          kid: input.kid ?? null,
          reason: input.reason,
          revokedBy: actorOf(operator),
          revokedAt: at,
          expiresAt: input.expiresAt ?? null,
        });
        if (!inserted) throw new AlreadyRevokedError(input.jti ? 'This token is revoked already.' : "This issuer's key is revoked already.");
        await auditStore(tx).append({ at, actor: actorOf(operator), action: input.jti ? 'token.revoke' : 'token_key.revoke', purpose: `revocation:${inserted.id}`, decision: 'allow', rule: 'role:operator', requestId });
        return inserted;
      });
      snapshot = undefined;
      return row;
    },

    list: () => store.active(clock()),
  };
}
export type RevocationService = ReturnType<typeof revocationService>;
