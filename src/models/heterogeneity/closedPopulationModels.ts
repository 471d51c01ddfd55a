import type { CaptureData } from "../../types.js";
import { fitCore, historyTable, type ModelSpec } from "./_core.js";
import { parseHeterogeneity } from "./heterogeneityColumn.js";
import type { ClosedPopulationTable } from "./types.js";

/** Options of {@link closedPopulationModels}. */
export interface ClosedPopulationModelsOptions {
  /** Chao's models: set negative eta parameters to zero (Rcapture's `neg`). Default true. */
  readonly constrain?: boolean;
}

/** The twelve models of Rcapture's `closedp.t`, in its order. */
export function closedpSpecs(): ModelSpec[] {
  const forms = [
    parseHeterogeneity("chao"),
    parseHeterogeneity("poisson"),
    parseHeterogeneity("darroch"),
    parseHeterogeneity("gamma"),
  ];
  return [
    { base: { kind: "M0" }, heterogeneity: null },
    { base: { kind: "Mt" }, heterogeneity: null },
    ...forms.map((h): ModelSpec => ({ base: { kind: "M0" }, heterogeneity: h })),
    ...forms.map((h): ModelSpec => ({ base: { kind: "Mt" }, heterogeneity: h })),
    { base: { kind: "Mb" }, heterogeneity: null },
    { base: { kind: "Mbh" }, heterogeneity: null },
  ];
}

/**
 * Fit Rcapture's whole closed-population table (`closedp.t`): M0, Mt, Mh and Mth with Chao's lower
 * bound, Poisson2, Darroch and Gamma3.5 heterogeneity, Mb and Mbh.
 *
 * @param data - capture data; the lists are the capture occasions, in time order for Mb and Mbh.
 * @param options - see {@link ClosedPopulationModelsOptions}.
 * @returns one {@link ClosedPopulationFit} per model with estimate, standard error, deviance, df,
 *   AIC, BIC and coded warnings. With two lists the heterogeneity models are not identifiable and
 *   come back without an estimate.
 * @example
 * const table = closedPopulationModels(ukdat);
 * table.models.map((m) => [m.name, m.estimate]) // [["M0", 13597.5], ["Mt", 12214.0], …]
 * @see docs/methodology/heterogeneity.md
 */
export function closedPopulationModels(data: CaptureData, options: ClosedPopulationModelsOptions = {}): ClosedPopulationTable {
  const table = historyTable(data.counts, data.lists);
  return {
    kind: "closed-population-table",
    observed: table.observed,
    occasions: data.lists.length,
    models: closedpSpecs().map((spec) => fitCore(table, spec, { constrain: options.constrain }).result),
  };
}
