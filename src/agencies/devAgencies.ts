import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { OperatorPrincipal } from '../auth/principal';
import type { Database } from '../db/database';
import { loadOrCreateKeyFile, type SigningKey } from '../keys/keyFile';
import { agencyService } from './agencies.service';
import type { AgencyLevel } from './agencies.types';

/** Sample agencies for development; their names say so, and production never sees them. */
export const DEV_AGENCIES: ReadonlyArray<{ code: string; name: string; level: AgencyLevel; parentCode: string | null }> = [
  { code: '000.00.00.H56', name: 'Ủy ban nhân dân tỉnh (dữ liệu phát triển)', level: 'province', parentCode: null },
  { code: '000.17.22.H56', name: 'Sở Tư pháp (dữ liệu phát triển)', level: 'province', parentCode: '000.00.00.H56' },
  { code: '000.31.22.H56', name: 'Ủy ban nhân dân xã (dữ liệu phát triển)', level: 'commune', parentCode: '000.00.00.H56' },
];

const keyFile = (dataDir: string, code: string) => path.join(dataDir, 'dev-agencies', `${code}.private-key.jwk.json`);

/** Created on first use under DATA_DIR, like the dev issuer's key; `create: false` only reads. */
export async function loadDevAgencyKey(dataDir: string, code: string, create = true): Promise<SigningKey | undefined> {
  const file = keyFile(dataDir, code);
  if (!create && !fs.existsSync(file)) return undefined;
  return loadOrCreateKeyFile(file, `${code}-dev-1`);
}

/** Registers the sample agencies with their public keys; idempotent, so every start may run it. */
export async function seedDevAgencies({ db, dataDir }: { db: Database; dataDir: string }): Promise<void> {
  const service = agencyService({ db });
  const principal: OperatorPrincipal = { kind: 'operator', operatorId: 'dev-seed' };
  for (const agency of DEV_AGENCIES) {
    const key = (await loadDevAgencyKey(dataDir, agency.code))!;
    await service.register(agency.code, { name: agency.name, level: agency.level, parentCode: agency.parentCode, jwks: { keys: [key.publicJwk] } }, { principal, requestId: `dev-seed-${randomUUID()}` });
  }
}
