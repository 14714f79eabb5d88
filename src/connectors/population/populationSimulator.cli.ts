import { runSimulatorCli } from '../shared/simulatorCli';
import { startPopulationSimulator } from './populationSimulator';

void runSimulatorCli({
  script: 'sim:population',
  title: 'National Population Database',
  routes: 'GET /v1/citizens/{id}, POST /v1/citizens/{id}/verification',
  records: 'citizens',
  schema: 'schemas/registry/citizen.json',
  defaultCount: 1000,
  defaultPort: 4010,
  start: startPopulationSimulator,
});
