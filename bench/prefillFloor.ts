/**
 * The floor the prefill benchmark compares Motlan with: bare express 5 and postgres.js doing the
 * least a prefill's database work could be. It parses the same body, reads the applicant's
 * documents in one indexed SELECT (subject by national ID, its document_subjects, the documents),
 * writes one log row, and answers JSON. No token check, no validation, no registry, no consent
 * decision, no signing, no audit chain. Started as a child process by bench/prefill.ts:
 *
 *   node --import tsx bench/prefillFloor.ts   (DATABASE_URL, PORT, DATABASE_PREPARE=on|off as Motlan's)
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

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
const stop = () => server.close(() => void sql.end({ timeout: 5 }).then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
