import type { Router } from 'express';
import type { PlanConfig } from '../config';
import type { Database } from '../db/database';
import { reportRoutes } from './reports.routes';
import { reportService } from './reports.service';

/** The reports only read, and tolerate replication lag: `readDb` (a replica) when configured. */
export function reportsFeature({ db, readDb = db, plan }: { db: Database; readDb?: Database; plan: PlanConfig }): Router {
  return reportRoutes({ service: reportService({ db: readDb, plan }) });
}
