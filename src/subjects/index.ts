import type { Router } from 'express';
import type { Database } from '../db/database';
import { subjectRoutes } from './subjects.routes';
import { subjectService } from './subjects.service';

export function subjectsFeature({ db }: { db: Database }): Router {
  return subjectRoutes({ service: subjectService({ db }) });
}
