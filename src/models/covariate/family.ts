/**
 * The covariate family (`method: "covariate"`): one log-linear model over lists × strata (van der
 * Heijden et al. 2012), fitted to all strata at once; each stratum's dark figure is its fitted
 * unobserved cell.
 */
import type { CaptureData } from "../../types.js";
import { OptionError } from "../../errors.js";
import type { StratifiedFamily, StratifiedSpec } from "../../families/types.js";
import type { SelectionMethod } from "../../selection/selectModel.js";
import type { StratifiedEstimate } from "../../strata/types.js";
import { chooseCovariateModel } from "./chooseCovariateModel.js";
import { buildCovariateDesign, fitCovariateModel } from "./fitCovariateModel.js";
import { covariateParametricModels, covariateStratumEstimates } from "./_stratumEstimates.js";

/** Options of the covariate family. */
export interface CovariateOptions {
  /**
   * The covariate model's terms, e.g. `"A:B + A:region"`. Without it the model is chosen: list
   * terms on the pooled data (by `select`), then list × covariate terms by BIC (see
   * {@link chooseCovariateModel}).
   */
  readonly model?: string | readonly string[];
  /** How the list terms are chosen when no `model` is given. Default `"auto"`. */
  readonly select?: SelectionMethod;
  /** Highest interaction order for exhaustive selection of the list terms. */
  readonly maxOrder?: number;
  /** Stepwise threshold for the list terms. */
  readonly pThreshold?: number;
}

/** The covariate family's plain spec. */
export interface CovariateSpec extends StratifiedSpec {
  /** The model's terms. */
  readonly model: string | readonly string[];
  /** `"given"`, or the criterion that chose the list × covariate terms. */
  readonly chosenBy: "given" | "bic" | "aic";
}

/** The covariate family. */
export const covariateFamily: StratifiedFamily<CovariateSpec, StratifiedEstimate, CovariateOptions> = {
  name: "covariate",
  title: "Covariate log-linear model over all strata",
  scope: "stratified",
  spec(data: CaptureData, options): CovariateSpec {
    const by = [...options.by];
    if (by.length === 0) throw new OptionError("`by` must name at least one covariate column; received none");
    if (options.model !== undefined) {
      if (typeof options.model !== "string" && !Array.isArray(options.model)) {
        throw new OptionError(`\`model\` must be a string of terms or an array of terms; received ${typeof options.model}`);
      }
      return { by, model: options.model, chosenBy: "given" };
    }
    const choice = chooseCovariateModel(data, {
      covariates: by,
      select: options.select,
      maxOrder: options.maxOrder,
      pThreshold: options.pThreshold,
    });
    return { by, model: choice.terms, chosenBy: choice.criterion };
  },
  estimate(data, spec, context) {
    const fit = fitCovariateModel(data, spec.model, { covariates: spec.by, level: context.levels });
    return spec.chosenBy === "given" ? fit : { ...fit, settings: { ...fit.settings, chosenBy: spec.chosenBy } };
  },
  pointIntervals: "lognormal",
  replicates(spec, data) {
    const built = buildCovariateDesign(data, spec.model, spec.by);
    const t = data.lists.length;
    return {
      rows: built.strata.length,
      estimate(counts, out, offset) {
        out.set(covariateStratumEstimates(built, counts, t), offset);
      },
    };
  },
  parametric(result, data, spec) {
    if (result.total.estimate === null) return undefined;
    return covariateParametricModels(buildCovariateDesign(data, spec.model, spec.by), data.lists.length);
  },
};
