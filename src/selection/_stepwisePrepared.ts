/**
 * Stepwise selection on prepared counts: the internal twin of {@link selectStepwise} that the
 * bootstrap's replicates and the selection routines share (private: not exported from the package).
 */
import { type PreparedCounts } from "../_lib/prepared.js";
import { fitPoissonLoglinear, mainEffectsStart, type PoissonFit } from "../_lib/poissonFit.js";
import { checkExistenceCore } from "../_lib/existence.js";
import { poissonLowerTail, poissonUpperTail } from "../_lib/distributions.js";
import { supersetSums } from "../_lib/bits.js";
import { OptionError } from "../errors.js";

/** Internal result with masks. */
export interface StepwisePrepared {
  readonly parameters: readonly number[];
  readonly fit: PoissonFit;
  /** Whether the main-effects model (and so the selected one) passes the existence check. */
  readonly valid: boolean;
  readonly startEstimate: number;
  readonly steps: readonly { pair: number; pValue: number; observed: number; expected: number; estimate: number }[];
}

/** The p-value threshold of stepwise selection, validated (default 0.02). */
export function validateThreshold(pThreshold: number | undefined): number {
  const value = pThreshold ?? 0.02;
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new OptionError(`\`pThreshold\` must be between 0 and 1; received ${String(pThreshold)}`);
  }
  return value;
}

/** Stepwise selection on prepared counts (shared with the bootstrap). */
export function stepwisePrepared(
  prepared: PreparedCounts,
  pThreshold: number,
  stopping?: "tight" | "glm",
): StepwisePrepared {
  const t = prepared.nLists;
  const pairs: number[] = [];
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) pairs.push((1 << i) | (1 << j));
  let parameters: number[] = [0];
  for (let j = 0; j < t; j++) parameters.push(1 << j);
  if (checkExistenceCore(prepared, parameters).status !== 0) {
    const fit = fitPoissonLoglinear(prepared, parameters, { covariance: false, stopping, maxIterations: 1 });
    return { parameters, fit, valid: false, startEstimate: Number.NaN, steps: [] };
  }
  // main effects: started at the closed-form MLE (one Newton iteration confirms it)
  const startTerms = mainEffectsStart(prepared);
  let fit = fitPoissonLoglinear(prepared, parameters, { covariance: false, stopping, startTerms, identifiable: true });
  const startEstimate = prepared.observed + fit.mu[0];
  if (pThreshold === 1) {
    const all = [...parameters, ...pairs];
    if (checkExistenceCore(prepared, all).status === 0) {
      const allFit = fitPoissonLoglinear(prepared, all, { covariance: false, stopping, start: fit, identifiable: true });
      return { parameters: all, fit: allFit, valid: true, startEstimate, steps: [] };
    }
  }
  const steps: { pair: number; pValue: number; observed: number; expected: number; estimate: number }[] = [];
  const inModel = new Set<number>();
  const expected = new Float64Array(prepared.size);
  while (inModel.size < pairs.length) {
    expected.set(fit.mu);
    expected[0] = 0;
    supersetSums(expected, t);
    let bestP = Number.POSITIVE_INFINITY;
    let bestPair = -1;
    for (const pair of pairs) {
      if (inModel.has(pair)) continue;
      const observed = prepared.margins[pair];
      const lambda = expected[pair];
      let p = Math.min(poissonLowerTail(observed, lambda), poissonUpperTail(observed, lambda));
      // The check only matters for a pair that could be chosen.
      if (p < bestP && p < pThreshold) {
        const candidate = [...parameters, pair];
        if (checkExistenceCore(prepared, candidate).status !== 0) p = 1;
      }
      if (p < bestP) {
        bestP = p;
        bestPair = pair;
      }
    }
    if (!(bestP < pThreshold)) break;
    const lambda = expected[bestPair];
    parameters = [...parameters, bestPair];
    inModel.add(bestPair);
    // Warm start from the previous model's MLE, the new pair at log(observed / expected) (its MLE
    // with the other coefficients held); R's cold start under `stopping: "glm"`.
    const startTerms = new Map([[bestPair, Math.log(prepared.margins[bestPair] / lambda)]]);
    fit = fitPoissonLoglinear(prepared, parameters, { covariance: false, stopping, start: fit, startTerms, identifiable: true });
    steps.push({
      pair: bestPair,
      pValue: bestP,
      observed: prepared.margins[bestPair],
      expected: lambda,
      estimate: prepared.observed + fit.mu[0],
    });
  }
  return { parameters, fit, valid: true, startEstimate, steps };
}
