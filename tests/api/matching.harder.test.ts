import { eq } from 'drizzle-orm';
import { auditEntries } from '../../src/audit/audit.tables';
import type { Citizen } from '../../src/connectors';
import { generatePopulation } from '../../src/connectors/population/populationGenerator';
import { makeCitizenId } from '../../src/ids';
import { matchingStore } from '../../src/matching/matching.store';
import { mirrorRowOf } from '../../src/matching/mirrorRow';
import { expectToMatchSchema } from '../support/contract';
import { startTestApp, tokens, type TestApp } from '../support/testApp';

// Issue 17: identity matching on harder data. The mirror holds generated people plus the few whom
// each case needs, built on a generated person so that every other attribute is realistic.
const people: Citizen[] = [...generatePopulation({ seed: 31, count: 300 })];
const template = people.find((c) => c.birthDate.length === 10 && c.sex === 'male')!;
let serial = 900_000;

function citizen(fullName: string, birthDate: string, sex: 'male' | 'female', provinceCode = '001'): Citizen {
  const words = fullName.split(' ');
  return {
    ...template,
    id: makeCitizenId({ provinceCode, sex, birthYear: Number(birthDate.slice(0, 4)), serial: serial++ }),
    oldIdCard: null,
    fullName,
    name: { family: words[0]!, middle: words.slice(1, -1).join(' '), given: words.at(-1)! },
    birthDate,
    sex,
    birthPlace: { ...template.birthPlace, provinceCode },
    father: null,
    mother: null,
  };
}

// Cause 1: two Phan Văn Minh of 1982, one born 19 February, one 19 April.
const minhFeb = citizen('Phan Văn Minh', '1982-02-19', 'male');
const minhApr = citizen('Phan Văn Minh', '1982-04-19', 'male');
// Cause 2: a "Nguyễn Hồng Hương" and a "Nguyễn Hương" of the same year.
const huongHong = citizen('Nguyễn Hồng Hương', '1990-05-12', 'female');
const huong = citizen('Nguyễn Hương', '1990-08-03', 'female');
// Causes 4 and 6: people searched for with a mistyped given name and day, or a wrong sex.
const khoa = citizen('Lương Đình Khoa', '1975-06-19', 'male', '038');
const nhung = citizen('Đặng Thị Nhung', '1968-11-30', 'female', '040');
// Model r7: two Nguyễn Văn Hùng born a day apart, each of whom must still be able to verify.
const hung19 = citizen('Nguyễn Văn Hùng', '1985-03-19', 'male');
const hung20 = citizen('Nguyễn Văn Hùng', '1985-03-20', 'male');
// Issue 16: verify reads, with the record, the people a full date fits; the rest of the year only when they could count.
const locDay = citizen('Trần Văn Lộc', '1949-10-29', 'male', '004');
const locYear = citizen('Trần Văn Lộc', '1949', 'male', '004');
const tamDay = citizen('Đỗ Minh Tâm', '1952-07-14', 'male', '036');
const tamMarch = citizen('Đỗ Minh Tâm', '1952-03', 'male', '036');
const son2020 = citizen('Nguyễn Anh Sơn', '2020-02-11', 'male', '079');
const son2018 = citizen('Nguyễn Anh Sơn', '2018-08-03', 'male', '079');
// Places typed under the 2025 provinces: born and living in Tiền Giang, which is now part of Đồng Tháp (82).
const duyen = {
  ...citizen('Huỳnh Thị Mỹ Duyên', '1991-07-23', 'female', '082'),
  currentResidence: { line: '12 ấp Mỹ Lợi', commune: 'Xã Tân Mỹ Chánh', province: 'Tiền Giang', provinceCode: '082' },
};
const mirrored = [...people, minhFeb, minhApr, huongHong, huong, khoa, nhung, hung19, hung20, locDay, locYear, tamDay, tamMarch, son2020, son2018, duyen];

let app: TestApp;
let auth: { Authorization: string };

