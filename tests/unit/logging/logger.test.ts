import { Writable } from 'node:stream';
import { createLogger, maskIdentifiers, maskUrl } from '../../../src/logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', stream), text: () => lines.join('') };
}

describe('logs never carry raw identifiers or personal data', () => {
  it('masks personal IDs, old ID cards and tax codes in free text, keeping only the first three digits', () => {
    expect(maskIdentifiers('GET /v1/subjects/082187004521')).toBe('GET /v1/subjects/082*********');
    expect(maskIdentifiers('cmnd 311234567, mst 0100233488-001')).toBe('cmnd 311******, mst 010***********');
    expect(maskIdentifiers('dossier 000.17.22.H56-210531-0001')).toBe('dossier 000.17.22.H56-210531-0001');
  });

  it('logs a URL with its path masked and, of its query, the parameter names only', () => {
    expect(maskUrl('/portal/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj&x=1')).toBe('/portal/callback?code=*&state=*&x=*');
    expect(maskUrl('/v1/subjects/082187004521?purpose=1.000894')).toBe('/v1/subjects/082*********?purpose=*');
    expect(maskUrl('/portal/procedures?q=Nguy%E1%BB%85n+Th%E1%BB%8B+Thu+H%E1%BA%B1ng&ngaySinh=14/03/1987#top')).toBe('/portal/procedures?q=*&ngaySinh=*');
    expect(maskUrl('/v1/me/documents?Nguy%E1%BB%85n=1&&limit')).toBe('/v1/me/documents?…=*&limit=*');
    expect(maskUrl('/health/live')).toBe('/health/live');
  });

  it('when a database error quotes a national ID, then the logged error is masked in message, detail and stack', () => {
    const { logger, text } = capture();
    const error = Object.assign(new Error('duplicate key 082187004521'), { detail: 'Key (national_id)=(082187004521) already exists.' });
    logger.error({ err: error }, 'unhandled error');
    expect(text()).not.toContain('082187004521');
    expect(text()).toContain('082*********');
  });

  it('redacts names, ID fields, tokens and contents wherever they sit in a logged object', () => {
    const { logger, text } = capture();
    logger.info({ subject: { name: 'Nguyễn Thị Thu Hằng', nationalId: '082187004521' }, req: { headers: { authorization: 'Bearer abc.def.ghi' } }, content: 'JVBERi0x' }, 'ingest');
    for (const secret of ['Nguyễn', '082187004521', 'abc.def.ghi', 'JVBERi0x']) expect(text()).not.toContain(secret);
    expect(text()).toContain('[redacted]');
  });
});
