import type { Router } from 'express';
import type { Registries } from '../connectors';
import type { Database } from '../db/database';
import { subjectRoutes } from './subjects.routes';
import { subjectService } from './subjects.service';

export function subjectsFeature({ db, registries }: { db: Database; registries: Pick<Registries, 'population' | 'business'> }): Router {
  return subjectRoutes({ service: subjectService({ db, registries }) });
}
