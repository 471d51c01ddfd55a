import type { CaptureData, ModelDescription } from "../../types.js";
import { OptionError } from "../../errors.js";
import { fitPoissonDesign as fitDensePoisson } from "../../_lib/poissonDesign.js";
import { describeModel, parseModel } from "../loglinear/modelSpec.js";
import { buildCovariateDesign, unobservedLinearPredictor } from "./fitCovariateModel.js";

/** Options of {@link selectCovariateModel}. */
export interface SelectCovariateModelOptions {
  /** Covariate columns. Default: every covariate column of the data. */
  readonly covariates?: readonly string[];
  /**
   * The list part of the model, shared by every candidate (e.g. `"A:B"`, default main effects).
   * Its interaction terms may also be crossed with the covariates.
   */
  readonly listModel?: string;
  /** `"bic"` (default) or `"aic"`. */
  readonly criterion?: "bic" | "aic";
  /** Refuse more candidates than this. Default 4096. */
  readonly limit?: number;
}

/** One candidate covariate model and its fit. */
export interface CovariateCandidate {
  readonly model: ModelDescription;
  /** The terms as given to {@link fitCovariateModel}. */
  readonly terms: string;
  readonly bic: number;
  readonly aic: number;
  readonly estimate: number;
  readonly parameters: number;
}

/** Ranked covariate models. */
export interface CovariateModelSelection {
  readonly criterion: "bic" | "aic";
  readonly considered: number;
  /** Candidates whose estimate exists and is identifiable, best first. */
  readonly models: readonly CovariateCandidate[];
}

/**
 * Choose which list × covariate terms a covariate model needs, by BIC (or AIC): every candidate
 * keeps the given list model and adds any set of the terms "list × covariate" (a list's capture
 * rate differs by stratum) and "list interaction × covariate" (a dependence differs by stratum).
 * Candidates that fail the existence/identifiability check are left out. BIC uses the number of
 * parameters (every column of the design) and the number observed, as for list models.
 *
 * @param data - capture data with covariate columns.
 * @param options - see {@link SelectCovariateModelOptions}.
 * @returns the valid candidates, best first.
 * @throws {OptionError} when there are more candidates than `limit`.
 * @example
 * selectCovariateModel(data, { listModel: "A:B" }).models[0].terms // "A:B + A:region + C:region"
 * @see docs/methodology/stratification.md
 */
export function selectCovariateModel(data: CaptureData, options: SelectCovariateModelOptions = {}): CovariateModelSelection {
  const covariates = [...(options.covariates ?? data.covariates ?? [])];
  if (covariates.length === 0) throw new OptionError("covariate model selection needs covariate columns; read the data with `covariates`");
  const criterion = options.criterion ?? "bic";
  const limit = options.limit ?? 4096;
  const listModel = options.listModel ?? "main";
  const base = describeModel(parseModel(listModel, data.lists)).terms;
  const optional: string[] = [];
  for (const c of covariates) {
    for (const list of data.lists) optional.push(`${list}:${c}`);
    for (const term of base) optional.push(`${term}:${c}`);
  }
  const count = 2 ** optional.length;
  if (count > limit) {
    throw new OptionError(
      `${count} candidate covariate models exceed \`limit\` = ${limit}; fewer covariates or a smaller list model`,
    );
  }
  const seen = new Set<string>();
  const models: CovariateCandidate[] = [];
  const logN = Math.log(data.observed);
  for (let subset = 0; subset < count; subset++) {
    const chosen = optional.filter((_, i) => subset & (1 << i));
    const terms = [...base, ...chosen].join(" + ") || "main";
    const built = buildCovariateDesign(data, terms, covariates);
    // candidates that differ only by implied sub-terms are the same model
    if (seen.has(built.description.name)) continue;
    seen.add(built.description.name);
    const fit = fitDensePoisson(built.design, built.counts);
    if (fit.status !== 0) continue;
    let dark = 0;
    const keptIndex = new Map(fit.kept.map((j, a) => [j, a] as const));
    for (let s = 0; s < built.strata.length; s++) {
      const { eta, boundary } = unobservedLinearPredictor(built, keptIndex, fit.beta, s, data.lists.length);
      if (!boundary) dark += Math.exp(eta);
    }
    const p = built.parameters;
    models.push({
      model: built.description,
      terms,
      bic: p * logN - 2 * fit.logLikelihood,
      aic: 2 * p - 2 * fit.logLikelihood,
      estimate: data.observed + dark,
      parameters: p,
    });
  }
  const key = criterion;
  const order = models.map((_, i) => i).sort((a, b) => models[a][key] - models[b][key] || a - b);
  return { criterion, considered: seen.size, models: order.map((i) => models[i]) };
}
