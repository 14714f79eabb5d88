import { actorOf, type Principal } from '../auth/principal';
import { auditStore, type AuditEntry } from '../audit/audit.store';
import { RegistryUnavailable, type Citizen, type Registries } from '../connectors';
import type { Database } from '../db/database';
import { namesakePasses } from './blocking';
import type { MatchingModel } from './matchingModel';
import { matchingStore, type LoggedSubject } from './matching.store';
import type { IdentityClaims, RecordSource, SearchResult, VerifyResult } from './matching.types';
import { mirrorRowOf, rowFeatures, type MirrorRow, type ScoredRow } from './mirrorRow';
import { personFeatures, type PersonFeatures } from './personFeatures';
import { searchPersons } from './searchPersons';
import { verifyClaim } from './verifyPerson';

export class OldIdUnknownError extends Error {
  override name = 'OldIdUnknownError';
}
export class CitizenNotFoundError extends Error {
  override name = 'CitizenNotFoundError';
}
/** Neither the registry nor the mirror can answer for this ID. */
export class RecordUnavailableError extends Error {
  override name = 'RecordUnavailableError';
  constructor(readonly retryAfterSeconds: number) {
    super('No registry answer and no mirror copy');
  }
}

export interface MatchingContext {
  principal: Principal;
  requestId: string;
  purpose?: string;
}

// The mirror's size sets the search prior; counting a million rows per request would cost more than the search.
const SIZE_TTL_MS = 60_000;
const DEFAULT_RETRY_AFTER_S = 30;
const NO_SUBJECT: LoggedSubject = Object.freeze({ id: null, head: null });

export function featuresOfClaims(c: IdentityClaims): PersonFeatures {
  return personFeatures({
    id: c.id,
    fullName: c.fullName,
    birthDate: c.birthDate,
    sex: c.sex,
    birthPlace: c.birthPlace,
    residenceProvince: c.residence?.province,
    residenceCommune: c.residence?.commune,
    fatherName: c.fatherName,
    motherName: c.motherName,
  });
}

export function matchingService({ db, registries, model, clock = () => Date.now() }: {
  db: Database;
  registries: Pick<Registries, 'population'>;
  model: MatchingModel;
  clock?: () => number;
}) {
  const store = matchingStore(db);
  const audit = auditStore(db);
  let size: { n: number; at: number } | undefined;
  const populationSize = async () => {
    if (!size || clock() - size.at > SIZE_TTL_MS) {
      const n = await store.size();
      // An empty mirror is being loaded, or about to be: count again next time.
      size = n > 0 ? { n, at: clock() } : undefined;
      return n;
    }
    return size.n;
  };

  /** The registry's record of `id`; `retryAfter` when it is not configured or cannot answer. */
  const askRegistry = async (id: string): Promise<{ row: MirrorRow; source: RecordSource } | { retryAfter: number }> => {
    if (!registries.population) return { retryAfter: DEFAULT_RETRY_AFTER_S };
    try {
      const answer = await registries.population.getCitizen(id);
      if (!answer) throw new CitizenNotFoundError(id);
      return { row: mirrorRowOf(answer.data), source: answer.source === 'cache' ? 'registry_cache' : 'registry' };
    } catch (error) {
      if (!(error instanceof RegistryUnavailable)) throw error;
      return { retryAfter: error.retryAfterSeconds };
    }
  };

  const subjectOf = async (nationalId: string | null): Promise<LoggedSubject> => (nationalId ? store.subjectOf(nationalId) : NO_SUBJECT);

  // The subject's chain head, read with it, lets the entry go out as one statement (audit.store).
  const record = async (ctx: MatchingContext, action: string, decision: string, subject: LoggedSubject) => {
    const entry: AuditEntry = {
      actor: actorOf(ctx.principal),
      officialId: ctx.principal.kind === 'agency' ? (ctx.principal.officialId ?? null) : null,
      action,
      subjectId: subject.id,
      purpose: ctx.purpose ?? null,
      decision: 'allow',
      rule: `role:identity; matching:${decision}; model:${model.version}`,
      requestId: ctx.requestId,
    };
    await audit.append(entry, subject.head ? [{ subjectId: subject.id, head: subject.head }] : []);
  };

  /**
   * The registry first; when it is not configured or cannot answer, the mirror's copy. The mirror
   * row, the namesakes and (`withSubject`) the subject holding the ID are read in one statement,
   * while the registry is asked: a verify is one round trip to the database before its log entry.
   */
  async function assessed(claims: IdentityClaims & { id: string }, known: { citizen: Citizen; fromCache: boolean } | undefined, withSubject: boolean): Promise<{ result: VerifyResult; subject: LoggedSubject }> {
    let id = claims.id;
    let linked: MirrorRow | undefined;
    if (id.length === 9) {
      linked = await store.findByOldId(id);
      if (!linked) throw new OldIdUnknownError(id);
      id = linked.id;
    }
    const query = featuresOfClaims({ ...claims, id });
    const [reads, asked] = await Promise.all([
      store.verifyReads({ id: known || linked ? null : id, subjectOf: withSubject ? id : null }, { ...query, id: null }, namesakePasses(query)),
      known ? undefined : askRegistry(id),
    ]);
    const mirrored = linked ?? reads.record;
    let fetched: { row: ScoredRow; source: RecordSource };
    if (known) fetched = { row: mirrorRowOf(known.citizen), source: known.fromCache ? 'registry_cache' : 'registry' };
    else if (asked && 'row' in asked) fetched = asked;
    else if (mirrored) fetched = { row: mirrored, source: 'mirror' };
    else throw new RecordUnavailableError(asked?.retryAfter ?? DEFAULT_RETRY_AFTER_S);
    const { row, source } = fetched;
    const v = await verifyClaim(model, query, rowFeatures(row), reads.others, (passes) => store.candidates({ ...query, id: null }, passes));
    // The log goes to the chain of the subject holding the record's ID: the one read with it, unless the registry filed the record under another ID.
    const subject = !withSubject ? NO_SUBJECT : row.id === id ? reads.subject : await subjectOf(row.id);
    return { result: { decision: v.decision, score: v.score, recordId: row.id, source, namesakes: v.namesakes, marginBits: v.marginBits }, subject };
  }

  /**
   * Verification without its access-log entry: for a caller that logs it in its own transaction
   * (prefill), and that may pass the registry record it has already read.
   */
  async function assess(claims: IdentityClaims & { id: string }, known?: { citizen: Citizen; fromCache: boolean }): Promise<VerifyResult> {
    return (await assessed(claims, known, false)).result;
  }

  return {
    assess,

    async verify(claims: IdentityClaims & { id: string }, ctx: MatchingContext): Promise<VerifyResult> {
      const { result, subject } = await assessed(claims, undefined, true);
      await record(ctx, 'identity.verify', result.decision, subject);
      return result;
    },

    async search(claims: IdentityClaims, k: number, ctx: MatchingContext): Promise<SearchResult> {
      const query = featuresOfClaims(claims);
      const mirrored = await populationSize();
      const { ranking } = await searchPersons(store, model, query, mirrored, k);
      const n = Math.max(mirrored, ranking.counted);
      const top = ranking.candidates[0];
      await record(ctx, 'identity.search', top?.decision ?? 'non_match', await subjectOf(top?.decision === 'match' ? top.row.id : null));
      return {
        candidates: ranking.candidates.map((c) => ({ id: c.row.id, decision: c.decision, score: c.score, pass: c.pass })),
        counted: ranking.counted,
        marginBits: ranking.marginBits,
        populationSize: n,
      };
    },
  };
}
export type MatchingService = ReturnType<typeof matchingService>;
