import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Rate-limit counters when RATE_LIMIT_STORE=postgres, so every instance on the database counts
 * together; the shape is rate-limiter-flexible's Drizzle store. Keys are keyed hashes, never IDs.
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  points: integer('points').notNull().default(0),
  expire: timestamp('expire', { withTimezone: true, mode: 'date' }),
});
