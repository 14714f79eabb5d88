import type { PlanConfig } from '../config';

export const PLAN_LEVELS = ['central', 'province', 'district', 'commune'] as const;
export type PlanLevel = (typeof PLAN_LEVELS)[number];

/** 1 for the plan's first year; null before it started. */
export function planYear(plan: Pick<PlanConfig, 'startYear'>, year: number): number | null {
  return year < plan.startYear ? null : year - plan.startYear + 1;
}

/**
 * The share (percent) of resolved dossiers whose result should be digitised at this level in this
 * year: the first-year target plus the yearly step, never above 100. Null where the plan sets none
 * (central bodies, a level not configured, a year before the plan).
 */
export function digitisationTarget(plan: PlanConfig, level: string | null, year: number): number | null {
  const n = planYear(plan, year);
  const first = level ? plan.firstYearTargets[level as PlanLevel] : undefined;
  if (n === null || first === undefined) return null;
  return Math.min(100, first + plan.yearlyStepPoints * (n - 1));
}
