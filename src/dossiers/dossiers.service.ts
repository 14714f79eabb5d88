import { actorOf, type AgencyPrincipal, type OperatorPrincipal } from '../auth/principal';
import { auditStore, type AuditEntry } from '../audit/audit.store';
import { catalogStore } from '../catalog/catalog.store';
import type { Procedure } from '../catalog/catalog.types';
import type { ConsentService } from '../consents/consents.service';
import type { Database } from '../db/database';
import { forbidden, notFound, problem, validationFailed, type InvalidParam } from '../http/problem';
import { dossierStore, type DossierRow, type FeedbackRow, type PrefillRequestRow, type PrefillResultRow, type Resolution } from './dossiers.store';
import { nationalProcedureCode } from '../consents/decide';
import { ownsDossier } from './dossierCode';

export interface FeedbackItem {
  requirementId: string;
  subjectPosition: number;
  verdict: FeedbackRow['verdict'];
  reason?: string;
}

export interface DossierView {
  dossier: DossierRow;
  procedure: Pick<Procedure, 'code' | 'level' | 'nameVi' | 'nameEn'> | null;
  latestPrefill: { request: PrefillRequestRow; results: PrefillResultRow[] } | null;
  releases: Array<{ id: string; documentId: string; clientId: string; purpose: string; prefillId: string | null; createdAt: Date }>;
  feedback: FeedbackRow[];
}

function ownOnly(agency: AgencyPrincipal, code: string): void {
  if (!ownsDossier(agency.agencyCode, code)) throw forbidden(`Dossier ${code} is not ${agency.agencyCode}'s: an agency acts only on dossiers whose code begins with its own.`);
}

