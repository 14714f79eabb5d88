import { Router, type Request, type Response } from 'express';
import { authorize, principalOf } from '../auth/authenticate';
import { withConsentProblems } from '../consents/consents.routes';
import { methodNotAllowed } from '../http/errorHandler';
import { problem, validationFailed } from '../http/problem';
import { validateBody, validateQuery } from '../http/validate';
import type { Database } from '../db/database';
import { canonicalJson, sha256Hex } from './canonical';
import { contentDigest } from './content';
import { importDocuments } from './documents.import';
import { ImportStopped, withinBudget } from './importBudget';
import type { ImportBudget } from '../config';
import type { Actor, DocumentService, ReadPurpose } from './documents.service';
import { effectiveStatus, type DocumentEvent, type DocumentStatus, type VaultDocument } from './documents.types';
import { DOCUMENT_TYPES } from './types/documentTypes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

const read = authorize({ agency: ['documents:read'] });
const write = authorize({ agency: ['documents:write'] });

const STOPPED: Record<ImportStopped['reason'], { status: number; slug: string; title: string; rule: string }> = {
  'max-bytes': { status: 413, slug: 'import-too-large', title: 'Import too large', rule: 'import.max_bytes' },
  'max-seconds': { status: 408, slug: 'import-too-slow', title: 'Import took too long', rule: 'import.max_seconds' },
  'not-ndjson': { status: 400, slug: 'import-not-ndjson', title: 'Not an import file', rule: 'import.garbage' },
};

export function documentRoutes({ service, db, importBudget }: { service: DocumentService; db: Database; importBudget: ImportBudget }): Router {
  const router = Router();

  router
    .route('/document-types')
    .get(authorize({ agency: [], operator: true, citizen: true }), (_req, res) => {
      res.json({ items: DOCUMENT_TYPES.map((t) => ({ ...t, fieldsSchema: `https://motlan.vn/schemas/document-types/${t.code}.json` })) });
    })
    .all(methodNotAllowed);

  router
    .route('/documents')
    .post(write, validateBody('documents/document-ingest'), async (req, res) => {
      const key = req.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
        throw validationFailed([{ in: 'header', pointer: '/Idempotency-Key', rule: 'pattern', message: 'must be 1 to 128 of A-Z a-z 0-9 . _ : -' }]);
      }
      const idempotency = key ? { key, requestHash: sha256Hex(canonicalJson(req.body)) } : undefined;
      const { status, document } = await service.ingest(req.body, actorOf(req), idempotency);
      res.status(status).location(`/v1/documents/${document.id}`).json(toDocumentBody(document, service.today()));
    })
    .all(methodNotAllowed);

  router
    .route('/documents/import')
    .post(write, async (req, res) => {
      if (!req.is('application/x-ndjson')) {
        throw problem(415, 'unsupported-media-type', 'Unsupported media type', {
          detail: 'Send one JSON document per line as application/x-ndjson.',
          headers: { 'Accept-Post': 'application/x-ndjson' },
        });
      }
      try {
        if (Number(req.headers['content-length'] ?? 0) > importBudget.maxBytes) {
          throw new ImportStopped('max-bytes', `An import may carry at most ${importBudget.maxBytes} bytes; split the file.`);
        }
        // Not destroyed when the import stops early: the refusal must still reach the client.
        res.json(await importDocuments(service, db, withinBudget(req.iterator({ destroyOnReturn: false }), importBudget), actorOf(req)));
      } catch (error) {
        if (error instanceof ImportStopped) {
          // The rest of the body is read and dropped, unparsed; the connection then closes.
          res.setHeader('Connection', 'close');
          req.resume();
          throw stoppedProblem(error);
        }
        // A client that hangs up mid-file is not our failure: what was committed stays, and
        // sending the file again resumes.
        if (req.destroyed) throw problem(400, 'request-aborted', 'Request aborted', { detail: 'The client closed the request before the body arrived.' });
        throw error;
      }
    })
    .all(methodNotAllowed);

  router
    .route('/documents/:id')
    .get(read, validateQuery('documents/document-read-query'), async (req, res) => {
      res.json(toDocumentBody(await service.read(documentId(req), actorOf(req), purposeOf(req)), service.today()));
    })
    .all(methodNotAllowed);

  router
    .route('/documents/:id/content')
    .get(read, validateQuery('documents/document-read-query'), async (req, res) => {
      const { document, bytes } = await service.content(documentId(req), actorOf(req), purposeOf(req));
      await sendContent(req, res, document, bytes);
    })
    .all(methodNotAllowed);

  router
    .route('/documents/:id/history')
    .get(read, validateQuery('documents/document-read-query'), async (req, res) => {
      const { document, events } = await service.history(documentId(req), actorOf(req), purposeOf(req));
      res.json({ documentId: document.id, lineageId: document.lineageId, events: events.map(toEventBody) });
    })
    .all(methodNotAllowed);

  router
    .route('/documents/:id/revoke')
    .post(write, validateBody('documents/document-revocation'), async (req, res) => {
      res.json(toDocumentBody(await service.revoke(documentId(req), req.body.reason, actorOf(req)), service.today()));
    })
    .all(methodNotAllowed);

  router
    .route('/documents/:id/supersede')
    .post(write, validateBody('documents/document-supersession'), async (req, res) => {
      const { status, document } = await service.supersede(documentId(req), req.body.document, req.body.reason, actorOf(req));
      res.status(status).location(`/v1/documents/${document.id}`).json(toDocumentBody(document, service.today()));
    })
    .all(methodNotAllowed);

  router
    .route('/documents/:id/corrections')
    .post(write, validateBody('documents/document-correction'), async (req, res) => {
      const document = await service.correct(documentId(req), req.body, actorOf(req));
      res.status(201).location(`/v1/documents/${document.id}`).json(toDocumentBody(document, service.today()));
    })
    .all(methodNotAllowed);

  router
    .route('/subjects/:id/documents')
    .get(read, validateQuery('documents/document-list-query'), async (req, res) => {
      const q = req.query as unknown as { type?: string; status?: DocumentStatus; validOn?: string; cursor?: string; limit: number };
      const { items, nextSeq } = await service.list(String(req.params.id), { type: q.type, status: q.status, validOn: q.validOn, afterSeq: q.cursor ? fromCursor(q.cursor) : undefined, limit: q.limit }, actorOf(req), purposeOf(req));
      const today = service.today();
      res.json({ items: items.map((d) => toDocumentBody(d, today)), nextCursor: nextSeq === undefined ? null : toCursor(nextSeq) });
    })
    .all(methodNotAllowed);

  const citizen = authorize({ citizen: true });
  const citizenOf = (req: Request) => principalOf(req.principal, 'citizen')!;
  const onBehalfOf = (req: Request) => (req.query as { onBehalfOf?: string }).onBehalfOf;

  router
    .route('/me/documents')
    .get(citizen, validateQuery('documents/my-document-list-query'), async (req, res) => {
      const q = req.query as unknown as { type?: string; status?: DocumentStatus; validOn?: string; cursor?: string; limit: number };
      const { items, nextSeq } = await withConsentProblems(() =>
        service.listMine(citizenOf(req), onBehalfOf(req), { type: q.type, status: q.status, validOn: q.validOn, afterSeq: q.cursor ? fromCursor(q.cursor) : undefined, limit: q.limit }, req.id),
      );
      const today = service.today();
      res.json({ items: items.map((d) => toDocumentBody(d, today)), nextCursor: nextSeq === undefined ? null : toCursor(nextSeq) });
    })
    .all(methodNotAllowed);

  router
    .route('/me/documents/:id')
    .get(citizen, validateQuery('consents/on-behalf-query'), async (req, res) => {
      const { document } = await withConsentProblems(() => service.mine(citizenOf(req), onBehalfOf(req), documentId(req), 'document.read', req.id));
      res.json(toDocumentBody(document, service.today()));
    })
    .all(methodNotAllowed);

  router
    .route('/me/documents/:id/content')
    .get(citizen, validateQuery('consents/on-behalf-query'), async (req, res) => {
      const { document, bytes } = await withConsentProblems(() => service.mine(citizenOf(req), onBehalfOf(req), documentId(req), 'document.content', req.id));
      await sendContent(req, res, document, bytes);
    })
    .all(methodNotAllowed);

  return router;
}

