import type { JWK } from 'jose';
import type { AGENCY_LEVELS } from './agencies.tables';

export type AgencyLevel = (typeof AGENCY_LEVELS)[number];
export type SigningAlgorithm = 'EdDSA' | 'ES256';

export interface AgencyKey {
  kid: string;
  alg: SigningAlgorithm;
  /** Public members only; a private `d` is refused at registration. */
  publicJwk: JWK;
  validFrom: Date | null;
  validUntil: Date | null;
}

export interface Agency {
  code: string;
  name: string;
  level: AgencyLevel;
  parentCode: string | null;
  keys: AgencyKey[];
  createdAt: Date;
  updatedAt: Date;
}

export interface AgencyRegistration {
  code: string;
  name: string;
  level: AgencyLevel;
  parentCode: string | null;
  keys: AgencyKey[];
}
