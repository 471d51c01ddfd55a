import type { CaptureData } from "../../types.js";
import { OptionError } from "../../errors.js";
import { selectModel, type SelectionMethod } from "../../selection/selectModel.js";
import { selectCovariateModel, type CovariateModelSelection } from "./selectCovariateModel.js";

/** Options of {@link chooseCovariateModel}. */
export interface ChooseCovariateModelOptions {
  /** Covariate (stratum) columns. Default: every covariate column of the data. */
  readonly covariates?: readonly string[];
  /** How to choose the list terms on the pooled data (see `selectModel`); `"aic"` also ranks the covariate terms by AIC. Default `"auto"`. */
  readonly select?: SelectionMethod;
  /** Highest interaction order for exhaustive selection of the list terms. */
  readonly maxOrder?: number;
  /** Stepwise threshold for the list terms. Default 0.02. */
  readonly pThreshold?: number;
}

/** The covariate model chosen, and how. */
export interface CovariateModelChoice extends CovariateModelSelection {
  /** The list part chosen on the pooled data (`"main"` when no interaction was chosen). */
  readonly listModel: string;
  /** The terms of the best candidate, as given to `fitCovariateModel`. */
  readonly terms: string;
}

/**
 * Choose a covariate model in two steps: the list interactions by the usual selection on the data
 * pooled over strata, then which list × covariate terms to add by BIC (AIC with `select: "aic"`)
 * among every candidate (see {@link selectCovariateModel}).
 *
 * @param data - capture data with covariate columns.
 * @param options - see {@link ChooseCovariateModelOptions}.
 * @returns the ranking with the chosen terms.
 * @throws {OptionError} when no candidate passes the existence and identifiability check (give a model).
 * @example
 * chooseCovariateModel(data, { covariates: ["region"] }).terms // "A:B + A:region + C:region"
 * @see docs/methodology/stratification.md
 */
export function chooseCovariateModel(data: CaptureData, options: ChooseCovariateModelOptions = {}): CovariateModelChoice {
  const pooled = selectModel(data, { select: options.select, maxOrder: options.maxOrder, pThreshold: options.pThreshold });
  const listModel = pooled.model && pooled.model.terms.length > 0 ? pooled.model.terms.join(" + ") : "main";
  const ranked = selectCovariateModel(data, {
    covariates: options.covariates,
    listModel,
    criterion: options.select === "aic" ? "aic" : "bic",
  });
  if (ranked.models.length === 0) {
    throw new OptionError("no covariate model passes the existence and identifiability check on these data; give the model's terms");
  }
  return { ...ranked, listModel, terms: ranked.models[0].terms };
}
