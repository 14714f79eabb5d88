import fs from 'node:fs';

/** One measured server in one scenario, as a scenario's --json writes it and npm run bench reads it. */
export interface Figures {
  label: string;
  /** Answers that counted (2xx), and those that did not (non-2xx and errors). */
  requests: number;
  failed: number;
  rps: number;
  p50: number;
  p95?: number;
  p99: number;
  /** CPU milliseconds per counted request, per process. */
  cpuMs: { server: number; postgres: number; simulator?: number };
  /** Peak resident memory of the server process during the run. */
  rssMiB: number;
  load: [string, string];
  /** Share of the machine's CPU (all cores = 100) that processes other than the measured ones took during the run. */
  othersCpuPercent?: number;
  /** Anything else a scenario reports (sizes, lines/s, memory per file). */
  extra?: Record<string, number | string>;
}

export function writeFigures(file: string | undefined, figures: Figures[]): void {
  if (file) fs.writeFileSync(file, JSON.stringify(figures, null, 2));
}

export const readFigures = (file: string): Figures[] => JSON.parse(fs.readFileSync(file, 'utf8')) as Figures[];
