import type { CaptureData, EstimateWarning, ModelDescription } from "../types.js";
import { prepareCounts } from "../_lib/prepared.js";
import type { RankedModel } from "./rankModels.js";
import type { StepwiseStep } from "./stepwise.js";
import { selectPrepared } from "./_selectPrepared.js";

/** How to choose the model. */
export type SelectionMethod = "auto" | "bic" | "aic" | "stepwise";

/** Options of {@link selectModel}. */
export interface SelectModelOptions {
  /**
   * `"auto"` (default): BIC for up to 5 lists, stepwise for 6 or more (MultipleSystemsEstimation's
   * rule). `"bic"`/`"aic"`: exhaustive search of the catalogue. `"stepwise"`: forward selection.
   */
  readonly select?: SelectionMethod;
  /** Highest interaction order for `bic`/`aic`; default by number of lists. */
  readonly maxOrder?: number;
  /** Threshold for `stepwise`. Default 0.02. */
  readonly pThreshold?: number;
  /** How many of the best models to report from an exhaustive search. Default 10. */
  readonly report?: number;
}

/** The model chosen and how. */
export interface ModelSelection {
  /** The method that ran (`auto` resolved). */
  readonly method: "bic" | "aic" | "stepwise";
  /** The chosen model; absent when no model in the catalogue passed the checks. */
  readonly model?: ModelDescription;
  /** Exhaustive search: catalogue size, valid models, models skipped by status, highest order. */
  readonly considered?: number;
  /** Exhaustive search: models that pass the existence/identifiability check and were fitted. */
  readonly valid?: number;
  /** Exhaustive search: models that fail the check, by status code. */
  readonly skipped?: Readonly<Record<1 | 2 | 3, number>>;
  /** Exhaustive search: highest interaction order in the catalogue. */
  readonly maxOrder?: number;
  /** Exhaustive search: the best models, best first. */
  readonly ranking?: readonly RankedModel[];
  /** Stepwise: the threshold and the steps taken. */
  readonly pThreshold?: number;
  /** Stepwise: the accepted steps, in order. */
  readonly steps?: readonly StepwiseStep[];
  /** `NO_VALID_MODEL` when no candidate passes the check; otherwise empty. */
  readonly warnings: readonly EstimateWarning[];
}

/**
 * Choose a log-linear model for capture data: exhaustive BIC/AIC over the hierarchical catalogue,
 * or forward stepwise selection of two-list interactions.
 *
 * @param data - capture data.
 * @param options - see {@link SelectModelOptions}.
 * @returns the selection, with the chosen model (absent, with a `NO_VALID_MODEL` warning, when no
 *   candidate passes the existence and identifiability check).
 * @throws {OptionError} for an unknown method or out-of-range option.
 * @example
 * selectModel(data, { select: "stepwise" }).model?.terms
 * @see docs/methodology/model-selection.md
 */
export function selectModel(data: CaptureData, options: SelectModelOptions = {}): ModelSelection {
  const prepared = prepareCounts(data.counts, data.lists.length);
  return selectPrepared(prepared, data.lists, options).selection;
}
