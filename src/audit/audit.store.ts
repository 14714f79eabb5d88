import type { Database } from '../db/database';
import { auditEntries } from './audit.tables';

export type AuditEntry = Omit<typeof auditEntries.$inferInsert, 'id' | 'at'> & { at?: Date };

export function auditStore(db: Database) {
  return {
    async append(entry: AuditEntry): Promise<void> {
      await db.insert(auditEntries).values(entry);
    },
  };
}
export type AuditStore = ReturnType<typeof auditStore>;
