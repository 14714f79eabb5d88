import type { Citizen } from '../connectors';
import { blockingKeysOf, personFeatures, recordName, type PersonFeatures } from './personFeatures';
import type { registryPersons } from './matching.tables';

export type MirrorRow = Omit<typeof registryPersons.$inferSelect, 'loadedAt'>;

/** Columns that only find rows (blocking): scoring never reads them. */
export const BLOCKING_ONLY_COLUMNS = ['oldId', 'birthYear', 'familyPhonetic'] as const;

/** The columns scoring reads. */
export type ScoredRow = Omit<MirrorRow, (typeof BLOCKING_ONLY_COLUMNS)[number]>;

/** A registry citizen as a mirror row: raw values plus the blocking keys. */
export function mirrorRowOf(c: Citizen): MirrorRow {
  const reading = recordName(c.fullName);
  return {
    id: c.id,
    oldId: c.oldIdCard,
    fullName: c.fullName,
    birthDate: c.birthDate,
    birthYear: Number(c.birthDate.slice(0, 4)),
    sex: c.sex,
    birthProvince: c.birthPlace.provinceCode,
    residenceProvince: c.currentResidence.provinceCode,
    residenceCommune: c.currentResidence.commune,
    fatherName: c.father?.fullName ?? null,
    motherName: c.mother?.fullName ?? null,
    ...blockingKeysOf(reading),
  };
}

/**
 * A mirror row's features. Rows are fresh objects per request and at a million persons seldom the
 * same twice, so nothing is kept per row; what recurs is their names, parents and communes, which
 * personFeatures remembers for records (recordName).
 */
export function rowFeatures(r: ScoredRow): PersonFeatures {
  return personFeatures({
    id: r.id,
    fullName: r.fullName,
    birthDate: r.birthDate,
    sex: r.sex,
    birthPlace: r.birthProvince,
    residenceProvince: r.residenceProvince,
    residenceCommune: r.residenceCommune,
    fatherName: r.fatherName,
    motherName: r.motherName,
  }, { readings: false });
}
