import { commandLine } from '../../cli/commandLine';
import type { Faults } from './faults';
import { DEFAULT_SIMULATOR_CLIENTS, type RunningSimulator } from './simulatorServer';

export interface SimulatorCliSpec {
  /** `sim:population` or `sim:business`. */
  script: string;
  /** What it serves, for the help text and the start-up line. */
  title: string;
  routes: string;
  records: string;
  schema: string;
  defaultCount: number;
  defaultPort: number;
  start(options: {
    dataset: string | undefined;
    seed: number;
    count: number;
    port: number;
    host: string | undefined;
    clients: Record<string, string>;
    tokenTtlSeconds: number;
    faults: Faults;
  }): Promise<RunningSimulator & { size: number }>;
}

/** The two simulators' command line: the same options, the same start-up report, the same stop. */
export async function runSimulatorCli(spec: SimulatorCliSpec): Promise<void> {
  const help = `Usage: npm run ${spec.script} -- [options]

Serves a simulated ${spec.title} over HTTP: POST /oauth/token (client credentials),
${spec.routes}, and the fault injection admin routes GET/PUT/DELETE /__faults and
GET /__stats. See docs/connectors.md.

Options:
  --dataset FILE       NDJSON file of ${spec.records} (${spec.schema} per line)
  --seed N             without --dataset: generate from this seed (default 42)
  --count N            without --dataset: how many ${spec.records} (default ${spec.defaultCount})
  --port N             port (default ${spec.defaultPort}; 0 picks a free one)
  --host HOST          interface (default 127.0.0.1)
  --client-id ID       accepted OAuth2 client id (default motlan)
  --client-secret S    its secret (default ${DEFAULT_SIMULATOR_CLIENTS.motlan})
  --token-ttl SECONDS  lifetime of issued tokens (default 3600)
  --faults JSON        faults at start, e.g. '{"latencyMs":200,"errorRate":0.1}'
  -h, --help           this text`;
  const { values, fail, wholeNumber } = commandLine(help, {
    dataset: { type: 'string' }, seed: { type: 'string' }, count: { type: 'string' }, port: { type: 'string' },
    host: { type: 'string' }, 'client-id': { type: 'string' }, 'client-secret': { type: 'string' },
    'token-ttl': { type: 'string' }, faults: { type: 'string' },
  });
  let faults: Faults = {};
  try {
    faults = values.faults ? JSON.parse(values.faults) : {};
  } catch {
    fail('--faults must be JSON');
  }
  const clientId = values['client-id'] ?? 'motlan';
  const started = Date.now();
  const simulator = await spec
    .start({
      dataset: values.dataset,
      seed: wholeNumber('seed', 42),
      count: wholeNumber('count', spec.defaultCount),
      port: wholeNumber('port', spec.defaultPort),
      host: values.host,
      clients: { [clientId]: values['client-secret'] ?? DEFAULT_SIMULATOR_CLIENTS.motlan ?? '' },
      tokenTtlSeconds: wholeNumber('token-ttl', 3600),
      faults,
    })
    .catch((error: Error) => fail(error.message));
  console.log(`${spec.title} simulator: ${simulator.size} ${spec.records}, loaded in ${Date.now() - started} ms`);
  console.log(`  URL      ${simulator.url}`);
  console.log(`  Client   ${clientId} (token: POST ${simulator.url}/oauth/token)`);
  console.log(`  Faults   ${simulator.url}/__faults`);
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
