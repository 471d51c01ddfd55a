/**
 * The posterior of a sum of independent quantities from their draws: the k-th draws of each are
 * added (each stratum's posterior is sampled by its own chain, from its own seeded stream, so the
 * k-th draws are independent across strata), and the sums' median and equal-tailed intervals are
 * read off. Shared by the Bayesian families' post-stratified totals.
 */
import type { EstimateWarning, Interval } from "../types.js";
import { quantileSorted } from "./convergence.js";

/** The median and equal-tailed posterior intervals of Σ_s X_s from draws of each X_s (the shortest length is used). */
export function sumIndependentDraws(
  draws: readonly ArrayLike<number>[],
  levels: readonly number[],
): { estimate: number; intervals: Interval[]; warnings: EstimateWarning[] } {
  const n = Math.min(...draws.map((d) => d.length));
  const totals = new Float64Array(n);
  for (const d of draws) for (let k = 0; k < n; k++) totals[k] += d[k];
  totals.sort();
  return {
    estimate: quantileSorted(totals, 0.5),
    intervals: levels.map((level) => ({ method: "posterior", level, lower: quantileSorted(totals, (1 - level) / 2), upper: quantileSorted(totals, (1 + level) / 2) })),
    warnings: [],
  };
}
