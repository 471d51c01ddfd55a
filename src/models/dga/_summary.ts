/** Summaries of a posterior of N held as (unnormalised) probabilities on an integer grid. */

import type { PosteriorQuantile } from "../../types.js";

export type { PosteriorQuantile };

/** Posterior summaries of the total population N. */
export interface PosteriorSummary {
  /** Posterior mean of N. */
  readonly mean: number;
  /** Posterior standard deviation of N. */
  readonly sd: number;
  /** Posterior median of N (the quantile at 0.5). */
  readonly median: number;
  /** Most probable N (the smallest one on ties); for sampled posteriors, absent. */
  readonly mode?: number;
  /** Quantiles, by increasing probability. */
  readonly quantiles: readonly PosteriorQuantile[];
}

/**
 * Mean, sd, mode and quantiles of N = offset + (from + i) with weights `values[i]` (not normalised).
 * Quantile q is the smallest N whose cumulative weight reaches q · total.
 */
export function summariseGrid(values: Float64Array, from: number, offset: number, probabilities: readonly number[]): PosteriorSummary {
  let total = 0;
  let first = 0;
  let mode = 0;
  let best = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    total += v;
    first += v * i;
    if (v > best) {
      best = v;
      mode = i;
    }
  }
  const meanIndex = first / total;
  let second = 0;
  for (let i = 0; i < values.length; i++) {
    const dev = i - meanIndex;
    second += values[i] * dev * dev;
  }
  // one pass over the cumulative sums for every quantile, the median included
  const sorted = [...new Set([...probabilities, 0.5])].sort((a, b) => a - b);
  const at = new Map<number, number>();
  let cumulative = 0;
  let i = 0;
  for (const q of sorted) {
    const target = q * total;
    while (i < values.length - 1 && cumulative + values[i] < target) cumulative += values[i++];
    at.set(q, i);
  }
  const quantiles = [...probabilities].sort((a, b) => a - b).map((q) => ({ probability: q, value: offset + from + (at.get(q) as number) }));
  const median = at.get(0.5) as number;
  return {
    mean: offset + from + meanIndex,
    sd: Math.sqrt(second / total),
    median: offset + from + median,
    mode: offset + from + mode,
    quantiles,
  };
}

/** Index of the smallest cumulative weight ≥ q · total. */
export function quantileIndex(values: Float64Array, total: number, q: number): number {
  const target = q * total;
  let cumulative = 0;
  for (let i = 0; i < values.length; i++) {
    cumulative += values[i];
    if (cumulative >= target) return i;
  }
  return values.length - 1;
}
