import { Router } from 'express';
import { generatePopulation } from '../population/populationGenerator';
import type { Citizen } from '../population/populationRegistry';
import { readNdjson } from '../shared/ndjson';
import { problem, startSimulatorServer, type RunningSimulator, type SimulatorOptions } from '../shared/simulatorServer';
import type { Enterprise } from './businessRegistry';
import { generateBusinesses, representativePool } from './businessGenerator';

export interface BusinessSimulatorOptions extends SimulatorOptions {
  /** An NDJSON file (schemas/registry/enterprise.json per line), or the enterprises themselves. */
  dataset?: string | Iterable<Enterprise>;
  /** Without a dataset: generate `count` enterprises (default 200) from `seed` (default 42)… */
  seed?: number;
  count?: number;
  /** …whose legal representatives are drawn from these citizens (default: 1000 generated from the same seed). */
  population?: Iterable<Citizen>;
}

export interface RunningBusinessSimulator extends RunningSimulator {
  size: number;
}

/**
 * The National Business Registration Database as Motlan's client sees it: POST /oauth/token, then
 * GET /v1/enterprises/{code} (10 digits) with a bearer token.
 */
export async function startBusinessSimulator(options: BusinessSimulatorOptions = {}): Promise<RunningBusinessSimulator> {
  const enterprises = new Map<string, Enterprise>();
  let source: AsyncIterable<Enterprise> | Iterable<Enterprise>;
  if (typeof options.dataset === 'string') source = readNdjson<Enterprise>(options.dataset, 'registry/enterprise');
  else if (options.dataset) source = options.dataset;
  else {
    const seed = options.seed ?? 42;
    const count = options.count ?? 200;
    const population = options.population ?? generatePopulation({ seed, count: 1000 });
    source = generateBusinesses({ seed, count, representatives: await representativePool(population, Math.max(50, count * 2), seed) });
  }
  for await (const enterprise of source) enterprises.set(enterprise.code, enterprise);

  const api = Router();
  api.get('/enterprises/:code', (req, res) => {
    const enterprise = enterprises.get(req.params.code);
    if (!enterprise) problem(res, 404, 'No enterprise has this code');
    else res.json(enterprise);
  });

  const running = await startSimulatorServer('business', api, options);
  return { ...running, size: enterprises.size };
}
