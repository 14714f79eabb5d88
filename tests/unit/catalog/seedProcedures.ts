import fs from 'node:fs';
import path from 'node:path';
import type { ProcedureInput } from '../../../src/catalog/catalog.types';

const MIGRATIONS = path.join(__dirname, '../../../migrations');

/** The procedures the seed migration inserts, read from its JSON array, as PUT bodies with their code. */
export function seededProcedures(): Array<ProcedureInput & { code: string }> {
  const file = fs.readdirSync(MIGRATIONS).find((f) => f.endsWith('_procedures_seed.sql'));
  if (!file) throw new Error('No *_procedures_seed.sql migration');
  const sql = fs.readFileSync(path.join(MIGRATIONS, file), 'utf8');
  const match = /\$seed\$([\s\S]*?)\$seed\$/.exec(sql);
  if (!match) throw new Error(`${file} holds no $seed$ … $seed$ JSON array`);
  return JSON.parse(match[1]!) as Array<ProcedureInput & { code: string }>;
}
