import type { CaptureData, EstimateWarning, Interval } from "./types.js";
import { OptionError } from "./errors.js";
import { estimate, type EstimateOptions, type PopulationEstimate } from "./estimate.js";
// Types only: the bootstrap and the profile likelihood are imported when an interval needs them, so
// that a point estimate (`ci: "none"` or `"lognormal"`) loads neither.
import type { BootstrapIntervalOptions, NestedInterval, ReplicateSummary } from "./uncertainty/bootstrapInterval.js";

/** Interval methods of {@link estimateWithInterval}. */
export type IntervalMethod = "bca" | "percentile" | "profile" | "lognormal" | "none";

/** Options of {@link estimateWithInterval}: those of {@link estimate}, the interval, and the bootstrap's. */
export interface EstimateWithIntervalOptions
  extends EstimateOptions,
    Pick<
      BootstrapIntervalOptions,
      "replicates" | "seed" | "threads" | "top" | "nested" | "resampling" | "onProgress" | "keepReplicates"
    > {
  /**
   * `"bca"` (default) and `"percentile"`: bootstrap with the model re-selected in every replicate.
   * `"profile"`: multinomial profile likelihood for the chosen model (conditional on it).
   * `"lognormal"`: `n + exp(b0 ± z·se(b0))` for the chosen model (conditional on it).
   * `"none"`: no interval.
   */
  readonly ci?: IntervalMethod;
}

/** What lies behind a bootstrap interval. */
export interface UncertaintyDetails {
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

/** {@link PopulationEstimate} with the requested intervals, the settings that made them, and details. */
export type EstimateWithInterval = PopulationEstimate & {
  /** With a bootstrap interval (`ci` `"bca"` or `"percentile"`) only: what lies behind it. */
  readonly uncertainty?: UncertaintyDetails;
};

/**
 * Estimate the population and its interval in one call: {@link estimate}, then the interval asked
 * for — by default BCa from a bootstrap that re-runs the model selection in every replicate
 * (1000 replicates, seed 1234), the interval that carries the uncertainty of choosing the model.
 *
 * @param data - capture data.
 * @param options - see {@link EstimateWithIntervalOptions}.
 * @returns the estimate with `intervals` of the chosen method and `settings` recording the seed,
 *   replicates, threads and method.
 * @throws {ModelSpecError} when `model` does not parse.
 * @throws {OptionError} for out-of-range options.
 * @example
 * const r = await estimateWithInterval(data, { select: "stepwise", seed: 1 });
 * r.intervals // [{ method: "bca", level: 0.95, lower, upper }]
 * @see docs/methodology/bootstrap.md
 */
export async function estimateWithInterval(
  data: CaptureData,
  options: EstimateWithIntervalOptions = {},
): Promise<EstimateWithInterval> {
  const ci = options.ci ?? "bca";
  if (!["bca", "percentile", "profile", "lognormal", "none"].includes(ci)) {
    throw new OptionError(`\`ci\` must be one of bca, percentile, profile, lognormal, none; received ${String(ci)}`);
  }
  const point = estimate(data, options);
  const baseSettings = { ...point.settings, ci };
  if (!point.fitted || point.model === null) return { ...point, settings: baseSettings } as EstimateWithInterval;
  if (ci === "lognormal") return { ...point, settings: baseSettings };
  if (ci === "none") return { ...point, intervals: [], settings: baseSettings };
  if (ci === "profile") {
    const { profileLikelihoodInterval } = await import("./uncertainty/profileLikelihoodInterval.js");
    const profile = profileLikelihoodInterval(data, point.model.terms, {
      level: point.settings.level,
    });
    return {
      ...point,
      intervals: profile.intervals,
      warnings: [...point.warnings, ...profile.warnings.filter((w) => w.code !== "BOUNDARY_PARAMETERS")],
      settings: { ...baseSettings, profileEstimate: profile.estimate },
    } as EstimateWithInterval;
  }
  const { bootstrapInterval, DEFAULT_SEED } = await import("./uncertainty/bootstrapInterval.js");
  const boot = await bootstrapInterval(data, {
    ...(point.selection.method === "fixed" ? { model: point.model.terms } : { select: point.selection.method }),
    maxOrder: options.maxOrder,
    pThreshold: options.pThreshold,
    top: options.top,
    nested: options.nested,
    replicates: options.replicates,
    seed: options.seed ?? DEFAULT_SEED,
    threads: options.threads,
    resampling: options.resampling,
    level: point.settings.level,
    methods: [ci],
    keepReplicates: options.keepReplicates,
    onProgress: options.onProgress,
  });
  const intervals: Interval[] = [...boot.intervals];
  const warnings: EstimateWarning[] = [...point.warnings, ...boot.warnings];
  return {
    ...point,
    intervals,
    warnings,
    uncertainty: {
      acceleration: boot.acceleration,
      biasCorrection: boot.biasCorrection,
      replicateSummary: boot.replicateSummary,
      ...(boot.nested ? { nested: boot.nested } : {}),
      ...(boot.replicateEstimates ? { replicateEstimates: boot.replicateEstimates } : {}),
    },
    settings: {
      ...baseSettings,
      seed: boot.settings.seed,
      replicates: boot.settings.replicates,
      threads: boot.settings.threads,
      resampling: boot.settings.resampling,
      ...(boot.settings.top !== undefined ? { top: boot.settings.top } : {}),
    },
  } as EstimateWithInterval;
}
