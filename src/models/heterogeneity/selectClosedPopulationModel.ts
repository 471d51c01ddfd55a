import type { CaptureData } from "../../types.js";
import { OptionError } from "../../errors.js";
import { enumerateModels } from "../../selection/enumerateModels.js";
import { describeModel, modelFromMasks } from "../loglinear/modelSpec.js";
import { fitCore, historyTable } from "./_core.js";
import { parseHeterogeneity } from "./heterogeneityColumn.js";
import type { HeterogeneityInput } from "./_spec.js";
import type { ClosedPopulationFit } from "./types.js";

/** Options of {@link selectClosedPopulationModel}. */
export interface SelectClosedPopulationModelOptions {
  /** Heterogeneity column added to every model (`closedpMS.t`'s `h`); none by default. */
  readonly heterogeneity?: HeterogeneityInput;
  /** Criterion to rank by, lower is better. Default `"bic"`. */
  readonly criterion?: "bic" | "aic";
  /**
   * Highest interaction order of the catalogue (Rcapture's `maxorder`). Default: the project's
   * default by number of lists (see `enumerateModels`).
   */
  readonly maxOrder?: number;
  /** Chao's form: set negative eta parameters to zero. Default true. */
  readonly constrain?: boolean;
}

/** The ranked catalogue of hierarchical models with a heterogeneity form. */
export interface ClosedPopulationSelection {
  /** Discriminant of the result kind. */
  readonly kind: "closed-population-selection";
  /** The criterion ranked by. */
  readonly criterion: "bic" | "aic";
  /** Models in the catalogue. */
  readonly considered: number;
  /** The best model's fit (first of `models`); `null` when no model could be fitted. */
  readonly best: ClosedPopulationFit | null;
  /** Every fitted model, best first (ties keep catalogue order); models not fitted are left out. */
  readonly models: readonly ClosedPopulationFit[];
}

/**
 * Fit every hierarchical log-linear model of the catalogue, each with the heterogeneity column(s)
 * when given, and rank them by BIC or AIC (Rcapture's `closedpMS.t` with `h`). BIC and AIC follow
 * Rcapture: BIC = AIC + (log n − 2)·parameters.
 *
 * @param data - capture data with at least three lists.
 * @param options - see {@link SelectClosedPopulationModelOptions}.
 * @returns the ranking and the best fit.
 * @throws {OptionError} for a bad heterogeneity, criterion or `maxOrder`, or fewer than 3 lists.
 * @example
 * selectClosedPopulationModel(lesbian, { heterogeneity: "darroch" }).best?.name // "[12,13,14] Darroch"
 * @see docs/methodology/heterogeneity.md
 */
export function selectClosedPopulationModel(data: CaptureData, options: SelectClosedPopulationModelOptions = {}): ClosedPopulationSelection {
  const criterion = options.criterion ?? "bic";
  if (criterion !== "bic" && criterion !== "aic") {
    throw new OptionError(`\`criterion\` must be "bic" or "aic"; received ${String(criterion)}`);
  }
  const t = data.lists.length;
  if (t < 3) throw new OptionError(`model selection needs at least three lists; received ${t}`);
  const heterogeneity = options.heterogeneity === undefined ? null : parseHeterogeneity(options.heterogeneity);
  const table = historyTable(data.counts, data.lists);
  const catalogue = enumerateModels(t, { maxOrder: options.maxOrder });
  const fits: ClosedPopulationFit[] = [];
  for (const parameters of catalogue) {
    const generators = parameters.filter((m) => m !== 0);
    const model = modelFromMasks(generators, data.lists);
    const hierarchy = describeModel(model).hierarchy;
    const core = fitCore(table, { base: { kind: "loglinear", parameters: model.parameters, hierarchy }, heterogeneity }, { constrain: options.constrain });
    if (core.result.fit !== null) fits.push(core.result);
  }
  const score = (f: ClosedPopulationFit): number => (criterion === "bic" ? f.fit!.bic : f.fit!.aic);
  const order = fits.map((f, i) => [score(f), i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const models = order.map(([, i]) => fits[i]);
  return { kind: "closed-population-selection", criterion, considered: catalogue.length, best: models[0] ?? null, models };
}
