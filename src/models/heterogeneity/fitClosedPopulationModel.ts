import type { CaptureData } from "../../types.js";
import type { ModelInput } from "../loglinear/modelSpec.js";
import { OptionError } from "../../errors.js";
import { validateLevels } from "../../_lib/validate.js";
import { fitCore, historyTable, type CellTable, type CoreFit } from "./_core.js";
import { profileCore } from "./_profile.js";
import { resolveSpec, type HeterogeneityInput } from "./_spec.js";
import type { ClosedModelName, ClosedPopulationFit } from "./types.js";

/** Options of {@link fitClosedPopulationModel}. */
export interface FitClosedPopulationModelOptions {
  /**
   * The model: Rcapture's `M0`, `Mt`, `Mh`, `Mth`, `Mb`, `Mbh`, or any hierarchical log-linear model
   * (`"[12,13,14]"`, `"LA:NG + NG:GP"`), to which `heterogeneity` adds its column(s)
   * (Rcapture's `closedpCI.t` with `mX` and `h`). Default `"Mth"`.
   */
  readonly model?: ClosedModelName | ModelInput;
  /**
   * The heterogeneity form (`"chao"`, `"poisson"`, `"darroch"`, `"gamma"`) or `{ form, theta }`.
   * `Mh` and `Mth` default to Chao's lower bound, as Rcapture; the other models have none unless
   * given. Poisson's θ defaults to 2 and Gamma's to 3.5 (Rcapture's `h.control` defaults).
   */
  readonly heterogeneity?: HeterogeneityInput;
  /**
   * Chao's lower-bound model: set negative eta parameters to zero and refit until none is
   * negative (Rcapture's `neg`). Default true.
   */
  readonly constrain?: boolean;
  /** `"profile"`: add the multinomial profile-likelihood interval (Cormack 1992, Rcapture's closedpCI). Default `"none"`. */
  readonly interval?: "profile" | "none";
  /** Interval level(s), strictly between 0 and 1. Default 0.95. */
  readonly level?: number | readonly number[];
  /**
   * How far the upper limit is searched, as a multiple of the Poisson estimate (Rcapture's
   * `fmaxSupCL`, default 3). A limit beyond is reported as `upper: null` with a `PROFILE_UNBOUNDED`
   * warning.
   */
  readonly maxRatio?: number;
}

/**
 * Fit one closed-population model of Rcapture's family to capture histories, as a Poisson
 * log-linear model on the 2^t − 1 observable cells with real-valued design columns (Rivest &
 * Baillargeon's formulation).
 *
 * The estimate is `n + exp(intercept)` (Mb and Mbh: their removal estimates), its standard error
 * `sqrt(exp(b0) + exp(2·b0)·Var(b0))`; the fit is iterated as R's `glm.fit` so that the numbers
 * reproduce Rcapture 1.4-4's. Rcapture's fit warnings come back as coded warnings:
 * `LARGE_ASYMPTOTIC_BIAS`, `NOT_CONVERGED`, `NOT_IDENTIFIABLE`, `FITTED_RATES_ZERO`, and
 * `HETEROGENEITY_CONSTRAINED` when Chao's constraint set parameters to zero. A formula that gives
 * fewer people than observed (Mb on some data) returns no estimate and `ESTIMATE_BELOW_OBSERVED`.
 *
 * @param data - capture data (lists in the order of the capture occasions for Mb and Mbh).
 * @param options - see {@link FitClosedPopulationModelOptions}.
 * @returns the fit; `estimate` is `null` when the model could not be fitted (see `warnings`).
 * @throws {OptionError} for an unknown model name or heterogeneity, a bad θ, or heterogeneity with Mb/Mbh.
 * @throws {ModelSpecError} when a log-linear model does not parse against the data's lists.
 * @example
 * const fit = fitClosedPopulationModel(ukdat5, { model: "Mth", heterogeneity: "poisson" });
 * fit.name // "Mth Poisson2"
 * fit.estimate // 14572.448
 * @see docs/methodology/heterogeneity.md
 */
export function fitClosedPopulationModel(
  data: CaptureData,
  options: FitClosedPopulationModelOptions = {},
): ClosedPopulationFit {
  const spec = resolveSpec(options.model ?? "Mth", options.heterogeneity, data.lists);
  const table = historyTable(data.counts, data.lists);
  return withInterval(table, fitCore(table, spec, { constrain: options.constrain }), options);
}

/** Add the profile interval to a fit when asked (shared with the counts-by-captures fits). */
export function withInterval(
  table: CellTable,
  core: CoreFit,
  options: { readonly interval?: "profile" | "none"; readonly level?: number | readonly number[]; readonly maxRatio?: number },
): ClosedPopulationFit {
  const interval = options.interval ?? "none";
  if (interval !== "profile" && interval !== "none") {
    throw new OptionError(`\`interval\` must be "profile" or "none"; received ${String(interval)}`);
  }
  const levels = validateLevels(options.level);
  const maxRatio = options.maxRatio ?? 3;
  if (typeof maxRatio !== "number" || !Number.isFinite(maxRatio) || !(maxRatio > 1)) {
    throw new OptionError(`\`maxRatio\` must be a finite number greater than 1; received ${String(maxRatio)}`);
  }
  if (interval === "none") return core.result;
  const kind = core.spec.base.kind;
  if (kind === "Mb" || kind === "Mbh") {
    return {
      ...core.result,
      profileEstimate: null,
      warnings: [
        ...core.result.warnings,
        { code: "NOT_AVAILABLE", message: `no profile-likelihood interval for ${kind}: its population is not the intercept of a log-linear model (Rcapture's closedpCI does not fit behavioural models either)` },
      ],
    };
  }
  const profile = profileCore(table, core, levels, maxRatio);
  return {
    ...core.result,
    intervals: profile.intervals,
    profileEstimate: profile.estimate,
    warnings: [...core.result.warnings, ...profile.warnings],
  };
}
