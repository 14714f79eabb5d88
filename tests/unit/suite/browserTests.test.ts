import { spawnSync } from 'node:child_process';
import path from 'node:path';

// The README promises `npm test` passes on a machine without Chromium: the browser tests are then
// skipped with one line, except under CI, where a missing browser must fail.
jest.setTimeout(300_000);

const root = path.join(__dirname, '../../..');
const MISSING = path.join(root, 'no-such-dir/chromium');

function jestOnBrowserTests(env: Record<string, string>) {
  // MOTLAN_TEST_RUN names this run's database templates: the inner run must make and remove its own.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(JEST_WORKER_ID|CI|CHROMIUM_PATH|MOTLAN_.*|TEST_DATABASE_URL)$/.test(name)));
  const run = spawnSync(process.execPath, ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', 'node_modules/jest/bin/jest.js', 'tests/browser', '--ci'], {
    cwd: root,
    env: { ...inherited, CHROMIUM_PATH: MISSING, ...env },
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the browser tests on a machine without Chromium', () => {
  it('when CHROMIUM_PATH is missing, then they are skipped, one line says how to run them, and the run passes', () => {
    const { status, output } = jestOnBrowserTests({});
    expect(output.split('\n').filter((line) => line.startsWith('Browser tests skipped:'))).toEqual([
      `Browser tests skipped: ${MISSING} is missing. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium to run them.`,
    ]);
    expect(output).toMatch(/Tests:\s+9 skipped, 9 total/);
    expect(status).toBe(0);
  });

  it('with CI=true a missing browser fails the run, naming the path', () => {
    // The PostgreSQL project has no browser tests, so this URL is never dialled; CI only needs it set.
    const { status, output } = jestOnBrowserTests({ CI: 'true', TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unused' });
    expect(output).not.toContain('Browser tests skipped');
    expect(output).toContain(`${MISSING} is missing: install Debian's chromium`);
    expect(output).toMatch(/Tests:\s+9 failed, 9 total/);
    expect(status).toBe(1);
  });
});
