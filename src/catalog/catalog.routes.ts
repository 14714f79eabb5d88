import { Router, type Request } from 'express';
import { authorize, principalOf } from '../auth/authenticate';
import { methodNotAllowed } from '../http/errorHandler';
import { notFound, problem, validationFailed } from '../http/problem';
import { validateBody, validateQuery } from '../http/validate';
import { procedureVersion, type CatalogService } from './catalog.service';
import type { Procedure, ProcedureFilter, ProcedureInput } from './catalog.types';
import { PROCEDURE_CODE } from './procedureProblems';

const anyone = authorize({ agency: [], citizen: true, operator: true });
const operator = authorize({ operator: true });

export function catalogRoutes({ service }: { service: CatalogService }): Router {
  const router = Router();

  router
    .route('/procedures')
    .get(anyone, validateQuery('catalog/procedure-list-query'), async (req, res) => {
      const q = req.query as unknown as Omit<ProcedureFilter, 'afterCode'> & { cursor?: string };
      const { items, next } = await service.list({ level: q.level, applicantKind: q.applicantKind, documentType: q.documentType, active: q.active, q: q.q, afterCode: q.cursor ? fromCursor(q.cursor) : undefined, limit: q.limit });
      res.json({ items: items.map(toProcedureBody), nextCursor: next === undefined ? null : toCursor(next) });
    })
    .all(methodNotAllowed);

  router
    .route('/procedures/:code')
    .get(anyone, async (req, res) => {
      const procedure = await service.find(codeOf(req));
      if (!procedure) throw notFound('Procedure', 'The catalogue has no procedure with this code.');
      const etag = etagOf(procedure);
      res.setHeader('ETag', etag);
      if (tagsOf(req.headers['if-none-match'], true)?.some((t) => t === '*' || t === etag)) {
        res.status(304).end();
        return;
      }
      res.json(toProcedureBody(procedure));
    })
    // The path is checked before the body: a PUT to a malformed code is wrong whatever it carries.
    .put(operator, (req, _res, next) => {
      codeOf(req);
      next();
    }, validateBody('catalog/procedure-put'), async (req, res) => {
      const code = codeOf(req);
      const body = req.body as ProcedureInput;
      if (body.code !== undefined && body.code !== code) {
        throw problem(422, 'invalid-procedure', 'The procedure breaks the catalogue rules', {
          detail: 'The code in the body, when sent, must be the code in the path.',
          errors: [{ in: 'body', pointer: '/code', rule: 'code.path_mismatch', message: `must be ${code}, the code in the path`, messageVi: `Mã thủ tục phải là ${code} như trên đường dẫn` }],
        });
      }
      // If-Match compares strongly (RFC 9110 §13.1.1): a weak tag never matches, so it is kept as sent.
      const ifMatch = tagsOf(req.headers['if-match'], false)?.map((t) => (t === '*' ? t : unquote(t)));
      const { procedure, created } = await service.put(principalOf(req.principal, 'operator')!, code, body, ifMatch, req.id);
      res.setHeader('ETag', etagOf(procedure));
      if (created) res.status(201).location(`/v1/procedures/${code}`);
      res.json(toProcedureBody(procedure));
    })
    .all(methodNotAllowed);

  return router;
}

function codeOf(req: Request): string {
  const code = String(req.params.code);
  if (!PROCEDURE_CODE.test(code)) {
    throw validationFailed([{ in: 'path', pointer: '/code', rule: 'pattern', message: 'must be a national procedure code: one digit, a dot, six digits (1.000894)', messageVi: 'Mã thủ tục gồm một chữ số, dấu chấm và sáu chữ số (1.000894)' }]);
  }
  return code;
}

const etagOf = (p: Procedure) => `"${procedureVersion(p)}"`;
const unquote = (tag: string) => (/^"(.*)"$/.exec(tag)?.[1] ?? tag);

/** The entity tags of an If-Match / If-None-Match header; `weak` drops the W/ prefix (weak comparison). */
function tagsOf(header: string | undefined, weak: boolean): string[] | undefined {
  if (header === undefined) return undefined;
  return header
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => (weak ? t.replace(/^W\//, '') : t));
}

// Opaque to callers; the version prefix leaves room to change what it encodes.
const toCursor = (code: string) => Buffer.from(`p1:${code}`).toString('base64url');
function fromCursor(cursor: string): string {
  const match = /^p1:([0-9]\.[0-9]{6})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw validationFailed([{ in: 'query', pointer: '/cursor', rule: 'cursor.invalid', message: 'is not a cursor this API returned' }]);
  return match[1]!;
}

export function toProcedureBody(p: Procedure) {
  return {
    code: p.code,
    level: p.level,
    nameVi: p.nameVi,
    nameEn: p.nameEn,
    applicantKind: p.applicantKind,
    requirements: p.requirements,
    formFields: p.formFields,
    codeStatus: p.codeStatus,
    source: p.source,
    active: p.active,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
