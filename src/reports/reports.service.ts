import type { PlanConfig } from '../config';
import type { Database } from '../db/database';
import { digitisationTarget, planYear, PLAN_LEVELS } from './plan';
import { reportStore, type ReuseDimension, type ReuseFigures, type ReuseRow } from './reports.store';

export const REPORT_TIME_ZONE = 'Asia/Ho_Chi_Minh';
// Vietnam has kept UTC+7 without daylight saving since 1975: month and year bounds are fixed offsets.
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** `2026-03` → the instant March 2026 begins in Vietnam; `monthsLater` moves whole months. */
export function vietnamMonthStart(month: string, monthsLater = 0): Date {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + monthsLater, 1) - VIETNAM_OFFSET_MS);
}

export function vietnamMonth(at: Date): string {
  return new Date(at.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  return vietnamMonth(vietnamMonthStart(month, n));
}

/** Who the report is for: an agency sees its own dossiers only; an operator, every agency's or one. */
export interface ReportScope {
  agencyCode?: string;
}

export interface ReuseReport {
  from: string;
  to: string;
  timeZone: string;
  groupBy: ReuseDimension[];
  agencyCode: string | null;
  notAskedAgainTargetPercent: number;
  items: Array<ReuseRow & { notAskedAgainTargetMet: boolean | null }>;
  total: ReuseFigures & { notAskedAgainTargetMet: boolean | null };
}

export interface DigitisationReport {
  year: number;
  timeZone: string;
  planStartYear: number;
  planYear: number | null;
  agencyCode: string | null;
  items: Array<{ level: string | null; resolved: number; digitised: number; sharePercent: number | null; targetPercent: number | null; targetMet: boolean | null }>;
  total: { resolved: number; digitised: number; sharePercent: number | null };
}

const share = (part: number, whole: number) => (whole ? Math.round((10_000 * part) / whole) / 100 : null);
const met = (value: number | null, target: number | null) => (value === null || target === null ? null : value >= target);

export function reportService({ db, plan, clock = () => new Date() }: { db: Database; plan: PlanConfig; clock?: () => Date }) {
  const store = reportStore(db);

  return {
    /** Months are `YYYY-MM` in Vietnam time, both inclusive; the route has checked from <= to. */
    async reuse(scope: ReportScope, q: { from: string; to: string; groupBy: ReuseDimension[] }): Promise<ReuseReport> {
      const { items, total } = await store.reuse({ fromStart: vietnamMonthStart(q.from), toEnd: vietnamMonthStart(q.to, 1), groupBy: q.groupBy, agencyCode: scope.agencyCode });
      const target = plan.notAskedAgainTargetPercent;
      return {
        from: q.from,
        to: q.to,
        timeZone: REPORT_TIME_ZONE,
        groupBy: q.groupBy,
        agencyCode: scope.agencyCode ?? null,
        notAskedAgainTargetPercent: target,
        items: items.map((r) => ({ ...r, notAskedAgainTargetMet: met(r.notAskedAgainSharePercent, target) })),
        total: { ...total, notAskedAgainTargetMet: met(total.notAskedAgainSharePercent, target) },
      };
    },

    /** Every plan level appears, with zeros when nothing was resolved there; an unknown level only when it occurs. */
    async digitisation(scope: ReportScope, year: number): Promise<DigitisationReport> {
      const rows = await store.digitisation({ start: vietnamMonthStart(`${year}-01`), end: vietnamMonthStart(`${year + 1}-01`), agencyCode: scope.agencyCode });
      const byLevel = new Map(rows.map((r) => [r.level, r]));
      const levels: Array<string | null> = [...PLAN_LEVELS, ...rows.map((r) => r.level).filter((l) => !(PLAN_LEVELS as readonly (string | null)[]).includes(l))];
      const items = levels.map((level) => {
        const { resolved = 0, digitised = 0 } = byLevel.get(level) ?? {};
        const sharePercent = share(digitised, resolved);
        const targetPercent = digitisationTarget(plan, level, year);
        return { level, resolved, digitised, sharePercent, targetPercent, targetMet: met(sharePercent, targetPercent) };
      });
      const resolved = rows.reduce((n, r) => n + r.resolved, 0);
      const digitised = rows.reduce((n, r) => n + r.digitised, 0);
      return {
        year,
        timeZone: REPORT_TIME_ZONE,
        planStartYear: plan.startYear,
        planYear: planYear(plan, year),
        agencyCode: scope.agencyCode ?? null,
        items,
        total: { resolved, digitised, sharePercent: share(digitised, resolved) },
      };
    },

    currentMonth: () => vietnamMonth(clock()),
  };
}
export type ReportService = ReturnType<typeof reportService>;
