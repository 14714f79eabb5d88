import { asc, inArray, or, sql } from 'drizzle-orm';
import { agencies } from '../agencies/agencies.tables';
import { procedures } from '../catalog/catalog.tables';
import type { Database } from '../db/database';

export interface AgencyEntry {
  code: string;
  name: string;
  level: string;
}

export interface ProcedureEntry {
  code: string;
  nameVi: string;
  nameEn: string;
  level: string;
}

const LIMIT = 50;
const escapeLike = (q: string) => q.replace(/[\\%_]/g, (m) => `\\${m}`);
const like = (q: string) => `%${escapeLike(q)}%`;

/**
 * Public reference data the portal needs to speak plainly: agency names for codes, procedure names
 * for purposes. Read-only, from the agencies' and the catalogue's tables.
 */
export function directoryStore(db: Database) {
  return {
    async agencies(filter: { codes?: string[]; q?: string }): Promise<AgencyEntry[]> {
      const where = filter.codes ? inArray(agencies.code, filter.codes) : filter.q ? or(sql`${agencies.name} ilike ${like(filter.q)}`, sql`${agencies.code} like ${`${escapeLike(filter.q)}%`}`) : undefined;
      return db.select({ code: agencies.code, name: agencies.name, level: agencies.level }).from(agencies).where(where).orderBy(asc(agencies.name)).limit(LIMIT);
    },

    async procedures(filter: { codes?: string[]; q?: string }): Promise<ProcedureEntry[]> {
      const q = filter.q;
      const where = filter.codes
        ? inArray(procedures.code, filter.codes)
        : q
          ? or(sql`${procedures.nameVi} ilike ${like(q)}`, sql`${procedures.nameEn} ilike ${like(q)}`, sql`${procedures.code} like ${`${escapeLike(q)}%`}`)
          : sql`${procedures.active}`;
      return db.select({ code: procedures.code, nameVi: procedures.nameVi, nameEn: procedures.nameEn, level: procedures.level }).from(procedures).where(where).orderBy(asc(procedures.code)).limit(LIMIT);
    },
  };
}
export type DirectoryStore = ReturnType<typeof directoryStore>;
