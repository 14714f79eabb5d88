import { randomUUID } from 'node:crypto';
import { actorOf, type AgencyPrincipal } from '../auth/principal';
import { agencyStore } from '../agencies/agencies.store';
import { auditStore, type AuditEntry } from '../audit/audit.store';
import { catalogStore } from '../catalog/catalog.store';
import type { Procedure, Requirement, RequirementSubject } from '../catalog/catalog.types';
import { RegistryError, type Citizen, type Enterprise, type Registries } from '../connectors';
import { parseTaxCode } from '../ids';
import { compareBusiness } from '../matching/businessComparisons';
import { BUSINESS_MODEL, decideBusiness, explainBusiness, scoreBusiness } from '../matching/businessModel';
import type { ConsentService, ReleaseAnswer } from '../consents/consents.service';
import { nationalProcedureCode } from '../consents/decide';
import type { Database } from '../db/database';
import { documentStore } from '../documents/documents.store';
import { releasedDocument, releaseSubjectIds, vietnamDate } from '../documents/documents.service';
import type { VaultDocument } from '../documents/documents.types';
import { ownsDossier } from '../dossiers/dossierCode';
import { forbidden, problem, type InvalidParam } from '../http/problem';
import { explain } from '../matching/explanation';
import type { MatchingModel } from '../matching/matchingModel';
import { CitizenNotFoundError, RecordUnavailableError, type MatchingService } from '../matching/matching.service';
import { subjectKeyFrom } from '../subjects/subjectKey';
import type { SubjectKey } from '../subjects/subjects.types';
import { fillFields, type PersonSources, type RegistrySource } from './formFields';
import { prefillStore } from './prefill.store';
import type { IdentityCheck, PrefillAnswer, PrefillInput, RequirementAnswer, TypedPerson } from './prefill.types';
import type { RecordRelease, Release } from './releases';
import { chooseDocument, IDENTITY_REASONS, REASONS, type Reason } from './requirementOutcome';

export interface PrefillDeps {
  db: Database;
  registries: Pick<Registries, 'population' | 'business'>;
  policy: Pick<ConsentService, 'decideReleasesIn' | 'consentRequestIn'>;
  /** Verification without its own log entry: the prefill logs it with its other rows. */
  matching: Pick<MatchingService, 'assess'>;
  model: MatchingModel;
  recordRelease: RecordRelease;
  /** Records the dossier as open at its first prefill (the digitisation KPI counts dossiers). */
  openDossier: (db: Database, dossier: { code: string; agencyCode: string; procedureCode: string; at: Date }) => Promise<unknown>;
  clock?: () => Date;
}

type AnswerBase = Pick<RequirementAnswer, 'requirementId' | 'nameVi' | 'nameEn' | 'subjectPosition' | 'role'>;

interface Person {
  position: number;
  role: RequirementSubject;
  typed: TypedPerson;
  key: Extract<SubjectKey, { kind: 'citizen' | 'business' }>;
}

const REGISTRY_REASONS = {
  not_configured: { code: 'registry_not_configured', vi: 'Chưa cấu hình kết nối cơ sở dữ liệu quốc gia.', en: 'No connection to this national registry is configured.' },
  unavailable: { code: 'registry_unavailable', vi: 'Cơ sở dữ liệu quốc gia tạm thời không trả lời.', en: 'The national registry is not answering right now.' },
  not_on_record: { code: 'not_on_record', vi: 'Cơ sở dữ liệu quốc gia không có số định danh này.', en: 'The national registry has no record under this number.' },
} satisfies Record<string, Reason>;

const IDENTITY_NOT_CONFIRMED = { code: 'identity_not_confirmed', vi: 'Chưa xác nhận được người này với cơ sở dữ liệu quốc gia.', en: 'The registry did not confirm this person from what was typed.' };

const body = (pointer: string, rule: string, message: string, messageVi?: string): InvalidParam => ({ in: 'body', pointer, rule, message, ...(messageVi ? { messageVi } : {}) });