beforeAll(async () => {
  app = await startTestApp();
  await matchingStore(app.database.db).upsert(mirrored.map(mirrorRowOf));
  auth = { Authorization: `Bearer ${await tokens.agency('000.00.00.H56', ['identity'])}` };
});
afterAll(async () => {
  await app?.close();
});

const attribute = (body: { attributes: Array<{ attribute: string; level: string; bits: number }> }, name: string) => body.attributes.find((a) => a.attribute === name)!;

describe('verify: an impostor with a typo (cause 1)', () => {
  it('when someone types "Phan Văn Miqh", 19 Feb 1982, with the ID of the Phan Văn Minh born 19 Apr, then not a match: the one born 19 Feb is a namesake', async () => {
    const res = await app.http
      .post('/v1/identity/verify')
      .set(auth)
      .send({ id: minhApr.id, fullName: 'Phan Văn Miqh', birthDate: '1982-02-19', sex: 'male' })
      .expect(200);
    expectToMatchSchema(res.body, 'matching/verification');
    expect(res.body.decision).not.toBe('match');
    expect(res.body.namesakes).toBeGreaterThanOrEqual(1);
    expect(res.body.marginBits).toBeLessThan(0);
  });

  it('when the real Phan Văn Minh of 19 April types his name with the same typo, then match', async () => {
    const res = await app.http
      .post('/v1/identity/verify')
      .set(auth)
      .send({ id: minhApr.id, fullName: 'Phan Văn Miqh', birthDate: '1982-04-19', sex: 'male' })
      .expect(200);
    expect(res.body.decision).toBe('match');
  });
});

describe('verify: a middle name typed that the record lacks is not a middle name dropped (cause 2)', () => {
  it('when "Nguyễn Hồng Hương", born 1990, is typed exactly, then match although a "Nguyễn Hương" of 1990 is in the mirror', async () => {
    const res = await app.http.post('/v1/identity/verify').set(auth).send({ id: huongHong.id, fullName: 'Nguyễn Hồng Hương', birthDate: '1990', sex: 'female' }).expect(200);
    expect(res.body).toMatchObject({ decision: 'match', namesakes: 0 });
  });

  it('when "Nguyễn Hồng Hương" is typed with the ID of the "Nguyễn Hương", then the middle name is explained as added, with less weight than dropped', async () => {
    const added = await app.http.post('/v1/identity/verify').set(auth).send({ id: huong.id, fullName: 'Nguyễn Hồng Hương', birthDate: '1990', sex: 'female' }).expect(200);
    const dropped = await app.http.post('/v1/identity/verify').set(auth).send({ id: huongHong.id, fullName: 'Nguyễn Hương', birthDate: '1990', sex: 'female' }).expect(200);
    expectToMatchSchema(added.body, 'matching/verification');
    expect(attribute(added.body, 'middle')).toMatchObject({ level: 'added', levelLabel: { en: expect.stringMatching(/record lacks/) } });
    expect(attribute(dropped.body, 'middle')).toMatchObject({ level: 'dropped' });
    expect(added.body.decision).not.toBe('match');
    expect(attribute(added.body, 'middle').bits).toBeLessThan(attribute(dropped.body, 'middle').bits);
  });
});

describe('search: blocking gaps (cause 4)', () => {
  it('when the given name is mistyped and the birth day is one off, then the person is found', async () => {
    const res = await app.http.post('/v1/identity/search').set(auth).send({ fullName: 'Lương Đình Khao', birthDate: '1975-06-18', sex: 'male' }).expect(200);
    expectToMatchSchema(res.body, 'matching/search-result');
    expect(res.body.candidates[0]).toMatchObject({ id: khoa.id, pass: 'near_date_family' });
    expect(res.body.candidates[0].decision).not.toBe('non_match');
  });

  it('when the wrong sex is typed with a year-only date, then the person is still found', async () => {
    const res = await app.http.post('/v1/identity/search').set(auth).send({ fullName: 'Đặng Thị Nhung', birthDate: '1968', sex: 'male' }).expect(200);
    expect(res.body.candidates.map((c: { id: string }) => c.id)).toContain(nhung.id);
  });
});

