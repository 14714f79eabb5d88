import { spawn } from 'node:child_process';
import path from 'node:path';

export interface ScenarioOutcome {
  exitCode: number;
  seconds: number;
  /** Load average (1, 5, 15 min) when the scenario started and when it ended. */
  load: [string, string];
}

/** One scenario's script in its own Node process, its output passed through. */
export async function runScenario(name: string, file: string, args: string[], loadAverage: () => string): Promise<ScenarioOutcome> {
  const before = loadAverage();
  const started = Date.now();
  console.log(`\n=== ${name}: ${file} ${args.join(' ')}\n    load average ${before}`);
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: path.resolve(__dirname, '../..'), stdio: 'inherit' });
  const exitCode = await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  const outcome: ScenarioOutcome = { exitCode, seconds: (Date.now() - started) / 1000, load: [before, loadAverage()] };
  console.log(`=== ${name}: ${exitCode === 0 ? 'done' : `FAILED (exit ${exitCode})`} in ${outcome.seconds.toFixed(0)} s; load average ${outcome.load[1]}`);
  return outcome;
}
