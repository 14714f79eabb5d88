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

// Every verify scores the claimed record and a dozen namesakes, every search up to forty rows, and
// the same common names come back request after request: normalising their names was half of a
// verify's CPU. Rows are fresh objects per request (they come from the database), so the cache is
// keyed by every value the features are made of, and a changed row is a new entry. Bounded like
// the word cache (personFeatures), and cleared when full. The features are shared: never mutated.
// 50,000 rows cost ≈ 140 MiB of resident memory under the verify benchmark for no CPU gain at a
// million persons (few rows recur there); 5,000 keeps the recurring common names.
const ROW_FEATURES_LIMIT = 5_000;
const rowFeaturesCache = new Map<string, PersonFeatures>();

export function rowFeatures(r: ScoredRow): PersonFeatures {
  const key = [r.id, r.fullName, r.birthDate, r.sex, r.birthProvince, r.residenceProvince, r.residenceCommune, r.fatherName, r.motherName].join('\u0000');
  let features = rowFeaturesCache.get(key);
  if (!features) {
    features = featuresOfRow(r);
    if (rowFeaturesCache.size >= ROW_FEATURES_LIMIT) rowFeaturesCache.clear();
    rowFeaturesCache.set(key, features);
  }
  return features;
}

function featuresOfRow(r: ScoredRow): PersonFeatures {
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
