import { randomUUID } from 'node:crypto';
import { actorOf, type AgencyPrincipal, type CitizenPrincipal } from '../auth/principal';
import type { AgencyStore } from '../agencies/agencies.store';
import type { AgencyKey } from '../agencies/agencies.types';
import { auditStore, type AuditEntry } from '../audit/audit.store';
import type { Database } from '../db/database';
import { groupCommit } from '../db/groupCommit';
import { forbidden, notFound, problem, validationFailed, type InvalidParam } from '../http/problem';
import { toInvalidParams, validatorFor } from '../http/schemaRegistry';
import type { IdError } from '../ids';
import { subjectKeyFrom } from '../subjects/subjectKey';
import { enqueueDocumentChange } from '../webhooks/outbox';
import { ownsDossier } from '../dossiers/dossierCode';
import type { ReleasedDocument } from '../prefill/releases';
import type { ConsentService, ReleaseAnswer } from '../consents/consents.service';
import type { SubjectService } from '../subjects/subjects.service';
import type { SubjectRef } from '../subjects/subjects.types';
import { canonicalJson, sha256Hex, type SignedPayload } from './canonical';
import { MAX_CONTENT_BYTES, sniffMediaType } from './content';
import type { ContentCipher } from './contentCipher';
import type { ContentStore } from '../contents/contentStore';
import { contentVault } from '../contents/contentVault';
import type { Logger } from '../logger';
import { documentStore, identityKey } from './documents.store';
import type { DocumentStatus, PreparedDocument, VaultDocument, WriteOutcome } from './documents.types';
import { signedPayloadOf, type PayloadInput } from './payload';
import { verifySignature } from './signature';
import { documentTypeOf } from './types/documentTypes';

/** A document as an issuer sends it (schemas/documents/document-ingest.json). */
export interface IngestInput extends PayloadInput {
  content: { data: string; sha256: string; mediaType?: string };
  signature?: string;
}

export interface CorrectionInput {
  fields: Record<string, unknown>;
  reason: string;
  signature?: string;
}

export interface Actor {
  principal: AgencyPrincipal;
  requestId: string;
}

/** Why an agency reads another agency's document: the procedure and dossier it serves. */
export interface ReadPurpose {
  purpose?: string;
  dossierCode?: string;
}

/** The document a new version retires, and why. */
export interface Replacement {
  id: string;
  status: 'superseded' | 'corrected';
  reason: string;
}

/**
 * For batches written at once, in file order: a batch inserts its contents and documents only after
 * the batch before it has inserted its own (`after`), and says when it has or has failed (`pass`).
 * Of two lines with one number in different batches, the later line's insert then meets the earlier
 * one's row and is the one reported as a conflict, as when the batches were written one after the
 * other. And no batch holds a row the one before it still has to insert while it waits for its turn:
 * PostgreSQL would not see that wait, so it would never break the deadlock.
 */
export interface WriteTurn {
  after: Promise<void>;
  pass: () => void;
}

export interface DocumentDeps {
  db: Database;
  /** The consent decision: every read of another agency's document passes it. */
  policy: Pick<ConsentService, 'decideRelease' | 'actingFor'>;
  /** Contents are sealed before they are stored and opened when read. */
  cipher: ContentCipher;
  /** Where sealed contents are written (CONTENT_STORE); absent, they stay in their database rows. */
  contentStore?: ContentStore;
  /** Tells operators what a 503 from the content store hid from the caller. */
  logger?: Pick<Logger, 'error'>;
  subjects: Pick<SubjectService, 'find' | 'refsByNationalId'>;
  agencies: (db: Database) => Pick<AgencyStore, 'find' | 'findKey'>;
  clock?: () => Date;
  newId?: () => string;
}

/** The subjects a document is about (its type's first role): each must allow its release. */
export function releaseSubjectIds(doc: Pick<VaultDocument, 'type' | 'subjects'>): string[] {
  const primary = documentTypeOf(doc.type)?.roles[0]?.role;
  const ids = doc.subjects.filter((s) => s.role === primary).map((s) => s.subjectId);
  return ids.length ? ids : doc.subjects.map((s) => s.subjectId);
}

export function releasedDocument(doc: VaultDocument): ReleasedDocument {
  return { id: doc.id, type: doc.type, contentSha256: doc.content.sha256, payloadHash: sha256Hex(doc.signedPayload) };
}

