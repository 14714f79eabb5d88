import { importJWK, type JWK } from 'jose';
import { auditStore } from '../audit/audit.store';
import { actorOf, type OperatorPrincipal } from '../auth/principal';
import type { Database } from '../db/database';
import { problem, validationFailed, type InvalidParam } from '../http/problem';
import { agencyStore, KeyIdTakenError } from './agencies.store';
import type { Agency, AgencyKey, AgencyLevel, AgencyRegistration, SigningAlgorithm } from './agencies.types';

export interface KeyInput extends JWK {
  kid: string;
  alg: SigningAlgorithm;
  validFrom?: string | null;
  validUntil?: string | null;
}

export interface RegistrationInput {
  name: string;
  level: AgencyLevel;
  parentCode?: string | null;
  jwks: { keys: KeyInput[] };
}

const CURVE_OF: Record<SigningAlgorithm, { kty: string; crv: string }> = {
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
  ES256: { kty: 'EC', crv: 'P-256' },
};

/** Only the members that define the public key: kid, alg and dates are kept in their own columns. */
export function publicPart(jwk: JWK): JWK {
  const { kty, crv, x, y } = jwk;
  return y === undefined ? { kty, crv, x } : { kty, crv, x, y };
}

/** What a relying party sees of an agency: a change to any of it is an administrative change. */
function registered(a: Agency | undefined) {
  if (!a) return undefined;
  const keys = a.keys.map((k) => ({ kid: k.kid, alg: k.alg, publicJwk: k.publicJwk, validFrom: k.validFrom?.getTime() ?? null, validUntil: k.validUntil?.getTime() ?? null }));
  return JSON.stringify({ name: a.name, level: a.level, parentCode: a.parentCode, keys });
}

export function agencyService({ db }: { db: Database }) {
  const store = agencyStore(db);

  async function toKeys(input: RegistrationInput): Promise<AgencyKey[]> {
    const errors: InvalidParam[] = [];
    const keys: AgencyKey[] = [];
    for (const [i, jwk] of input.jwks.keys.entries()) {
      const at = (rule: string, message: string) => errors.push({ in: 'body', pointer: `/jwks/keys/${i}`, rule, message });
      if (jwk.d !== undefined) {
        at('jwk.private_key', 'is a private key: register only the public part and keep d secret');
        continue;
      }
      const expected = CURVE_OF[jwk.alg];
      if (jwk.kty !== expected.kty || jwk.crv !== expected.crv) {
        at('jwk.curve', `alg ${jwk.alg} needs kty ${expected.kty} with crv ${expected.crv}`);
        continue;
      }
      try {
        await importJWK(publicPart(jwk), jwk.alg);
      } catch {
        at('jwk.invalid', 'is not a usable public key');
        continue;
      }
      const validFrom = jwk.validFrom ? new Date(jwk.validFrom) : null;
      const validUntil = jwk.validUntil ? new Date(jwk.validUntil) : null;
      if (validFrom && validUntil && validUntil <= validFrom) at('jwk.validity', 'validUntil must come after validFrom');
      keys.push({ kid: jwk.kid, alg: jwk.alg, publicJwk: publicPart(jwk), validFrom, validUntil });
    }
    if (new Set(input.jwks.keys.map((k) => k.kid)).size !== input.jwks.keys.length) {
      errors.push({ in: 'body', pointer: '/jwks/keys', rule: 'jwk.duplicate_kid', message: 'each kid may appear once' });
    }
    if (errors.length) throw validationFailed(errors);
    return keys;
  }

  return {
    find: store.find,

    /**
     * Creates or changes an agency and its signing keys. Every change is logged on the system
     * chain (`agency.register`, `agency.update`) with who made it, in the same transaction; a
     * registration that changes nothing writes nothing.
     */
    async register(code: string, input: RegistrationInput, ctx: { principal: OperatorPrincipal; requestId: string }): Promise<{ agency: Agency; created: boolean }> {
      const parentCode = input.parentCode ?? null;
      if (parentCode === code) {
        throw validationFailed([{ in: 'body', pointer: '/parentCode', rule: 'agency.own_parent', message: 'an agency cannot be its own parent' }]);
      }
      const registration: AgencyRegistration = { code, name: input.name.normalize('NFC'), level: input.level, parentCode, keys: await toKeys(input) };
      return db.transaction(async (tx) => {
        if (parentCode && !(await agencyStore(tx).find(parentCode))) {
          throw problem(422, 'unknown-agency', 'Unknown parent agency', {
            detail: 'Register the parent agency first.',
            errors: [{ in: 'body', pointer: '/parentCode', rule: 'agency.unknown', message: 'no agency is registered under this code' }],
          });
        }
        try {
          const before = registered(await agencyStore(tx).find(code));
          const result = await agencyStore(tx).register(registration);
          if (result.created || registered(result.agency) !== before) {
            await auditStore(tx).append({
              actor: actorOf(ctx.principal),
              // The agency changed, not one acting: operators have no agency of their own.
              agencyCode: code,
              action: result.created ? 'agency.register' : 'agency.update',
              decision: 'allow',
              rule: 'role:operator',
              requestId: ctx.requestId,
            });
          }
          return result;
        } catch (error) {
          if (error instanceof KeyIdTakenError) {
            throw problem(409, 'key-id-taken', 'Key id already in use', { detail: `kid ${error.kid} already names a different key of this agency; give the new key a new kid.` });
          }
          throw error;
        }
      });
    },
  };
}
export type AgencyService = ReturnType<typeof agencyService>;
