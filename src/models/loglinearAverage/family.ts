/**
 * The model-averaging family (`method: "loglinear-average"`): the population estimate averaged over
 * the catalogue of hierarchical log-linear models with BIC (or AIC) weights, and a bootstrap that
 * re-fits and re-weighs the whole catalogue in every replicate.
 */
import type { CaptureData, EstimateCore, EstimateSettings, ModelDescription } from "../../types.js";
import { OptionError } from "../../errors.js";
import { prepareCounts, type PreparedCounts } from "../../_lib/prepared.js";
import { validateInteger } from "../../_lib/validate.js";
import type { PoissonFit } from "../../_lib/poissonFit.js";
import type { ReplicateEstimator, TableFamily } from "../../families/types.js";
import { cachedCatalogue } from "../../selection/enumerateModels.js";
import { rankPrepared } from "../../selection/_rankPrepared.js";
import { VERSION } from "../../version.js";
import { describeModel, modelFromMasks } from "../loglinear/modelSpec.js";
import { cannotWin, fitOne, saturatedLogLikelihood, StatusCache } from "../loglinear/_replicates.js";

/** Options of the model-averaging family. */
export interface ModelAverageOptions {
  /** `"bic"` (default) or `"aic"`: the weights are exp(−criterion/2), normalised. */
  readonly criterion?: "bic" | "aic";
  /** Highest interaction order of the catalogue (default by number of lists, as for selection). */
  readonly maxOrder?: number;
  /** Average over the best `top` models of the original data only (in every replicate too). Default: the whole catalogue. */
  readonly top?: number;
}

/** The family's plain spec. */
export interface ModelAverageSpec {
  readonly criterion: "bic" | "aic";
  readonly maxOrder?: number;
  readonly top?: number;
}

/** One model's part in the average. */
export interface AveragedModel {
  /** The model. */
  readonly model: ModelDescription;
  /** Its population estimate. */
  readonly estimate: number;
  /** Its criterion (BIC or AIC, as `criterion` says). */
  readonly criterion: number;
  /** Its weight, exp(−Δ/2) normalised over the valid models. */
  readonly weight: number;
}

/** How the average was made. */
export interface ModelAveraging {
  /** The criterion behind the weights. */
  readonly criterion: "bic" | "aic";
  /** Highest interaction order of the catalogue. */
  readonly maxOrder: number;
  /** Models in the catalogue (or in the top `top`). */
  readonly considered: number;
  /** Models that passed the existence and identifiability check and carry a weight. */
  readonly valid: number;
  /** 1 / Σ w²: how many models the average effectively rests on. */
  readonly effectiveModels: number;
  /** The models with the largest weights (at most 10), largest first. */
  readonly models: readonly AveragedModel[];
}

/** A model-averaged population estimate. */
export interface ModelAverageEstimate extends EstimateCore {
  /** Always `"loglinear-average"`. */
  readonly family: "loglinear-average";
  /** The weights and the models with the largest. */
  readonly averaging: ModelAveraging | null;
  /** `method` is the criterion. */
  readonly settings: EstimateSettings & { readonly method: "bic" | "aic"; readonly maxOrder?: number; readonly top?: number };
}

/** Weights below e^−30 of the best model's are left out of a replicate's average (each < 1e-13 of it). */
const NEGLIGIBLE = 60;

function modelAverageSpec(data: CaptureData, options: ModelAverageOptions & { readonly select?: unknown }): ModelAverageSpec {
  const criterion = options.criterion ?? (options.select === "aic" ? "aic" : "bic");
  if (criterion !== "bic" && criterion !== "aic") {
    throw new OptionError(`\`criterion\` must be bic or aic; received ${String(criterion)}`);
  }
  if (data.lists.length > 6) {
    throw new OptionError(`model averaging fits the whole catalogue: at most 6 lists; received ${data.lists.length}`);
  }
  const top = options.top === undefined ? undefined : validateInteger("top", options.top, 1);
  return { criterion, ...(options.maxOrder !== undefined ? { maxOrder: options.maxOrder } : {}), ...(top !== undefined ? { top } : {}) };
}

/** Weighted mean of the estimates with weights exp(−(c − min c)/2). */
function average(criteria: readonly number[], estimates: readonly number[]): { estimate: number; weights: number[] } {
  const best = Math.min(...criteria);
  const raw = criteria.map((c) => Math.exp(-(c - best) / 2));
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total);
  return { estimate: weights.reduce((s, w, i) => s + w * estimates[i], 0), weights };
}

