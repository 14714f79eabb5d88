// jest runs a given globalTeardown module once per run, so each engine's project names its own.
import { globalTeardownFor } from './globalTeardown';

export default () => globalTeardownFor('postgres');
