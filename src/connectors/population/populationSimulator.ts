import { Router } from 'express';
import { validatorFor } from '../../http/schemaRegistry';
import { readNdjson } from '../shared/ndjson';
import { problem, startSimulatorServer, type RunningSimulator, type SimulatorOptions } from '../shared/simulatorServer';
import { generatePopulation } from './populationGenerator';
import type { AttributeClaims, Citizen } from './populationRegistry';
import { verifyClaims } from './verifyClaims';

export interface PopulationSimulatorOptions extends SimulatorOptions {
  /** An NDJSON file (schemas/registry/citizen.json per line), or the citizens themselves. */
  dataset?: string | Iterable<Citizen>;
  /** Without a dataset: generate `count` citizens (default 1000) from `seed` (default 42). */
  seed?: number;
  count?: number;
}

export interface RunningPopulationSimulator extends RunningSimulator {
  /** How many citizens it serves. */
  size: number;
}

/**
 * The National Population Database as Motlan's client sees it: POST /oauth/token, then
 * GET /v1/citizens/{id} and POST /v1/citizens/{id}/verification with a bearer token.
 * The whole dataset is held in memory (≈ 1.3 KB of heap a citizen).
 */
export async function startPopulationSimulator(options: PopulationSimulatorOptions = {}): Promise<RunningPopulationSimulator> {
  const citizens = new Map<string, Citizen>();
  const source =
    typeof options.dataset === 'string'
      ? readNdjson<Citizen>(options.dataset, 'registry/citizen')
      : (options.dataset ?? generatePopulation({ seed: options.seed ?? 42, count: options.count ?? 1000 }));
  for await (const citizen of source) citizens.set(citizen.id, citizen);

  const validateClaims = validatorFor('registry/attribute-claims');
  const api = Router();
  api.get('/citizens/:id', (req, res) => {
    const citizen = citizens.get(req.params.id);
    if (!citizen) problem(res, 404, 'No citizen has this ID');
    else res.json(citizen);
  });
  api.post('/citizens/:id/verification', (req, res) => {
    if (!validateClaims(req.body)) {
      problem(res, 400, 'The claims do not match schemas/registry/attribute-claims.json');
      return;
    }
    const citizen = citizens.get(req.params.id);
    if (!citizen) problem(res, 404, 'No citizen has this ID');
    else res.json(verifyClaims(citizen, req.body as AttributeClaims));
  });

  const running = await startSimulatorServer('population', api, options);
  return { ...running, size: citizens.size };
}
