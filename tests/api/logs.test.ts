import { sql } from 'drizzle-orm';
import { makeCitizenId } from '../../src/ids';
import { capturedLog } from '../support/logCapture';
import { startTestApp, tokens, type TestApp } from '../support/testApp';

// The log of this file is also read by the run's teardown (tests/support/logCheck.ts), which looks
// for every value below in every test file's log. These tests look at the lines themselves: what a
// failed query and a request with personal data in its query string leave behind.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const thao = {
  id: makeCitizenId({ provinceCode: '087', sex: 'female', birthYear: 1992, serial: 31_407 }),
  name: 'Phạm Thị Phương Thảo',
  birthDate: '1992-08-23',
  oldIdCard: '341567892',
  note: 'Đã đổi tên đệm theo quyết định của UBND huyện Cao Lãnh',
};

const operator = async () => ({ Authorization: `Bearer ${await tokens.operator()}` });

function linesWith(msg: string) {
  return capturedLog().filter((line) => line.msg === msg);
}

describe('what the logs keep of a failed query', () => {
  beforeAll(async () => {
    // A real refusal by the database, on either engine: a constraint no registration can satisfy,
    // added to this file's own copy of the schema. NOT VALID leaves the rows already there alone.
    await app.database.db.execute(sql.raw(`alter table subjects add constraint logs_test_refuses check (name_key = '') not valid`));
  });

  it('when the database refuses a registration, then the 500 is logged with the statement, the SQLSTATE and the constraint, and without the name, birth date, note or ID numbers', async () => {
    const before = linesWith('unhandled error').length;
    const res = await app.http
      .put(`/v1/subjects/${thao.id}`)
      .set(await operator())
      .send({
        name: thao.name,
        birthDate: thao.birthDate,
        sex: 'female',
        registry: { source: 'operator', at: '2026-11-02T02:00:00Z', snapshot: { hoTen: thao.name, note: thao.note } },
        aliases: [{ kind: 'old_id_card', value: thao.oldIdCard }],
      })
      .expect(500);
    expect(res.body.type).toMatch(/internal-error$/);

    const logged = linesWith('unhandled error').slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.req).toMatchObject({ method: 'PUT', url: `/v1/subjects/${thao.id.slice(0, 3)}*********` });
    const err = logged[0]!.err as { type: string; message: string; query: string; cause: { code: string; constraint: string; table: string; detail?: string } };
    expect(err.type).toBe('DrizzleQueryError');
    expect(err.query).toMatch(/^insert into "subjects"/);
    expect(err.cause).toMatchObject({ code: '23514', constraint: 'logs_test_refuses', table: 'subjects' });
    const text = JSON.stringify(capturedLog());
    for (const value of [thao.name, thao.name.normalize('NFD'), 'phạm thị phương thảo', 'pham thi phuong thao', thao.birthDate, thao.note, thao.id, thao.oldIdCard]) {
      expect(text).not.toContain(value);
    }
  });
});

describe('what the logs keep of a request line', () => {
  it('when a query string carries a name, a birth date and an ID, then the request is logged with the parameter names only', async () => {
    const query = new URLSearchParams({ hoTen: thao.name, ngaySinh: thao.birthDate, cccd: thao.id }).toString();
    const res = await app.http.get(`/v1/subjects/${thao.id}?${query}`).set(await operator());
    const line = capturedLog().find((l) => (l.req as { id?: string } | undefined)?.id === res.headers['x-request-id'] && l.res);
    expect(line).toBeDefined();
    expect((line!.req as { url: string }).url).toBe(`/v1/subjects/${thao.id.slice(0, 3)}*********?hoTen=*&ngaySinh=*&cccd=*`);
  });
});