/** Documents are dated in Vietnam: "today" is the date in UTC+7, whatever the server's zone. */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

function isCalendarDate(yymmdd: string): boolean {
  const [y, m, d] = [2000 + Number(yymmdd.slice(0, 2)), Number(yymmdd.slice(2, 4)), Number(yymmdd.slice(4, 6))];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const body = (pointer: string, rule: string, message: string, messageVi?: string): InvalidParam => ({ in: 'body', pointer, rule, message, ...(messageVi ? { messageVi } : {}) });
const fromIdError = (pointer: string, e: IdError): InvalidParam => body(pointer, `national_id.${e.code}`, e.message.en, e.message.vi);

const conflict = (id: string) =>
  problem(409, 'document-conflict', 'Another document has this number', {
    detail: 'This issuer already stored a different document of this type under this number; a correction or supersession changes a document.',
    extensions: { documentId: id },
  });
const notActive = () => problem(409, 'document-not-active', 'Document no longer active', { detail: 'It was revoked, superseded or corrected; act on its current version.' });
const missing = () => notFound('Document', 'No document with this id is readable by your agency.');

/**
 * Per call (a request, or one import batch): agencies, keys and subjects are looked up once each.
 * Subjects resolve through the subjects feature, so old ID cards and re-issued IDs find their owner.
 */
function lookups(db: Database, deps: DocumentDeps) {
  const agencyStore = deps.agencies(db);
  const agencies = new Map<string, Promise<boolean>>();
  const keys = new Map<string, Promise<AgencyKey | undefined>>();
  const subjects = new Map<string, Promise<SubjectRef | undefined>>();
  const once = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>) => {
    let hit = cache.get(key);
    if (!hit) cache.set(key, (hit = load()));
    return hit;
  };
  return {
    agencyExists: (code: string) => once(agencies, code, async () => (await agencyStore.find(code)) !== undefined),
    key: (code: string, kid: string) => once(keys, `${code}|${kid}`, () => agencyStore.findKey(code, kid)),
    subject: (id: string) =>
      once(subjects, id, async () => {
        const parsed = subjectKeyFrom(id);
        return parsed.ok ? deps.subjects.find(parsed.value) : undefined;
      }),
    /**
     * Looks up a batch's subjects by national ID in one statement per kind instead of one lookup per
     * line; what it does not find (a bad ID, an alias, no such subject) is left to `subject`.
     */
    async prime(ids: string[]): Promise<void> {
      const wanted = new Map<'citizen' | 'business', Map<string, string>>();
      for (const id of new Set(ids)) {
        if (subjects.has(id)) continue;
        const parsed = subjectKeyFrom(id);
        if (!parsed.ok || parsed.value.kind === 'alias') continue;
        const byKind = wanted.get(parsed.value.kind) ?? new Map<string, string>();
        byKind.set(parsed.value.nationalId, id);
        wanted.set(parsed.value.kind, byKind);
      }
      for (const [kind, byNationalId] of wanted) {
        for (const subject of await deps.subjects.refsByNationalId(kind, [...byNationalId.keys()])) {
          subjects.set(byNationalId.get(subject.nationalId)!, Promise.resolve(subject));
        }
      }
    },
  };
}
export type Lookups = ReturnType<typeof lookups>;

