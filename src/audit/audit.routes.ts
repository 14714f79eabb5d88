import { Router } from 'express';
import { authorize, principalOf } from '../auth/authenticate';
import { methodNotAllowed } from '../http/errorHandler';
import { notFound, validationFailed } from '../http/problem';
import { validateQuery } from '../http/validate';
import { subjectKeyFrom } from '../subjects/subjectKey';
import { NoRecordError, type AccessLogItem, type AuditService } from './audit.service';

export function auditRoutes({ service }: { service: AuditService }): Router {
  const router = Router();

  router
    .route('/me/access-log')
    .get(authorize({ citizen: true }), validateQuery('audit/access-log-query'), async (req, res) => {
      const citizen = principalOf(req.principal, 'citizen')!;
      const q = req.query as unknown as { agency?: string; documentType?: string; from?: string; to?: string; cursor?: string; limit: number };
      if (q.from && q.to && q.from > q.to) throw validationFailed([{ in: 'query', pointer: '/to', rule: 'date_range.order', message: 'must not be before from', messageVi: 'Ngày kết thúc trước ngày bắt đầu' }]);
      const { items, nextSeq } = await noRecord(() =>
        service.accessLog(citizen.citizenId, { agencyCode: q.agency, documentType: q.documentType, from: q.from, to: q.to, beforeSeq: q.cursor ? fromCursor(q.cursor) : undefined, limit: q.limit }),
      );
      res.json({ items: items.map(toEntryBody), nextCursor: nextSeq === undefined ? null : toCursor(nextSeq) });
    })
    .all(methodNotAllowed);

  router
    .route('/me/access-log/verification')
    .get(authorize({ citizen: true }), async (req, res) => {
      const citizen = principalOf(req.principal, 'citizen')!;
      res.json(await noRecord(() => service.verifyOwn(citizen.citizenId)));
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

async function noRecord<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof NoRecordError) throw notFound('Record', 'Motlan holds no record of you yet: nothing has been stored under your ID.');
    throw error;
  }
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
