import { actorOf, type Principal } from '../auth/principal';
import { auditStore } from '../audit/audit.store';
import type { Database } from '../db/database';
import { checkConsistency, parseCitizenId, type Mismatch } from '../ids';
import { subjectStore } from './subjects.store';
import type { Subject, SubjectKey, SubjectRegistration } from './subjects.types';

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

export function subjectService({ db }: { db: Database }) {
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

  return {
    find,

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

    async register(input: SubjectRegistration, ctx: Omit<ReadContext, 'purpose'>): Promise<{ subject: Subject; created: boolean }> {
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
          purpose: 'registry',
          decision: 'allow',
          rule: ruleFor(ctx.principal),
          requestId: ctx.requestId,
        });
        return result;
      });
    },
  };
}
export type SubjectService = ReturnType<typeof subjectService>;

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
