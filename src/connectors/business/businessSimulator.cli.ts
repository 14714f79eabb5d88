import { parseArgs } from 'node:util';
import { wholeNumber } from '../shared/generatorCli';
import { DEFAULT_SIMULATOR_CLIENTS } from '../shared/simulatorServer';
import { startBusinessSimulator } from './businessSimulator';

const HELP = `Usage: npm run sim:business -- [options]

Serves a simulated National Business Registration Database over HTTP: POST /oauth/token
(client credentials), GET /v1/enterprises/{code}, and the fault
injection admin routes GET/PUT/DELETE /__faults and GET /__stats. See docs/connectors.md.

Options:
  --dataset FILE       NDJSON file of enterprises (schemas/registry/enterprise.json per line)
  --seed N             without --dataset: generate from this seed (default 42)
  --count N            without --dataset: how many enterprises (default 200); representatives come
                       from 1000 citizens generated from the same seed
  --port N             port (default 4020; 0 picks a free one)
  --host HOST          interface (default 127.0.0.1)
  --client-id ID       accepted OAuth2 client id (default motlan)
  --client-secret S    its secret (default ${DEFAULT_SIMULATOR_CLIENTS.motlan})
  --token-ttl SECONDS  lifetime of issued tokens (default 3600)
  --faults JSON        faults at start, e.g. '{"latencyMs":200,"errorRate":0.1}'
  -h, --help           this text`;

function fail(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        dataset: { type: 'string' }, seed: { type: 'string' }, count: { type: 'string' }, port: { type: 'string' },
        host: { type: 'string' }, 'client-id': { type: 'string' }, 'client-secret': { type: 'string' },
        'token-ttl': { type: 'string' }, faults: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(HELP);
    return;
  }
  let faults;
  try {
    faults = values.faults ? JSON.parse(values.faults) : {};
  } catch {
    fail('--faults must be JSON');
  }
  const clientId = values['client-id'] ?? 'motlan';
  const started = Date.now();
  const simulator = await startBusinessSimulator({
    dataset: values.dataset,
    seed: wholeNumber('seed', values.seed, 42, fail),
    count: wholeNumber('count', values.count, 1000, fail),
    port: wholeNumber('port', values.port, 4020, fail),
    host: values.host,
    clients: { [clientId]: values['client-secret'] ?? DEFAULT_SIMULATOR_CLIENTS.motlan ?? '' },
    tokenTtlSeconds: wholeNumber('token-ttl', values['token-ttl'], 3600, fail),
    faults,
  }).catch((error: Error) => fail(error.message));
  console.log(`Business registry simulator: ${simulator.size} enterprises, loaded in ${Date.now() - started} ms`);
  console.log(`  URL      ${simulator.url}`);
  console.log(`  Client   ${clientId} (token: POST ${simulator.url}/oauth/token)`);
  console.log(`  Faults   ${simulator.url}/__faults`);
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
