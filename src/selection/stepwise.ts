import type { CaptureData } from "../types.js";
import { prepareCounts } from "../_lib/prepared.js";
import { describeModel, modelFromMasks, termName } from "../models/loglinear/modelSpec.js";
import type { ModelDescription } from "../types.js";
import { stepwisePrepared, validateThreshold } from "./_stepwisePrepared.js";

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