describe('verify: a sex that contradicts the ID (cause 6)', () => {
  it('when only the sex is wrong and everything else agrees, then match, the sex weighed as different and no hard conflict; audited', async () => {
    const res = await app.http.post('/v1/identity/verify').set(auth).send({ id: nhung.id, fullName: 'Đặng Thị Nhung', birthDate: '1968-11-30', sex: 'male', birthPlace: '040' }).expect(200);
    expectToMatchSchema(res.body, 'matching/verification');
    expect(res.body.decision).toBe('match');
    expect(attribute(res.body, 'sex').level).toBe('different');
    expect(res.body.conflicts).toEqual([]);
    const audit = await app.database.db.select().from(auditEntries).where(eq(auditEntries.requestId, res.headers['x-request-id']!));
    expect(audit).toEqual([expect.objectContaining({ action: 'identity.verify', rule: expect.stringContaining('matching:match') })]);
  });

  it('when the sex is wrong and the birth date disagrees too, then the hard conflict stands', async () => {
    const res = await app.http.post('/v1/identity/verify').set(auth).send({ id: nhung.id, fullName: 'Đặng Thị Nhung', birthDate: '1968-03-02', sex: 'male' }).expect(200);
    expect(res.body.decision).not.toBe('match');
    expect(res.body.conflicts).toEqual([expect.objectContaining({ code: 'sex_contradicts_id', hard: true })]);
  });
});

describe('verify: the margin to a namesake counts the claimed ID (model r7)', () => {
  it('when the Nguyễn Văn Hùng born 19 March 1985 types his details with his own ID and a namesake born the next day is in the mirror, then match', async () => {
    const res = await app.http.post('/v1/identity/verify').set(auth).send({ id: hung19.id, fullName: 'Nguyễn Văn Hùng', birthDate: '1985-03-19', sex: 'male' }).expect(200);
    expectToMatchSchema(res.body, 'matching/verification');
    expect(res.body).toMatchObject({ decision: 'match', namesakes: 0 });
    // His date exact against the namesake's one-day slip, plus the claim of his own ID.
    expect(res.body.marginBits).toBeGreaterThanOrEqual(6);
  });

  it('when the same details are typed with the ID of the one born 20 March, then not a match: the one born 19 March fits better', async () => {
    const res = await app.http.post('/v1/identity/verify').set(auth).send({ id: hung20.id, fullName: 'Nguyễn Văn Hùng', birthDate: '1985-03-19', sex: 'male' }).expect(200);
    expect(res.body.decision).not.toBe('match');
    expect(res.body.namesakes).toBeGreaterThanOrEqual(1);
    expect(res.body.marginBits).toBeLessThan(0);
  });
});

/** A verify whose typed date fits a namesake as well as the claimed record: the date at `level`, no match, one namesake. */
async function expectHeldBack(claims: Record<string, string>, level: string) {
  const res = await app.http.post('/v1/identity/verify').set(auth).send(claims).expect(200);
  expect(attribute(res.body, 'birthDate').level).toBe(level);
  expect(res.body.decision).not.toBe('match');
  expect(res.body.namesakes).toBe(1);
  return res;
}