/** The bytes as stored, with a strong ETag and an RFC 9530 digest; If-None-Match gives 304. */
async function sendContent(req: Request, res: Response, document: VaultDocument, bytes: () => Promise<Buffer>): Promise<void> {
  const etag = `"${document.content.sha256}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Content-Digest', contentDigest(document.content.sha256));
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    res.status(304).end();
    return;
  }
  res.type(document.content.mediaType).send(await bytes());
}

function purposeOf(req: Request): ReadPurpose {
  const { purpose, dossierCode } = req.query as ReadPurpose;
  return { ...(purpose ? { purpose } : {}), ...(dossierCode ? { dossierCode } : {}) };
}

function actorOf(req: Request): Actor {
  return { principal: principalOf(req.principal, 'agency')!, requestId: req.id };
}

function stoppedProblem(stop: ImportStopped) {
  const s = STOPPED[stop.reason];
  return problem(s.status, s.slug, s.title, {
    detail: stop.message,
    errors: [{ in: 'body', pointer: '', rule: s.rule, message: stop.message }],
    // What was written before the stop stays, as with a dropped connection: resending the file resumes.
    ...(stop.summary ? { extensions: { summary: stop.summary } } : {}),
  });
}

function documentId(req: Request): string {
  const id = String(req.params.id);
  if (!UUID.test(id)) throw validationFailed([{ in: 'path', pointer: '/id', rule: 'format', message: 'must be a document id (UUID)' }]);
  return id.toLowerCase();
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

// The cursor is opaque to callers; a version prefix leaves room to change what it encodes.
const toCursor = (seq: number) => Buffer.from(`v1:${seq}`).toString('base64url');
function fromCursor(cursor: string): number {
  const match = /^v1:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw validationFailed([{ in: 'query', pointer: '/cursor', rule: 'cursor.invalid', message: 'is not a cursor this API returned' }]);
  return Number(match[1]);
}

export function toDocumentBody(d: VaultDocument, today: string) {
  return {
    id: d.id,
    type: d.type,
    number: d.number,
    version: d.version,
    status: effectiveStatus(d, today),
    issuer: d.issuerCode,
    procedureCode: d.procedureCode,
    dossierCode: d.dossierCode,
    issueDate: d.issueDate,
    validFrom: d.validFrom,
    validUntil: d.validUntil,
    subjects: d.subjects,
    fields: d.fields,
    content: { ...d.content, href: `/v1/documents/${d.id}/content` },
    signature: { status: d.signature.status, kid: d.signature.kid },
    lineageId: d.lineageId,
    previousId: d.previousId,
    replacedById: d.replacedById,
    revocation: d.revocation ? { reason: d.revocation.reason, at: d.revocation.at.toISOString() } : null,
    createdAt: d.createdAt.toISOString(),
  };
}

function toEventBody(e: DocumentEvent) {
  return { id: e.id, documentId: e.documentId, kind: e.kind, actor: e.actor, at: e.at.toISOString(), reason: e.reason, relatedId: e.relatedId };
}
