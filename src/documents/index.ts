import type { Router } from 'express';
import { agencyStore } from '../agencies/agencies.store';
import type { RecordRelease } from '../prefill/releases';
import type { ConsentService } from '../consents/consents.service';
import type { ImportBudget } from '../config';
import type { Database } from '../db/database';
import { subjectService } from '../subjects/subjects.service';
import { documentRoutes } from './documents.routes';
import type { ContentCipher } from './contentCipher';
import { documentService } from './documents.service';

export { INGEST_BODY_LIMIT_BYTES } from './content';
export { contentCipher, type ContentCipher } from './contentCipher';

export function documentsFeature({ db, policy, recordRelease, cipher, importBudget }: { db: Database; policy: Pick<ConsentService, 'decideRelease' | 'actingFor'>; recordRelease: RecordRelease; cipher: ContentCipher; importBudget: ImportBudget }): Router {
  const service = documentService({ db, policy, recordRelease, cipher, subjects: subjectService({ db }), agencies: agencyStore });
  return documentRoutes({ service, db, importBudget });
}
