import { memoryBlockingIndex, nearDates, PASS_CAP, yearOffDates } from '../../../src/matching/blocking';
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

  it('the dates a year off keep the day and month, and stay valid dates', () => {
    expect(yearOffDates(personFeatures({ birthDate: '1988-10-25' }))).toEqual(['1987-10-25', '1989-10-25']);
    expect(yearOffDates(personFeatures({ birthDate: '2004-02-29' }))).toEqual([]);
    expect(yearOffDates(personFeatures({ birthDate: '1988' }))).toEqual([]);
  });

  describe('when a common name fills the year pass beyond its cap (a million people)', () => {
    const template = people.find((c) => c.sex === 'male' && c.birthDate.length === 10)!;
    const hung = (id: number, birthDate: string) =>
      mirrorRowOf({ ...template, id: `0010${String(id).padStart(8, '0')}`, fullName: 'Nguyễn Văn Hùng', name: { family: 'Nguyễn', middle: 'Văn', given: 'Hùng' }, birthDate });
    // More namesakes born in 1987 than the pass returns, each on another day than the person's.
    const crowd = Array.from({ length: PASS_CAP + 20 }, (_, i) => hung(i, `1987-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`));
    const person = hung(999_999, '1988-10-30');
    const index = memoryBlockingIndex([...crowd, person]);

    it('then a year-only date still finds the person born in the typed year: it is asked first', () => {
      const found = index.candidates(personFeatures({ fullName: 'Nguyễn Văn Hùng', birthDate: '1988', sex: 'male' }));
      expect(found.map((f) => f.row.id)).toContain(person.id);
    });

    it('then a full date typed a year off still finds the person, by the same day a year earlier or later', () => {
      const found = index.candidates(personFeatures({ fullName: 'Nguyễn Văn Hùng', birthDate: '1989-10-30', sex: 'male' }));
      expect(found.find((f) => f.row.id === person.id)?.pass).toBe('birth_date_given');
    });
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

  it('a birth place typed as a 2025 province is looked for in each former province it merged', () => {
    const index = memoryBlockingIndex(people.map(mirrorRowOf));
    const bornIn = (codes: string[]) => people.find((c) => codes.includes(c.birthPlace.provinceCode) && c.birthPlace.provinceCode !== codes[0])!;
    // Born in Tiền Giang (082), typed as the new Đồng Tháp (82), which kept old Đồng Tháp's (087) name.
    const person = bornIn(['087', '082']);
    const typed = personFeatures({ fullName: `${person.name.family} ${person.name.given}x`, birthDate: person.birthDate.slice(0, 4), birthPlace: 'Đồng Tháp' });
    const found = index.candidates(typed, ['province_year_family']);
    expect(found.find((f) => f.row.id === person.id)).toMatchObject({ pass: 'province_year_family' });
    expect(found.every((f) => ['087', '082'].includes(f.row.birthProvince!))).toBe(true);
    expect(index.candidates({ ...typed, birthProvince: '087' }, ['province_year_family']).some((f) => f.row.id === person.id)).toBe(false);
  });
});
