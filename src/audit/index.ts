import type { Router } from 'express';
import { consentStore } from '../consents/consents.store';
import { agencyStore } from '../agencies/agencies.store';
import type { Database } from '../db/database';
import { subjectService } from '../subjects/subjects.service';
import { auditRoutes } from './audit.routes';
import { auditService } from './audit.service';

export { auditStore, type AuditEntry, type AuditStore } from './audit.store';

export function auditFeature({ db }: { db: Database }): Router {
  return auditRoutes({ service: auditService({ db, subjects: subjectService({ db }), agencies: agencyStore(db), legalBases: consentStore(db) }) });
}
