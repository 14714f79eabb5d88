import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` uses this file: it diffs src/db/schema.ts against migrations/.
// Migrations are applied by the service itself (src/db/migrate.ts), on PGlite or PostgreSQL alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
});
