import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { personalValues } from '../../support/logCapture';
import { findLeaks } from '../../support/logCheck';

// The check the API suites' teardown runs. If it cannot find a planted value, it proves nothing.

function runDir(logs: Record<string, string>, used: object[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motlan-logcheck-'));
  fs.writeFileSync(path.join(dir, 'api__a.test.ts.used.jsonl'), used.map((u) => JSON.stringify(u)).join('\n') + '\n');
  for (const [name, text] of Object.entries(logs)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const request = {
  subject: '082187004521',
  name: 'Nguyễn Thị Thu Hằng',
  birthDate: '1987-03-14',
  registry: { snapshot: { note: 'Con của ông Nguyễn Văn Bình', father: { fullName: 'Nguyễn Văn Bình' } } },
  contentBase64: 'JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFI+PgpzdHJlYW0K',
  sex: 'female',
  givenName: 'An',
};

describe('the personal values a request carried', () => {
  it('takes whole ID numbers anywhere and names, birth dates, notes and contents by key', () => {
    expect(personalValues(request)).toEqual([
      { kind: 'id', value: '082187004521' },
      { kind: 'name', value: 'Nguyễn Thị Thu Hằng' },
      { kind: 'birthDate', value: '1987-03-14' },
      { kind: 'note', value: 'Con của ông Nguyễn Văn Bình' },
      { kind: 'name', value: 'Nguyễn Văn Bình' },
      { kind: 'content', value: request.contentBase64.slice(0, 48) },
    ]);
  });
});

describe('looking for them in the logs', () => {
  const used = personalValues(request);

  it('when the logs hold none of them, then nothing is found', () => {
    const dir = runDir({ 'api__a.test.ts.log': '{"level":"info","req":{"url":"/v1/subjects/082*********?q=*"},"msg":"request completed"}\n' }, used);
    expect(findLeaks(dir)).toMatchObject({ leaks: [], logs: 1, lines: 1, values: used.length });
  });

  it.each([
    ['as sent, in another file’s log', 'api__b.test.ts.log', '{"subject":"082187004521"}', 'id'],
    ['decomposed (NFD)', 'api__b.test.ts.log', `{"who":"${'Nguyễn Thị Thu Hằng'.normalize('NFD')}"}`, 'name'],
    ['percent-encoded in a URL', 'api__b.test.ts.log', `{"url":"/portal?q=${encodeURIComponent('Nguyễn Thị Thu Hằng')}"}`, 'name'],
    ['form-encoded', 'api__b.test.ts.log', `{"url":"/x?q=${encodeURIComponent('Nguyễn Văn Bình').replace(/%20/g, '+')}"}`, 'name'],
    ['as dd/mm/yyyy', 'api__b.test.ts.log', '{"msg":"sinh ngày 14/03/1987"}', 'birthDate'],
    ['inside a failed query', 'api__b.test.ts.log', '{"err":{"message":"Failed query: insert …\\nparams: citizen,Con của ông Nguyễn Văn Bình"}}', 'note'],
  ])('when a value is in a log %s, then it is found', (_how, file, line, kind) => {
    const dir = runDir({ 'api__a.test.ts.log': '{"msg":"ok"}\n', [file]: `{"msg":"ok"}\n${line}\n` }, used);
    const { leaks } = findLeaks(dir);
    expect(leaks).toContainEqual(expect.objectContaining({ log: file, line: 2, kind }));
  });
});