export function dossierService({ db, consents, clock = () => new Date() }: { db: Database; consents: Pick<ConsentService, 'closeDossier'>; clock?: () => Date }) {
  const store = dossierStore(db);

  return {
    /**
     * Consents first: if recording the dossier fails after them, the call is safely repeated (both
     * steps are idempotent), and a dossier is never counted closed while its consents still run.
     */
    async close(agency: AgencyPrincipal, code: string, input: { resolution: Resolution; procedureCode?: string }, requestId: string) {
      ownOnly(agency, code);
      const { consentsEnded } = await consents.closeDossier(agency, code, requestId);
      const at = clock();
      const dossier = await db.transaction(async (tx) => {
        const row = await dossierStore(tx).close({ code, agencyCode: agency.agencyCode, procedureCode: input.procedureCode ?? null, resolution: input.resolution, at });
        await auditStore(tx).append({ at, actor: actorOf(agency), officialId: agency.officialId, action: 'dossier.close', dossierCode: code, purpose: row.procedureCode, decision: 'allow', rule: `resolution:${input.resolution}`, requestId });
        return row;
      });
      return { dossier, consentsEnded };
    },

    /**
     * The officer's verdict on each requirement of the latest prefill. A requirement the prefill did
     * not answer is refused whole (422): feedback on it would count in no report.
     */
    async recordFeedback(agency: AgencyPrincipal, code: string, items: FeedbackItem[], requestId: string): Promise<FeedbackRow[]> {
      ownOnly(agency, code);
      const dossier = await store.find(code);
      if (!dossier) throw notFound('Dossier', `Motlan has no dossier ${code}: it is recorded by its first prefill or by its closing.`);
      const latest = await store.latestPrefill(code);
      const answered = new Set((latest?.results ?? []).map((r) => `${r.requirementId}\u0000${r.subjectPosition}`));
      const requirementIds = new Set((latest?.results ?? []).map((r) => r.requirementId));

      const duplicates: InvalidParam[] = [];
      const seen = new Set<string>();
      items.forEach((item, i) => {
        const key = `${item.requirementId}\u0000${item.subjectPosition}`;
        if (seen.has(key)) duplicates.push({ in: 'body', pointer: `/items/${i}`, rule: 'feedback.duplicate', message: 'names the same requirement and subject as an earlier item', messageVi: 'Trùng yêu cầu và đối tượng với một mục trước' });
        seen.add(key);
      });
      if (duplicates.length) throw validationFailed(duplicates);

      const unknown: InvalidParam[] = items.flatMap((item, i): InvalidParam[] => {
        if (answered.has(`${item.requirementId}\u0000${item.subjectPosition}`)) return [];
        return requirementIds.has(item.requirementId)
          ? [{ in: 'body', pointer: `/items/${i}/subjectPosition`, rule: 'feedback.unknown_subject_position', message: `the latest prefill answered ${item.requirementId} for no subject at this position`, messageVi: 'Lần điền sẵn gần nhất không có yêu cầu này cho đối tượng ở vị trí này' }]
          : [{ in: 'body', pointer: `/items/${i}/requirementId`, rule: 'feedback.unknown_requirement', message: 'is not a requirement of the dossier\'s latest prefill', messageVi: 'Không phải yêu cầu của lần điền sẵn gần nhất của hồ sơ' }];
      });
      if (unknown.length) {
        throw problem(422, 'unknown-requirement', 'Feedback on a requirement the prefill did not answer', {
          detail: latest ? 'Each item must name a requirement (and subject position) of the dossier\'s latest prefill.' : 'The dossier has no prefill yet, so there is nothing to give feedback on.',
          errors: unknown,
        });
      }

      const at = clock();
      const actor = actorOf(agency);
      return db.transaction(async (tx) => {
        await dossierStore(tx).upsertFeedback(
          items.map((i) => ({ dossierCode: code, requirementId: i.requirementId, subjectPosition: i.subjectPosition, verdict: i.verdict, reason: i.reason ?? null, reportedBy: actor, reportedAt: at })),
        );
        await auditStore(tx).append({
          at, actor, officialId: agency.officialId, action: 'dossier.feedback', dossierCode: code, purpose: latest?.request.procedureCode ?? dossier.procedureCode,
          decision: 'allow', rule: 'role:prefill', requestId,
        });
        return dossierStore(tx).feedback(code);
      });
    },

    /**
     * What Motlan knows of one dossier. It names documents about people, so the read is written to
     * the access log of the applicant and of every subject of those documents.
     */
    async view(principal: AgencyPrincipal | OperatorPrincipal, code: string, requestId: string): Promise<DossierView> {
      if (principal.kind === 'agency') ownOnly(principal, code);
      const dossier = await store.find(code);
      if (!dossier) throw notFound('Dossier', `Motlan has no dossier ${code}.`);
      const [latest, released, feedback, procedure] = await Promise.all([
        store.latestPrefill(code),
        store.releases(code, principal.kind === 'agency' ? principal.agencyCode : undefined),
        store.feedback(code),
        dossier.procedureCode ? catalogStore(db).find(nationalProcedureCode(dossier.procedureCode)) : Promise.resolve(undefined),
      ]);
      const documentIds = [...new Set([...(latest?.results ?? []).flatMap((r) => (r.documentId ? [r.documentId] : [])), ...released.map((r) => r.documentId)])];
      const subjects = new Set(await store.subjectsOfDocuments(documentIds));
      if (latest?.request.applicantSubjectId) subjects.add(latest.request.applicantSubjectId);
      const at = clock();
      const entry = (subjectId: string | null): AuditEntry => ({
        at, actor: actorOf(principal), officialId: principal.kind === 'agency' ? principal.officialId : undefined, action: 'dossier.read', subjectId, dossierCode: code,
        purpose: dossier.procedureCode, decision: 'allow', rule: principal.kind === 'agency' ? 'role:own_dossier' : 'role:operator', requestId,
      });
      await auditStore(db).append(subjects.size ? [...subjects].sort().map(entry) : [entry(null)]);
      return {
        dossier,
        procedure: procedure ? { code: procedure.code, level: procedure.level, nameVi: procedure.nameVi, nameEn: procedure.nameEn } : null,
        latestPrefill: latest ?? null,
        releases: released,
        feedback,
      };
    },
  };
}
export type DossierService = ReturnType<typeof dossierService>;