describe('verify: the namesakes a typed date fits, and the rest of the years when they could count (issue 16)', () => {
  it('when "Trần Văn Lộc" types 28 October 1949 with his ID (his record says the 29th) and another of 1949 is recorded with the year only, then not a match: the year fits that one as well', async () => {
    const res = await expectHeldBack({ id: locDay.id, fullName: 'Trần Văn Lộc', birthDate: '1949-10-28', sex: 'male' }, 'one_digit');
    expectToMatchSchema(res.body, 'matching/verification');
    expect(res.body.marginBits).toBeLessThan(6);
  });

  it('when he types his birth date exactly, then match: the year-only record fits it less well by more than the margin', async () => {
    const res = await app.http.post('/v1/identity/verify').set(auth).send({ id: locDay.id, fullName: 'Trần Văn Lộc', birthDate: '1949-10-29', sex: 'male' }).expect(200);
    expect(res.body).toMatchObject({ decision: 'match', namesakes: 0 });
  });

  it('when "Đỗ Minh Tâm" types 15 July 1952 with his ID (his record says the 14th) and another is recorded as born in March 1952, month only, then not a match: a year-and-month record of that year weighs as a year', async () => {
    await expectHeldBack({ id: tamDay.id, fullName: 'Đỗ Minh Tâm', birthDate: '1952-07-15', sex: 'male' }, 'one_digit');
  });

  it('when 11 February 2019 is typed with the ID of the Nguyễn Anh Sơn born 11 February 2020 and another born in August 2018 is in the mirror, then not a match: a year off fits both alike', async () => {
    await expectHeldBack({ id: son2020.id, fullName: 'Nguyễn Anh Sơn', birthDate: '2019-02-11', sex: 'male', birthPlace: '079' }, 'year_near');
  });

  it('when his birth date is typed exactly, then match, with no namesake', async () => {
    const res = await app.http.post('/v1/identity/verify').set(auth).send({ id: son2020.id, fullName: 'Nguyễn Anh Sơn', birthDate: '2020-02-11', sex: 'male', birthPlace: '079' }).expect(200);
    expect(res.body).toMatchObject({ decision: 'match', namesakes: 0 });
  });

  it('when only the year 2019 is typed with his ID, then not a match: the one born in 2018 is read too, and a year off fits both alike', async () => {
    await expectHeldBack({ id: son2020.id, fullName: 'Nguyễn Anh Sơn', birthDate: '2019', sex: 'male' }, 'year_near');
  });

  it('when only his own year is typed, then match, with no namesake', async () => {
    const res = await app.http.post('/v1/identity/verify').set(auth).send({ id: son2020.id, fullName: 'Nguyễn Anh Sơn', birthDate: '2020', sex: 'male' }).expect(200);
    expect(attribute(res.body, 'birthDate').level).toBe('year_only');
    expect(res.body).toMatchObject({ decision: 'match', namesakes: 0 });
  });
});

describe('places typed under the 2025 provinces', () => {
  const typed = { fullName: 'Huỳnh Thị Mỹ Duyên', birthDate: '1991-07-23', sex: 'female', birthPlace: 'Đồng Tháp', residence: { province: 'Tỉnh Đồng Tháp', commune: 'Xã Tân Mỹ Chánh' } };

  it('when a search types the new Đồng Tháp for a woman born and living in Tiền Giang, then she is a match, each place explained as the province formed on 1 July 2025', async () => {
    const res = await app.http.post('/v1/identity/search').set(auth).send(typed).expect(200);
    expectToMatchSchema(res.body, 'matching/search-result');
    expect(res.body.candidates[0]).toMatchObject({ id: duyen.id, decision: 'match', conflicts: [] });
    const place = attribute(res.body.candidates[0], 'birthPlace');
    expect(place).toMatchObject({ level: 'agree', query: '82/087', record: '082', levelLabel: { vi: expect.stringContaining('1/7/2025'), en: expect.stringContaining('1 July 2025') } });
    expect(attribute(res.body.candidates[0], 'residence')).toMatchObject({ level: 'commune', levelLabel: { en: expect.stringContaining('1 July 2025') } });
  });

  it('when verify gives her ID with the 2025 code 82 as birth place, then match; with the code of another 2025 province, the birth place is different', async () => {
    const same = await app.http.post('/v1/identity/verify').set(auth).send({ ...typed, id: duyen.id, birthPlace: '82' }).expect(200);
    expectToMatchSchema(same.body, 'matching/verification');
    expect(same.body.decision).toBe('match');
    const other = await app.http.post('/v1/identity/verify').set(auth).send({ ...typed, id: duyen.id, birthPlace: '86' }).expect(200);
    expect(attribute(other.body, 'birthPlace')).toMatchObject({ level: 'different', query: '86' });
    expect(attribute(other.body, 'birthPlace').bits).toBeLessThan(attribute(same.body, 'birthPlace').bits);
  });
});
