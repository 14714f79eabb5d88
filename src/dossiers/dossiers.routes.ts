import { Router, type RequestHandler } from 'express';
import { authorize } from '../auth/authenticate';
import type { AgencyPrincipal, AgencyRole, OperatorPrincipal } from '../auth/principal';
import { withConsentProblems } from '../consents/consents.routes';
import { methodNotAllowed } from '../http/errorHandler';
import { forbidden, validationFailed } from '../http/problem';
import { validateBody } from '../http/validate';
import type { DossierView, DossierService, FeedbackItem } from './dossiers.service';
import type { FeedbackRow, Resolution } from './dossiers.store';

const DOSSIER_CODE = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4}$/;

function dossierCodeParam(code: string): string {
  if (!DOSSIER_CODE.test(code)) throw validationFailed([{ in: 'path', pointer: '/code', rule: 'pattern', message: 'must be a dossier code: <agency code>-<yyMMdd>-<4 digits>', messageVi: 'Mã hồ sơ phải có dạng <mã cơ quan>-<yyMMdd>-<4 chữ số>' }]);
  return code;
}

/** An agency client holding at least one of these roles (authorize() asks for all of its roles). */
function agencyWithAnyRole(roles: AgencyRole[]): RequestHandler {
  const agency = authorize({ agency: [] });
  return (req, res, next) =>
    agency(req, res, () => {
      if (!roles.some((r) => (req.principal as AgencyPrincipal).roles.includes(r))) throw forbidden(`This route is for an agency client with role ${roles.join(' or ')}.`);
      next();
    });
}

export function dossierRoutes({ service }: { service: DossierService }): Router {
  const router = Router();

  router
    .route('/dossiers/:code')
    .get(authorize({ agency: [], operator: true }), async (req, res) => {
      const view = await service.view(req.principal as AgencyPrincipal | OperatorPrincipal, dossierCodeParam(req.params.code!), req.id);
      res.json(toDossierBody(view));
    })
    .all(methodNotAllowed);

  router
    .route('/dossiers/:code/close')
    .post(agencyWithAnyRole(['prefill', 'consents:request']), validateBody('dossiers/dossier-close', { optional: true }), async (req, res) => {
      const code = dossierCodeParam(req.params.code!);
      const body = req.body as { resolution: Resolution; procedureCode?: string };
      const { dossier, consentsEnded } = await withConsentProblems(() => service.close(req.principal as AgencyPrincipal, code, body, req.id));
      res.json({ dossierCode: code, closedAt: dossier.closedAt!.toISOString(), resolution: dossier.resolution!, procedureCode: dossier.procedureCode, consentsEnded });
    })
    .all(methodNotAllowed);

  router
    .route('/dossiers/:code/feedback')
    .post(authorize({ agency: ['prefill'] }), validateBody('dossiers/feedback-submit'), async (req, res) => {
      const code = dossierCodeParam(req.params.code!);
      const items = (req.body as { items: FeedbackItem[] }).items;
      const stored = await service.recordFeedback(req.principal as AgencyPrincipal, code, items, req.id);
      res.json({ dossierCode: code, items: stored.map(toFeedbackBody) });
    })
    .all(methodNotAllowed);

  return router;
}

function toFeedbackBody(f: FeedbackRow) {
  return { requirementId: f.requirementId, subjectPosition: f.subjectPosition, verdict: f.verdict, reason: f.reason, reportedBy: f.reportedBy, reportedAt: f.reportedAt.toISOString() };
}

function toDossierBody({ dossier, procedure, latestPrefill, releases, feedback }: DossierView) {
  return {
    code: dossier.code,
    agencyCode: dossier.agencyCode,
    status: dossier.status,
    resolution: dossier.resolution,
    procedure: dossier.procedureCode
      ? { code: dossier.procedureCode, level: procedure?.level ?? null, nameVi: procedure?.nameVi ?? null, nameEn: procedure?.nameEn ?? null }
      : null,
    openedAt: dossier.openedAt.toISOString(),
    closedAt: dossier.closedAt?.toISOString() ?? null,
    latestPrefill: latestPrefill
      ? {
          id: latestPrefill.request.id,
          createdAt: latestPrefill.request.createdAt.toISOString(),
          procedureCode: latestPrefill.request.procedureCode,
          clientId: latestPrefill.request.clientId,
          identityDecision: latestPrefill.request.identityDecision,
          requirements: latestPrefill.results.map((r) => ({
            requirementId: r.requirementId,
            subjectPosition: r.subjectPosition,
            outcome: r.outcome,
            reasonCode: r.reasonCode,
            documentId: r.documentId,
            releaseId: r.releaseId,
            consentRequestId: r.consentRequestId,
          })),
        }
      : null,
    releases: releases.map((r) => ({ id: r.id, documentId: r.documentId, clientId: r.clientId, purpose: r.purpose, prefillId: r.prefillId, createdAt: r.createdAt.toISOString() })),
    feedback: feedback.map(toFeedbackBody),
  };
}
