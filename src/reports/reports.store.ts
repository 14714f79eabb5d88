import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database';

export const REUSE_DIMENSIONS = ['agency', 'level', 'procedure', 'month'] as const;
export type ReuseDimension = (typeof REUSE_DIMENSIONS)[number];

/** The columns each dimension groups by: a code is grouped with its name, which it determines. */
const DIMENSION_COLUMNS: Record<ReuseDimension, string[]> = {
  agency: ['agency_code', 'agency_name'],
  level: ['level'],
  procedure: ['procedure_code', 'procedure_name_vi'],
  month: ['month'],
};

export interface ReuseFilter {
  /** First instant of the first month (Vietnam time), inclusive. */
  fromStart: Date;
  /** First instant after the last month (Vietnam time), exclusive. */
  toEnd: Date;
  groupBy: ReuseDimension[];
  /** Only this agency's dossiers; undefined: every agency. */
  agencyCode?: string;
}

export interface ReuseFigures {
  dossiers: number;
  requiredDocuments: number;
  satisfiedWithoutAsking: number;
  reuseSharePercent: number | null;
  notAskedAgain: number;
  notAskedAgainSharePercent: number | null;
}

export interface ReuseRow extends ReuseFigures {
  agencyCode?: string;
  agencyName?: string | null;
  level?: string | null;
  procedureCode?: string;
  procedureNameVi?: string | null;
  month?: string;
}

export interface DigitisationRow {
  level: string | null;
  resolved: number;
  digitised: number;
}

/** postgres.js returns the rows, PGlite an object holding them. */
async function rowsOf<T>(db: Database, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as unknown as { rows: unknown[] }).rows) as T[];
}

const percent = (part: SQL, whole: SQL) => sql`round(100.0 * ${part} / nullif(${whole}, 0), 2)::float8`;

export function reportStore(db: Database) {
  return {
    /**
     * The reuse KPI, aggregated in one statement (docs/reports.md has the definitions this encodes).
     * A dossier counts once, with its latest prefill, in that prefill's month. The latest prefill
     * of a dossier whose latest is in range is at or after `fromStart`, so the scan starts there.
     * The grouping set `()` adds the total row.
     */
    async reuse(filter: ReuseFilter): Promise<{ items: ReuseRow[]; total: ReuseFigures }> {
      const columns = filter.groupBy.flatMap((d) => DIMENSION_COLUMNS[d]);
      const dims = sql.raw(columns.join(', '));
      const agency = filter.agencyCode === undefined ? sql`` : sql`and pr.agency_code = ${filter.agencyCode}`;
      const rows = await rowsOf<Record<string, unknown> & { is_total: boolean; dossiers: number; required: number; satisfied: number; not_asked_again: number; reuse_share: number | null; not_asked_again_share: number | null }>(
        db,
        sql`
        with latest as (
          select distinct on (pr.dossier_code) pr.id, pr.dossier_code, pr.agency_code, left(pr.procedure_code, 8) as procedure_code, pr.created_at
          from prefill_requests pr
          where pr.created_at >= ${filter.fromStart.toISOString()}::timestamptz ${agency}
          order by pr.dossier_code, pr.created_at desc, pr.id desc
        ),
        per_dossier as (
          select l.dossier_code, l.agency_code, a.name as agency_name, p.level, l.procedure_code, p.name_vi as procedure_name_vi,
            to_char(l.created_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') as month,
            count(r.requirement_id) filter (where r.outcome <> 'not_required') as required,
            count(r.requirement_id) filter (where r.outcome = 'reused' and (f.verdict is null or f.verdict = 'accepted')) as satisfied
          from latest l
          left join agencies a on a.code = l.agency_code
          left join procedures p on p.code = l.procedure_code
          left join prefill_results r on r.prefill_id = l.id
          left join dossier_feedback f on f.dossier_code = l.dossier_code and f.requirement_id = r.requirement_id and f.subject_position = r.subject_position
          where l.created_at < ${filter.toEnd.toISOString()}::timestamptz
          group by l.dossier_code, l.agency_code, a.name, p.level, l.procedure_code, p.name_vi, l.created_at
        )
        select ${columns.length ? sql`${dims}, grouping(${dims}) <> 0 as is_total,` : sql`true as is_total,`}
          count(*)::int as dossiers,
          coalesce(sum(required), 0)::int as required,
          coalesce(sum(satisfied), 0)::int as satisfied,
          (count(*) filter (where satisfied = required))::int as not_asked_again,
          ${percent(sql`sum(satisfied)`, sql`sum(required)`)} as reuse_share,
          ${percent(sql`count(*) filter (where satisfied = required)`, sql`count(*)`)} as not_asked_again_share
        from per_dossier
        group by ${columns.length ? sql`grouping sets ((${dims}), ())` : sql`()`}
        order by is_total${columns.length ? sql`, ${dims}` : sql``}`,
      );
      const figures = (r: (typeof rows)[number]): ReuseFigures => ({
        dossiers: r.dossiers,
        requiredDocuments: r.required,
        satisfiedWithoutAsking: r.satisfied,
        reuseSharePercent: r.reuse_share,
        notAskedAgain: r.not_asked_again,
        notAskedAgainSharePercent: r.not_asked_again_share,
      });
      const dimensionsOf = (r: Record<string, unknown>): Partial<ReuseRow> => ({
        ...(filter.groupBy.includes('agency') ? { agencyCode: r.agency_code as string, agencyName: r.agency_name as string | null } : {}),
        ...(filter.groupBy.includes('level') ? { level: r.level as string | null } : {}),
        ...(filter.groupBy.includes('procedure') ? { procedureCode: r.procedure_code as string, procedureNameVi: r.procedure_name_vi as string | null } : {}),
        ...(filter.groupBy.includes('month') ? { month: r.month as string } : {}),
      });
      const total = rows.find((r) => r.is_total);
      return {
        items: rows.filter((r) => !r.is_total).map((r) => ({ ...dimensionsOf(r), ...figures(r) })),
        total: total ? figures(total) : { dossiers: 0, requiredDocuments: 0, satisfiedWithoutAsking: 0, reuseSharePercent: null, notAskedAgain: 0, notAskedAgainSharePercent: null },
      };
    },

    /**
     * Dossiers resolved in [start, end), by level: the procedure's level in the catalogue, else the
     * level of the agency that closed it. Digitised: the vault holds a document filed under its code.
     */
    async digitisation(filter: { start: Date; end: Date; agencyCode?: string }): Promise<DigitisationRow[]> {
      const agency = filter.agencyCode === undefined ? sql`` : sql`and d.agency_code = ${filter.agencyCode}`;
      return rowsOf<DigitisationRow>(
        db,
        sql`
        with resolved as (
          select coalesce(p.level, a.level) as level,
            exists (select 1 from documents doc where doc.dossier_code = d.code) as digitised
          from dossiers d
          left join procedures p on p.code = left(d.procedure_code, 8)
          left join agencies a on a.code = d.agency_code
          where d.status = 'closed' and d.resolution = 'resolved' and d.closed_at >= ${filter.start.toISOString()}::timestamptz and d.closed_at < ${filter.end.toISOString()}::timestamptz ${agency}
        )
        select level, count(*)::int as resolved, (count(*) filter (where digitised))::int as digitised
        from resolved
        group by level
        order by level`,
      );
    },
  };
}
export type ReportStore = ReturnType<typeof reportStore>;
