import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { CORRUPTION_MIX, STRESS_CLASSES } from './evaluation/labelledQueries';
import { evaluate, metrics, reliability, type Matcher, type Outcome } from './evaluation/evaluate';
import { fitModel, MODEL_RULES } from './evaluation/fitModel';
import { fitSearchCalibration } from './evaluation/fitCalibration';
import { loadModel } from './matchingModel';
import type { MirrorRow } from './mirrorRow';
import { databaseBlocking } from './evaluation/databaseBlocking';
import { businessEvaluationCli } from './evaluation/businessEvaluation.cli';

const HELP = `Usage: npm run eval:matching -- [--count N] [--seed N] [--queries N]
       npm run eval:matching -- --fit [--fit-seed N] [--count N] [--queries N]

Evaluates identity matching on a synthetic population (real name frequencies, twins,
same-name-same-birth-date neighbours) with labelled, corrupted queries. The blocking passes
run over an in-memory index built from the same pass definitions as the database store, or,
with --database, in PostgreSQL through the service's own store. Prints, per corruption class
and overall, for Motlan and two baselines.

Options:
  --count N        population size (default 100000)
  --seed N         population and query seed (default 7); must differ from the fit seed
  --queries N      how many labelled queries (default 10000)
  --database URL   run blocking in PostgreSQL: a scratch database is created next to the one
                   URL names (e.g. postgres://postgres@127.0.0.1:5432/postgres), loaded with
                   the population, and dropped at the end
  --dump FILE      also write Motlan's answer to every query, one JSON object a line (class,
                   mode, decision, margin, namesakes, the true person's rank, levels)
  --fit            fit m/u/term frequencies and the search calibration instead, and write
                   src/matching/model.json
  --fit-seed N     seed for --fit (default 1001)
  --businesses     evaluate business search instead (--businesses --help for its options)
  -h, --help       this text`;

