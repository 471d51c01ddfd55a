/**
 * The log-linear family's replicate estimators: they re-run the whole estimation (existence checks
 * and model selection included) on resampled counts. They are built from the family's plain,
 * serialisable spec so that worker threads can rebuild them.
 */
import { prepareCounts, type PreparedCounts } from "../../_lib/prepared.js";
import { fitPoissonLoglinear, splitBoundary, type PoissonFit } from "../../_lib/poissonFit.js";
import { checkExistenceCore } from "../../_lib/existence.js";
import { cachedCatalogue } from "../../selection/enumerateModels.js";
import { rankPrepared } from "../../selection/_rankPrepared.js";
import { stepwisePrepared } from "../../selection/_stepwisePrepared.js";
import type { ReplicateEstimator } from "../../families/types.js";
import type { ModelDescription } from "../../types.js";
import { describeModel, modelFromMasks } from "./modelSpec.js";

/** How each replicate is estimated. `stopping: "glm"` mimics R's convergence, for validation only. */
export type EstimatorSpec = (
  | { readonly kind: "fixed"; readonly parameters: readonly number[] }
  | { readonly kind: "stepwise"; readonly pThreshold: number }
  | {
      readonly kind: "exhaustive";
      readonly criterion: "bic" | "aic";
      readonly maxOrder?: number;
      /** Keep only the best `top` models of the original data (MultipleSystemsEstimation's ntopmodels). */
      readonly top?: number;
    }
) & { readonly stopping?: "tight" | "glm" };

/**
 * Build the estimator for a spec; `original` (the observed data) seeds warm starts and the top-k
 * list. Each item's counts are prepared once and handed to the spec's procedure.
 */
export function createEstimator(spec: EstimatorSpec, original: PreparedCounts, lists: readonly string[]): ReplicateEstimator {
  const onPrepared = preparedEstimator(spec, original, lists);
  return {
    rows: onPrepared.rows,
    ...(onPrepared.rowModels ? { rowModels: onPrepared.rowModels } : {}),
    estimate(counts, out, offset) {
      onPrepared.estimate(prepareCounts(counts, original.nLists), out, offset);
    },
  };
}

interface PreparedEstimator {
  readonly rows: number;
  readonly rowModels?: readonly ModelDescription[];
  estimate(prepared: PreparedCounts, out: Float64Array, offset: number): void;
}

function preparedEstimator(spec: EstimatorSpec, original: PreparedCounts, lists: readonly string[]): PreparedEstimator {
  if (spec.kind === "fixed") {
    return {
      rows: 1,
      estimate(prepared, out, offset) {
        out[offset] = fitOne(prepared, spec.parameters, undefined, "bic", spec.stopping).estimate;
      },
    };
  }
  if (spec.kind === "stepwise") {
    return {
      rows: 1,
      estimate(prepared, out, offset) {
        const result = stepwisePrepared(prepared, spec.pThreshold, spec.stopping);
        out[offset] = result.valid && result.fit.nonsingular ? prepared.observed + result.fit.mu[0] : Number.NaN;
      },
    };
  }
  const catalogue = cachedCatalogue(original.nLists, spec.maxOrder);
  const ranked = rankPrepared(original, catalogue, spec.criterion);
  const statuses = new StatusCache();
  const penalty = (p: number, prepared: PreparedCounts): number =>
    spec.criterion === "bic" ? p * Math.log(prepared.observed) : 2 * p;
  const indexOf = new Map(catalogue.models.map((m, i) => [m, i] as const));
  if (spec.top !== undefined) {
    const retained = ranked.entries.slice(0, spec.top).map((e) => e.parameters);
    const starts = retained.map((params) => ranked.fits[indexOf.get(params) as number]);
    return {
      rows: retained.length,
      rowModels: retained.map((params) => describeModel(modelFromMasks(params, lists))),
      estimate(prepared, out, offset) {
        const bound = saturatedLogLikelihood(prepared);
        let best = Number.POSITIVE_INFINITY;
        let bestEstimate = Number.NaN;
        const valid = statuses.forPattern(prepared, retained.length);
        for (let k = 0; k < retained.length; k++) {
          // No model can beat 2·(its penalty) − 2·ℓ_saturated: skip the fit when that cannot win.
          if (!cannotWin(penalty(retained[k].length, prepared) - 2 * bound, best)) {
            const r = fitOne(prepared, retained[k], starts[k], spec.criterion, spec.stopping, valid, k);
            // a later model wins only with a strictly smaller criterion
            if (r.criterion < best) {
              best = r.criterion;
              bestEstimate = r.estimate;
            }
          }
          out[offset + k] = bestEstimate;
        }
      },
    };
  }
  // Whole catalogue: models in their rank order on the original data (good ones first, so the bound
  // below prunes early), then those that were invalid there; each fit starts from the same model's
  // fit on the original data. Ties go to the earlier model in catalogue order.
  const { models } = catalogue;
  const starts = ranked.fits;
  const order = ranked.entries.map((e) => indexOf.get(e.parameters) as number);
  const seen = new Set(order);
  for (let i = 0; i < models.length; i++) if (!seen.has(i)) order.push(i);
  return {
    rows: 1,
    estimate(prepared, out, offset) {
      const bound = saturatedLogLikelihood(prepared);
      let best = Number.POSITIVE_INFINITY;
      let bestIndex = -1;
      let bestEstimate = Number.NaN;
      const valid = statuses.forPattern(prepared, models.length);
      for (const i of order) {
        if (cannotWin(penalty(models[i].length, prepared) - 2 * bound, best)) continue;
        const r = fitOne(prepared, models[i], starts[i], spec.criterion, spec.stopping, valid, i);
        if (r.criterion < best || (r.criterion === best && i < bestIndex)) {
          best = r.criterion;
          bestIndex = i;
          bestEstimate = r.estimate;
        }
      }
      out[offset] = bestEstimate;
    },
  };
}

