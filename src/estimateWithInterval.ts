import type { CaptureData, EstimateCore, EstimateWarning, Interval, IntervalMethod } from "./types.js";
import type { DgaEstimate } from "./models/dga/types.js";
import type { BayesthreshEstimate } from "./models/bayesthresh/types.js";
import { OptionError } from "./errors.js";
import { validateLevels } from "./_lib/validate.js";
import { getTableFamily } from "./families/registry.js";
import type { EstimateOptions, PopulationEstimate } from "./estimate.js";
import type { LoglinearEstimate } from "./models/loglinear/types.js";
import type { ClosedPopulationEstimate } from "./models/heterogeneity/family.js";
import type { TwoListPopulationEstimate } from "./models/twoList/family.js";
import { modelSensitivity, type SensitivityRow } from "./models/loglinear/modelSensitivity.js";
import type { NestedInterval, ReplicateSummary } from "./uncertainty/bootstrapInterval.js";
// Types only: the bootstrap is imported when an interval needs it, so that a point estimate
// (`ci: "none"`, `"lognormal"`…) does not load it (the command line's start-up).
import type { BootstrapRunOptions } from "./uncertainty/_runBootstrap.js";

const METHODS: readonly IntervalMethod[] = ["bca", "percentile", "profile", "lognormal", "wald", "posterior", "none"];

/** Options of {@link estimateWithInterval}: those of {@link estimate}, the interval, and the bootstrap's. */
export interface EstimateWithIntervalOptions extends EstimateOptions, BootstrapRunOptions {
  /**
   * `"bca"` (default) and `"percentile"`: bootstrap with the family's whole procedure (model
   * selection included) re-run in every replicate. `"profile"`: multinomial profile likelihood for
   * the chosen model (conditional on it). `"lognormal"`: `n + exp(b0 ± z·se(b0))` for the chosen
   * model (conditional on it). `"wald"`: the two-list estimators' interval. `"posterior"`: the
   * equal-tailed posterior interval of a Bayesian family (`dga`, `bayesthresh`; their default).
   * `"none"`: no interval. A family offers the bootstrap's and its own (an error names them otherwise).
   */
  readonly ci?: IntervalMethod;
  /** Log-linear bootstrap with `top`: also report the intervals of the top 1, 2, …, k models. */
  readonly nested?: boolean;
  /** Keep every bootstrap replicate's estimate in `uncertainty` (for the bootstrap plot). */
  readonly keepReplicates?: boolean;
  /** Log-linear selection: refit every candidate model for `sensitivity` (for the sensitivity plot). */
  readonly sensitivity?: boolean;
}

/** What lies behind a bootstrap interval. */
export interface BootstrapDetails {
  /** Always `"bootstrap"`. */
  readonly method: "bootstrap";
  /** Jackknife acceleration â; null when some deletion had no estimate. */
  readonly acceleration: number | null;
  /** BCa bias correction z0; null when undefined or with `ci: "percentile"`. */
  readonly biasCorrection: number | null;
  /** Summary of the bootstrap replicate estimates. */
  readonly replicateSummary: ReplicateSummary;
  /** With `top` and `nested`: the interval of every nested prefix (top 1 … top k). */
  readonly nested?: readonly NestedInterval[];
  /** With `keepReplicates`: every replicate's estimate, in order; null where no model could be fitted. */
  readonly replicateEstimates?: readonly (number | null)[];
}

/** What lies behind a profile-likelihood interval. */
export interface ProfileDetails {
  /** Always `"profile"`. */
  readonly method: "profile";
  /** The multinomial profile maximum, which differs slightly from the Poisson `estimate`; null when it was not found. */
  readonly profileEstimate: number | null;
}

/** What lies behind an interval: the bootstrap's or the profile's details; `method` tells which. */
export type UncertaintyDetails = BootstrapDetails | ProfileDetails;

/** What {@link estimateWithInterval} adds to an estimate. */
export interface IntervalExtras {
  /** What lies behind the interval (bootstrap or profile details). */
  readonly uncertainty?: UncertaintyDetails;
  /** With `sensitivity`: every candidate model of a log-linear selection, refitted. */
  readonly sensitivity?: readonly SensitivityRow[];
}

/** {@link PopulationEstimate} with the requested intervals, the settings that made them, and details. */
export type EstimateWithInterval = PopulationEstimate & IntervalExtras;

/**
 * Estimate the population and its interval in one call: {@link estimate}, then the interval asked
 * for — by default BCa from a bootstrap that re-runs the family's whole procedure (for log-linear
 * models, the model selection) in every replicate (1000 replicates, seed 1234), the interval that
 * carries the uncertainty of choosing the model; for a Bayesian family (`dga`, `bayesthresh`), its
 * posterior interval.
 *
 * @param data - capture data.
 * @param options - see {@link EstimateWithIntervalOptions}.
 * @returns the estimate with `intervals` of the chosen method and `settings` recording the seed,
 *   replicates, threads and method.
 * @throws {ModelSpecError} when `model` does not parse.
 * @throws {OptionError} for out-of-range options, or an interval method the family does not offer.
 * @example
 * const r = await estimateWithInterval(data, { select: "stepwise", seed: 1 });
 * r.intervals // [{ method: "bca", level: 0.95, lower, upper }]
 * @see docs/methodology/bootstrap.md
 */
