import { randomUUID } from 'node:crypto';
import { actorOf, type AgencyPrincipal, type CitizenPrincipal, type OperatorPrincipal } from '../auth/principal';
import { agencyStore } from '../agencies/agencies.store';
import type { AgencyLevel } from '../agencies/agencies.types';
import { auditStore, type AuditEntry } from '../audit/audit.store';
import type { Registries } from '../connectors';
import { preparedRows, queryAll, runQuery, twoStepTransaction, type Database, type Query, type Statement } from '../db/database';
import { groupCommit } from '../db/groupCommit';
import type { SigningKey } from '../keys/keyFile';
import { signedReleases, type Release, type ReleaseItem } from '../prefill/releases';
import { subjectService } from '../subjects/subjects.service';
import type { Subject } from '../subjects/subjects.types';
import { ownsDossier } from '../dossiers/dossierCode';
import { decide } from './decide';
import { consentStore, releaseStatements, type ConsentRequestRow, type ConsentRow, type LegalBasisRow } from './consents.store';
import type { Decision, DenyCode, LegalBasis } from './consents.types';
import { signReceipt } from './receipt';
import { actingAs, type ActingAs } from './representation';

export class ConsentError extends Error {
  override name = 'ConsentError';
  constructor(
    readonly kind: 'not_found' | 'no_subject' | 'not_representative' | 'foreign_dossier' | 'already_revoked' | 'already_settled' | 'identity_level' | 'legal_basis_exists',
    message: string,
  ) {
    super(message);
  }
}

export interface GrantInput {
  grantee: { agencyCode: string } | { level: AgencyLevel };
  purposes: string[];
  documentTypes: string[];
  fields?: string[];
  validFrom?: Date;
  validUntil?: Date;
  maxUses?: number;
  dossierCode?: string;
  onBehalfOf?: string;
}

export interface ConsentRequestInput {
  subject: string;
  purpose: string;
  dossierCode?: string;
  documentTypes: string[];
  fields?: string[];
  validUntil?: Date;
  note?: string;
}

export interface LegalBasisInput {
  procedureCode: string;
  documentType: string;
  requesterLevel: AgencyLevel;
  reference: string;
  validFrom?: Date | null;
  validUntil?: Date | null;
  active?: boolean;
}

export interface ReleaseQuestion {
  requester: AgencyPrincipal;
  purpose: string;
  dossierCode: string | null;
  document: { id: string; type: string; subjectIds: string[] };
  fields: string[] | null;
  /** The document's bytes are asked for: a field-limited consent refuses them (deny:fields_only). */
  content?: boolean;
  action: string;
  requestId: string;
  /** The requester's level when the caller has already looked it up (null: not registered); looked up otherwise. */
  requesterLevel?: AgencyLevel | null;
  /** Recorded (with its signed attestation) in the decision's transaction when allowed: the release joins its log entries. */
  release?: ReleaseItem;
}

export interface ReleaseAnswer {
  decision: 'allow' | 'deny';
  /** The fields that may be released; null means the whole document. */
  fields: string[] | null;
  perSubject: Array<{ subjectId: string; decision: Decision }>;
  denial?: { code: DenyCode; reason: { vi: string; en: string } };
}

/** Releases decided in one group commit at most. */
const RELEASE_BATCH = 32;

/** Consent given without an end lasts a year: long enough for a procedure, short enough to be noticed. */
const DEFAULT_VALIDITY_MS = 365 * 86_400_000;

export interface ConsentDeps {
  db: Database;
  registries: Pick<Registries, 'population' | 'business'>;
  signingKey: SigningKey;
  clock?: () => Date;
}