/**
 * ℓ of the saturated fit to the observed cells, Σ (y log y − y − log y!): no model's
 * log-likelihood exceeds it, so penalty − 2·ℓ_saturated bounds every criterion from below.
 */
export function saturatedLogLikelihood(prepared: PreparedCounts): number {
  let total = -prepared.logFactorialSum;
  for (let h = 1; h < prepared.size; h++) {
    const y = prepared.y[h];
    if (y > 0) total += y * Math.log(y) - y;
  }
  return total;
}

/** True when a model whose criterion is at least `lowerBound` cannot beat `best` (with a rounding margin). */
export function cannotWin(lowerBound: number, best: number): boolean {
  return lowerBound > best + 1e-9 * (1 + Math.abs(best));
}

/**
 * Whether each model passes the existence/identifiability check, cached by the zero pattern of the
 * table: both checks depend on the counts only through which cells are zero (the boundary terms are
 * the terms with zero margins; the Fienberg–Rinaldo condition is a property of the support), so
 * replicates that share a pattern share every status. 1 valid, 0 not, −1 not yet checked.
 */
export class StatusCache {
  private readonly byPattern = new Map<string, Int8Array>();

  forPattern(prepared: PreparedCounts, models: number): Int8Array {
    let key = "";
    for (let h = 1; h < prepared.size; h++) key += prepared.y[h] > 0 ? "1" : "0";
    let statuses = this.byPattern.get(key);
    if (statuses === undefined) {
      statuses = new Int8Array(models).fill(-1);
      this.byPattern.set(key, statuses);
    }
    return statuses;
  }
}

/** Check (unless cached) and fit one model; NaN estimate and +∞ criterion when it fails the check. */
export function fitOne(
  prepared: PreparedCounts,
  parameters: readonly number[],
  start: PoissonFit | undefined,
  criterion: "bic" | "aic",
  stopping: "tight" | "glm" | undefined,
  statuses?: Int8Array,
  index = 0,
): { estimate: number; criterion: number } {
  const split = splitBoundary(prepared, parameters);
  let status = statuses === undefined ? -1 : statuses[index];
  if (status === -1) {
    status = checkExistenceCore(prepared, parameters, split).status === 0 ? 1 : 0;
    if (statuses !== undefined) statuses[index] = status;
  }
  if (status === 0) return { estimate: Number.NaN, criterion: Number.POSITIVE_INFINITY };
  const fit = fitPoissonLoglinear(prepared, parameters, { covariance: false, start, split, stopping, identifiable: true });
  if (!fit.nonsingular) return { estimate: Number.NaN, criterion: Number.POSITIVE_INFINITY };
  const p = parameters.length;
  const penalty = criterion === "bic" ? p * Math.log(prepared.observed) : 2 * p;
  return { estimate: prepared.observed + fit.mu[0], criterion: penalty - 2 * fit.logLikelihood };
}