export async function estimateWithInterval(
  data: CaptureData,
  options?: EstimateWithIntervalOptions & { readonly method?: "loglinear" },
): Promise<LoglinearEstimate & IntervalExtras>;
export async function estimateWithInterval(
  data: CaptureData,
  options: EstimateWithIntervalOptions & { readonly method: "lincoln-petersen" },
): Promise<TwoListPopulationEstimate & IntervalExtras>;
export async function estimateWithInterval(
  data: CaptureData,
  options: EstimateWithIntervalOptions & { readonly method: "closed-population" },
): Promise<ClosedPopulationEstimate & IntervalExtras>;
export async function estimateWithInterval(
  data: CaptureData,
  options: EstimateWithIntervalOptions & { readonly method: "dga" },
): Promise<DgaEstimate & IntervalExtras>;
export async function estimateWithInterval(
  data: CaptureData,
  options: EstimateWithIntervalOptions & { readonly method: "bayesthresh" },
): Promise<BayesthreshEstimate & IntervalExtras>;
export async function estimateWithInterval(data: CaptureData, options: EstimateWithIntervalOptions): Promise<EstimateWithInterval | (EstimateCore & IntervalExtras)>;
export async function estimateWithInterval(
  data: CaptureData,
  options: EstimateWithIntervalOptions = {},
): Promise<EstimateWithInterval | (EstimateCore & IntervalExtras)> {
  const levels = validateLevels(options.level);
  const family = getTableFamily(options.method ?? "loglinear");
  // a Bayesian family's own posterior intervals by default; the bootstrap's BCa for the others
  const ci = options.ci ?? (family.pointIntervals === "posterior" ? "posterior" : "bca");
  if (!METHODS.includes(ci)) {
    throw new OptionError(`\`ci\` must be one of ${METHODS.join(", ")}; received ${String(ci)}`);
  }
  const spec = family.spec(data, options);
  const runner = ci === "bca" || ci === "percentile" ? await import("./uncertainty/_bootstrapRunner.js") : undefined;
  const bootstrap = runner ? await runner.bootstrapSettings(options) : undefined;
  const own = family.intervals?.[ci];
  if (!bootstrap && ci !== "none" && ci !== family.pointIntervals && own === undefined) {
    const offered = ["bca", "percentile", ...(family.pointIntervals ? [family.pointIntervals] : []), ...Object.keys(family.intervals ?? {}), "none"];
    throw new OptionError(`\`ci\` must be one the ${family.name} family offers (${offered.join(", ")}); received ${ci}`);
  }
  const point = family.estimate(data, spec, { levels }) as EstimateCore;
  const sensitivity =
    options.sensitivity && point.family === "loglinear" ? { sensitivity: modelSensitivity(data, point as LoglinearEstimate) } : {};
  const settings = { ...point.settings, ci };
  if (!point.fitted || ci === family.pointIntervals) return { ...point, ...sensitivity, settings };
  if (ci === "none") return { ...point, intervals: [], ...sensitivity, settings };
  if (bootstrap && runner) {
    const boot = await runner.bootstrapFromPoint(family, spec, data, point, bootstrap, {
      levels,
      methods: [ci as "bca" | "percentile"],
      nested: options.nested,
      keepReplicates: options.keepReplicates,
      onProgress: options.onProgress,
      threadsGiven: options.threads !== undefined,
    });
    const intervals: Interval[] = [...boot.intervals];
    const warnings: EstimateWarning[] = [...point.warnings, ...boot.warnings];
    return {
      ...point,
      intervals,
      warnings,
      uncertainty: {
        method: "bootstrap",
        acceleration: boot.acceleration,
        biasCorrection: boot.biasCorrection,
        replicateSummary: boot.replicateSummary,
        ...(boot.nested ? { nested: boot.nested } : {}),
        ...(boot.replicateEstimates ? { replicateEstimates: boot.replicateEstimates } : {}),
      },
      ...sensitivity,
      settings: {
        ...settings,
        seed: boot.settings.seed,
        replicates: boot.settings.replicates,
        threads: boot.settings.threads,
        resampling: boot.settings.resampling,
      },
    };
  }
  const computed = await (own as NonNullable<typeof own>)(data, point, { levels });
  return {
    ...point,
    intervals: computed.intervals,
    warnings: [...point.warnings, ...computed.warnings],
    ...(computed.uncertainty ? { uncertainty: computed.uncertainty } : {}),
    ...sensitivity,
    settings,
  };
}
