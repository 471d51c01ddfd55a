import type { CaptureData } from "../../types.js";
import type { ModelInput } from "../loglinear/modelSpec.js";
import { fitCore, historyTable } from "./_core.js";
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
  return fitCore(historyTable(data.counts, data.lists), spec, { constrain: options.constrain }).result;
}
