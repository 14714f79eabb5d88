import type { Figures } from './figures';
import { startProdNodeArgs } from './productionMotlan';
import type { ScenarioOutcome } from './runScenario';

export interface ScenarioResult extends ScenarioOutcome {
  scenario: string;
  command: string;
  figures: Figures[];
  /** The scenario's own Markdown report, when it writes one. */
  details: string | undefined;
}

interface Report {
  started: Date;
  finished: Date;
  command: string;
  machine: { cpu: string; memoryGiB: number; kernel: string };
  versions: { node: string; postgres: string; commit: string };
  sizes: { citizens: number; documents: number; persons: number; connections: number; importLines: number; larger: number };
  results: ScenarioResult[];
}

const MB_PER_MIB = 1.048576;
const n0 = (v: number) => Math.round(v).toLocaleString('en');
const ms = (v: number | undefined) => (v === undefined ? '–' : v < 10 ? v.toFixed(1) : v.toFixed(0));
const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const yes = (met: boolean) => (met ? '**met**' : '**not met**');

/** bench/RESULTS.md: what one `npm run bench` measured, against the targets of issue 16. */
export function resultsMarkdown(r: Report): string {
  const of = (scenario: string) => r.results.find((x) => x.scenario === scenario);
  const floorOf = (s: ScenarioResult) => s.figures.find((f) => f.label.startsWith('floor'));
  const motlanOf = (s: ScenarioResult) => s.figures.find((f) => f.label.startsWith('Motlan'));
  const ratio = (s: ScenarioResult) => {
    const floor = floorOf(s);
    const motlan = motlanOf(s);
    return floor && motlan ? motlan.rps / floor.rps : undefined;
  };

  const rows: string[] = [];
  for (const s of r.results) {
    for (const f of s.figures) {
      const isMotlan = f.label.startsWith('Motlan');
      const q = ratio(s);
      const rate = s.scenario === 'import' ? `${n0(f.rps)} lines/s` : n0(f.rps);
      rows.push(`| ${s.scenario} | ${f.label} | ${rate} | ${s.scenario === 'import' ? '–' : ms(f.p50)} | ${s.scenario === 'import' ? '–' : `${ms(f.p95)} / ${ms(f.p99)}`} | ${f.cpuMs.server ? ms(f.cpuMs.server) : '–'} / ${ms(f.cpuMs.postgres)} | ${f.rssMiB ? n0(f.rssMiB) : '–'} | ${isMotlan && q !== undefined ? `${q.toFixed(3)} ×` : ''} | ${n0(f.requests)}${f.failed ? ` (${n0(f.failed)} failed)` : ''} | ${f.othersCpuPercent === undefined ? '–' : `${f.othersCpuPercent.toFixed(0)}%`} |`);
    }
    if (!s.figures.length) rows.push(`| ${s.scenario} | FAILED (exit ${s.exitCode}): no figures | | | | | | | | |`);
  }

  const targets: string[] = [];
  const prefill = of('prefill');
  if (prefill && motlanOf(prefill) && ratio(prefill) !== undefined) {
    const q = ratio(prefill)!;
    const p99 = motlanOf(prefill)!.p99;
    targets.push(`| prefill ≥ 0.35 × the floor's requests/s, p99 ≤ 100 ms at ${r.sizes.connections} connections | ${q.toFixed(3)} ×, p99 ${ms(p99)} ms | ${yes(q >= 0.35 && p99 <= 100)} |`);
  }
  const read = of('read');
  if (read && ratio(read) !== undefined) targets.push(`| vault read GET /v1/documents/{id} with consent ≥ 0.6 × the floor | ${ratio(read)!.toFixed(3)} × | ${yes(ratio(read)! >= 0.6)} |`);
  const verify = of('verify');
  const verifyRun = verify && motlanOf(verify);
  if (verifyRun) {
    const persons = Number(verifyRun.extra?.persons ?? 0);
    const atMillion = persons >= 1_000_000;
    targets.push(`| identity verify p95 ≤ 15 ms, 4 in flight, 1,000,000 persons | p95 ${ms(verifyRun.p95)} ms at ${n0(persons)} persons | ${yes(verifyRun.p95! <= 15)}${atMillion ? '' : ` at ${n0(persons)} persons (the target's size is 1,000,000: run with --persons 1000000)`} |`);
  }
  const imported = of('import');
  const importRun = imported && motlanOf(imported);
  if (imported && importRun && ratio(imported) !== undefined) {
    targets.push(`| bulk import ≥ 0.4 × a raw COPY of the same rows | ${ratio(imported)!.toFixed(3)} × (${n0(importRun.rps)} vs ${n0(floorOf(imported)!.rps)} lines/s) | ${yes(ratio(imported)! >= 0.4)} |`);
    const larger = importRun.extra?.largerRssMiB;
    if (typeof larger === 'number') {
      // "Flat": the larger file's peak within a quarter of the first file's; a leak per line grows with the file.
      targets.push(`| memory flat on a file ${r.sizes.larger} × larger (peak RSS on it ≤ 1.25 × the peak on the first file) | ${n0(importRun.rssMiB)} MiB on ${n0(importRun.requests)} lines, ${n0(larger)} MiB on ${n0(Number(importRun.extra!.largerLines))} lines | ${yes(larger <= 1.25 * importRun.rssMiB)} |`);
    }
  }
  const peaks = r.results.flatMap((s) => s.figures.filter((f) => f.label.startsWith('Motlan') && f.rssMiB).map((f) => ({ scenario: s.scenario, rss: f.rssMiB })));
  if (peaks.length) {
    const top = peaks.reduce((a, b) => (b.rss > a.rss ? b : a));
    targets.push(`| RSS of one Motlan process ≤ 300 MB under load | peak ${n0(top.rss * MB_PER_MIB)} MB (${n0(top.rss)} MiB, during ${top.scenario}); per scenario: ${peaks.map((p) => `${p.scenario} ${n0(p.rss)} MiB`).join(', ')} | ${yes(top.rss * MB_PER_MIB <= 300)} |`);
  }

  const importExtra = importRun?.extra;
  return `# Benchmarks

Measured ${utc(r.started)} to ${utc(r.finished)} by \`${r.command}\` at commit ${r.versions.commit}.

- Machine: ${r.machine.cpu}, ${r.machine.memoryGiB.toFixed(0)} GiB, ${r.machine.kernel}.
- Node ${r.versions.node}; ${r.versions.postgres} on 127.0.0.1 (the same machine).
- **The machine is shared with other sessions.** Load average (1, 5, 15 min) around each scenario is below, and each
  scenario's details give the machine's CPU busy during each measured run and how much of it other processes took:
  figures measured while it is busy are lower than an idle machine would give, for Motlan and the floor alike.
- Motlan runs compiled (\`npm run build\`) as \`npm run start:prod\` starts it (\`node ${startProdNodeArgs().join(' ')} dist/src/main.js\`) with \`NODE_ENV=production\` in its own process (one process, \`WORKERS\` unset), tokens from a bench issuer
  trusted through \`AUTH_TRUSTED_ISSUERS\`, rate limits off; each floor runs in its own process, measured in the same run.
- Sizes: prefill vault ${n0(r.sizes.citizens)} citizens and ${n0(r.sizes.documents)} documents; identity mirror ${n0(r.sizes.persons)} persons; ${r.sizes.connections} connections for prefill and reads; import ${n0(r.sizes.importLines)} lines, then ${n0(r.sizes.importLines * r.sizes.larger)}.

## Targets (issue 16)

| target | measured | |
|---|---|---|
${targets.join('\n')}

## Each scenario

| scenario | server | requests/s | p50 (ms) | p95 / p99 (ms) | CPU ms per request: Node / PostgreSQL | peak RSS (MiB) | Motlan / floor | requests | CPU taken by other processes |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

CPU per request is the process's user + system time during the measured run divided by its requests (PostgreSQL: the
backends connected to the benchmark's database). Latency p95 is measured by the scenarios that drive requests
themselves (read, verify); prefill's load generator (autocannon) gives p50, p97.5 and p99. Import: lines per second over
the whole request, CPU per line. CPU taken by other processes: the share of the whole machine (all cores = 100%) used during
the measured run by processes other than the server, its PostgreSQL backends, the load generator (and the registry simulator).
${importExtra ? `Import: ${n0(Number(importExtra.lineBytes))} bytes per NDJSON line; the floor is \`COPY … FROM STDIN\` of the rows Motlan stored for the same lines (documents, document_subjects, document_contents, ${Number(floorOf(imported!)!.extra?.mib).toFixed(1)} MiB, into tables of the same shape and indexes) in ${Number(floorOf(imported!)!.extra?.seconds).toFixed(2)} s; Motlan took ${Number(importExtra.seconds).toFixed(1)} s, and ${Number(importExtra.largerSeconds).toFixed(1)} s for ${n0(Number(importExtra.largerLines))} lines. Motlan's RSS when idle before the imports: ${n0(Number(importExtra.rssIdleMiB))} MiB.\n` : ''}
## Load average and duration

| scenario | load average before → after | seconds | command |
|---|---|---:|---|
${r.results.map((s) => `| ${s.scenario} | ${s.load[0]} → ${s.load[1]} | ${s.seconds.toFixed(0)} | \`${s.command}\` |`).join('\n')}
${r.results
  .filter((s) => s.details)
  .map((s) => `\n## Details: ${s.scenario}\n\n${s.details!.replace(/^(#+) /gm, '$1## ').trim()}\n`)
  .join('')}`;
}