export function documentService(deps: DocumentDeps) {
  const { db } = deps;
  const clock = deps.clock ?? (() => new Date());
  const newId = deps.newId ?? randomUUID;
  const store = documentStore(db);
  const vault = contentVault({ cipher: deps.cipher, store: deps.contentStore, logger: deps.logger });
  const contentOf = async (sha256: string) => vault.open(sha256, (await store.storedContent(sha256))!);
  /**
   * Vault reads by id that arrive while one is being read go out together, in one statement (the
   * group commit's queue, for a read): under load a read costs a share of a statement instead of one.
   * Alone, a read goes out at once; queued, it waits for a statement sent after it arrived, so it
   * never sees the vault as it was before the request.
   */
  const documentsById = groupCommit(
    async (ids: string[]) => {
      const found = await store.findByIds(ids);
      return ids.map((id) => found.get(id));
    },
    { maxBatch: 64 },
  );

  /** Checks one document against every rule, in the order a caller can fix them; throws the first Problem. */
  async function prepare(input: IngestInput, actor: Actor, look: Lookups, lineage?: { lineageId: string; previousId: string }): Promise<PreparedDocument> {
    const errors: InvalidParam[] = [];
    const type = documentTypeOf(input.type);
    if (!type) errors.push(body('/type', 'document_type.unknown', 'is not a known document type; GET /v1/document-types lists them'));
    else {
      const validate = validatorFor(`document-types/${type.code}`);
      if (!validate(input.fields)) errors.push(...toInvalidParams(validate.errors, 'body').map((e) => ({ ...e, pointer: `/fields${e.pointer === '/' ? '' : e.pointer}` })));
      for (const role of type.roles) {
        const count = input.subjects.filter((s) => s.role === role.role).length;
        if (count < role.min || count > role.max) {
          errors.push(body('/subjects', 'subject_roles.count', `a ${type.code} names ${role.min === role.max ? role.min : `${role.min} to ${role.max}`} ${role.role}(s), not ${count}`));
        }
      }
      input.subjects.forEach((s, i) => {
        if (!type.roles.some((r) => r.role === s.role)) errors.push(body(`/subjects/${i}/role`, 'subject_roles.unknown', `must be one of ${type.roles.map((r) => r.role).join(', ')}`));
      });
    }
    input.subjects.forEach((s, i) => {
      const parsed = subjectKeyFrom(s.id);
      if (!parsed.ok) errors.push(fromIdError(`/subjects/${i}/id`, parsed.error));
    });
    const today = vietnamDate(clock());
    if (input.issueDate > today) errors.push(body('/issueDate', 'issue_date.future', 'lies in the future', 'Ngày cấp ở tương lai'));
    const { validFrom, validUntil } = signedPayloadOf(input, '');
    if (validUntil !== null && validUntil < validFrom) errors.push(body('/validUntil', 'validity.order', 'must not be before validFrom'));
    if (input.dossierCode && !isCalendarDate(input.dossierCode.slice(-11, -5))) errors.push(body('/dossierCode', 'dossier_code.date', 'its yyMMdd part is not a calendar date'));
    if (errors.length) throw validationFailed(errors);

    // Until delegation is modelled, an agency speaks only for itself (docs/vault.md).
    if (input.issuer !== actor.principal.agencyCode) throw forbidden(`Your token acts for ${actor.principal.agencyCode}; it may ingest only documents issued by that agency.`);

    const bytes = Buffer.from(input.content.data, 'base64');
    if (bytes.length > MAX_CONTENT_BYTES) {
      throw problem(413, 'payload-too-large', 'Content too large', { detail: `Content may be at most ${MAX_CONTENT_BYTES} bytes.`, errors: [body('/content/data', 'content.size', `is ${bytes.length} bytes`)] });
    }
    const sha256 = sha256Hex(bytes);
    if (sha256 !== input.content.sha256.toLowerCase()) {
      throw problem(422, 'content-digest-mismatch', 'Content does not match its SHA-256', { errors: [body('/content/sha256', 'content.sha256_mismatch', 'is not the SHA-256 of the decoded content')] });
    }
    const mediaType = sniffMediaType(bytes);
    if (!mediaType || (input.content.mediaType && input.content.mediaType !== mediaType)) {
      throw problem(415, 'unsupported-media-type', 'Unsupported content type', {
        detail: 'Content must be PDF, XML, JSON, PNG or JPEG, judged by its bytes.',
        errors: [
          mediaType
            ? body('/content/mediaType', 'content.media_type_mismatch', `says ${input.content.mediaType} but the bytes are ${mediaType}`)
            : body('/content/data', 'content.unsupported_type', 'is not PDF, XML, JSON, PNG or JPEG'),
        ],
      });
    }
    if (!(await look.agencyExists(input.issuer))) {
      throw problem(422, 'unknown-agency', 'Issuing agency not registered', { detail: 'An operator registers agencies and their keys (PUT /v1/agencies/{code}).', errors: [body('/issuer', 'agency.unknown', 'no agency is registered under this code')] });
    }
    const resolved = await Promise.all(input.subjects.map((s) => look.subject(s.id)));
    const subjectErrors: InvalidParam[] = [];
    resolved.forEach((subject, i) => {
      const wanted = type!.roles.find((r) => r.role === input.subjects[i]!.role)!;
      if (!subject) subjectErrors.push(body(`/subjects/${i}/id`, 'subject.unknown', 'Motlan holds no subject under this number; register it first', 'Chưa có chủ thể với số này'));
      else if (!wanted.kinds.includes(subject.kind)) subjectErrors.push(body(`/subjects/${i}/id`, 'subject_roles.kind', `a ${wanted.role} must be a ${wanted.kinds.join(' or ')}`));
    });
    if (subjectErrors.length) {
      throw problem(422, 'unknown-subject', 'Subjects not usable', { detail: 'Subjects come from the registry (operators or connectors); an issuer cannot create people.', errors: subjectErrors });
    }

    const payload = signedPayloadOf(input, sha256);
    const signedPayload = canonicalJson(payload);
    const signatureKid = await checkSignature(input.signature, signedPayload, input.issuer, input.issueDate, look);
    const id = newId();
    return {
      id,
      lineageId: lineage?.lineageId ?? id,
      previousId: lineage?.previousId ?? null,
      version: 1,
      type: input.type,
      issuerCode: input.issuer,
      number: input.number,
      procedureCode: payload.procedureCode,
      dossierCode: payload.dossierCode,
      issueDate: input.issueDate,
      validFrom,
      validUntil,
      fields: input.fields,
      content: { sha256, mediaType, bytes },
      signedPayload,
      payloadHash: sha256Hex(signedPayload),
      signature: input.signature ?? null,
      signatureKid,
      subjects: input.subjects.map((s, i) => ({ role: s.role, subjectId: resolved[i]!.id })),
    };
  }

  async function checkSignature(jws: string | undefined, signedPayload: string, issuer: string, issueDate: string, look: Lookups): Promise<string | null> {
    if (jws === undefined) return null;
    const check = await verifySignature(jws, signedPayload, issueDate, (kid) => look.key(issuer, kid));
    if (!check.ok) {
      throw problem(422, 'signature-rejected', 'Signature rejected', { detail: 'A present signature must verify; send none to store the document as unsigned.', errors: [body('/signature', check.rule, check.message)] });
    }
    return check.kid;
  }

  /**
   * Writes a batch in the caller's transaction: contents once per hash, documents by ON CONFLICT
   * (so concurrent identical ingests make one row), then subjects, events and audit entries of the
   * new ones, each as one multi-row statement. `replaces` retires the document a new one replaces.
   * `turn` orders the contents and documents inserts of batches written at once (WriteTurn).
   */
  async function write(tx: Database, items: PreparedDocument[], actor: Actor, { replaces, turn }: { replaces?: Replacement; turn?: WriteTurn } = {}): Promise<WriteOutcome[]> {
    const s = documentStore(tx);
    const who = actorOf(actor.principal);
    let created: Set<string>;
    try {
      await turn?.after;
      await s.insertContents(items.map((d) => d.content), vault);
      created = await s.insertDocuments(items, who);
    } finally {
      turn?.pass();
    }
    const existing = await s.findByIdentity(items.filter((d) => !created.has(d.id)));
    const outcomes = items.map((d): WriteOutcome => {
      if (created.has(d.id)) return { outcome: 'created', id: d.id };
      const found = existing.get(identityKey(d))!;
      return { outcome: found.payloadHash === d.payloadHash ? 'existing' : 'conflict', id: found.id };
    });
    const fresh = items.filter((d) => created.has(d.id));
    const at = clock();
    const base = { actor: who, officialId: actor.principal.officialId ?? null, requestId: actor.requestId, at };
    if (replaces && fresh.length) {
      if (!(await s.retire(replaces.id, replaces.status, { replacedById: fresh[0]!.id, at }))) throw notActive();
      // Agencies the old one was released to hear of it through their webhooks; the outbox row commits with the change.
      await enqueueDocumentChange(tx, { documentId: replaces.id, documentType: fresh[0]!.type, event: `document.${replaces.status}`, replacedById: fresh[0]!.id, reason: replaces.reason, at });
    }
    // Independent of each other: sent together on the transaction's connection, one wait for all.
    await Promise.all([
      s.insertSubjects(fresh),
      s.appendEvents([
        ...fresh.map((d) => ({ ...base, documentId: d.id, lineageId: d.lineageId, kind: 'ingested' as const, relatedId: d.previousId, reason: replaces?.reason ?? null })),
        ...(replaces && fresh[0] ? [{ ...base, documentId: replaces.id, lineageId: fresh[0].lineageId, kind: replaces.status, relatedId: fresh[0].id, reason: replaces.reason }] : []),
      ]),
      auditStore(tx).append(fresh.flatMap((d) => d.subjects.map((subject) => auditOf(actor, 'document.ingest', subject.subjectId, 'allow', d.procedureCode ?? 'ingest', at, d)))),
    ]);
    return outcomes;
  }

  /**
   * The issuer reads its own documents. Any other agency reads only what the consent decision
   * allows for the purpose it states; a refusal says which rule failed, so the agency can ask the
   * citizen (POST /v1/consent-requests) instead of asking for paper.
   */
  async function readable(id: string, actor: Actor, action: string, why: ReadPurpose): Promise<{ document: VaultDocument; fields: string[] | null }> {
    const doc = await documentsById.submit(id);
    if (!doc) throw missing();
    if (doc.issuerCode === actor.principal.agencyCode) {
      await auditStore(db).append(doc.subjects.map((s) => auditOf(actor, action, s.subjectId, 'allow', why.purpose ?? 'issuer', clock(), doc)));
      return { document: doc, fields: null };
    }
    if (!why.purpose) {
      throw validationFailed([{ in: 'query', pointer: '/purpose', rule: 'required', message: 'is required to read a document another agency issued: name the procedure code the dossier is for' }]);
    }
    const answer = await release(doc, actor, action, why);
    if (answer.denial?.code === 'fields_only') throw problem(403, 'fields-only', 'Only some fields are released', { detail: 'The consent covers listed fields of this document, not its content.', extensions: { denyCode: 'fields_only', reasonVi: answer.denial.reason.vi } });
    if (answer.decision === 'deny') throw consentRequired(answer);
    return { document: doc, fields: answer.fields };
  }

  /** Every allowed read of another agency's document is a release: recorded, so a later change reaches the reader. */
  function release(doc: VaultDocument, actor: Actor, action: string, why: ReadPurpose): Promise<ReleaseAnswer> {
    // A release is recorded under the dossier it names: another agency's dossier code would put this
    // read into that agency's dossier view and change notices.
    if (why.dossierCode && !ownsDossier(actor.principal.agencyCode, why.dossierCode)) {
      throw forbidden(`Dossier ${why.dossierCode} is not ${actor.principal.agencyCode}'s: name one of your own dossiers (its code begins with your agency code).`);
    }
    const ctx = { requester: actor.principal, dossierCode: why.dossierCode ?? null, purpose: why.purpose! };
    return deps.policy.decideRelease({
      ...ctx,
      document: { id: doc.id, type: doc.type, subjectIds: releaseSubjectIds(doc) },
      fields: null,
      content: action === 'document.content',
      action,
      requestId: actor.requestId,
      ...(action === 'document.history' ? {} : { release: { document: releasedDocument(doc), context: ctx } }),
    });
  }

  async function fetchCreated(outcome: WriteOutcome): Promise<{ status: 200 | 201; document: VaultDocument }> {
    if (outcome.outcome === 'conflict') throw conflict(outcome.id);
    return { status: outcome.outcome === 'created' ? 201 : 200, document: (await store.findById(outcome.id))! };
  }

  return {
    prepare,
    write,
    lookups: () => lookups(db, deps),
    today: () => vietnamDate(clock()),

    async ingest(input: IngestInput, actor: Actor, idempotency?: { key: string; requestHash: string }): Promise<{ status: 200 | 201; document: VaultDocument }> {
      const prepared = await prepare(input, actor, lookups(db, deps));
      const scope = actorOf(actor.principal);
      const outcome = await db.transaction(async (tx): Promise<WriteOutcome> => {
        if (idempotency) {
          const held = await documentStore(tx).claimIdempotencyKey({ scope, key: idempotency.key, requestHash: idempotency.requestHash, status: 0, documentId: prepared.id });
          if (held && held.requestHash !== idempotency.requestHash) {
            throw problem(422, 'idempotency-key-reused', 'Idempotency-Key reused', { detail: 'This key was first used with another request body; use a new key for a new request.' });
          }
          if (held) return { outcome: held.status === 201 ? 'created' : 'existing', id: held.documentId };
        }
        const [result] = await write(tx, [prepared], actor);
        if (result!.outcome === 'conflict') throw conflict(result!.id);
        if (idempotency) await documentStore(tx).settleIdempotencyKey(scope, idempotency.key, result!.outcome === 'created' ? 201 : 200, result!.id);
        return result!;
      });
      return fetchCreated(outcome);
    },

    /** The document, with only the consented fields when the consent is field-limited. */
    async read(id: string, actor: Actor, why: ReadPurpose = {}): Promise<VaultDocument> {
      const { document, fields } = await readable(id, actor, 'document.read', why);
      return fields ? { ...document, fields: Object.fromEntries(Object.entries(document.fields).filter(([k]) => fields.includes(k))) } : document;
    },

    async content(id: string, actor: Actor, why: ReadPurpose = {}): Promise<{ document: VaultDocument; bytes: () => Promise<Buffer> }> {
      // A field-limited consent refuses content in the decision itself, so the refusal is logged as one.
      const { document } = await readable(id, actor, 'document.content', why);
      return { document, bytes: () => contentOf(document.content.sha256) };
    },

    async history(id: string, actor: Actor, why: ReadPurpose = {}) {
      const { document } = await readable(id, actor, 'document.history', why);
      return { document, events: await store.history(document.lineageId) };
    },

    async list(subjectKey: string, filter: { type?: string; status?: DocumentStatus; validOn?: string; afterSeq?: number; limit: number }, actor: Actor, why: ReadPurpose = {}) {
      const parsed = subjectKeyFrom(subjectKey);
      if (!parsed.ok) throw validationFailed([{ ...fromIdError('/id', parsed.error), in: 'path' }]);
      const subject = await deps.subjects.find(parsed.value);
      if (!subject) throw notFound('Subject', 'Motlan holds no citizen or business under this number.');
      // Without a purpose an agency lists what it issued; with one, also what the decision releases to it.
      const fetched = await store.list({ ...filter, subjectId: subject.id, issuerCode: why.purpose ? undefined : actor.principal.agencyCode, today: vietnamDate(clock()) });
      const candidates = fetched.slice(0, filter.limit);
      const page: typeof fetched = [];
      for (const row of candidates) {
        if (row.issuerCode === actor.principal.agencyCode || (await release(row, actor, 'document.list', why)).decision === 'allow') page.push(row);
      }
      await auditStore(db).append(auditOf(actor, 'document.list', subject.id, 'allow', why.purpose ?? 'document-read', clock()));
      // The cursor follows what was fetched, not what was released, so a refused page does not end the listing.
      return { items: page, nextSeq: fetched.length > filter.limit ? candidates[candidates.length - 1]!.seq : undefined };
    },

    /** A citizen's own documents (or a child's or business's they represent): no consent needed, still logged. */
    async listMine(citizen: CitizenPrincipal, onBehalfOf: string | undefined, filter: { type?: string; status?: DocumentStatus; validOn?: string; afterSeq?: number; limit: number }, requestId: string) {
      const { subject } = await deps.policy.actingFor(citizen, onBehalfOf);
      const fetched = await store.list({ ...filter, subjectId: subject.id, today: vietnamDate(clock()) });
      await auditStore(db).append({ at: clock(), actor: 'citizen:self', action: 'document.list', subjectId: subject.id, purpose: 'self', decision: 'allow', rule: 'self', requestId });
      const page = fetched.slice(0, filter.limit);
      return { items: page, nextSeq: fetched.length > filter.limit ? page[page.length - 1]!.seq : undefined };
    },

    async mine(citizen: CitizenPrincipal, onBehalfOf: string | undefined, id: string, action: 'document.read' | 'document.content', requestId: string): Promise<{ document: VaultDocument; bytes: () => Promise<Buffer> }> {
      const { subject } = await deps.policy.actingFor(citizen, onBehalfOf);
      const document = await store.findById(id);
      if (!document || !document.subjects.some((s) => s.subjectId === subject.id)) throw missing();
      await auditStore(db).append({ at: clock(), actor: 'citizen:self', action, subjectId: subject.id, documentId: document.id, documentType: document.type, purpose: 'self', decision: 'allow', rule: 'self', requestId });
      return { document, bytes: () => contentOf(document.content.sha256) };
    },

    async revoke(id: string, reason: string, actor: Actor): Promise<VaultDocument> {
      const doc = await ownDocument(id, actor);
      await db.transaction(async (tx) => {
        const s = documentStore(tx);
        const at = clock();
        if (!(await s.retire(id, 'revoked', { reason, at }))) throw notActive();
        await enqueueDocumentChange(tx, { documentId: id, documentType: doc.type, event: 'document.revoked', replacedById: null, reason, at });
        await s.appendEvents([{ documentId: id, lineageId: doc.lineageId, kind: 'revoked', reason, actor: actorOf(actor.principal), officialId: actor.principal.officialId ?? null, requestId: actor.requestId, at }]);
        await auditStore(tx).append(doc.subjects.map((subject) => auditOf(actor, 'document.revoke', subject.subjectId, 'allow', 'issuer', at, doc)));
      });
      return (await store.findById(id))!;
    },

    async supersede(id: string, input: IngestInput, reason: string, actor: Actor) {
      const old = await ownDocument(id, actor);
      if (input.type !== old.type) throw validationFailed([body('/document/type', 'supersede.same_type', `must be ${old.type}, the type of the document it replaces`)]);
      const prepared = await prepare(input, actor, lookups(db, deps), { lineageId: old.lineageId, previousId: old.id });
      const [outcome] = await db.transaction((tx) => write(tx, [prepared], actor, { replaces: { id: old.id, status: 'superseded', reason } }));
      return fetchCreated(outcome!);
    },

    async correct(id: string, input: CorrectionInput, actor: Actor) {
      const old = await ownDocument(id, actor);
      if (old.storedStatus !== 'active') throw notActive();
      const validate = validatorFor(`document-types/${old.type}`);
      if (!validate(input.fields)) throw validationFailed(toInvalidParams(validate.errors, 'body').map((e) => ({ ...e, pointer: `/fields${e.pointer === '/' ? '' : e.pointer}` })));
      const payload = { ...(JSON.parse(old.signedPayload) as SignedPayload), version: old.version + 1, fields: input.fields };
      const signedPayload = canonicalJson(payload);
      const signatureKid = await checkSignature(input.signature, signedPayload, old.issuerCode, old.issueDate, lookups(db, deps));
      const { content, signature: _signature, storedStatus: _status, replacedById: _replaced, revocation: _revocation, subjects, createdAt: _created, ...metadata } = old;
      const prepared: PreparedDocument = {
        ...metadata,
        id: newId(),
        version: payload.version,
        previousId: old.id,
        fields: input.fields,
        content: { sha256: content.sha256, mediaType: content.mediaType as PreparedDocument['content']['mediaType'], bytes: null },
        signedPayload,
        payloadHash: sha256Hex(signedPayload),
        signature: input.signature ?? null,
        signatureKid,
        subjects: subjects.map((s) => ({ role: s.role, subjectId: s.subjectId })),
      };
      const [outcome] = await db.transaction((tx) => write(tx, [prepared], actor, { replaces: { id: old.id, status: 'corrected', reason: input.reason } }));
      // Another correction of the same version won the race: this one is stale.
      if (outcome!.outcome !== 'created') throw notActive();
      return (await store.findById(outcome!.id))!;
    },
  };

  /** Changes are for the issuer; to anyone else the document does not exist. */
  async function ownDocument(id: string, actor: Actor): Promise<VaultDocument> {
    const doc = await store.findById(id);
    if (!doc || doc.issuerCode !== actor.principal.agencyCode) throw missing();
    return doc;
  }
}
export type DocumentService = ReturnType<typeof documentService>;

function consentRequired(answer: ReleaseAnswer) {
  return problem(403, 'consent-required', 'Consent or legal basis required', {
    detail: `${answer.denial!.reason.en}. Ask the citizen with POST /v1/consent-requests; they can approve it at once.`,
    extensions: { denyCode: answer.denial!.code, reasonVi: answer.denial!.reason.vi },
  });
}

function auditOf(
  actor: Actor,
  action: string,
  subjectId: string,
  decision: 'allow' | 'deny',
  purpose: string,
  at: Date,
  doc?: Pick<VaultDocument, 'id' | 'type' | 'dossierCode'>,
): AuditEntry {
  return {
    actor: actorOf(actor.principal),
    agencyCode: actor.principal.agencyCode,
    officialId: actor.principal.officialId ?? null,
    action,
    subjectId,
    documentId: doc?.id ?? null,
    documentType: doc?.type ?? null,
    dossierCode: doc?.dossierCode ?? null,
    purpose,
    decision,
    rule: decision === 'allow' ? 'issuer-only' : 'deny:not_issuer',
    requestId: actor.requestId,
    at,
  };
}
