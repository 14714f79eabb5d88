// jest runs a given globalSetup module once per run, so each engine's project names its own.
import { globalSetupFor } from './globalSetup';

export default () => globalSetupFor('pglite');
