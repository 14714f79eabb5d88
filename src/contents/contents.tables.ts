import { sql } from 'drizzle-orm';
import { check, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The one content store this database's contents live in: its id is also written into the store
 * (storeIdentity.ts), so an instance pointed at another store, or a store shared by two databases
 * (whose gc would delete each other's objects), refuses to start instead of serving 503s or losing data.
 */
export const contentStoreIdentity = pgTable(
  'content_store_identity',
  {
    id: smallint('id').primaryKey().default(1),
    storeId: text('store_id').notNull(),
    /** Where the store was when first bound (informational: a store may move, its marker moves with it). */
    location: text('location').notNull(),
    boundAt: timestamp('bound_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [check('content_store_identity_single_row', sql`${t.id} = 1`)],
);
