export { normaliseBusinessName } from './businessName';
export type { BusinessName, LegalFormCode } from './businessName';
export { canonicalTone, foldCase, foldDiacritics, foldedKey, nameKey, normaliseText } from './normalise';
export { phoneticKey, splitFullName, surnameEquivalenceClass } from './personName';
export type { PersonName } from './personName';