/**
 * POST /v1/prefill: for a new dossier, which documents the applicant need not bring (released with
 * an attestation), which wait for consent, which are expired, revoked or not held, and the form
 * filled from the registries and the released documents, each value with its provenance.
 */
export function prefillService(deps: PrefillDeps) {
  const { db, registries } = deps;
  const clock = deps.clock ?? (() => new Date());
  const store = prefillStore(db);
  const catalog = catalogStore(db);
  const agencies = agencyStore(db);
  const vault = documentStore(db);

  function personsOf(procedure: Procedure, input: PrefillInput): Person[] {
    const errors: InvalidParam[] = [];
    const typed = [{ ...input.applicant, role: 'applicant' as const }, ...(input.subjects ?? [])];
    const persons = typed.flatMap((t, position): Person[] => {
      const pointer = position === 0 ? '/applicant/id' : `/subjects/${position - 1}/id`;
      const parsed = subjectKeyFrom(t.id);
      if (!parsed.ok) {
        errors.push(body(pointer, `national_id.${parsed.error.code}`, parsed.error.message.en, parsed.error.message.vi));
        return [];
      }
      const wanted = position === 0 ? procedure.applicantKind : 'citizen';
      if (parsed.value.kind !== wanted) {
        errors.push(body(pointer, 'subject.kind', `must be a ${wanted === 'citizen' ? '12-digit personal ID' : '10- or 13-digit enterprise code'} for this ${position === 0 ? 'procedure' : 'subject'}`));
        return [];
      }
      const { role: _role, ...rest } = t;
      return [{ position, role: t.role, typed: rest, key: parsed.value as Person['key'] }];
    });
    const named = new Set(typed.map((t) => t.role));
    for (const role of new Set(procedure.requirements.map((r) => r.subject))) {
      if (!named.has(role)) errors.push(body('/subjects', 'subjects.role_missing', `procedure ${procedure.code} needs documents of the ${role}: name them in subjects`, `Thủ tục cần giấy tờ của ${role}`));
    }
    if (errors.length) throw problem(422, 'validation-failed', 'Request not usable for this procedure', { errors });
    return persons;
  }

  /** The registry record behind a person's form fields and conditions; failures become reasons, never errors. */
  async function registryRecord(person: Person): Promise<RegistrySource> {
    const registry = person.key.kind === 'citizen' ? registries.population : registries.business;
    if (!registry) return { unavailable: REGISTRY_REASONS.not_configured };
    try {
      const answer = 'getCitizen' in registry ? await registry.getCitizen(person.key.nationalId) : await registry.getEnterprise(person.key.nationalId);
      return answer ? { data: answer.data, updatedAt: answer.fetchedAt, stale: answer.stale, fromCache: answer.source === 'cache' } : { unavailable: REGISTRY_REASONS.not_on_record };
    } catch (error) {
      if (error instanceof RegistryError) return { unavailable: REGISTRY_REASONS.unavailable };
      throw error;
    }
  }

  async function checkIdentity(person: Person, record: RegistrySource): Promise<IdentityCheck> {
    const base = { subjectPosition: person.position, role: person.role };
    const { typed } = person;
    if (person.key.kind === 'citizen' && typed.fullName) {
      try {
        // The record read for the form serves the verification too; without one, verification asks again (and may use the mirror).
        const known = 'data' in record ? { citizen: record.data as Citizen, fromCache: record.fromCache === true } : undefined;
        const v = await deps.matching.assess({ ...typed, fullName: typed.fullName, id: person.key.nationalId }, known);
        return { ...base, method: 'verify', decision: v.decision, source: v.source, explanation: explain(deps.model, v.score) };
      } catch (error) {
        if (error instanceof CitizenNotFoundError) return { ...base, method: 'verify', decision: 'not_found', reason: REGISTRY_REASONS.not_on_record };
        if (error instanceof RecordUnavailableError || error instanceof RegistryError) return { ...base, method: 'verify', decision: 'unavailable', reason: REGISTRY_REASONS.unavailable };
        throw error;
      }
    }
    if ('unavailable' in record) {
      return { ...base, method: 'id_lookup', decision: record.unavailable === REGISTRY_REASONS.not_on_record ? 'not_found' : 'unavailable', reason: record.unavailable };
    }
    if (person.key.kind === 'business' && typed.fullName) {
      // The business model of POST /v1/identity/business/verify, on the record already fetched.
      const code = parseTaxCode(person.key.nationalId);
      if (code.ok) {
        const score = scoreBusiness(BUSINESS_MODEL, compareBusiness({ code: code.value, name: typed.fullName }, record.data as Enterprise));
        return { ...base, method: 'verify', decision: decideBusiness(BUSINESS_MODEL, score), source: 'registry', explanation: explainBusiness(BUSINESS_MODEL, score) };
      }
    }
    // Only the number was given: the registry knows it, and nothing typed contradicts it.
    return { ...base, method: 'id_lookup', decision: 'found', source: 'registry' };
  }

  function conditionHolds(requirement: Requirement, record: RegistrySource): boolean {
    if (!requirement.condition) return true;
    // Without the registry the condition cannot be judged: ask for the document rather than skip it.
    if ('unavailable' in record) return true;
    const value = (record.data as Record<string, unknown>)[requirement.condition.attribute];
    return requirement.condition.in.includes(String(value));
  }

  return {
    async prefill(agency: AgencyPrincipal, input: PrefillInput, requestId: string): Promise<PrefillAnswer> {
      const at = clock();
      const today = vietnamDate(at);
      const procedure = await catalog.find(nationalProcedureCode(input.procedureCode));
      if (!procedure || !procedure.active) {
        throw problem(422, 'unknown-procedure', 'Procedure not in the catalogue', { errors: [body('/procedureCode', 'procedure.unknown', 'is not an active procedure of the catalogue; GET /v1/procedures lists them', 'Mã thủ tục không có trong danh mục')] });
      }
      // Dossier codes begin with the receiving agency's code: an agency prefills only its own dossiers.
      if (!ownsDossier(agency.agencyCode, input.dossierCode)) throw forbidden('An agency prefills only its own dossiers (the dossier code begins with its agency code).');
      const persons = personsOf(procedure, input);
      const purpose = procedure.code;
      const procedureName = procedure.nameVi;

      const records = await Promise.all(persons.map(registryRecord));
      const [identity, subjectIds, requesterLevel, changes] = await Promise.all([
        Promise.all(persons.map((p, i) => checkIdentity(p, records[i]!))),
        store.subjectIds(persons.map((p) => p.key)),
        agencies.levelOf(agency.agencyCode),
        store.changedReleases(input.dossierCode, agency.agencyCode),
      ]);
      const subjectIdOf = (p: Person) => subjectIds.get(`${p.key.kind}:${p.key.nationalId}`);
      // Only a person the typed details confirmed gets anything from Motlan: typing someone's ID (with
      // a near-miss name or birth date, or nothing else at all) must not be enough to read their
      // documents, nor even to learn whether the vault holds any or what the registry says of them.
      const refusals = identity.map((check) => (check.decision === 'match' ? null : IDENTITY_REASONS[check.decision]));
      const confirmed = refusals.map((refusal) => refusal === null);
      const typesOf = (p: Person) => new Set(procedure.requirements.filter((r) => r.subject === p.role).flatMap((r) => r.anyOf));
      // One query for every confirmed person and every document type their requirements accept.
      const lookedUp = persons.filter((p) => confirmed[p.position] && subjectIdOf(p) && typesOf(p).size);
      const heldRows = await store.heldDocuments(lookedUp.map((p) => subjectIdOf(p)!), [...new Set(lookedUp.flatMap((p) => [...typesOf(p)]))]);
      const held = persons.map((p) => (lookedUp.includes(p) ? heldRows.filter((d) => d.subjectId === subjectIdOf(p) && typesOf(p).has(d.type)) : []));
      const prefillId = randomUUID();

      // First what the vault holds for each requirement; then one decision for every release at once.
      type Candidate = { base: AnswerBase; requirement: Requirement; person: Person; subjectId: string; documentId: string; document?: VaultDocument; release?: Release };
      const settled: Array<RequirementAnswer | Candidate> = [];
      for (const requirement of procedure.requirements) {
        for (const person of persons.filter((p) => p.role === requirement.subject)) {
          const base = { requirementId: requirement.id, nameVi: requirement.nameVi, nameEn: requirement.nameEn, subjectPosition: person.position, role: person.role };
          if (!confirmed[person.position]) {
            settled.push({ ...base, outcome: 'identity_not_confirmed', reason: refusals[person.position]! });
            continue;
          }
          if (!conditionHolds(requirement, records[person.position]!)) {
            settled.push({ ...base, outcome: 'not_required', reason: REASONS.condition_not_met });
            continue;
          }
          const subjectId = subjectIdOf(person);
          if (!subjectId) {
            settled.push({ ...base, outcome: 'not_held', reason: REASONS.subject_unknown });
            continue;
          }
          const accepted = held[person.position]!.filter((d) => requirement.anyOf.includes(d.type) && (!requirement.documentRole || d.role === requirement.documentRole));
          const choice = chooseDocument(accepted, requirement, today);
          if (choice.kind === 'outcome') {
            settled.push({ ...base, outcome: choice.outcome, reason: choice.reason, ...(choice.document ? { document: { id: choice.document.id, type: choice.document.type } } : {}) });
          } else {
            settled.push({ base, requirement, person, subjectId, documentId: choice.document.id });
          }
        }
      }
      const candidates = settled.filter((a): a is Candidate => 'base' in a);
      const chosen = await vault.findByIds([...new Set(candidates.map((c) => c.documentId))]);
      for (const c of candidates) c.document = chosen.get(c.documentId)!;
      const questionOf = (c: Candidate) => ({
        requester: agency,
        requesterLevel,
        purpose,
        dossierCode: input.dossierCode,
        document: { id: c.document!.id, type: c.document!.type, subjectIds: releaseSubjectIds(c.document!) },
        fields: null,
        action: 'prefill.release',
        requestId,
        release: { document: releasedDocument(c.document!), context: { requester: agency, dossierCode: input.dossierCode, purpose, prefillId } },
      });
      const own = candidates.filter((c) => c.document!.issuerCode === agency.agencyCode);
      const others = candidates.filter((c) => c.document!.issuerCode !== agency.agencyCode);
      const entry = { at, actor: actorOf(agency), agencyCode: agency.agencyCode, officialId: agency.officialId ?? null, purpose, dossierCode: input.dossierCode, decision: 'allow' as const, rule: 'role:prefill', requestId };

      // Releases, consent requests, the prefill's own rows and every access-log entry they make commit
      // together: a prefill cut short leaves no release unlogged and no request without outcomes.
      const { answers, sources } = await db.transaction(async (tx) => {
        const logged: AuditEntry[] = [];
        const decisions = new Map<Candidate, ReleaseAnswer>();
        const decided = await deps.policy.decideReleasesIn(tx, others.map(questionOf));
        decided.answers.forEach((d, i) => decisions.set(others[i]!, d));
        logged.push(...decided.entries);
        // The issuer already holds what it issued: no consent to ask, but the releases are recorded and logged all the same.
        const releasedAt = clock();
        const ownReleases = own.map((c) => {
          const q = questionOf(c);
          decisions.set(c, { decision: 'allow', fields: null, perSubject: [] });
          logged.push(...q.document.subjectIds.map((subjectId) => ({ ...entry, at: releasedAt, action: q.action, subjectId, documentId: q.document.id, documentType: q.document.type, rule: 'issuer-only' })));
          return q.release;
        });

        // Independent statements go out together, in as few round trips as their order allows.
        const denied = others.filter((c) => decisions.get(c)!.decision !== 'allow');
        const [pending, othersReleased, ownReleased] = await Promise.all([
          prefillStore(tx).pendingConsentRequests({ agencyCode: agency.agencyCode, subjectIds: [...new Set(denied.map((c) => c.subjectId))], dossierCode: input.dossierCode, purpose }),
          decided.record(),
          deps.recordRelease(tx, ownReleases, releasedAt),
        ]);
        others.forEach((c, i) => (c.release = othersReleased[i]));
        own.forEach((c, i) => (c.release = ownReleased[i]));
        // One request per subject and document type still to ask for, however many requirements want it.
        const toAsk = new Map<string, Candidate>();
        for (const c of denied) {
          const key = `${c.subjectId}|${c.document!.type}`;
          if (!toAsk.has(key) && !pending.some((r) => r.subjectId === c.subjectId && r.documentTypes.includes(c.document!.type))) toAsk.set(key, c);
        }
        const asks = [...toAsk.values()];
        const made = await Promise.all(
          asks.map((c) =>
            deps.policy.consentRequestIn(tx, agency, { subject: c.person.key.nationalId, purpose, dossierCode: input.dossierCode, documentTypes: [c.document!.type], note: `${procedureName}: ${c.requirement.nameVi}` }, c.subjectId, requestId),
          ),
        );
        made.forEach(({ row, entry: asked }, i) => {
          const c = asks[i]!;
          pending.push({ id: row.id, subjectId: c.subjectId, documentTypes: [c.document!.type] });
          logged.push(asked);
        });

        const sources = persons.map((): PersonSources => ({ documents: [] }));
        const answers: RequirementAnswer[] = [];
        for (const item of settled) {
          if (!('base' in item)) {
            answers.push(item);
            continue;
          }
          const { base, person, subjectId } = item;
          const document = item.document!;
          const decision = decisions.get(item)!;
          if (decision.decision === 'allow') {
            const fields = released(document, decision.fields);
            answers.push({ ...base, outcome: 'reused', reason: REASONS.released, document: documentSummary(document, fields, purpose, input.dossierCode), release: { id: item.release!.id, attestation: item.release!.attestation, at: item.release!.at.toISOString() } });
            sources[person.position]!.documents.push({ id: document.id, type: document.type, issueDate: document.issueDate, fields });
            continue;
          }
          const consentRequestId = pending.find((r) => r.subjectId === subjectId && r.documentTypes.includes(document.type))!.id;
          answers.push({ ...base, outcome: 'consent_required', reason: { code: decision.denial!.code, ...decision.denial!.reason }, document: { id: document.id, type: document.type }, consentRequest: { id: consentRequestId, status: 'pending' } });
        }

        // prefill_results refer to prefill_requests: the request is sent first, on the same connection.
        await Promise.all([
          prefillStore(tx).insertRequest({ id: prefillId, dossierCode: input.dossierCode, procedureCode: procedure.code, agencyCode: agency.agencyCode, clientId: agency.clientId, applicantSubjectId: subjectIdOf(persons[0]!) ?? null, identityDecision: identity[0]!.decision, requestId, createdAt: at }),
          deps.openDossier(tx, { code: input.dossierCode, agencyCode: agency.agencyCode, procedureCode: procedure.code, at }),
          prefillStore(tx).insertResults(
            answers.map((a) => ({
              prefillId,
              requirementId: a.requirementId,
              subjectPosition: a.subjectPosition,
              outcome: a.outcome,
              reasonCode: a.reason.code,
              documentId: a.document ? String(a.document.id) : null,
              releaseId: a.release?.id ?? null,
              consentRequestId: a.consentRequest?.id ?? null,
            })),
          ),
          auditStore(tx).append([
            ...logged,
            // Reading the registry into the form is a read of personal data; a person Motlan does not
            // hold yet is logged on the system chain, as identity verification does.
            ...persons.filter((p, i) => !('unavailable' in records[i]!) && confirmed[i]).map((p) => ({ ...entry, action: 'prefill.registry_read', subjectId: subjectIdOf(p) ?? null })),
            // Typed details scored against the registry, as POST /v1/identity/verify logs them.
            ...identity
              .filter((check) => check.method === 'verify' && check.decision !== 'unavailable' && check.decision !== 'not_found')
              .map((check) => ({ ...entry, action: 'identity.verify', subjectId: subjectIdOf(persons[check.subjectPosition]!) ?? null, rule: `role:prefill; matching:${check.decision}; model:${deps.model.version}` })),
            // A person not confirmed is refused everything: the refusal is theirs to see (on the system
            // chain when Motlan holds no record of them), without a document, since none was looked up.
            ...persons
              .filter((p) => !confirmed[p.position])
              .map((p) => ({ ...entry, action: 'prefill.release', subjectId: subjectIdOf(p) ?? null, decision: 'deny' as const, rule: `deny:${refusals[p.position]!.code}` })),
            // So is telling the agency what the vault holds when nothing is released: expired, revoked, none.
            ...answers
              .filter((a) => a.outcome === 'expired' || a.outcome === 'revoked' || a.outcome === 'not_held')
              .flatMap((a) => {
                const subjectId = subjectIdOf(persons[a.subjectPosition]!);
                return subjectId ? [{ ...entry, action: 'prefill.lookup', subjectId, documentId: a.document ? String(a.document.id) : null, documentType: a.document ? String(a.document.type) : null }] : [];
              }),
          ]),
        ]);
        return { answers, sources };
      });

      // Registry values go only to a form whose person the registry confirmed: typing someone's ID
      // must not be enough to read their record.
      const shown = persons.map((p, i): RegistrySource => ('unavailable' in records[i]! || confirmed[i] ? records[i]! : { unavailable: IDENTITY_NOT_CONFIRMED }));
      const byRole: Partial<Record<RequirementSubject, PersonSources>> = {};
      persons.forEach((p, i) => {
        byRole[p.role] ??= { ...sources[i]!, ...(p.key.kind === 'citizen' ? { population: shown[i]! } : { business: shown[i]! }) };
      });
      const fields = fillFields(procedure.formFields, byRole);

      const required = answers.filter((a) => a.outcome !== 'not_required');
      const reused = required.filter((a) => a.outcome === 'reused').length;
      return {
        prefillId,
        dossierCode: input.dossierCode,
        procedure: { code: procedure.code, level: procedure.level, nameVi: procedure.nameVi, nameEn: procedure.nameEn, codeStatus: procedure.codeStatus },
        identity,
        requirements: answers,
        fields,
        changes: changes.map((c) => ({ releaseId: c.releaseId, releasedAt: c.releasedAt.toISOString(), documentId: c.documentId, documentType: c.documentType, status: c.status, replacedById: c.replacedById, reason: c.revocationReason })),
        summary: { required: required.length, reused, toBring: required.length - reused },
        at: at.toISOString(),
      };
    },
  };
}
export type PrefillService = ReturnType<typeof prefillService>;

/** Only the fields the consent covers leave the vault; null means the whole document. */
function released(document: VaultDocument, allowed: string[] | null): Record<string, unknown> {
  if (!allowed) return document.fields;
  return Object.fromEntries(Object.entries(document.fields).filter(([k]) => allowed.includes(k)));
}

function documentSummary(d: VaultDocument, fields: Record<string, unknown>, purpose: string, dossierCode: string) {
  const query = new URLSearchParams({ purpose, dossierCode });
  return {
    id: d.id,
    type: d.type,
    number: d.number,
    version: d.version,
    issuer: d.issuerCode,
    issueDate: d.issueDate,
    validFrom: d.validFrom,
    validUntil: d.validUntil,
    signature: { status: d.signature.status, kid: d.signature.kid },
    fields,
    content: { sha256: d.content.sha256, mediaType: d.content.mediaType, size: d.content.size, href: `/v1/documents/${d.id}/content?${query}` },
  };
}
