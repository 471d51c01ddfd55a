/**
 * The Bayesian thresholding family (`method: "bayesthresh"`): {@link estimateBayesthresh} served by
 * the registry (estimate, bootstrap, strata, trends, reports, CLI).
 */
import type { CaptureData, EstimateWarning, Interval } from "../../types.js";
import type { EstimateContext, TableFamily } from "../../families/types.js";
import { estimateBayesthresh, resolveBayesthreshOptions } from "./estimateBayesthresh.js";
import { sumIndependentDraws } from "../../_lib/posteriorDraws.js";
import type { BayesthreshEstimate, BayesthreshOptions } from "./types.js";

/**
 * The bayesthresh options `estimate` and the CLI accept. `maxOrder` (2 or 3 here) and `seed` are
 * shared with the other families' options of the same name.
 */
export interface BayesthreshFamilyOptions {
  /** `"proper"` (default, N(0, priorVariance) on interactions) or `"improper"` (flat). */
  readonly prior?: "proper" | "improper";
  /** Prior variance of the interactions (default 1). */
  readonly priorVariance?: number;
  /** Threshold on |posterior mean| / sd (default 2). */
  readonly threshold?: number;
  /** Metropolis iterations discarded per fit (default 1,000). */
  readonly burnIn?: number;
  /** Metropolis iterations kept per fit (default 10,000). */
  readonly iterations?: number;
  /** Proposal scale (default `"auto"`, 2.38/√p). */
  readonly tune?: number | "auto";
  /** Seed of the random streams (default 12345). */
  readonly seed?: number | string;
  /** Highest interaction order thresholded: 2 (default) or 3. */
  readonly maxOrder?: number;
}

/** The family's plain spec. */
export type BayesthreshSpec = Omit<BayesthreshOptions, "level">;

function specOf(options: BayesthreshFamilyOptions & { readonly keepDraws?: boolean }): BayesthreshSpec {
  return {
    ...(options.prior !== undefined ? { prior: options.prior } : {}),
    ...(options.priorVariance !== undefined ? { priorVariance: options.priorVariance } : {}),
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    ...(options.burnIn !== undefined ? { burnIn: options.burnIn } : {}),
    ...(options.iterations !== undefined ? { iterations: options.iterations } : {}),
    ...(options.tune !== undefined ? { tune: options.tune } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.maxOrder !== undefined ? { maxOrder: options.maxOrder as 2 | 3 } : {}),
    ...(options.keepDraws ? { keepDraws: true } : {}),
  };
}

/**
 * The posterior of a post-stratified total: the strata's chains are independent (each stratum has its
 * own streams), so the sum of their i-th draws is a draw of the total; its median and type-7
 * quantiles.
 */
export function sumDrawPosteriors(results: readonly BayesthreshEstimate[], levels: readonly number[]): { estimate: number; intervals: Interval[]; warnings: EstimateWarning[] } {
  const draws = results.map((r) => r.posterior?.draws);
  if (draws.some((d) => d === undefined)) throw new Error("internal: a stratum's bayesthresh result has no draws");
  return sumIndependentDraws(draws as (readonly number[])[], levels);
}

/** The bayesthresh family. */
export const bayesthreshFamily: TableFamily<BayesthreshSpec, BayesthreshEstimate, BayesthreshFamilyOptions> = {
  name: "bayesthresh",
  title: "Bayesian thresholding of interactions (Silverman 2020)",
  scope: "table",
  spec(_data: CaptureData, options: BayesthreshFamilyOptions): BayesthreshSpec {
    // the options only: a fit of a few iterations to check them would be wasted work
    const spec = specOf(options);
    resolveBayesthreshOptions(spec);
    return spec;
  },
  estimate(data, spec, context: EstimateContext) {
    return estimateBayesthresh(data, { ...spec, level: context.levels });
  },
  pointIntervals: "posterior",
  posteriorTotal: {
    keep: { keepDraws: true },
    sum: (results, context) => sumDrawPosteriors(results, context.levels),
  },
  replicates(spec) {
    return {
      rows: 1,
      estimate(counts, out, offset, context) {
        const t = Math.round(Math.log2(counts.length + 1));
        let observed = 0;
        for (const c of counts) observed += c;
        const data: CaptureData = { lists: Array.from({ length: t }, (_, j) => `L${j + 1}`), counts: Array.from(counts), observed };
        const result = estimateBayesthresh(data, { ...spec, keepDraws: false, seed: `${context.seed}/estimator/${context.item}` });
        out[offset] = result.estimate ?? Number.NaN;
      },
    };
  },
};
