import type { Router } from 'express';
import type { PlanConfig } from '../config';
import type { Database } from '../db/database';
import { reportRoutes } from './reports.routes';
import { reportService } from './reports.service';

export function reportsFeature(deps: { db: Database; plan: PlanConfig }): Router {
  return reportRoutes({ service: reportService(deps) });
}
