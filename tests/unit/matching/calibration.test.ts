import { generatePopulation } from '../../../src/connectors/population/populationGenerator';
import { isotonicSteps } from '../../../src/matching/evaluation/fitCalibration';
import { calibratedProbability, loadModel } from '../../../src/matching/matchingModel';
import { mirrorRowOf } from '../../../src/matching/mirrorRow';
import { personFeatures } from '../../../src/matching/personFeatures';
import { rankCandidates } from '../../../src/matching/rankCandidates';

const model = loadModel();
const template = [...generatePopulation({ seed: 5, count: 50 })].find((c) => c.sex === 'male' && c.birthDate.length === 10)!;
const toan = { ...template, id: '001085004521', fullName: 'Nguyễn Đức Toàn', name: { family: 'Nguyễn', middle: 'Đức', given: 'Toàn' }, birthDate: '1985-03-12', sex: 'male' as const };
const row = mirrorRowOf(toan);

describe('search calibration', () => {
  it('when a common name is typed with its middle name dropped among 100,000 people and no one else comes close, then match', () => {
    const q = personFeatures({ fullName: 'Nguyễn Toàn', birthDate: '1985-03-12', sex: 'male' });
    const ranking = rankCandidates(model, q, [{ row, pass: 'birth_date_given' }], 100_000, 5);
    expect(ranking.candidates[0]).toMatchObject({ decision: 'match', row: { id: toan.id } });
    expect(ranking.candidates[0]!.score.probability).toBe(calibratedProbability(model.searchCalibration!, ranking.firstLogOdds!));
  });

  it('when a namesake born the same day fits almost as well, then possible: the competitor lowers the log-odds and the margin', () => {
    const namesake = mirrorRowOf({ ...toan, id: '001085004522', fullName: 'Nguyễn Văn Toàn', name: { ...toan.name, middle: 'Văn' } });
    const q = personFeatures({ fullName: 'Nguyễn Toàn', birthDate: '1985-03-12', sex: 'male' });
    const ranking = rankCandidates(model, q, [{ row, pass: 'birth_date_given' }, { row: namesake, pass: 'birth_date_given' }], 100_000, 5);
    expect(ranking.candidates.map((c) => c.decision)).not.toContain('match');
  });

  it('the fitted steps never decrease and are never certain', () => {
    const steps = model.searchCalibration!.steps;
    steps.slice(1).forEach(([from, p], i) => {
      expect(from).toBeGreaterThan(steps[i]![0]);
      expect(p).toBeGreaterThan(steps[i]![1]);
    });
    expect(steps.at(-1)![1]).toBeLessThan(1);
  });

  it('isotonic steps pool answers out of order and smooth small steps', () => {
    const samples = [
      { x: -5, y: 0, w: 1 }, { x: -4, y: 1, w: 1 }, { x: -3, y: 0, w: 1 },
      ...Array.from({ length: 600 }, (_, i) => ({ x: 10 + i / 100, y: 1, w: 1 })),
    ];
    const steps = isotonicSteps(samples);
    expect(steps.map(([, p]) => p)).toEqual([...steps.map(([, p]) => p)].sort((a, b) => a - b));
    // Six hundred right answers in a row reach 0.999, not 1.
    expect(steps.at(-1)).toEqual([10, expect.closeTo(600.5 / 601, 6)]);
    expect(steps[0]![1]).toBeLessThan(0.5);
  });
});
