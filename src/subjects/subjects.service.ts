import { actorOf, type Principal } from '../auth/principal';
import { auditStore } from '../audit/audit.store';
import type { Database } from '../db/database';
import { checkConsistency, parseCitizenId, type Mismatch } from '../ids';
import type { Citizen, Enterprise, RegistryAnswer, Registries } from '../connectors';
import { subjectStore } from './subjects.store';
import type { Subject, SubjectKey, SubjectRegistration } from './subjects.types';

export type RegistryFreshness = Pick<RegistryAnswer<unknown>, 'source' | 'stale' | 'fetchedAt' | 'registry'>;

export class InconsistentSubjectError extends Error {
  override name = 'InconsistentSubjectError';
  constructor(readonly mismatches: Mismatch[]) {
    super('The record contradicts its personal ID');
  }
}


export interface ReadContext {
  principal: Principal;
  requestId: string;
  /** Why the caller reads: a procedure code, or `self` for a citizen. */
  purpose: string;
}

export function subjectService({ db, registries }: { db: Database; registries?: Pick<Registries, 'population' | 'business'> }) {
  const store = subjectStore(db);
  const audit = auditStore(db);
  /** A re-issued ID or an earlier tax code still finds the subject under its current key. */
  const find = async (key: SubjectKey): Promise<Subject | undefined> => {
    if (key.kind === 'alias') return store.findByAlias(key.aliasKind, key.value);
    return (
      (await store.findByNationalId(key.kind, key.nationalId)) ??
      store.findByAlias(key.kind === 'citizen' ? 'previous_citizen_id' : 'previous_tax_code', key.nationalId)
    );
  };

  const register = async (input: SubjectRegistration, ctx: Omit<ReadContext, 'purpose'>): Promise<{ subject: Subject; created: boolean }> => {
    if (input.kind === 'citizen') {
      const parsed = parseCitizenId(input.nationalId);
      const mismatches = parsed.ok ? checkConsistency(parsed.value, { birthDate: input.birthDate, sex: input.sex }) : [];
      if (mismatches.length) throw new InconsistentSubjectError(mismatches);
    }
    // The subject, its aliases and the audit entry commit together or not at all.
    return db.transaction(async (tx) => {
      const result = await subjectStore(tx).register(input);
      await auditStore(tx).append({
        actor: actorOf(ctx.principal),
        action: result.created ? 'subject.create' : 'subject.update',
        subjectId: result.subject.id,
        purpose: input.registry ? `registry:${input.registry.source}` : 'registry',
        decision: 'allow',
        rule: ruleFor(ctx.principal),
        requestId: ctx.requestId,
      });
      return result;
    });
  };

  return {
    find,
    /** Subjects' ids by their current national ID, in one batch; an ID found only as an alias is left to `find`. */
    refsByNationalId: (kind: 'citizen' | 'business', nationalIds: string[]) => store.refsByNationalId(kind, nationalIds),
    register,

    /**
     * Reads the subject from its national registry and stores the snapshot. A registry that is down
     * yields its cached answer marked stale, or RegistryUnavailable for the route to turn into 503.
     */
    async refreshFromRegistry(
      key: Exclude<SubjectKey, { kind: 'alias' }>,
      ctx: Omit<ReadContext, 'purpose'>,
    ): Promise<{ subject: Subject; created: boolean; freshness: RegistryFreshness } | undefined> {
      const registry = key.kind === 'citizen' ? registries?.population : registries?.business;
      if (!registry) throw new RegistryNotConfiguredError(key.kind === 'citizen' ? 'population' : 'business');
      const answer = key.kind === 'citizen'
        ? await registries!.population!.getCitizen(key.nationalId)
        : await registries!.business!.getEnterprise(key.nationalId);
      if (!answer) return undefined;
      const registration = key.kind === 'citizen'
        ? citizenRegistration(answer as RegistryAnswer<Citizen>)
        : businessRegistration(key.nationalId, answer as RegistryAnswer<Enterprise>);
      if (!registration) return undefined;
      const { subject, created } = await register(registration, ctx);
      return { subject, created, freshness: { source: answer.source, stale: answer.stale, fetchedAt: answer.fetchedAt, registry: answer.registry } };
    },

    /** Reads one subject's record and writes the access to the audit log. */
    async read(key: SubjectKey, ctx: ReadContext): Promise<Subject | undefined> {
      const subject = await find(key);
      if (subject) {
        await audit.append({
          actor: actorOf(ctx.principal),
          officialId: ctx.principal.kind === 'agency' ? ctx.principal.officialId : undefined,
          action: 'subject.read',
          subjectId: subject.id,
          purpose: ctx.purpose,
          decision: 'allow',
          rule: ruleFor(ctx.principal),
          requestId: ctx.requestId,
        });
      }
      return subject;
    },
  };
}
export type SubjectService = ReturnType<typeof subjectService>;

export class RegistryNotConfiguredError extends Error {
  override name = 'RegistryNotConfiguredError';
  constructor(readonly registry: 'population' | 'business') {
    super(`No ${registry} registry is configured`);
  }
}

/** Ethnicity and religion stay out of the snapshot: no purpose of the registry copy needs them. */
function citizenRegistration(answer: RegistryAnswer<Citizen>): SubjectRegistration {
  const { sensitive: _sensitive, ...record } = answer.data;
  return {
    kind: 'citizen',
    nationalId: record.id,
    name: record.fullName,
    // A year-only birth date is kept in the snapshot; the column holds full dates.
    ...(record.birthDate.length === 10 ? { birthDate: record.birthDate } : {}),
    sex: record.sex,
    registry: { source: 'population', at: answer.fetchedAt, snapshot: record as unknown as Record<string, unknown> },
    aliases: record.oldIdCard ? [{ kind: 'old_id_card', value: record.oldIdCard, validFrom: null, validUntil: null }] : [],
  };
}

/** A 13-digit code answers with the parent enterprise; the branch is the subject asked for. */
function businessRegistration(code: string, answer: RegistryAnswer<Enterprise>): SubjectRegistration | undefined {
  const enterprise = answer.data;
  if (code === enterprise.code) {
    return {
      kind: 'business',
      nationalId: code,
      name: enterprise.names.vi,
      registry: { source: 'business', at: answer.fetchedAt, snapshot: enterprise as unknown as Record<string, unknown> },
      aliases: [],
    };
  }
  const branch = enterprise.branches.find((b) => b.code === code);
  if (!branch) return undefined;
  return {
    kind: 'business',
    nationalId: code,
    name: branch.name,
    registry: { source: 'business', at: answer.fetchedAt, snapshot: { ...branch, parentCode: enterprise.code } },
    aliases: [],
  };
}

function ruleFor(p: Principal): string {
  switch (p.kind) {
    case 'agency':
      // State agencies' own processing needs no consent (Law 91/2025): the role is the recorded basis.
      return 'role:subjects:read';
    case 'citizen':
      return 'self';
    case 'operator':
      return 'role:operator';
  }
}
