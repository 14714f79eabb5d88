import { runSimulatorCli } from '../shared/simulatorCli';
import { startBusinessSimulator } from './businessSimulator';

// Without a dataset, legal representatives come from 1000 citizens generated from the same seed.
void runSimulatorCli({
  script: 'sim:business',
  title: 'National Business Registration Database',
  routes: 'GET /v1/enterprises/{code}',
  records: 'enterprises',
  schema: 'schemas/registry/enterprise.json',
  defaultCount: 200,
  defaultPort: 4020,
  start: startBusinessSimulator,
});
