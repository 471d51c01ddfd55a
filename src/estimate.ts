import type { CaptureData, EstimateCore } from "./types.js";
import { OptionError } from "./errors.js";
import { validateLevels } from "./_lib/validate.js";
import { getTableFamily } from "./families/registry.js";
import type { LoglinearEstimate, LoglinearOptions, LoglinearSettings, EstimateExtras, NoModelEstimate } from "./models/loglinear/types.js";
import type { TwoListOptions, TwoListPopulationEstimate } from "./models/twoList/family.js";
import type { ClosedPopulationEstimate } from "./models/heterogeneity/family.js";
import type { HeterogeneityInput } from "./models/heterogeneity/heterogeneityColumn.js";
import type { ModelAverageEstimate, ModelAverageOptions } from "./models/loglinearAverage/family.js";
import type { DgaFamilyOptions } from "./models/dga/family.js";
import type { DgaEstimate } from "./models/dga/types.js";
import type { BayesthreshFamilyOptions } from "./models/bayesthresh/family.js";
import type { BayesthreshEstimate } from "./models/bayesthresh/types.js";
import type { LcmcrEstimate, LcmcrOptions } from "./models/lcmcr/estimateLcmcr.js";

/** The options of the latent-class family (`method: "lcmcr"`) that `estimate` passes on. */
export type LcmcrFamilyOptions = Omit<LcmcrOptions, "level" | "threads" | "onProgress">;
import type { RandomEffectsOptions } from "./models/random-effects/family.js";

/**
 * Options of {@link estimate}: the family (`method`), the interval level, and the options of the
 * built-in families (each reads its own).
 */
export interface EstimateOptions
  extends LoglinearOptions,
    TwoListOptions,
    LcmcrFamilyOptions,
    Pick<ModelAverageOptions, "criterion">,
    DgaFamilyOptions,
    BayesthreshFamilyOptions,
    Omit<RandomEffectsOptions, "model"> {
  /**
   * The estimator family (see `listFamilies`): `"loglinear"` (default), `"lincoln-petersen"`,
   * `"closed-population"`, `"lcmcr"` (latent classes; its chains run in this thread here, in
   * worker threads with `estimateLcmcr`), `"loglinear-average"` (BIC-weighted average over the
   * catalogue), `"dga"` (Bayesian model averaging over decomposable graphs), `"bayesthresh"`
   * (Bayesian thresholding), or a family added with `registerFamily`.
   */
  readonly method?: string;
  /** Interval level(s). Default 0.95. */
  readonly level?: number | readonly number[];
  /** Options of a family added with `registerFamily`, handed to its `spec` as they are. */
  readonly familyOptions?: Readonly<Record<string, unknown>>;
  /**
   * Closed-population family (`method: "closed-population"`): the heterogeneity form or
   * `{ form, theta }` added to `model` (Rcapture's `M0` … `Mbh` or a log-linear model) or to every
   * model of a `select: "bic" | "aic"` search. See docs/methodology/heterogeneity.md.
   */
  readonly heterogeneity?: HeterogeneityInput;
  /** Closed-population family: set negative eta parameters of Chao's model to zero (default true). */
  readonly constrain?: boolean;
}

/** A population estimate from one of the built-in table families; `family` tells which. */
export type PopulationEstimate =
  | LoglinearEstimate
  | TwoListPopulationEstimate
  | ClosedPopulationEstimate
  | LcmcrEstimate
  | ModelAverageEstimate
  | DgaEstimate
  | BayesthreshEstimate;

/**
 * Estimate the size of a hidden population from capture data in one call, with the family asked
 * for (`method`, default `"loglinear"`). For log-linear models: choose a model (or take the one
 * given), check that its estimate exists and is identifiable, fit it, and report the total with its
 * dark figure.
 *
 * @param data - capture data (see {@link readCaptureCsv}).
 * @param options - see {@link EstimateOptions}.
 * @returns the estimate; when none exists, `fitted: false`, `estimate: null` and a warning say so.
 * @throws {ModelSpecError} when `model` does not parse.
 * @throws {OptionError} for out-of-range options or an unknown family.
 * @example
 * const result = estimate(readCaptureCsv(text), { select: "stepwise" });
 * console.log(result.estimate, result.model?.name);
 * @see docs/methodology/loglinear.md
 */
export function estimate(data: CaptureData, options?: EstimateOptions & { readonly method?: "loglinear" }): LoglinearEstimate;
export function estimate(data: CaptureData, options: EstimateOptions & { readonly method: "lincoln-petersen" }): TwoListPopulationEstimate;
export function estimate(data: CaptureData, options: EstimateOptions & { readonly method: "closed-population" }): ClosedPopulationEstimate;
export function estimate(data: CaptureData, options: EstimateOptions & { readonly method: "lcmcr" }): LcmcrEstimate;
export function estimate(data: CaptureData, options: EstimateOptions & { readonly method: "dga" }): DgaEstimate;
export function estimate(data: CaptureData, options: EstimateOptions & { readonly method: "bayesthresh" }): BayesthreshEstimate;
export function estimate(data: CaptureData, options: EstimateOptions): PopulationEstimate | EstimateCore;
export function estimate(data: CaptureData, options: EstimateOptions = {}): PopulationEstimate | EstimateCore {
  if (options === null || typeof options !== "object") {
    throw new OptionError(`\`options\` must be an object; received ${String(options)}`);
  }
  const levels = validateLevels(options.level);
  const family = getTableFamily(options.method ?? "loglinear");
  return family.estimate(data, family.spec(data, options), { levels });
}

export type { LoglinearEstimate, LoglinearSettings, EstimateExtras, NoModelEstimate };
