import type { Decision, Score } from './matchingModel';

/** What an applicant or officer typed; every attribute is optional but the name. */
export interface IdentityClaims {
  /** The claimed 12-digit ID or old 9-digit ID card number. */
  id?: string;
  fullName: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  birthDate?: string;
  sex?: 'male' | 'female';
  /** Province of birth registration: a pre-2025 code or a province name. */
  birthPlace?: string;
  residence?: { province: string; commune?: string };
  fatherName?: string;
  motherName?: string;
}

export type RecordSource = 'registry' | 'registry_cache' | 'mirror';

export interface VerifyResult {
  decision: Decision;
  score: Score;
  recordId: string;
  source: RecordSource;
  namesakes: number;
  marginBits: number | null;
}

export interface SearchCandidate {
  id: string;
  decision: Decision;
  score: Score;
  pass: string;
}

export interface SearchResult {
  candidates: SearchCandidate[];
  counted: number;
  marginBits: number | null;
  populationSize: number;
}
