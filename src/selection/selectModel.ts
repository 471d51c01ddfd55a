import type { CaptureData, EstimateWarning, ModelDescription } from "../types.js";
import { OptionError } from "../errors.js";
import { prepareCounts, type PreparedCounts } from "../_lib/prepared.js";
import { describeModel, modelFromMasks, type LoglinearModel } from "../models/loglinear/modelSpec.js";
import { cachedCatalogue } from "./enumerateModels.js";
import { rankPrepared, type RankedModel } from "./rankModels.js";
import { stepwisePrepared, validateThreshold, type StepwiseStep } from "./stepwise.js";
import { termName } from "../models/loglinear/modelSpec.js";

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

/** Resolve `auto` by the number of lists. */
export function resolveMethod(select: SelectionMethod | undefined, nLists: number): "bic" | "aic" | "stepwise" {
  const method = select ?? "auto";
  if (method === "auto") return nLists <= 5 ? "bic" : "stepwise";
  if (method === "bic" || method === "aic" || method === "stepwise") return method;
  throw new OptionError(`\`select\` must be one of auto, bic, aic, stepwise; received ${String(select)}`);
}

/** {@link selectModel} on prepared counts; also returns the chosen model's masks. */
export function selectPrepared(
  prepared: PreparedCounts,
  lists: readonly string[],
  options: SelectModelOptions,
): { selection: ModelSelection; model?: LoglinearModel } {
  const method = resolveMethod(options.select, lists.length);
  if (method === "stepwise") {
    const pThreshold = validateThreshold(options.pThreshold);
    const result = stepwisePrepared(prepared, pThreshold);
    if (!result.valid) {
      return {
        selection: {
          method,
          pThreshold,
          steps: [],
          warnings: [
            {
              code: "NO_VALID_MODEL",
              message: "not even the main-effects model has an extended MLE on these data (nobody is on two lists, or the overlaps lie on the boundary): no estimate exists",
            },
          ],
        },
      };
    }
    const model = modelFromMasks(result.parameters, lists);
    return {
      model,
      selection: {
        method,
        model: describeModel(model),
        pThreshold,
        steps: result.steps.map((s) => ({
          term: termName(s.pair, lists),
          pValue: s.pValue,
          observedOverlap: s.observed,
          expectedOverlap: s.expected,
          estimate: s.estimate,
        })),
        warnings: [],
      },
    };
  }
  const catalogue = cachedCatalogue(lists.length, options.maxOrder);
  const { entries, skipped } = rankPrepared(prepared, catalogue, method);
  const report = options.report ?? 10;
  const base = {
    method,
    considered: catalogue.models.length,
    valid: entries.length,
    skipped,
    maxOrder: catalogue.maxOrder,
    ranking: entries.slice(0, report).map((e) => ({
      model: describeModel(modelFromMasks(e.parameters, lists)),
      estimate: e.estimate,
      bic: e.bic,
      aic: e.aic,
      logLikelihood: e.logLikelihood,
      parameters: e.parameters.length,
    })),
  };
  if (entries.length === 0) {
    return {
      selection: {
        ...base,
        warnings: [
          {
            code: "NO_VALID_MODEL",
            message: `none of the ${catalogue.models.length} models in the catalogue has an extended MLE that exists and is identifiable on these data`,
          },
        ],
      },
    };
  }
  const model = modelFromMasks(entries[0].parameters, lists);
  return { model, selection: { ...base, model: describeModel(model), warnings: [] } };
}
