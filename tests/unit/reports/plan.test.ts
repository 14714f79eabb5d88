import { ConfigError, DEFAULT_PLAN, loadConfig } from '../../../src/config';
import { digitisationTarget, planYear } from '../../../src/reports/plan';

describe('the digitisation plan', () => {
  it('sets 30 / 20 / 15 % for province / district / commune in its first year, and none for central bodies', () => {
    expect(digitisationTarget(DEFAULT_PLAN, 'province', 2025)).toBe(30);
    expect(digitisationTarget(DEFAULT_PLAN, 'district', 2025)).toBe(20);
    expect(digitisationTarget(DEFAULT_PLAN, 'commune', 2025)).toBe(15);
    expect(digitisationTarget(DEFAULT_PLAN, 'central', 2025)).toBeNull();
    expect(digitisationTarget(DEFAULT_PLAN, null, 2025)).toBeNull();
  });

  it('adds 20 points a year and stops at 100', () => {
    expect([2025, 2026, 2027, 2028, 2029].map((y) => digitisationTarget(DEFAULT_PLAN, 'province', y))).toEqual([30, 50, 70, 90, 100]);
    expect([2025, 2026, 2027, 2028, 2029, 2030].map((y) => digitisationTarget(DEFAULT_PLAN, 'commune', y))).toEqual([15, 35, 55, 75, 95, 100]);
  });

  it('has no target before it starts', () => {
    expect(planYear(DEFAULT_PLAN, 2024)).toBeNull();
    expect(planYear(DEFAULT_PLAN, 2025)).toBe(1);
    expect(digitisationTarget(DEFAULT_PLAN, 'province', 2024)).toBeNull();
  });

  it('is read from PLAN_* once, at start, with the defaults when unset', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).plan).toEqual({ startYear: 2025, firstYearTargets: { province: 30, district: 20, commune: 15 }, yearlyStepPoints: 20, notAskedAgainTargetPercent: 80 });
    const plan = loadConfig({ NODE_ENV: 'test', PLAN_START_YEAR: '2026', PLAN_FIRST_YEAR_TARGETS: 'province:40, commune=25', PLAN_YEARLY_STEP_POINTS: '15', PLAN_NOT_ASKED_AGAIN_TARGET: '90' }).plan;
    expect(plan).toEqual({ startYear: 2026, firstYearTargets: { province: 40, commune: 25 }, yearlyStepPoints: 15, notAskedAgainTargetPercent: 90 });
    // The two-tier government of 2025: a plan without districts has no district target.
    expect(digitisationTarget(plan, 'district', 2027)).toBeNull();
    expect(digitisationTarget(plan, 'province', 2027)).toBe(55);
  });

  it.each([
    [{ PLAN_START_YEAR: 'năm 2025' }, /PLAN_START_YEAR/],
    [{ PLAN_FIRST_YEAR_TARGETS: 'tinh:30' }, /PLAN_FIRST_YEAR_TARGETS/],
    [{ PLAN_FIRST_YEAR_TARGETS: 'province:130' }, /PLAN_FIRST_YEAR_TARGETS/],
    [{ PLAN_NOT_ASKED_AGAIN_TARGET: '101' }, /PLAN_NOT_ASKED_AGAIN_TARGET/],
  ])('refuses a bad setting %p', (env, message) => {
    expect(() => loadConfig({ NODE_ENV: 'test', ...env } as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', ...env } as NodeJS.ProcessEnv)).toThrow(message);
  });
});
