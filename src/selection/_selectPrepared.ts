/** Private: {@link selectModel} on prepared counts, shared by the log-linear family and its bootstrap. */
import { OptionError } from "../errors.js";
import type { PreparedCounts } from "../_lib/prepared.js";
import { describeModel, modelFromMasks, termName, type LoglinearModel } from "../models/loglinear/modelSpec.js";
import { cachedCatalogue } from "./enumerateModels.js";
import { rankPrepared } from "./_rankPrepared.js";
import { stepwisePrepared, validateThreshold } from "./_stepwisePrepared.js";
import type { ModelSelection, SelectionMethod, SelectModelOptions } from "./selectModel.js";

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