function modelAverageEstimate(data: CaptureData, spec: ModelAverageSpec, context: { levels: readonly number[] }): ModelAverageEstimate {
  const prepared = prepareCounts(data.counts, data.lists.length);
  const catalogue = cachedCatalogue(data.lists.length, spec.maxOrder);
  const ranked = rankPrepared(prepared, catalogue, spec.criterion);
  const entries = spec.top !== undefined ? ranked.entries.slice(0, spec.top) : ranked.entries;
  const settings = {
    method: spec.criterion,
    level: context.levels,
    version: VERSION,
    maxOrder: catalogue.maxOrder,
    ...(spec.top !== undefined ? { top: spec.top } : {}),
  };
  if (entries.length === 0) {
    return {
      kind: "estimate",
      family: "loglinear-average",
      fitted: false,
      estimate: null,
      observed: data.observed,
      unobserved: null,
      intervals: [],
      averaging: null,
      warnings: [{ code: "NO_VALID_MODEL", message: "no model of the catalogue passes the existence and identifiability check: nothing to average" }],
      settings,
    };
  }
  const { estimate, weights } = average(
    entries.map((e) => e[spec.criterion]),
    entries.map((e) => e.estimate),
  );
  const order = weights.map((_, i) => i).sort((a, b) => weights[b] - weights[a] || a - b);
  return {
    kind: "estimate",
    family: "loglinear-average",
    fitted: true,
    estimate,
    observed: data.observed,
    unobserved: estimate - data.observed,
    intervals: [],
    averaging: {
      criterion: spec.criterion,
      maxOrder: catalogue.maxOrder,
      considered: spec.top ?? catalogue.models.length,
      valid: entries.length,
      effectiveModels: 1 / weights.reduce((s, w) => s + w * w, 0),
      models: order.slice(0, 10).map((i) => ({
        model: describeModel(modelFromMasks(entries[i].parameters, data.lists)),
        estimate: entries[i].estimate,
        criterion: entries[i][spec.criterion],
        weight: weights[i],
      })),
    },
    warnings: [],
    settings,
  };
}

/**
 * The replicate estimator: every model of the catalogue (or of the top `top`) is checked and fitted
 * on the replicate, warm-started from its fit on the original data, in the original rank order; a
 * model whose criterion cannot come within 60 of the best one's (lower bound penalty − 2ℓ_saturated)
 * is left out without a fit, its weight being below e^−30 of the best's.
 */
function modelAverageReplicates(spec: ModelAverageSpec, data: CaptureData): ReplicateEstimator {
  const original: PreparedCounts = prepareCounts(data.counts, data.lists.length);
  const catalogue = cachedCatalogue(data.lists.length, spec.maxOrder);
  const ranked = rankPrepared(original, catalogue, spec.criterion);
  const indexOf = new Map(catalogue.models.map((m, i) => [m, i] as const));
  let order = ranked.entries.map((e) => indexOf.get(e.parameters) as number);
  if (spec.top !== undefined) order = order.slice(0, spec.top);
  else {
    const seen = new Set(order);
    for (let i = 0; i < catalogue.models.length; i++) if (!seen.has(i)) order.push(i);
  }
  const starts: (PoissonFit | undefined)[] = ranked.fits;
  const statuses = new StatusCache();
  return {
    rows: 1,
    estimate(counts, out, offset) {
      const prepared = prepareCounts(counts, original.nLists);
      const bound = saturatedLogLikelihood(prepared);
      const valid = statuses.forPattern(prepared, catalogue.models.length);
      const criteria: number[] = [];
      const estimates: number[] = [];
      let best = Number.POSITIVE_INFINITY;
      for (const i of order) {
        const params = catalogue.models[i];
        const penalty = spec.criterion === "bic" ? params.length * Math.log(prepared.observed) : 2 * params.length;
        if (cannotWin(penalty - 2 * bound - NEGLIGIBLE, best)) continue;
        const r = fitOne(prepared, params, starts[i], spec.criterion, undefined, valid, i);
        if (!Number.isFinite(r.criterion)) continue;
        criteria.push(r.criterion);
        estimates.push(r.estimate);
        if (r.criterion < best) best = r.criterion;
      }
      out[offset] = criteria.length === 0 ? Number.NaN : average(criteria, estimates).estimate;
    },
  };
}

/** The model-averaging family. */
export const modelAverageFamily: TableFamily<ModelAverageSpec, ModelAverageEstimate, ModelAverageOptions> = {
  name: "loglinear-average",
  title: "Log-linear models averaged with BIC weights",
  scope: "table",
  spec: modelAverageSpec,
  estimate: modelAverageEstimate,
  replicates: modelAverageReplicates,
};
