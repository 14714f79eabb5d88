import { sql } from 'drizzle-orm';
import { openPostgres, type Database, type OpenDatabase } from './database';

/**
 * The read-only handle on a streaming replica (DATABASE_REPLICA_URL, docs/scaling.md "Read
 * replicas"). Every session is read-only, so a query sent here by mistake fails instead of writing
 * to a server that would refuse it anyway (a hot standby) or, worse, accept it (a URL that names a
 * primary). What reads from it can be behind the primary by the replication lag: only reads that
 * tolerate that use it (a citizen's access-log pages, the KPI reports), never a read that decides
 * a release or precedes a write.
 */
export interface OpenReplica extends OpenDatabase {
  /** pg_is_in_recovery() when opened: false means the URL names a server that is not a standby. */
  inRecovery: boolean;
}

export async function openReplica(url: string, options: { poolSize?: number; prepare?: boolean; genericPlans?: boolean } = {}): Promise<OpenReplica> {
  const opened = await openPostgres(url, options.poolSize ?? 10, { prepare: options.prepare ?? true, genericPlans: options.genericPlans, readOnly: true, applicationName: 'motlan-replica-reads' });
  try {
    const [row] = (await opened.db.execute(sql`select pg_is_in_recovery() as in_recovery`)) as unknown as Array<{ in_recovery: boolean }>;
    return { ...opened, inRecovery: row?.in_recovery === true };
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw error;
  }
}

/** The handle that lag-tolerant reads use: the replica's when one is configured, otherwise the primary's. */
export function readHandle(primary: Database, replica: Pick<OpenDatabase, 'db'> | undefined): Database {
  return replica?.db ?? primary;
}
