import type { Router } from 'express';
import type { ConsentService } from '../consents/consents.service';
import type { Database } from '../db/database';
import { dossierRoutes } from './dossiers.routes';
import { dossierService } from './dossiers.service';

export { openDossier, type OpenDossierInput } from './dossiers.store';

export function dossiersFeature(deps: { db: Database; consents: Pick<ConsentService, 'closeDossier'> }): Router {
  return dossierRoutes({ service: dossierService(deps) });
}
