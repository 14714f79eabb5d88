import type { Router } from 'express';
import { agencyStore } from '../agencies/agencies.store';
import type { ConsentService } from '../consents/consents.service';
import type { Database } from '../db/database';
import { subjectService } from '../subjects/subjects.service';
import { documentRoutes } from './documents.routes';
import { documentService } from './documents.service';

export { INGEST_BODY_LIMIT_BYTES } from './content';

export function documentsFeature({ db, policy }: { db: Database; policy: Pick<ConsentService, 'decideRelease' | 'actingFor'> }): Router {
  const service = documentService({ db, policy, subjects: subjectService({ db }), agencies: agencyStore });
  return documentRoutes({ service, db });
}
