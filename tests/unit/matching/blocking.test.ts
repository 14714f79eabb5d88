import { memoryBlockingIndex, nearDates } from '../../../src/matching/blocking';
import { loadModel } from '../../../src/matching/matchingModel';
import { mirrorRowOf } from '../../../src/matching/mirrorRow';
import { personFeatures } from '../../../src/matching/personFeatures';
import { searchPersons } from '../../../src/matching/searchPersons';
import { generatePopulation } from '../../../src/connectors/population/populationGenerator';

const model = loadModel();
const people = [...generatePopulation({ seed: 5, count: 3000 })];

describe('blocking', () => {
  it('near dates change one digit of the day or month and stay valid dates', () => {
    const dates = nearDates(personFeatures({ birthDate: '1990-02-14' }));
    expect(dates).toContain('1990-02-15');
    expect(dates).toContain('1990-12-14');
    expect(dates).toContain('1990-02-04');
    expect(dates).toContain('1990-02-13');
    expect(nearDates(personFeatures({ birthDate: '1990-03-09' }))).toContain('1990-03-10');
    expect(dates).not.toContain('1990-02-14');
    expect(dates).not.toContain('1990-02-34');
    expect(dates).not.toContain('1990-02-30');
    expect(nearDates(personFeatures({ birthDate: '1990' }))).toEqual([]);
  });

  it('sex is never a blocking key: the wrong sex with a year-only date still finds the person', () => {
    const person = people.find((c) => c.birthDate.length === 10)!;
    const typed = personFeatures({ fullName: person.fullName, birthDate: person.birthDate.slice(0, 4), sex: person.sex === 'male' ? 'female' : 'male' });
    const index = memoryBlockingIndex(people.map(mirrorRowOf));
    expect(index.candidates(typed).map((f) => f.row.id)).toContain(person.id);
  });

  it('a mistyped given name and a day one off across a digit boundary together are found by the second stage (near_date_family)', async () => {
    const person = people.find((c) => c.birthDate.endsWith('-19') && c.name.given.length >= 3)!;
    const typed = personFeatures({
      fullName: [person.name.family, person.name.middle, `${person.name.given}x`].filter(Boolean).join(' '),
      birthDate: `${person.birthDate.slice(0, 8)}20`,
      sex: person.sex,
    });
    const index = memoryBlockingIndex(people.map(mirrorRowOf));
    expect(index.candidates(typed).some((f) => f.row.id === person.id)).toBe(false);
    const { ranking } = await searchPersons(index, model, typed, people.length, 5);
    expect(ranking.candidates[0]).toMatchObject({ row: { id: person.id }, pass: 'near_date_family' });
  });

  it('a mistyped family name and a day one off together are still found, by the second stage', async () => {
    const person = people.find((c) => c.birthDate.length === 10 && Number(c.birthDate.slice(8)) < 28 && c.name.family.length >= 3)!;
    const day = String(Number(person.birthDate.slice(8)) + 1).padStart(2, '0');
    const typed = personFeatures({
      fullName: `${person.name.family.slice(0, -1)}x ${[person.name.middle, person.name.given].filter(Boolean).join(' ')}`,
      birthDate: `${person.birthDate.slice(0, 8)}${day}`,
      sex: person.sex,
      birthPlace: person.birthPlace.provinceCode,
    });
    const index = memoryBlockingIndex(people.map(mirrorRowOf));
    expect(index.candidates(typed).some((f) => f.row.id === person.id)).toBe(false);
    const { ranking } = await searchPersons(index, model, typed, people.length, 5);
    expect(ranking.candidates.map((c) => c.row.id)).toContain(person.id);
  });
});
