import type { CaptureData, EstimateCore, EstimateWarning, Interval, ModelDescription, ResamplingScheme } from "../types.js";
import { OptionError } from "../errors.js";
import { validateLevels } from "../_lib/validate.js";
import { getTableFamily } from "../families/registry.js";
import type { EstimateOptions } from "../estimate.js";
import { bootstrapSettings, DEFAULT_SEED, type BootstrapRunOptions } from "./_runBootstrap.js";
import { bootstrapFromPoint } from "./_bootstrapFromPoint.js";

export { DEFAULT_SEED };

/** Options of {@link bootstrapInterval}: the estimate's (family and its options) and the bootstrap's. */
export interface BootstrapIntervalOptions extends EstimateOptions, BootstrapRunOptions {
  /** Log-linear `top` only: also report the interval of every nested prefix (top 1, top 2, …, top k). */
  readonly nested?: boolean;
  /** Which intervals. Default both. */
  readonly methods?: readonly ("bca" | "percentile")[];
  /** Keep every replicate estimate in the result. Default false. */
  readonly keepReplicates?: boolean;
}

/** Summary of the bootstrap replicates. */
export interface ReplicateSummary {
  /** Replicates drawn (the `replicates` option). */
  readonly requested: number;
  /** Replicates in which some model could be fitted. */
  readonly valid: number;
  /** Mean of the valid replicate estimates; null when none is valid. */
  readonly mean: number | null;
  /** Sample standard deviation (n − 1) of the valid replicate estimates; null with fewer than 2. */
  readonly standardDeviation: number | null;
  /** Median (quantile type 8) of the valid replicate estimates; null when none is valid. */
  readonly median: number | null;
}

/** A nested row of a top-k search: selection among the best `top` models only. */
export interface NestedInterval {
  /** Size of the prefix: re-selection among the best `top` models. */
  readonly top: number;
  /** The model ranked `top` on the original data (the one this row adds). */
  readonly model: ModelDescription;
  /** Jackknife acceleration for this row; null when some deletion had no estimate. */
  readonly acceleration: number | null;
  /** BCa and/or percentile intervals for this row, one per method and level. */
  readonly intervals: readonly Interval[];
  /** Replicates in which one of these models could be fitted. */
  readonly valid: number;
}

/** Bootstrap intervals for a population estimate. */
export interface BootstrapResult {
  /** The estimate on the original data, by the same procedure as each replicate. */
  readonly estimate: number;
  /** People observed on at least one list. */
  readonly observed: number;
  /** The model chosen on the original data, for families that choose one (log-linear). */
  readonly model?: ModelDescription;
  /** One interval per method in `methods` and level; a method is missing (with a warning) when undefined. */
  readonly intervals: readonly Interval[];
  /** Jackknife acceleration â; null when some deletion had no estimate. */
  readonly acceleration: number | null;
  /** BCa bias correction z0; null when undefined. */
  readonly biasCorrection: number | null;
  /** Summary of the replicate estimates. */
  readonly replicateSummary: ReplicateSummary;
  /** With `top` and `nested`: one row per nested prefix (top 1 … top k). */
  readonly nested?: readonly NestedInterval[];
  /** With `keepReplicates`: every replicate's estimate, in order; null where no model could be fitted. */
  readonly replicateEstimates?: readonly (number | null)[];
  /** `BOOTSTRAP_INVALID_REPLICATES`, `JACKKNIFE_FAILED`, `BCA_DEGENERATE`; empty when none. */
  readonly warnings: readonly EstimateWarning[];
  /** Every option that shaped the result. */
  readonly settings: BootstrapSettings;
}

/** Everything that shaped a bootstrap result. */
export interface BootstrapSettings {
  /** Seed of the random streams (default 1234). */
  readonly seed: number | string;
  /** Number of bootstrap replicates. */
  readonly replicates: number;
  /** Worker threads allowed (default: the available cores); the numbers do not depend on it. */
  readonly threads: number;
  /** How replicates were drawn: resampling the observed people, or from the fitted model. */
  readonly resampling: ResamplingScheme;
  /** The family whose procedure each replicate re-runs. */
  readonly family: string;
  /** The family's route re-run in every replicate (log-linear: `"fixed"` for a given model, else the selection method, `auto` resolved). */
  readonly selection: string;
  /** Exhaustive selection: highest interaction order in the catalogue. */
  readonly maxOrder?: number;
  /** Stepwise selection: the p-value threshold. */
  readonly pThreshold?: number;
  /** With `top`: re-selection among the best `top` models of the original data. */
  readonly top?: number;
  /** Interval level(s). */
  readonly level: readonly number[];
  /** Interval methods computed. */
  readonly methods: readonly ("bca" | "percentile")[];
  /** Version of prevalence that made the result. */
  readonly version: string;
}


/**
 * Bootstrap intervals that carry both sampling error and the uncertainty of choosing the model
 * (Chan, Silverman & Vincent 2021; Silverman, Chan & Vincent 2024): every replicate re-runs the
 * family's whole procedure — for log-linear models the existence checks and the model selection
 * included — on counts resampled from the data; BCa limits use a count-weighted delete-one-person
 * jackknife for the acceleration. Any registered family can be bootstrapped (`method`).
 *
 * Replicate b draws from a random stream seeded with (seed, b) only, so the same seed gives the
 * same numbers in one process or spread over any number of worker threads.
 *
 * A replicate in which a list is empty is estimated like any other: the list's main effect has a
 * zero sufficient statistic, takes the value −∞ with every term containing it, and the list drops
 * out of that replicate's model (MultipleSystemsEstimation's behaviour; SparseMSE instead falls back
 * to main effects).
 *
 * @param data - capture data.
 * @param options - see {@link BootstrapIntervalOptions}.
 * @returns BCa and percentile intervals with the acceleration, bias correction and settings.
 * @throws {OptionError} for out-of-range options, or when the original data have no estimate.
 * @example
 * const r = await bootstrapInterval(data, { select: "stepwise", seed: 1 });
 * r.intervals // [{ method: "bca", level: 0.95, lower, upper }, { method: "percentile", ... }]
 * @see docs/methodology/bootstrap.md
 */
export async function bootstrapInterval(data: CaptureData, options: BootstrapIntervalOptions = {}): Promise<BootstrapResult> {
  const levels = validateLevels(options.level);
  const methods = options.methods ?? ["bca", "percentile"];
  for (const m of methods) {
    if (m !== "bca" && m !== "percentile") throw new OptionError(`\`methods\` may hold bca and percentile; received ${String(m)}`);
  }
  const family = getTableFamily(options.method ?? "loglinear");
  const spec = family.spec(data, options);
  const settings = await bootstrapSettings(options);
  const point = family.estimate(data, spec, { levels }) as EstimateCore;
  return bootstrapFromPoint(family, spec, data, point, settings, {
    levels,
    methods,
    nested: options.nested,
    keepReplicates: options.keepReplicates,
    onProgress: options.onProgress,
    threadsGiven: options.threads !== undefined,
  });
}
