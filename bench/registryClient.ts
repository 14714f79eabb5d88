/**
 * CPU per registry read: the population registry client (src/connectors/shared/registryHttpClient.ts)
 * asking the simulator, which runs in its own process, for records with the cache off. Every
 * prefill asks the registry for each person it names once their cached copy is older than
 * REGISTRY_CACHE_TTL_SECONDS.
 */
import { commandLine } from '../src/cli/commandLine';
import { populationClient } from '../src/connectors/population/populationClient';
import { generatePopulation } from '../src/connectors/population/populationGenerator';
import { startRegistrySimulator } from './processes';

const HELP = `Usage: npx tsx bench/registryClient.ts [--count N] [--rounds N] [--concurrency N]

Starts the population registry simulator in its own process (1,000 citizens, seed 42), then reads
--count records (default 5000) through Motlan's registry client with its cache off, --concurrency at
a time (default 8), --rounds times (default 5) after a warm-up round, and prints the CPU per read
of this process (user + system time: the client, its HTTP and JSON work, its schema check).`;

const { wholeNumber } = commandLine(HELP, { count: { type: 'string' }, rounds: { type: 'string' }, concurrency: { type: 'string' } });
const COUNT = wholeNumber('count', 5000);
const ROUNDS = wholeNumber('rounds', 5);
const CONCURRENCY = wholeNumber('concurrency', 8);

async function main(): Promise<void> {
  const registry = await startRegistrySimulator({ seed: 42, count: 1000 });
  try {
    const ids = [...generatePopulation({ seed: 42, count: 1000 })].map((c) => c.id);
    const client = populationClient({
      url: registry.url, clientId: registry.clientId, clientSecret: registry.clientSecret, timeoutMs: 5000, retries: 0, backoffInitialMs: 10, backoffMaxMs: 100,
      breakerThreshold: 1000, breakerHalfOpenMs: 1000, cacheTtlMs: 0, cacheMaxStaleMs: 0, cacheMaxEntries: 1,
    });
    const round = async () => {
      let next = 0;
      const before = process.cpuUsage();
      const started = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < COUNT) {
          const answer = await client.getCitizen(ids[next++ % ids.length]!);
          if (answer?.source !== 'registry') throw new Error('the registry did not answer');
        }
      }));
      const cpu = process.cpuUsage(before);
      return { cpuUs: (cpu.user + cpu.system) / COUNT, wallUs: ((performance.now() - started) * 1000) / COUNT };
    };
    await round();
    for (let r = 1; r <= ROUNDS; r++) {
      const { cpuUs, wallUs } = await round();
      console.log(`round ${r}: ${cpuUs.toFixed(0)} µs of CPU per read in the client's process, ${wallUs.toFixed(0)} µs of wall time per read (${CONCURRENCY} in flight)`);
    }
  } finally {
    await registry.child.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
