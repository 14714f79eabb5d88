import { Router, type Request } from 'express';
import { authorize, principalOf } from '../auth/authenticate';
import type { CitizenPrincipal } from '../auth/principal';
import { withConsentProblems } from '../consents/consents.routes';
import { ConsentError, type ConsentService } from '../consents/consents.service';
import { methodNotAllowed } from '../http/errorHandler';
import { notFound, validationFailed } from '../http/problem';
import { validateQuery } from '../http/validate';
import { subjectKeyFrom } from '../subjects/subjectKey';
import type { Subject } from '../subjects/subjects.types';
import { NoRecordError, type AccessLogItem, type AuditService, type Reader } from './audit.service';

export function auditRoutes({ service, representation }: { service: AuditService; representation: Pick<ConsentService, 'actingFor'> }): Router {
  const router = Router();

  /** Whose log: the citizen's, or (onBehalfOf) a minor child's or a business's, by the consent rules. */
  const logOf = async (req: Request): Promise<{ subject: Subject; reader: Reader }> => {
    const citizen = principalOf(req.principal, 'citizen') as CitizenPrincipal;
    const onBehalfOf = (req.query as { onBehalfOf?: string }).onBehalfOf;
    const { subject, actingAs } = await withConsentProblems(async () => {
      try {
        return await representation.actingFor(citizen, onBehalfOf);
      } catch (error) {
        if (error instanceof ConsentError && error.kind === 'no_subject') throw new NoRecordError(error.message);
        throw error;
      }
    }).catch((error: unknown) => {
      if (error instanceof NoRecordError) throw notFound('Record', onBehalfOf ? 'Motlan holds no record under this number yet: nothing has been stored about them.' : 'Motlan holds no record of you yet: nothing has been stored under your ID.');
      throw error;
    });
    return { subject, reader: { actingAs, requestId: req.id } };
  };

  router
    .route('/me/access-log')
    .get(authorize({ citizen: true }), validateQuery('audit/access-log-query'), async (req, res) => {
      const q = req.query as unknown as { agency?: string; documentType?: string; from?: string; to?: string; cursor?: string; limit: number };
      if (q.from && q.to && q.from > q.to) throw validationFailed([{ in: 'query', pointer: '/to', rule: 'date_range.order', message: 'must not be before from', messageVi: 'Ngày kết thúc trước ngày bắt đầu' }]);
      const beforeSeq = q.cursor ? fromCursor(q.cursor) : undefined;
      const { subject, reader } = await logOf(req);
      const { items, nextSeq } = await service.accessLog(subject, { agencyCode: q.agency, documentType: q.documentType, from: q.from, to: q.to, beforeSeq, limit: q.limit }, reader);
      res.json({ items: items.map(toEntryBody), nextCursor: nextSeq === undefined ? null : toCursor(nextSeq) });
    })
    .all(methodNotAllowed);

  router
    .route('/me/access-log/verification')
    .get(authorize({ citizen: true }), validateQuery('audit/access-log-verification-query'), async (req, res) => {
      const { subject, reader } = await logOf(req);
      res.json(await service.verifyFor(subject, reader));
    })
    .all(methodNotAllowed);

  router
    .route('/subjects/:id/access-log/verification')
    .get(authorize({ operator: true }), async (req, res) => {
      const parsed = subjectKeyFrom(String(req.params.id));
      if (!parsed.ok) throw validationFailed([{ in: 'path', pointer: '/id', rule: `national_id.${parsed.error.code}`, message: parsed.error.message.en, messageVi: parsed.error.message.vi }]);
      const result = await service.verifySubject(parsed.value, { principal: req.principal!, requestId: req.id }).catch((error: unknown) => {
        if (error instanceof NoRecordError) throw notFound('Subject', 'Motlan holds no citizen or business under this number.');
        throw error;
      });
      res.json(result);
    })
    .all(methodNotAllowed);

  return router;
}

// Opaque to callers; the version prefix leaves room to change what it encodes.
const toCursor = (seq: number) => Buffer.from(`a1:${seq}`).toString('base64url');
function fromCursor(cursor: string): number {
  const match = /^a1:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw validationFailed([{ in: 'query', pointer: '/cursor', rule: 'cursor.invalid', message: 'is not a cursor this API returned' }]);
  return Number(match[1]);
}

function toEntryBody({ entry: e, agencyName, documentTypeName, description }: AccessLogItem) {
  return {
    seq: e.seq,
    at: e.at.toISOString(),
    actor: e.actor,
    agency: e.agencyCode ? { code: e.agencyCode, name: agencyName } : null,
    officialId: e.officialId,
    action: e.action,
    documentId: e.documentId,
    documentType: e.documentType ? { code: e.documentType, nameVi: documentTypeName?.vi ?? null, nameEn: documentTypeName?.en ?? null } : null,
    purpose: e.purpose,
    dossierCode: e.dossierCode,
    decision: e.decision,
    rule: e.rule,
    requestId: e.requestId,
    hash: e.hash,
    description,
  };
}
