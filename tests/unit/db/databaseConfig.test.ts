import { ConfigError, loadConfig } from '../../../src/config';

const PRIMARY = 'postgres://motlan@db-primary:5432/motlan';
const REPLICA = 'postgres://motlan@db-replica:5432/motlan';

describe('the database settings', () => {
  it('when nothing is set, then no replica (everything reads the primary) and prepared statements on', () => {
    const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: PRIMARY });
    expect(config.databaseReplicaUrl).toBeUndefined();
    expect(config.databasePrepare).toBe(true);
    expect(config.databaseGenericPlans).toBe(true);
  });

  it('when DATABASE_REPLICA_URL names a replica beside DATABASE_URL, then it is kept', () => {
    expect(loadConfig({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URL: REPLICA }).databaseReplicaUrl).toBe(REPLICA);
    expect(loadConfig({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URL: 'postgresql://r/motlan' }).databaseReplicaUrl).toBe('postgresql://r/motlan');
  });

  it('when DATABASE_REPLICA_URL is empty, then it is unset', () => {
    expect(loadConfig({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URL: '' }).databaseReplicaUrl).toBeUndefined();
  });

  it('when DATABASE_REPLICA_URL is set without DATABASE_URL, then Motlan refuses to start: PGlite has no replica', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URL: REPLICA })).toThrow(new ConfigError('DATABASE_REPLICA_URL needs DATABASE_URL: the embedded PGlite has no replica'));
  });

  it('when DATABASE_REPLICA_URL is not a postgres URL, then it is refused', () => {
    expect(() => loadConfig({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URL: 'mysql://r/motlan' })).toThrow(/DATABASE_REPLICA_URL must start with postgres:\/\//);
  });

  it('when DATABASE_REPLICA_URL repeats DATABASE_URL, then it is refused rather than called a replica', () => {
    expect(() => loadConfig({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URL: PRIMARY })).toThrow(/must name the replica/);
  });

  it('reads DATABASE_GENERIC_PLANS as on or off, and refuses anything else', () => {
    expect(loadConfig({ DATABASE_GENERIC_PLANS: 'off' }).databaseGenericPlans).toBe(false);
    expect(() => loadConfig({ DATABASE_GENERIC_PLANS: 'always' })).toThrow(new ConfigError('DATABASE_GENERIC_PLANS must be on or off, not "always"'));
  });

  it('reads DATABASE_PREPARE as on or off, and refuses anything else', () => {
    expect(loadConfig({ DATABASE_PREPARE: 'off' }).databasePrepare).toBe(false);
    expect(loadConfig({ DATABASE_PREPARE: 'on' }).databasePrepare).toBe(true);
    expect(loadConfig({ DATABASE_PREPARE: 'false' }).databasePrepare).toBe(false);
    expect(() => loadConfig({ DATABASE_PREPARE: 'sometimes' })).toThrow(new ConfigError('DATABASE_PREPARE must be on or off, not "sometimes"'));
  });
});
