import { firstPasses, hasFullDate, WIDE_PASSES } from './blocking';
import type { MatchingModel } from './matchingModel';
import type { ScoredRow } from './mirrorRow';
import { rowFeatures } from './mirrorRow';
import type { PersonFeatures } from './personFeatures';
import { rankCandidates, type Ranking } from './rankCandidates';

type Found = Array<{ row: ScoredRow; pass: string }>;

/** The mirror's blocking passes: the SQL store, or the evaluation's in-memory index. */
export interface CandidateSource {
  candidates(q: PersonFeatures, passes?: readonly string[]): Found | Promise<Found>;
}

/**
 * Search (1:N): the first blocking passes, ranked. When a full date was typed and no one found is
 * even `possible`, the wide passes (dates a digit or a day away, the province passes) run too and
 * everyone is ranked again: a mistyped name and a mistyped date together slip through the first.
 */
export async function searchPersons(
  source: CandidateSource,
  model: MatchingModel,
  query: PersonFeatures,
  populationSize: number,
  k: number,
  featuresOf: (row: ScoredRow) => PersonFeatures = rowFeatures,
): Promise<{ ranking: Ranking; found: Found }> {
  const found = await source.candidates(query, firstPasses(query));
  const ranking = rankCandidates(model, query, found, Math.max(populationSize, found.length), k, featuresOf);
  const top = ranking.candidates[0];
  if (!hasFullDate(query) || (top && top.decision !== 'non_match')) return { ranking, found };
  const known = new Set(found.map((f) => f.row.id));
  const all = [...found, ...(await source.candidates(query, WIDE_PASSES)).filter((f) => !known.has(f.row.id))];
  if (all.length === found.length) return { ranking, found };
  return { ranking: rankCandidates(model, query, all, Math.max(populationSize, all.length), k, featuresOf), found: all };
}
