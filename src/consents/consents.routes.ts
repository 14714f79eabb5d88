import { Router, type Request } from 'express';
import { authorize, principalOf } from '../auth/authenticate';
import type { AgencyPrincipal, CitizenPrincipal, OperatorPrincipal } from '../auth/principal';
import { registryProblem } from '../http/registryProblem';
import { methodNotAllowed } from '../http/errorHandler';
import { forbidden, notFound, problem, validationFailed } from '../http/problem';
import { validateBody, validateQuery } from '../http/validate';
import { subjectKeyFrom } from '../subjects/subjectKey';
import type { ConsentRequestRow, ConsentRow, LegalBasisRow } from './consents.store';
import { ConsentError, type ConsentService } from './consents.service';

const citizenOf = (req: Request) => principalOf(req.principal, 'citizen') as CitizenPrincipal;
const onBehalfOf = (req: Request) => (req.query as { onBehalfOf?: string }).onBehalfOf;
const date = (s: string | undefined | null) => (s ? new Date(s) : undefined);

export function consentRoutes({ service, limitRequests, clock = () => new Date() }: { service: ConsentService; limitRequests?: (key: string) => Promise<void>; clock?: () => Date }): Router {
  const router = Router();
  const citizen = authorize({ citizen: true });
  const asConsent = (row: ConsentRow, uses: number) => toConsentBody(row, uses, clock());

  router
    .route('/me/consents')
    .get(citizen, validateQuery('consents/on-behalf-query'), async (req, res) => {
      const consents = await withConsentProblems(() => service.list(citizenOf(req), onBehalfOf(req)));
      res.json({ items: consents.map((c) => asConsent(c.row, c.uses)) });
    })
    .post(citizen, validateQuery('consents/on-behalf-query'), validateBody('consents/consent-grant'), async (req, res) => {
      const body = req.body as { grantee: { agencyCode: string } | { level: 'central' | 'province' | 'district' | 'commune' }; purposes: string[]; documentTypes: string[]; fields?: string[]; validFrom?: string; validUntil?: string; maxUses?: number; dossierCode?: string };
      const validFrom = date(body.validFrom);
      const validUntil = date(body.validUntil);
      if (validUntil && validUntil <= (validFrom ?? clock())) {
        throw validationFailed([{ in: 'body', pointer: '/validUntil', rule: 'validity.order', message: 'must be after validFrom (or now)', messageVi: 'Thời hạn phải sau thời điểm bắt đầu' }]);
      }
      const row = await withConsentProblems(() =>
        service.grant(
          citizenOf(req),
          { ...body, validFrom, validUntil, onBehalfOf: onBehalfOf(req) },
          req.id,
        ),
      );
      res.status(201).location(`/v1/me/consents/${row.id}`).json(asConsent(row, 0));
    })
    .all(methodNotAllowed);

  router
    .route('/me/consents/:id/revoke')
    .post(citizen, validateQuery('consents/on-behalf-query'), async (req, res) => {
      const id = uuidParam(req.params.id!);
      const { row, uses } = await withConsentProblems(() => service.revoke(citizenOf(req), id, onBehalfOf(req), req.id));
      res.json(asConsent(row, uses));
    })
    .all(methodNotAllowed);

  router
    .route('/me/consent-requests')
    .get(citizen, validateQuery('consents/on-behalf-query'), async (req, res) => {
      const status = (req.query as { status?: ConsentRequestRow['status'] }).status;
      const rows = await withConsentProblems(() => service.requests(citizenOf(req), onBehalfOf(req), status));
      res.json({ items: await Promise.all(rows.map((r) => toRequestBody(r, service))) });
    })
    .all(methodNotAllowed);

  router
    .route('/me/consent-requests/:id/approve')
    .post(citizen, validateQuery('consents/on-behalf-query'), validateBody('consents/consent-approval', { optional: true }), async (req, res) => {
      const id = uuidParam(req.params.id!);
      const row = await withConsentProblems(() => service.approve(citizenOf(req), id, { onBehalfOf: onBehalfOf(req), validUntil: date((req.body as { validUntil?: string }).validUntil) }, req.id));
      res.status(201).location(`/v1/me/consents/${row.id}`).json(asConsent(row, 0));
    })
    .all(methodNotAllowed);

  router
    .route('/me/consent-requests/:id/refuse')
    .post(citizen, validateQuery('consents/on-behalf-query'), async (req, res) => {
      const id = uuidParam(req.params.id!);
      const row = await withConsentProblems(() => service.refuse(citizenOf(req), id, onBehalfOf(req), req.id));
      res.json(await toRequestBody(row, service));
    })
    .all(methodNotAllowed);

  router
    .route('/consent-requests')
    .post(authorize({ agency: ['consents:request'] }), validateBody('consents/consent-request-create'), async (req, res) => {
      const body = req.body as { subject: string; purpose: string; dossierCode?: string; documentTypes: string[]; fields?: string[]; validUntil?: string; note?: string };
      const key = subjectKeyFrom(body.subject);
      if (!key.ok) throw validationFailed([{ in: 'body', pointer: '/subject', rule: `national_id.${key.error.code}`, message: key.error.message.en, messageVi: key.error.message.vi }]);
      // Counted before Motlan looks the subject up, so a held and an unknown ID spend alike; per
      // agency, so one agency's flood neither reaches the citizen nor uses up another agency's share.
      const principal = req.principal as AgencyPrincipal;
      await limitRequests?.(`${principal.agencyCode}|${key.value.kind === 'alias' ? key.value.value : key.value.nationalId}`);
      const row = await withConsentProblems(() =>
        service.requestConsent(req.principal as AgencyPrincipal, { ...body, validUntil: date(body.validUntil) }, key.value, req.id),
      );
      res.status(201).location(`/v1/consent-requests/${row.id}`).json(await toRequestBody(row, service));
    })
    .all(methodNotAllowed);

  router
    .route('/consent-requests/:id')
    .get(authorize({ agency: ['consents:request'] }), async (req, res) => {
      const row = await withConsentProblems(() => service.requestStatus(req.principal as AgencyPrincipal, uuidParam(req.params.id!)));
      res.json(await toRequestBody(row, service));
    })
    .all(methodNotAllowed);

  router
    .route('/legal-bases')
    .get(authorize({ operator: true, agency: [] }), async (_req, res) => {
      res.json({ items: (await service.legalBases(false)).map(toLegalBasisBody) });
    })
    .post(authorize({ operator: true }), validateBody('consents/legal-basis-create'), async (req, res) => {
      const body = req.body as { procedureCode: string; documentType: string; requesterLevel: 'central' | 'province' | 'district' | 'commune'; reference: string; validFrom?: string | null; validUntil?: string | null; active?: boolean };
      const row = await withConsentProblems(() => service.createLegalBasis(req.principal as OperatorPrincipal, { ...body, validFrom: date(body.validFrom) ?? null, validUntil: date(body.validUntil) ?? null }, req.id));
      res.status(201).location(`/v1/legal-bases/${row.id}`).json(toLegalBasisBody(row));
    })
    .all(methodNotAllowed);

  router
    .route('/legal-bases/:id')
    .patch(authorize({ operator: true }), validateBody('consents/legal-basis-update'), async (req, res) => {
      const body = req.body as { reference?: string; validFrom?: string | null; validUntil?: string | null; active?: boolean };
      const changes = {
        ...(body.reference !== undefined ? { reference: body.reference } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
        ...(body.validFrom !== undefined ? { validFrom: date(body.validFrom) ?? null } : {}),
        ...(body.validUntil !== undefined ? { validUntil: date(body.validUntil) ?? null } : {}),
      };
      const row = await withConsentProblems(() => service.updateLegalBasis(req.principal as OperatorPrincipal, uuidParam(req.params.id!), changes, req.id));
      res.json(toLegalBasisBody(row));
    })
    .all(methodNotAllowed);

  return router;
}

function uuidParam(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw validationFailed([{ in: 'path', pointer: '/id', rule: 'format', message: 'must be a UUID' }]);
  }
  return id;
}

