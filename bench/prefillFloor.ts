/**
 * The floor the HTTP benchmarks compare Motlan with: bare express 5 and postgres.js doing the least
 * the same request's database work could be. No token check, no validation, no registry, no consent
 * decision, no signing, no audit chain. Started as a child process by bench/prefill.ts and
 * bench/vaultRead.ts:
 *
 *   node --import tsx bench/prefillFloor.ts   (DATABASE_URL, PORT, DATABASE_PREPARE=on|off as Motlan's)
 *
 * - POST /v1/prefill parses the same body, reads the applicant's documents in one indexed SELECT
 *   (subject by national ID, its document_subjects, the documents), writes one log row, answers JSON.
 * - GET /v1/documents/:id reads the same document row and its subjects in one SELECT by primary key
 *   and answers it as JSON.
 */
import express from 'express';
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => undefined, prepare: process.env.DATABASE_PREPARE !== 'off' });
const app = express();
app.disable('x-powered-by');
app.use(express.json());

app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});

app.post('/v1/prefill', async (req, res) => {
  const { dossierCode, applicant } = req.body as { dossierCode: string; applicant: { id: string } };
  const documents = await sql`
    select d.id, d.type, d.status, d.issue_date, d.valid_until
    from subjects s
    join document_subjects ds on ds.subject_id = s.id
    join documents d on d.id = ds.document_id
    where s.kind = 'citizen' and s.national_id = ${applicant.id}`;
  await sql`insert into bench_floor_log (dossier_code, national_id, documents) values (${dossierCode}, ${applicant.id}, ${documents.length})`;
  res.json({ dossierCode, documents });
});

app.get('/v1/documents/:id', async (req, res) => {
  const [document] = await sql`
    select d.*, (select json_agg(json_build_object('role', ds.role, 'subjectId', ds.subject_id)) from document_subjects ds where ds.document_id = d.id) as subjects
    from documents d where d.id = ${req.params.id}`;
  if (!document) return void res.status(404).json({ status: 404 });
  res.json(document);
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
const stop = () => server.close(() => void sql.end({ timeout: 5 }).then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
