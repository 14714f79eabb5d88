import { and, asc, eq, sql } from 'drizzle-orm';
import { preparedRows, type Database } from '../db/database';
import { agencies, agencyKeys } from './agencies.tables';
import type { Agency, AgencyKey, AgencyRegistration } from './agencies.types';

// Fixed text, prepared once per connection: every release decision asks it, inside its transaction.
const LEVEL_OF = 'select level from agencies where code = $1';

export class KeyIdTakenError extends Error {
  override name = 'KeyIdTakenError';
  constructor(readonly kid: string) {
    super(`kid ${kid} already names another key of this agency`);
  }
}

export function agencyStore(db: Database) {
  const keysOf = async (code: string): Promise<AgencyKey[]> =>
    db
      .select({ kid: agencyKeys.kid, alg: agencyKeys.alg, publicJwk: agencyKeys.publicJwk, validFrom: agencyKeys.validFrom, validUntil: agencyKeys.validUntil })
      .from(agencyKeys)
      .where(eq(agencyKeys.agencyCode, code))
      .orderBy(asc(agencyKeys.createdAt), asc(agencyKeys.kid));

  const find = async (code: string): Promise<Agency | undefined> => {
    const [row] = await db.select().from(agencies).where(eq(agencies.code, code));
    return row ? { ...row, keys: await keysOf(code) } : undefined;
  };

  // Every prefill asks for its agency's level: built once per store and prepared.
  return {
    find,

    async levelOf(code: string): Promise<Agency['level'] | null> {
      const [row] = await preparedRows<{ level: Agency['level'] }>(db, LEVEL_OF, [code]);
      return row?.level ?? null;
    },

    async findKey(agencyCode: string, kid: string): Promise<AgencyKey | undefined> {
      const [key] = await db
        .select({ kid: agencyKeys.kid, alg: agencyKeys.alg, publicJwk: agencyKeys.publicJwk, validFrom: agencyKeys.validFrom, validUntil: agencyKeys.validUntil })
        .from(agencyKeys)
        .where(and(eq(agencyKeys.agencyCode, agencyCode), eq(agencyKeys.kid, kid)));
      return key;
    },

    /** Creates or refreshes the agency; keys are added or have their dates changed, never removed. Run it in a transaction. */
    async register(input: AgencyRegistration): Promise<{ agency: Agency; created: boolean }> {
      const values = { code: input.code, name: input.name, level: input.level, parentCode: input.parentCode };
      const [row] = await db
        .insert(agencies)
        .values(values)
        .onConflictDoUpdate({ target: agencies.code, set: { ...values, updatedAt: sql`now()` } })
        .returning({ created: sql<boolean>`(xmax = 0)` });
      for (const key of input.keys) {
        const [stored] = await db
          .insert(agencyKeys)
          .values({ agencyCode: input.code, ...key })
          .onConflictDoUpdate({
            target: [agencyKeys.agencyCode, agencyKeys.kid],
            set: { validFrom: key.validFrom, validUntil: key.validUntil },
            // A kid names one key for good: signatures already verified under it must stay verifiable.
            setWhere: sql`${agencyKeys.publicJwk} = ${JSON.stringify(key.publicJwk)}::jsonb`,
          })
          .returning({ kid: agencyKeys.kid });
        if (!stored) throw new KeyIdTakenError(key.kid);
      }
      return { agency: (await find(input.code))!, created: row!.created };
    },
  };
}
export type AgencyStore = ReturnType<typeof agencyStore>;
