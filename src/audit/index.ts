import type { Router } from 'express';
import { consentStore } from '../consents/consents.store';
import type { ConsentService } from '../consents/consents.service';
import { agencyStore } from '../agencies/agencies.store';
import type { Database } from '../db/database';
import { subjectService } from '../subjects/subjects.service';
import { auditRoutes } from './audit.routes';
import { auditService } from './audit.service';

export { auditStore, type AuditEntry, type AuditStore } from './audit.store';

/**
 * `representation` decides whose log a citizen may read: their own, or a child's or business's they
 * act for. `readDb` (a replica, DATABASE_REPLICA_URL) serves the log's pages and the names they show.
 */
export function auditFeature({ db, readDb = db, representation }: { db: Database; readDb?: Database; representation: Pick<ConsentService, 'actingFor'> }): Router {
  return auditRoutes({ service: auditService({ db, readDb, subjects: subjectService({ db }), agencies: agencyStore(readDb), legalBases: consentStore(readDb) }), representation });
}
