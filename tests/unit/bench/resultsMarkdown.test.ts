import type { Figures } from '../../../bench/suite/figures';
import { resultsMarkdown, type ScenarioResult } from '../../../bench/suite/resultsMarkdown';

const run = (label: string, rps: number, more: Partial<Figures> = {}): Figures => ({
  label, requests: 1000, failed: 0, rps, p50: 5, p99: 20, cpuMs: { server: 1, postgres: 1 }, rssMiB: 200, load: ['1.00 1.00 1.00', '1.10 1.00 1.00'], ...more,
});
const scenario = (name: string, figures: Figures[], exitCode = 0): ScenarioResult => ({ scenario: name, command: `tsx bench/${name}.ts`, exitCode, seconds: 60, load: ['1.00 1.00 1.00', '1.20 1.00 1.00'], figures, details: undefined });
const report = (results: ScenarioResult[], persons = 1_000_000) =>
  resultsMarkdown({
    started: new Date('2026-12-05T08:00:00Z'),
    finished: new Date('2026-12-05T08:10:00Z'),
    command: 'npm run bench',
    machine: { cpu: '2 × CPU', memoryGiB: 24, kernel: 'Linux' },
    versions: { node: 'v20', postgres: 'PostgreSQL 15', commit: 'abc1234' },
    sizes: { citizens: 20_000, documents: 100_000, persons, connections: 20, importLines: 2000, larger: 10 },
    results,
  });
const line = (markdown: string, start: string) => markdown.split('\n').find((l) => l.startsWith(`| ${start}`)) ?? '';

describe('bench/RESULTS.md', () => {
  it('when Motlan reaches the ratio and the p99 of a target, then the target is met, and not met when either misses', () => {
    const met = report([scenario('prefill', [run('floor: express', 100), run('Motlan: POST /v1/prefill', 40, { p99: 90 })])]);
    expect(line(met, 'prefill ≥ 0.35')).toContain('0.400 ×, p99 90 ms | **met**');
    const slow = report([scenario('prefill', [run('floor: express', 100), run('Motlan: POST /v1/prefill', 40, { p99: 101 })])]);
    expect(line(slow, 'prefill ≥ 0.35')).toContain('**not met**');
  });

  it('when the mirror is smaller than a million persons, then the verify verdict says at which size it was measured', () => {
    const markdown = report([scenario('verify', [run('Motlan: POST /v1/identity/verify', 200, { p95: 12, extra: { persons: 200_000 } })])], 200_000);
    expect(line(markdown, 'identity verify')).toContain('p95 12 ms at 200,000 persons | **met** at 200,000 persons (the target\'s size is 1,000,000');
  });

  it('when the larger import grows RSS by more than a quarter, then memory is not flat; the highest RSS in MB decides the 300 MB target', () => {
    const markdown = report([
      scenario('import', [run('floor: COPY', 1000), run('Motlan: POST /v1/documents/import', 500, { rssMiB: 200, extra: { largerLines: 20_000, largerRssMiB: 251, seconds: 4, largerSeconds: 40 } })]),
      scenario('read', [run('floor: express', 100), run('Motlan: GET /v1/documents/{id}', 60, { rssMiB: 290 })]),
    ]);
    expect(line(markdown, 'bulk import')).toContain('0.500 × (500 vs 1,000 lines/s) | **met**');
    expect(line(markdown, 'memory flat')).toContain('**not met**');
    // 290 MiB is 304 MB.
    expect(line(markdown, 'RSS of one Motlan process')).toContain('peak 304 MB (290 MiB, during read)');
    expect(line(markdown, 'RSS of one Motlan process')).toContain('**not met**');
  });

  it('when a scenario fails, then its row says so and no target is claimed for it', () => {
    const markdown = report([scenario('read', [], 1)]);
    expect(markdown).toContain('| read | FAILED (exit 1): no figures |');
    expect(markdown).not.toContain('vault read GET');
  });
});
