import type { Router } from 'express';
import { agencyStore } from '../agencies/agencies.store';
import type { ImportBudget } from '../config';
import { subjectService } from '../subjects/subjects.service';
import { documentRoutes } from './documents.routes';
import type { ContentCipher } from './contentCipher';
import { documentService, type DocumentDeps } from './documents.service';

export { INGEST_BODY_LIMIT_BYTES } from './content';
export { contentCipher, type ContentCipher } from './contentCipher';

export function documentsFeature({ db, policy, cipher, contentStore, logger, importBudget }: Pick<DocumentDeps, 'db' | 'policy' | 'contentStore' | 'logger'> & { cipher: ContentCipher; importBudget: ImportBudget }): Router {
  const service = documentService({ db, policy, cipher, contentStore, logger, subjects: subjectService({ db }), agencies: agencyStore });
  return documentRoutes({ service, db, importBudget });
}
