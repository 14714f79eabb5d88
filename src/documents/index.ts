import type { Router } from 'express';
import { agencyStore } from '../agencies/agencies.store';
import type { Database } from '../db/database';
import { subjectService } from '../subjects/subjects.service';
import { documentRoutes } from './documents.routes';
import { documentService } from './documents.service';

export { INGEST_BODY_LIMIT_BYTES } from './content';

export function documentsFeature({ db }: { db: Database }): Router {
  const service = documentService({ db, subjects: subjectService({ db }), agencies: agencyStore });
  return documentRoutes({ service, db });
}