/** Service errors become the problems a citizen or agency can act on; registry trouble is a 503. */
export async function withConsentProblems<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ConsentError) {
      switch (error.kind) {
        case 'not_found':
          throw notFound('Consent', error.message);
        case 'no_subject':
          throw notFound('Subject', error.message);
        case 'not_representative':
        case 'foreign_dossier':
          throw forbidden(error.message);
        case 'identity_level':
          throw problem(403, 'identity-level-too-low', 'Level-2 electronic identity required', { detail: error.message });
        case 'already_revoked':
        case 'already_settled':
        case 'legal_basis_exists':
          throw problem(409, error.kind.replace(/_/g, '-'), 'Already done', { detail: error.message });
      }
    }
    throw registryProblem(error, 'it is needed to confirm who you act for');
  }
}

function consentStatus(row: ConsentRow, uses: number, now: Date): 'pending' | 'active' | 'revoked' | 'expired' {
  if (row.revokedAt) return 'revoked';
  if (row.validFrom > now) return 'pending';
  if ((row.validUntil && row.validUntil <= now) || (row.dossierClosedAt && row.dossierClosedAt <= now) || (row.maxUses !== null && uses >= row.maxUses)) return 'expired';
  return 'active';
}

export function toConsentBody(row: ConsentRow, uses: number, now: Date) {
  return {
    id: row.id,
    status: consentStatus(row, uses, now),
    grantee: row.granteeAgencyCode ? { agencyCode: row.granteeAgencyCode } : { level: row.granteeLevel },
    purposes: row.purposes,
    documentTypes: row.documentTypes,
    fields: row.fields,
    validFrom: row.validFrom.toISOString(),
    validUntil: row.validUntil?.toISOString() ?? null,
    maxUses: row.maxUses,
    uses,
    dossierCode: row.dossierCode,
    channel: row.channel,
    actingAs: row.actingAs,
    receipt: row.receipt,
    revocationReceipt: row.revocationReceipt,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

async function toRequestBody(row: ConsentRequestRow, service: Pick<ConsentService, 'agencyName'>) {
  return {
    id: row.id,
    status: row.status,
    requester: { agencyCode: row.requesterAgencyCode, agencyName: await service.agencyName(row.requesterAgencyCode) },
    purpose: row.purpose,
    dossierCode: row.dossierCode,
    documentTypes: row.documentTypes,
    fields: row.fields,
    validUntil: row.validUntil?.toISOString() ?? null,
    note: row.note,
    consentId: row.consentId,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

function toLegalBasisBody(row: LegalBasisRow) {
  return {
    id: row.id,
    procedureCode: row.procedureCode,
    documentType: row.documentType,
    requesterLevel: row.requesterLevel,
    reference: row.reference,
    validFrom: row.validFrom?.toISOString() ?? null,
    validUntil: row.validUntil?.toISOString() ?? null,
    active: row.active,
  };
}
