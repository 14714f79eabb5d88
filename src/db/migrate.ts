import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { desc } from 'drizzle-orm';
import { bigint, pgSchema, serial, text } from 'drizzle-orm/pg-core';
import type { Database, Engine, Schema } from './database';

// drizzle's own bookkeeping table, described here only to read it; it is not part of schema.ts.
const appliedMigrations = pgSchema('drizzle').table('__drizzle_migrations', {
  id: serial('id').primaryKey(),
  hash: text('hash').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }),
});

export interface MigrationStatus {
  known: number;
  /** Millisecond stamp of the newest migration in the folder and in the database. */
  latestKnown: number | null;
  latestApplied: number | null;
  current: boolean;
}

/** Applies what is missing; returns how many migrations it applied. */
export async function migrate(db: Database, engine: Engine, migrationsFolder: string): Promise<number> {
  const before = await migrationStatus(db, migrationsFolder);
  if (engine === 'pglite') {
    await migratePglite(db as unknown as PgliteDatabase<Schema>, { migrationsFolder });
  } else {
    await migratePostgres(db as unknown as PostgresJsDatabase<Schema>, { migrationsFolder });
  }
  const files = readMigrationFiles({ migrationsFolder });
  return files.filter((m) => before.latestApplied === null || m.folderMillis > before.latestApplied).length;
}

export async function migrationStatus(db: Database, migrationsFolder: string): Promise<MigrationStatus> {
  const files = readMigrationFiles({ migrationsFolder });
  const latestKnown = files.length ? Math.max(...files.map((m) => m.folderMillis)) : null;
  let latestApplied: number | null = null;
  try {
    const [row] = await db
      .select({ createdAt: appliedMigrations.createdAt })
      .from(appliedMigrations)
      .orderBy(desc(appliedMigrations.createdAt))
      .limit(1);
    latestApplied = row?.createdAt ?? null;
  } catch {
    // No bookkeeping table yet: nothing has been applied.
  }
  return {
    known: files.length,
    latestKnown,
    latestApplied,
    current: latestKnown === null || latestApplied === latestKnown,
  };
}