export function consentService({ db, registries, signingKey, clock = () => new Date() }: ConsentDeps) {
  const store = consentStore(db);
  const subjects = subjectService({ db, registries });

  /** The subject a citizen acts for: themself, or a child or business they represent. */
  async function actingFor(citizen: CitizenPrincipal, onBehalfOf: string | undefined): Promise<{ subject: Subject; actingAs: ActingAs }> {
    let resolved;
    try {
      resolved = await actingAs(citizen.citizenId, onBehalfOf, registries, clock());
    } catch (error) {
      if ((error as Error).name === 'NotARepresentativeError') throw new ConsentError('not_representative', (error as Error).message);
      throw error;
    }
    const subject = await subjects.find(resolved.subjectKey);
    if (!subject) throw new ConsentError('no_subject', 'Motlan holds no record for this person or business yet, so there is nothing to consent to.');
    return { subject, actingAs: resolved.actingAs };
  }

  /** Decree 69/2024: only a level-2 electronic identity may release stored documents. */
  function requireLevel2(citizen: CitizenPrincipal): void {
    if (citizen.identityLevel !== 2) throw new ConsentError('identity_level', 'Consents need a level-2 electronic identity (VNeID level 2).');
  }

  async function issue(
    input: Omit<GrantInput, 'onBehalfOf'>,
    ctx: { subject: Subject; actingAs: ActingAs; actingCitizenId: string; channel: 'portal' | 'agency_request' | 'counter'; counterOfficialId?: string; consentRequestId?: string; requestId: string },
  ) {
    const at = clock();
    const validFrom = input.validFrom ?? at;
    const validUntil = input.validUntil ?? new Date(validFrom.getTime() + DEFAULT_VALIDITY_MS);
    const id = randomUUID();
    // What the citizen agreed to: signed into the receipt and stored, word for word the same.
    const terms = {
      purposes: input.purposes,
      documentTypes: input.documentTypes,
      fields: input.fields ?? null,
      validFrom,
      validUntil,
      maxUses: input.maxUses ?? null,
      dossierCode: input.dossierCode ?? null,
      channel: ctx.channel,
      actingAs: ctx.actingAs,
    };
    const receipt = signReceipt(signingKey, {
      ...terms,
      action: 'granted',
      consentId: id,
      subject: ctx.subject.nationalId,
      grantee: input.grantee,
      counterOfficialId: ctx.counterOfficialId ?? null,
      at,
    });
    return db.transaction(async (tx) => {
      const row = await consentStore(tx).insertConsent({
        id,
        subjectId: ctx.subject.id,
        granteeAgencyCode: 'agencyCode' in input.grantee ? input.grantee.agencyCode : null,
        granteeLevel: 'level' in input.grantee ? input.grantee.level : null,
        ...terms,
        actingCitizenId: ctx.actingCitizenId,
        counterOfficialId: ctx.counterOfficialId ?? null,
        consentRequestId: ctx.consentRequestId ?? null,
        receipt,
        createdAt: at,
      });
      if (ctx.consentRequestId && !(await consentStore(tx).settleRequest(ctx.consentRequestId, 'approved', at, id))) {
        throw new ConsentError('already_settled', 'This request has already been approved or refused.');
      }
      await auditStore(tx).append({
        at,
        actor: 'citizen:self',
        action: 'consent.grant',
        subjectId: ctx.subject.id,
        purpose: input.purposes.join(','),
        dossierCode: input.dossierCode ?? null,
        decision: 'allow',
        rule: `consent:${id}`,
        requestId: ctx.requestId,
      });
      return row;
    });
  }

  /**
   * A batch of releases (the vault reads of one group commit, below), decided together: consents and
   * legal bases are read once, and every release and log entry is written in one transaction.
   * The consents are read in that transaction and stay locked until it commits: a revocation that
   * races the decision lands wholly before it (and is seen) or wholly after its releases, and two
   * releases under a capped consent never both count the same remaining use. In two round trips:
   * the reads go out with BEGIN and the lock of the subjects' access-log chains, the releases and
   * the log entries with COMMIT.
   */
  async function decideReleases(questions: ReleaseQuestion[]): Promise<ReleaseAnswer[]> {
    if (!questions.length) return [];
    const decision = releaseDecision(questions);
    const log = auditStore(db).appendTo(questions.flatMap((q) => q.document.subjectIds));
    let answers: ReleaseAnswer[] = [];
    await twoStepTransaction(db, [...decision.statements, log.lock], (rows) => {
      const decided = decision.read(rows.slice(0, -1));
      answers = decided.answers;
      const { statements } = decided.writes();
      return [...statements, log.write(rows.at(-1)!, decided.entries)];
    });
    return answers;
  }

  /**
   * Single releases (vault reads) from concurrent requests, decided and logged together in one
   * transaction (group commit): a batch is what one request's questions are to decideReleases, so a
   * release committed earlier in the batch counts against a capped consent for the next one. Bounded,
   * so that one transaction never holds the consents of hundreds of subjects.
   */
  const releases = groupCommit(decideReleases, { maxBatch: RELEASE_BATCH });

  /**
   * decideReleases inside the caller's transaction, which must write the releases (`record`) and
   * append the returned access-log entries before it commits: a prefill writes its releases, consent
   * requests and own rows, and logs them all, in one transaction. Apart so that the caller can send
   * them with its own statements.
   */
  async function decideReleasesIn(tx: Database, questions: ReleaseQuestion[]): Promise<{ answers: ReleaseAnswer[]; entries: AuditEntry[]; record: () => Promise<Array<Release | undefined>> }> {
    if (!questions.length) return { answers: [], entries: [], record: async () => [] };
    const { answers, entries, writes } = await runQuery(tx, releaseDecision(questions));
    const record = async () => {
      const { statements, releases } = writes();
      // Independent inserts, sent together on the transaction's connection rather than one round trip each.
      await Promise.all(statements.map((s) => preparedRows(tx, s.text, s.params)));
      return releases;
    };
    return { answers, entries, record };
  }

  /**
   * A batch of release questions as a Query: its statements are the decision's reads (the
   * requesters' levels and legal bases, the subjects' consents, locked); its result, the pure
   * decision on their rows, with the access-log entries to append and the writes to send (the
   * consents' uses, and the releases asked for with their signed attestations; each question's
   * Release where one was recorded). A consent capped in uses counts the releases decided before it
   * in the same batch.
   */
  function releaseDecision(questions: ReleaseQuestion[]): Query<{
    answers: ReleaseAnswer[];
    entries: AuditEntry[];
    writes: () => { statements: Statement[]; releases: Array<Release | undefined> };
  }> {
    const asked = new Map<string, { level: AgencyLevel | null | undefined; types: Set<string> }>();
    for (const q of questions) {
      const requester = asked.get(q.requester.agencyCode) ?? { level: q.requesterLevel, types: new Set<string>() };
      requester.types.add(q.document.type);
      asked.set(q.requester.agencyCode, requester);
    }
    const basesOf = (agencyCode: string, level: AgencyLevel | null | undefined, types: string[]): Query<{ level: AgencyLevel | null; bases: LegalBasis[] }> => {
      if (level === undefined) return releaseStatements.legalBasesOfAgency(types, agencyCode);
      if (!level) return { statements: [], read: () => ({ level, bases: [] }) };
      const bases = releaseStatements.legalBasesFor(types, level);
      return { statements: bases.statements, read: (rows) => ({ level, bases: bases.read(rows) }) };
    };
    const requesterList = [...asked];
    const reads = queryAll([
      queryAll(requesterList.map(([code, r]) => basesOf(code, r.level, [...r.types]))),
      releaseStatements.consentsOf([...new Set(questions.flatMap((q) => q.document.subjectIds))], true),
    ] as const);
    return {
      statements: reads.statements,
      read: (rows) => {
        const [basesByRequester, consents] = reads.read(rows);
        const requesters = new Map(requesterList.map(([code], i) => [code, basesByRequester[i]!]));
        const at = clock();
        const answers = questions.map((q): ReleaseAnswer => {
          const { level, bases } = requesters.get(q.requester.agencyCode)!;
          const perSubject = q.document.subjectIds.map((subjectId) => ({
            subjectId,
            decision: decide(
              { requester: { agencyCode: q.requester.agencyCode, level }, purpose: q.purpose, dossierCode: q.dossierCode, subjectId, documentType: q.document.type, documentId: q.document.id, fields: q.fields, content: q.content ?? false, at },
              consents,
              bases.filter((b) => b.documentType === q.document.type),
            ),
          }));
          const denied = perSubject.find((p) => p.decision.decision === 'deny')?.decision;
          if (denied && denied.decision === 'deny') return { decision: 'deny', fields: null, perSubject, denial: { code: denied.code, reason: denied.reason } };
          let fields: string[] | null = q.fields;
          for (const { decision } of perSubject) {
            if (decision.decision !== 'allow') continue;
            if (decision.fields) fields = fields ? fields.filter((f) => decision.fields!.includes(f)) : decision.fields;
            // The next question of the batch sees this release, as it would after a commit.
            const used = decision.rule.kind === 'consent' ? consents.find((c) => c.id === (decision.rule as { consentId: string }).consentId) : undefined;
            if (used && !used.releasedDocumentIds.includes(q.document.id)) used.releasedDocumentIds = [...used.releasedDocumentIds, q.document.id];
          }
          return { decision: 'allow', fields, perSubject };
        });

        const entries = questions.flatMap((q, i) =>
          answers[i]!.perSubject.map(({ subjectId, decision }): AuditEntry => ({
            at,
            actor: actorOf(q.requester),
            agencyCode: q.requester.agencyCode,
            officialId: q.requester.officialId ?? null,
            action: q.action,
            subjectId,
            documentId: q.document.id,
            documentType: q.document.type,
            purpose: q.purpose,
            dossierCode: q.dossierCode,
            // One subject's refusal withholds the document from everyone: each entry says what happened.
            decision: answers[i]!.decision,
            rule: ruleOf(decision),
            requestId: q.requestId,
          })),
        );
        const writes = () => {
          const released: Array<{ consentId: string; documentId: string }> = [];
          const recorded: number[] = [];
          for (const [i, q] of questions.entries()) {
            if (answers[i]!.decision !== 'allow') continue;
            for (const { decision } of answers[i]!.perSubject) {
              if (decision.decision === 'allow' && decision.rule.kind === 'consent') released.push({ consentId: decision.rule.consentId, documentId: q.document.id });
            }
            if (q.release) recorded.push(i);
          }
          const signed = signedReleases(signingKey, recorded.map((i) => questions[i]!.release!), at);
          const releases = new Array<Release | undefined>(questions.length);
          recorded.forEach((question, n) => (releases[question] = signed.releases[n]));
          return { statements: [signed.insert, releaseStatements.recordReleases(released, at)].filter((s): s is Statement => s !== null), releases };
        };
        return { answers, entries, writes };
      },
    };
  }

  /** A consent request inside the caller's transaction, which must append the returned entry before it commits. */
  async function consentRequestIn(tx: Database, agency: AgencyPrincipal, input: ConsentRequestInput, subjectId: string | null, requestId: string): Promise<{ row: ConsentRequestRow; entry: AuditEntry }> {
    refuseForeignDossier(agency, input.dossierCode);
    const row = await consentStore(tx).insertRequest({
      subjectId,
      requesterAgencyCode: agency.agencyCode,
      requesterClientId: agency.clientId,
      requesterOfficialId: agency.officialId ?? null,
      purpose: input.purpose,
      dossierCode: input.dossierCode ?? null,
      documentTypes: input.documentTypes,
      fields: input.fields ?? null,
      validUntil: input.validUntil ?? null,
      note: input.note ?? null,
      createdAt: clock(),
    });
    const entry: AuditEntry = {
      at: row.createdAt,
      actor: actorOf(agency),
      agencyCode: agency.agencyCode,
      officialId: agency.officialId ?? null,
      action: 'consent_request.create',
      // No subject: the system chain, which no citizen reads and which holds no ID.
      subjectId,
      purpose: input.purpose,
      dossierCode: input.dossierCode ?? null,
      decision: 'allow',
      rule: 'role:consents:request',
      requestId,
    };
    return { row, entry };
  }

  return {
    actingFor,

    agencyName: async (code: string) => (await agencyStore(db).find(code))?.name ?? null,

    async grant(citizen: CitizenPrincipal, input: GrantInput, requestId: string): Promise<ConsentRow> {
      requireLevel2(citizen);
      const { subject, actingAs: as } = await actingFor(citizen, input.onBehalfOf);
      return issue(input, { subject, actingAs: as, actingCitizenId: citizen.citizenId, channel: 'portal', requestId });
    },

    async list(citizen: CitizenPrincipal, onBehalfOf: string | undefined): Promise<Array<{ row: ConsentRow; uses: number }>> {
      const { subject } = await actingFor(citizen, onBehalfOf);
      return (await store.consentsOf([subject.id])).map((c) => ({ row: c.row, uses: c.releasedDocumentIds.length }));
    },

    /** Takes effect for the very next request: the decision reads revoked_at on every release. */
    async revoke(citizen: CitizenPrincipal, consentId: string, onBehalfOf: string | undefined, requestId: string): Promise<{ row: ConsentRow; uses: number }> {
      const { subject } = await actingFor(citizen, onBehalfOf);
      const consent = await store.findConsent(consentId);
      if (!consent || consent.subjectId !== subject.id) throw new ConsentError('not_found', 'No consent with this id is yours to manage.');
      if (consent.row.revokedAt) throw new ConsentError('already_revoked', 'This consent was already revoked.');
      const at = clock();
      const receipt = signReceipt(signingKey, {
        ...consent,
        action: 'revoked',
        consentId,
        subject: subject.nationalId,
        actingAs: consent.row.actingAs,
        grantee: consent.grantee.kind === 'agency' ? { agencyCode: consent.grantee.agencyCode } : { level: consent.grantee.level },
        channel: 'portal',
        at,
      });
      await db.transaction(async (tx) => {
        if (!(await consentStore(tx).revoke(consentId, at, receipt))) throw new ConsentError('already_revoked', 'This consent was already revoked.');
        await auditStore(tx).append({ at, actor: 'citizen:self', action: 'consent.revoke', subjectId: subject.id, decision: 'allow', rule: `consent:${consentId}`, requestId });
      });
      const revoked = (await store.findConsent(consentId))!;
      return { row: revoked.row, uses: revoked.releasedDocumentIds.length };
    },

    /**
     * An ID Motlan holds nothing for gets a request like any other, kept pending and addressed to no
     * one: the same work, answer and later status, so that asking cannot tell which IDs Motlan holds.
     */
    async requestConsent(agency: AgencyPrincipal, input: ConsentRequestInput, subjectKey: Parameters<typeof subjects.find>[0], requestId: string): Promise<ConsentRequestRow> {
      refuseForeignDossier(agency, input.dossierCode);
      const subject = await subjects.find(subjectKey);
      return db.transaction(async (tx) => {
        const { row, entry } = await consentRequestIn(tx, agency, input, subject?.id ?? null, requestId);
        await auditStore(tx).append(entry);
        return row;
      });
    },

    /** What the requesting agency may see of its own request: its state, and the consent once approved. */
    async requestStatus(agency: AgencyPrincipal, id: string): Promise<ConsentRequestRow> {
      const row = await store.findRequest(id);
      if (!row || row.requesterAgencyCode !== agency.agencyCode) throw new ConsentError('not_found', 'No consent request with this id was made by your agency.');
      return row;
    },

    async requests(citizen: CitizenPrincipal, onBehalfOf: string | undefined, status?: ConsentRequestRow['status']): Promise<ConsentRequestRow[]> {
      const { subject } = await actingFor(citizen, onBehalfOf);
      return store.requestsOf([subject.id], status);
    },

    async approve(citizen: CitizenPrincipal, requestId: string, options: { onBehalfOf?: string; validUntil?: Date }, httpRequestId: string): Promise<ConsentRow> {
      requireLevel2(citizen);
      const { subject, actingAs: as } = await actingFor(citizen, options.onBehalfOf);
      const request = await store.findRequest(requestId);
      if (!request || request.subjectId !== subject.id) throw new ConsentError('not_found', 'No consent request with this id is addressed to you.');
      if (request.status !== 'pending') throw new ConsentError('already_settled', 'This request has already been approved or refused.');
      return issue(
        {
          grantee: { agencyCode: request.requesterAgencyCode },
          purposes: [request.purpose],
          documentTypes: request.documentTypes,
          ...(request.fields ? { fields: request.fields } : {}),
          ...(request.dossierCode ? { dossierCode: request.dossierCode } : {}),
          ...((options.validUntil ?? request.validUntil) ? { validUntil: (options.validUntil ?? request.validUntil)! } : {}),
        },
        {
          subject,
          actingAs: as,
          actingCitizenId: citizen.citizenId,
          // Asked by an official at a counter and confirmed by the citizen's own sign-in: the counter channel.
          ...(request.requesterOfficialId ? { channel: 'counter' as const, counterOfficialId: request.requesterOfficialId } : { channel: 'agency_request' as const }),
          consentRequestId: request.id,
          requestId: httpRequestId,
        },
      );
    },

    async refuse(citizen: CitizenPrincipal, requestId: string, onBehalfOf: string | undefined, httpRequestId: string): Promise<ConsentRequestRow> {
      const { subject } = await actingFor(citizen, onBehalfOf);
      const request = await store.findRequest(requestId);
      if (!request || request.subjectId !== subject.id) throw new ConsentError('not_found', 'No consent request with this id is addressed to you.');
      const at = clock();
      await db.transaction(async (tx) => {
        if (!(await consentStore(tx).settleRequest(requestId, 'refused', at, null))) throw new ConsentError('already_settled', 'This request has already been approved or refused.');
        await auditStore(tx).append({ at, actor: 'citizen:self', action: 'consent_request.refuse', subjectId: subject.id, purpose: request.purpose, dossierCode: request.dossierCode, decision: 'deny', rule: 'deny:refused_by_subject', requestId: httpRequestId });
      });
      return (await store.findRequest(requestId))!;
    },

    /**
     * A dossier closed at the one-stop system: consents scoped to it end now. Dossier codes begin with
     * the agency's code, so an agency closes only its own dossiers.
     */
    async closeDossier(agency: AgencyPrincipal, dossierCode: string, requestId: string): Promise<{ closedAt: Date; consentsEnded: number }> {
      if (!ownsDossier(agency.agencyCode, dossierCode)) throw new ConsentError('foreign_dossier', 'An agency closes only its own dossiers (the code begins with its agency code).');
      const at = clock();
      const ended = await db.transaction(async (tx) => {
        const rows = await consentStore(tx).closeDossier(dossierCode, at);
        await auditStore(tx).append(
          rows.map((r) => ({ at, actor: actorOf(agency), agencyCode: agency.agencyCode, action: 'consent.dossier_closed', subjectId: r.subjectId, dossierCode, decision: 'allow' as const, rule: `consent:${r.id}`, requestId })),
        );
        return rows.length;
      });
      return { closedAt: at, consentsEnded: ended };
    },

    legalBases: (activeOnly: boolean) => store.legalBases({ activeOnly }),

    async createLegalBasis(operator: OperatorPrincipal, input: LegalBasisInput, requestId: string): Promise<LegalBasisRow> {
      return db.transaction(async (tx) => {
        const row = await consentStore(tx).insertLegalBasis({ ...input, validFrom: input.validFrom ?? null, validUntil: input.validUntil ?? null, active: input.active ?? true });
        if (!row) throw new ConsentError('legal_basis_exists', 'A legal basis for this procedure, document type and level exists; change it instead.');
        await auditStore(tx).append({ at: clock(), actor: actorOf(operator), action: 'legal_basis.create', decision: 'allow', rule: 'role:operator', purpose: input.procedureCode, documentType: input.documentType, requestId });
        return row;
      });
    },

    async updateLegalBasis(operator: OperatorPrincipal, id: string, input: Partial<LegalBasisInput>, requestId: string): Promise<LegalBasisRow> {
      return db.transaction(async (tx) => {
        const row = await consentStore(tx).updateLegalBasis(id, input);
        if (!row) throw new ConsentError('not_found', 'No legal basis with this id.');
        await auditStore(tx).append({ at: clock(), actor: actorOf(operator), action: 'legal_basis.update', decision: 'allow', rule: 'role:operator', purpose: row.procedureCode, documentType: row.documentType, requestId });
        return row;
      });
    },

    /**
     * The one gate every agency read of another agency's document passes (read, content, listing,
     * prefill): each subject the document is about must allow it, by consent or legal basis. Every
     * decision is written to the access log; a consent that allows records the release.
     */
    decideRelease: (q: ReleaseQuestion): Promise<ReleaseAnswer> => releases.submit(q),
    decideReleases,
    decideReleasesIn,
    consentRequestIn,
  };
}
export type ConsentService = ReturnType<typeof consentService>;

export function ruleOf(decision: Decision): string {
  if (decision.decision === 'deny') return `deny:${decision.code}`;
  return decision.rule.kind === 'consent' ? `consent:${decision.rule.consentId}` : `legal_basis:${decision.rule.legalBasisId}`;
}

function refuseForeignDossier(agency: AgencyPrincipal, dossierCode: string | null | undefined): void {
  if (dossierCode && !ownsDossier(agency.agencyCode, dossierCode)) {
    throw new ConsentError('foreign_dossier', `Dossier ${dossierCode} is not ${agency.agencyCode}'s: ask for consent only for your own dossiers (the code begins with your agency code).`);
  }
}
