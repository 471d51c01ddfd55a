import type { CaptureData, CheckStatus, ModelDescription } from "../types.js";
import { prepareCounts, type PreparedCounts } from "../_lib/prepared.js";
import { fitPoissonLoglinear, splitBoundary } from "../_lib/poissonFit.js";
import { checkExistenceCore } from "../_lib/existence.js";
import { describeModel, modelFromMasks } from "../models/loglinear/modelSpec.js";
import { cachedCatalogue, type Catalogue } from "./enumerateModels.js";
import type { PoissonFit } from "../_lib/poissonFit.js";

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

/** Internal: a ranked entry with its masks, for the selection routines. */
export interface RankedEntry {
  readonly parameters: readonly number[];
  readonly estimate: number;
  readonly bic: number;
  readonly aic: number;
  readonly logLikelihood: number;
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

/**
 * Rank a catalogue on prepared counts (shared with the bootstrap). Each fit starts from the fit of
 * its parent (the model less its last term) when that parent was fitted: Newton then begins at the
 * parent's MLE and needs fewer iterations; the converged MLE is the same.
 */
export function rankPrepared(
  prepared: PreparedCounts,
  catalogue: Catalogue,
  criterion: "bic" | "aic",
): { entries: RankedEntry[]; skipped: Record<1 | 2 | 3, number>; fits: (PoissonFit | undefined)[] } {
  const skipped: Record<1 | 2 | 3, number> = { 1: 0, 2: 0, 3: 0 };
  const entries: RankedEntry[] = [];
  const logN = Math.log(prepared.observed);
  const { models, parents } = catalogue;
  const fits: (PoissonFit | undefined)[] = new Array(models.length);
  // models without an extended MLE: their children that add a term with a positive margin lack one too
  const lacksMle = new Uint8Array(models.length);
  for (let index = 0; index < models.length; index++) {
    const parameters = models[index];
    const split = splitBoundary(prepared, parameters);
    const parent = parents[index];
    const subModelLacksMle =
      parent >= 0 && parent < index && lacksMle[parent] === 1 && prepared.margins[parameters[parameters.length - 1]] > 0;
    const check = checkExistenceCore(prepared, parameters, split, { subModelLacksMle });
    if (!check.mleExists) lacksMle[index] = 1;
    if (check.status !== 0) {
      skipped[check.status]++;
      continue;
    }
    const fit = fitPoissonLoglinear(prepared, parameters, {
      covariance: false,
      start: parent >= 0 ? fits[parent] : undefined,
      split,
      identifiable: true,
    });
    if (!fit.nonsingular) {
      skipped[2]++;
      continue;
    }
    fits[index] = fit;
    const p = parameters.length;
    entries.push({
      parameters,
      estimate: prepared.observed + fit.mu[0],
      bic: p * logN - 2 * fit.logLikelihood,
      aic: 2 * p - 2 * fit.logLikelihood,
      logLikelihood: fit.logLikelihood,
    });
  }
  const key = criterion === "bic" ? "bic" : "aic";
  const order = entries.map((_, i) => i);
  order.sort((a, b) => entries[a][key] - entries[b][key] || a - b);
  return { entries: order.map((i) => entries[i]), skipped, fits };
}
