import type { Citizen } from '../connectors';
import { blockingKeysOf, nameReadings, personFeatures, type PersonFeatures } from './personFeatures';
import type { registryPersons } from './matching.tables';

export type MirrorRow = Omit<typeof registryPersons.$inferSelect, 'loadedAt'>;

/** A registry citizen as a mirror row: raw values plus the blocking keys. */
export function mirrorRowOf(c: Citizen): MirrorRow {
  const reading = nameReadings(c.fullName)[0]!; // registry names are stored in order
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

export function rowFeatures(r: MirrorRow): PersonFeatures {
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