function fail(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

function whole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a whole number, not "${value}"`);
  return Number(value);
}

const pct = (x: number) => (x * 100).toFixed(2).padStart(6);
// The calibration needs many labelled searches near the threshold, and costs far less per query than EM.
const CALIBRATION_QUERIES = 3;
const MATCHERS: Matcher[] = ['motlan', 'fs_generic', 'mosip_style'];

function table(title: string, groups: Array<[string, Outcome[]]>): void {
  console.log(`\n${title}`);
  console.log(`${'class'.padEnd(22)} ${'n'.padStart(6)} | ${MATCHERS.map((m) => `${m}: P% R% F1% poss% top5%`.padEnd(40)).join(' | ')} | blockPC% cand  ECE`);
  for (const [name, outcomes] of groups) {
    const cells = MATCHERS.map((matcher) => {
      const m = metrics(outcomes.filter((o) => o.matcher === matcher));
      return `${pct(m.precision)} ${pct(m.recall)} ${pct(m.f1)} ${pct(m.possibleShare)} ${pct(m.top5)}`.padEnd(40);
    });
    const ours = metrics(outcomes.filter((o) => o.matcher === 'motlan'));
    console.log(
      `${name.padEnd(22)} ${String(ours.n).padStart(6)} | ${cells.join(' | ')} | ${pct(ours.pairsCompleteness)} ${ours.meanCandidates.toFixed(0).padStart(4)} ${ours.calibrationError === null ? '   -' : ours.calibrationError.toFixed(4)}`,
    );
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--businesses')) {
    void businessEvaluationCli(process.argv.slice(2).filter((a) => a !== '--businesses'));
    return;
  }
  let values;
  try {
    ({ values } = parseArgs({
      options: { count: { type: 'string' }, seed: { type: 'string' }, queries: { type: 'string' }, database: { type: 'string' }, dump: { type: 'string' }, fit: { type: 'boolean' }, 'fit-seed': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(HELP);
    return;
  }
  const count = whole('count', values.count, 100_000);
  const queries = whole('queries', values.queries, 10_000);
  const started = Date.now();
  if (values.fit) {
    const seed = whole('fit-seed', values['fit-seed'], 1001);
    const fitted = fitModel({ seed, count, queries, version: `vn-fs-${new Date().toISOString().slice(0, 7)}.${MODEL_RULES}.s${seed}` });
    const model = { ...fitted, searchCalibration: await fitSearchCalibration(fitted, { seed, count, queries: queries * CALIBRATION_QUERIES }) };
    const file = path.join(__dirname, 'model.json');
    writeFileSync(file, `${JSON.stringify(model, null, 2)}\n`);
    console.error(`fitted on seed ${seed}: ${model.fitted.pairs} pairs in ${((Date.now() - started) / 1000).toFixed(1)} s → ${file}`);
    return;
  }
  const seed = whole('seed', values.seed, 7);
  const model = loadModel();
  if (model.fitted.seed === seed) fail(`--seed ${seed} is the seed the model was fitted on: evaluate on another`);
  const bar = new SingleBar({ stream: process.stderr, format: 'queries [{bar}] {percentage}% | {value}/{total} | eta {eta}s' }, Presets.shades_classic);
  bar.start(queries, 0);
  let close: () => Promise<void> = async () => undefined;
  const blockingOf = values.database
    ? async (rows: MirrorRow[]) => {
        bar.stop();
        const blocking = await databaseBlocking(values.database!, rows);
        close = blocking.close;
        bar.start(queries, 0);
        return blocking;
      }
    : undefined;
  let outcomes: Outcome[];
  try {
    outcomes = await evaluate(model, { seed, count, queries }, (n) => bar.update(n), blockingOf);
  } finally {
    await close();
  }
  bar.update(queries);
  bar.stop();

  if (values.dump) {
    const lines = outcomes
      .filter((o) => o.matcher === 'motlan')
      .map((o) => JSON.stringify({ cls: o.query.cls, mode: o.query.mode, name: o.query.input.fullName, birthDate: o.query.input.birthDate, decision: o.decision, correct: o.correct, inTop5: o.inTop5, blocked: o.blocked, candidates: o.candidates, probability: o.probability, firstLogOdds: o.firstLogOdds, ...o.detail }));
    writeFileSync(values.dump, `${lines.join('\n')}\n`);
  }
  console.log(`model ${model.version} (fitted on seed ${model.fitted.seed}), thresholds ${model.thresholds.version}; population ${count}, seed ${seed}, ${queries} queries, ${values.database ? 'blocking in PostgreSQL' : 'in-memory blocking'}`);
  console.log('P/R/F1 of `match`; poss = share of `possible`; top5 = true person match/possible within the first 5; blockPC = pairs completeness of blocking (search); cand = mean candidates scored (search)');
  const sample = outcomes.filter((o) => !STRESS_CLASSES.has(o.query.cls));
  const stress = outcomes.filter((o) => STRESS_CLASSES.has(o.query.cls));
  const byClass = (mode: string) =>
    CORRUPTION_MIX.map(([cls]) => [cls, sample.filter((o) => o.query.cls === cls && o.query.mode === mode)] as [string, Outcome[]]).filter(([, o]) => o.length);
  table('VERIFY (claimed ID: 12-digit, or old 9-digit resolved through the mirror)', [...byClass('verify'), ['ALL verify', sample.filter((o) => o.query.mode === 'verify')]]);
  table('SEARCH (no ID, or a mistyped one)', [...byClass('search'), ['ALL search', sample.filter((o) => o.query.mode === 'search')]]);
  table('OVERALL', [['all queries', sample], ['clean', sample.filter((o) => o.query.cls === 'clean')], ['with an error', sample.filter((o) => o.query.cls !== 'clean')]]);
  table('STRESS, not in the totals (absent from the mirror, a same-name same-date namesake in it: drawn far above any real rate)', [...STRESS_CLASSES].map((cls) => [cls, stress.filter((o) => o.query.cls === cls)] as [string, Outcome[]]));
  console.log('\nCALIBRATION of motlan (probability of the decided record: predicted against observed)');
  console.log(`${'mode'.padEnd(7)} ${'probability'.padEnd(18)} ${'n'.padStart(6)} ${'predicted'.padStart(10)} ${'observed'.padStart(10)}`);
  for (const mode of ['verify', 'search']) {
    for (const bin of reliability(sample.filter((o) => o.matcher === 'motlan' && o.query.mode === mode))) {
      if (!bin.n) continue;
      console.log(`${mode.padEnd(7)} ${`[${bin.from}, ${bin.to}${bin.to === 1 ? ']' : ')'}`.padEnd(18)} ${String(bin.n).padStart(6)} ${bin.predicted.toFixed(5).padStart(10)} ${bin.observed.toFixed(5).padStart(10)}`);
    }
  }
  const wrongMatches = sample.filter((o) => o.matcher === 'motlan' && o.decision === 'match' && !o.correct);
  const stressMatches = stress.filter((o) => o.matcher === 'motlan' && o.decision === 'match');
  const hard = wrongMatches.filter((o) => /twin|neighbour|impostor/.test(o.query.cls));
  const absent = wrongMatches.filter((o) => o.query.cls === 'not_in_mirror');
  console.log(`\nmotlan wrong matches: ${wrongMatches.length} (twins/neighbours/impostors: ${hard.length}; people not in the mirror: ${absent.length}); stress: ${stressMatches.length} of ${stress.filter((o) => o.matcher === 'motlan').length} absent people matched to their namesake; ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
