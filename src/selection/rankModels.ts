import type { CaptureData, CheckStatus, ModelDescription } from "../types.js";
import { prepareCounts } from "../_lib/prepared.js";
import { describeModel, modelFromMasks } from "../models/loglinear/modelSpec.js";
import { cachedCatalogue } from "./enumerateModels.js";
import { rankPrepared } from "./_rankPrepared.js";

/** Options of {@link rankModels}. */
export interface RankModelsOptions {
  /** Criterion to rank by. Default `"bic"`. */
  readonly criterion?: "bic" | "aic";
  /** Highest interaction order; default by number of lists (see {@link enumerateModels}). */
  readonly maxOrder?: number;
}

/** One valid model in a ranked catalogue. */
export interface RankedModel {
  /** The model. */
  readonly model: ModelDescription;
  /** Estimated total population: observed plus the fitted dark figure. */
  readonly estimate: number;
  /** `parameters · log(observed) − 2 · logLikelihood`. */
  readonly bic: number;
  /** `2 · parameters − 2 · logLikelihood`. */
  readonly aic: number;
  /** Poisson log-likelihood of the fit over the fitted cells. */
  readonly logLikelihood: number;
  /** Parameters, intercept and −∞ ones included. */
  readonly parameters: number;
}

/** A ranked catalogue: valid models best first, and how many were considered and skipped. */
export interface ModelRanking {
  /** The criterion the models are ranked by (lower is better). */
  readonly criterion: "bic" | "aic";
  /** Highest interaction order among the catalogue's models. */
  readonly maxOrder: number;
  /** Models in the catalogue. */
  readonly considered: number;
  /** Models that failed the existence/identifiability check, by status code. */
  readonly skipped: Readonly<Record<Exclude<CheckStatus, 0>, number>>;
  /** Valid models, best first (ties keep catalogue order). */
  readonly models: readonly RankedModel[];
}

/**
 * Fit every hierarchical model of the catalogue that passes the existence and identifiability
 * check, and rank them by BIC (or AIC). BIC = p·log(n) − 2ℓ with p every parameter of the
 * hierarchical model (intercept and −∞ ones included) and n the number observed, as
 * MultipleSystemsEstimation computes it.
 *
 * @param data - capture data with 2 to 15 lists (the catalogue is exhaustive: use stepwise
 *   selection for many lists).
 * @param options - see {@link RankModelsOptions}.
 * @returns the ranking with every valid model.
 * @throws {OptionError} when `maxOrder` is out of range or the catalogue is too large.
 * @example
 * rankModels(data).models[0].model.name
 * @see docs/methodology/model-selection.md
 */
export function rankModels(data: CaptureData, options: RankModelsOptions = {}): ModelRanking {
  const prepared = prepareCounts(data.counts, data.lists.length);
  const criterion = options.criterion ?? "bic";
  const catalogue = cachedCatalogue(data.lists.length, options.maxOrder);
  const { entries, skipped } = rankPrepared(prepared, catalogue, criterion);
  return {
    criterion,
    maxOrder: catalogue.maxOrder,
    considered: catalogue.models.length,
    skipped,
    models: entries.map((e) => ({
      model: describeModel(modelFromMasks(e.parameters, data.lists)),
      estimate: e.estimate,
      bic: e.bic,
      aic: e.aic,
      logLikelihood: e.logLikelihood,
      parameters: e.parameters.length,
    })),
  };
}
