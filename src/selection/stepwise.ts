import type { CaptureData } from "../types.js";
import { prepareCounts, type PreparedCounts } from "../_lib/prepared.js";
import { fitPoissonLoglinear, mainEffectsStart, type PoissonFit } from "../_lib/poissonFit.js";
import { checkExistenceCore } from "../_lib/existence.js";
import { poissonLowerTail, poissonUpperTail } from "../_lib/distributions.js";
import { supersetSums } from "../_lib/bits.js";
import { OptionError } from "../errors.js";
import { describeModel, modelFromMasks, termName } from "../models/loglinear/modelSpec.js";
import type { ModelDescription } from "../types.js";

/** Options of {@link selectStepwise}. */
export interface StepwiseOptions {
  /** A pair is added only while its p-value is strictly below this. Default 0.02. */
  readonly pThreshold?: number;
}

/** One accepted step of forward selection. */
export interface StepwiseStep {
  /** The pair added, list names joined by `:`. */
  readonly term: string;
  /** Smaller one-sided Poisson tail of the observed overlap under the model before the step. */
  readonly pValue: number;
  /** People observed on both lists (on at least those two). */
  readonly observedOverlap: number;
  /** Expected overlap under the model before the step. */
  readonly expectedOverlap: number;
  /** Population estimate after adding the pair. */
  readonly estimate: number;
}

/** Result of stepwise selection. */
export interface StepwiseSelection {
  /** The selected model: main effects plus the pairs added. */
  readonly model: ModelDescription;
  /** The p-value threshold used (default 0.02). */
  readonly pThreshold: number;
  /** Estimate of the main-effects model, where the search starts; null when it has no extended MLE. */
  readonly startEstimate: number | null;
  /** The accepted steps, in order; empty when no pair was added. */
  readonly steps: readonly StepwiseStep[];
  /** False when not even the main-effects model passes the existence check (no estimate exists). */
  readonly valid: boolean;
}

/** Internal result with masks. */
export interface StepwisePrepared {
  readonly parameters: readonly number[];
  readonly fit: PoissonFit;
  /** Whether the main-effects model (and so the selected one) passes the existence check. */
  readonly valid: boolean;
  readonly startEstimate: number;
  readonly steps: readonly { pair: number; pValue: number; observed: number; expected: number; estimate: number }[];
}

/**
 * Forward stepwise selection of two-list interactions (Chan, Silverman & Vincent 2021).
 *
 * Starting from main effects, for every pair {i, j} not yet in the model, with N* the number of
 * people on both lists and λ* its expected value under the current fit (the sum of fitted values
 * over cells on both lists), p = min(P(X ≤ N*), P(X ≥ N*)) with X ~ Poisson(λ*). A pair whose model
 * would fail the existence/identifiability check gets p = 1. The pair with the smallest p (ties:
 * first in the order 12, 13, …, 1t, 23, …) is added while p < `pThreshold` strictly; then the
 * model is refitted and the search repeats. As in MultipleSystemsEstimation, `pThreshold` 0 gives
 * main effects, and `pThreshold` 1 gives the model with every pair when it passes the check (else
 * the ordinary search). When even the main-effects model has no extended MLE (nobody is on two
 * lists), `valid` is false and there is no estimate.
 *
 * @param data - capture data with at least 2 lists.
 * @param options - see {@link StepwiseOptions}.
 * @returns the selected model and the steps taken.
 * @throws {OptionError} when `pThreshold` is not in [0, 1].
 * @example
 * selectStepwise(data).model.terms // ["LA:NG", "LA:PF", ...]
 * @see docs/methodology/model-selection.md
 */
export function selectStepwise(data: CaptureData, options: StepwiseOptions = {}): StepwiseSelection {
  const pThreshold = validateThreshold(options.pThreshold);
  const prepared = prepareCounts(data.counts, data.lists.length);
  const result = stepwisePrepared(prepared, pThreshold);
  return {
    model: describeModel(modelFromMasks(result.parameters, data.lists)),
    pThreshold,
    startEstimate: result.valid ? result.startEstimate : null,
    valid: result.valid,
    steps: result.steps.map((s) => ({
      term: termName(s.pair, data.lists),
      pValue: s.pValue,
      observedOverlap: s.observed,
      expectedOverlap: s.expected,
      estimate: s.estimate,
    })),
  };
}

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
