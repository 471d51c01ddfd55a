import type { CaptureData, EstimateWarning, Interval, ModelDescription } from "../types.js";
import { OptionError } from "../errors.js";
import { prepareCounts } from "../_lib/prepared.js";
import { validateInteger, validateLevels } from "../_lib/validate.js";
import { fitPoissonLoglinear } from "../_lib/poissonFit.js";
import { checkExistenceCore } from "../_lib/existence.js";
import { describeModel, modelFromMasks, parseModel, type LoglinearModel, type ModelInput } from "../models/loglinear/modelSpec.js";
import { resolveMethod, selectPrepared, type SelectionMethod } from "../selection/selectModel.js";
import { validateThreshold } from "../selection/stepwise.js";
import { VERSION } from "../version.js";
import type { EstimatorSpec } from "./_estimators.js";
import type { BootstrapJob } from "./_job.js";
import { availableThreads, runJob } from "./_parallel.js";
import { quantileType8 } from "./quantileType8.js";
import { statisticIntervals } from "./_intervals.js";

/** The seed used when none is given (the R packages' `iseed` default). */
export const DEFAULT_SEED = 1234;

/** Options of {@link bootstrapInterval}. */
export interface BootstrapIntervalOptions {
  /** A fixed model; when absent the model is selected, in every replicate too. */
  readonly model?: ModelInput;
  /** Selection method when no `model` is given. Default `"auto"`. */
  readonly select?: SelectionMethod;
  /** Highest interaction order for exhaustive (`bic`/`aic`) selection; default by number of lists. */
  readonly maxOrder?: number;
  /** Threshold for `stepwise` selection. Default 0.02. */
  readonly pThreshold?: number;
  /**
   * Exhaustive selection only: re-select among the best `top` models of the original data in each
   * replicate (MultipleSystemsEstimation's `ntopmodels`). Default: the whole valid catalogue.
   */
  readonly top?: number;
  /** With `top`: also report the interval of every nested prefix (top 1, top 2, …, top k). */
  readonly nested?: boolean;
  /** Number of bootstrap replicates. Default 1000. */
  readonly replicates?: number;
  /** Seed of the random streams; recorded in the result. Default 1234. */
  readonly seed?: number | string;
  /** `"nonparametric"` (default: resample the n observed people) or `"parametric"` (from the fit). */
  readonly resampling?: "nonparametric" | "parametric";
  /** Interval level(s). Default 0.95. */
  readonly level?: number | readonly number[];
  /** Which intervals. Default both. */
  readonly methods?: readonly ("bca" | "percentile")[];
  /**
   * Worker threads (Node only). Default: the available cores, used only when the job is long enough
   * to repay starting them; a number given here is always used. Results do not depend on it.
   */
  readonly threads?: number;
  /** Keep every replicate estimate in the result. Default false. */
  readonly keepReplicates?: boolean;
  /** Called as items finish: `done` of `total` (replicates plus jackknife deletions). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Stop Newton as R's glm does, to compare with the R packages at 1e-9 (validation only). */
  readonly stopping?: "tight" | "glm";
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
  /** The model chosen on the original data. */
  readonly model: ModelDescription;
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
  readonly resampling: "nonparametric" | "parametric";
  /** `"fixed"` for a given model, else the selection method re-run in every replicate (`auto` resolved). */
  readonly selection: "fixed" | "bic" | "aic" | "stepwise";
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
 * whole estimation — existence checks and model selection included — on counts resampled from the
 * data; BCa limits use a count-weighted delete-one-person jackknife for the acceleration.
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
 * @throws {OptionError} for out-of-range options, or when the original data have no valid model.
 * @example
 * const r = await bootstrapInterval(data, { select: "stepwise", seed: 1 });
 * r.intervals // [{ method: "bca", level: 0.95, lower, upper }, { method: "percentile", ... }]
 * @see docs/methodology/bootstrap.md
 */
export async function bootstrapInterval(data: CaptureData, options: BootstrapIntervalOptions = {}): Promise<BootstrapResult> {
  const raw = await runBootstrap(data, options);
  const { levels, replicates, methods, estimate, rows, model, lists, threads, seed, resampling, selection, extra } = raw;

  const rowResult = (k: number) => {
    const r = statisticIntervals(estimate, raw.replicateRow(k), raw.jackknifeRow(k), levels, methods);
    return { ...r, valid: r.finite.length };
  };

  const final = rowResult(rows - 1);
  const finalReplicates = raw.replicateRow(rows - 1);
  const finite = final.finite;
  let mean: number | null = null;
  let standardDeviation: number | null = null;
  if (finite.length > 0) {
    mean = finite.reduce((a, b) => a + b, 0) / finite.length;
    standardDeviation =
      finite.length > 1 ? Math.sqrt(finite.reduce((a, b) => a + (b - (mean as number)) ** 2, 0) / (finite.length - 1)) : null;
  }
  const result: BootstrapResult = {
    estimate,
    observed: data.observed,
    model: describeModel(model),
    intervals: final.intervals,
    acceleration: final.acceleration,
    biasCorrection: final.biasCorrection,
    replicateSummary: {
      requested: replicates,
      valid: final.valid,
      mean,
      standardDeviation,
      median: finite.length > 0 ? quantileType8(finite, 0.5) : null,
    },
    ...(options.nested && raw.retained
      ? {
          nested: raw.retained.map((params, k) => {
            const r = rowResult(k);
            return {
              top: k + 1,
              model: describeModel(modelFromMasks(params, lists)),
              acceleration: r.acceleration,
              intervals: r.intervals,
              valid: r.valid,
            };
          }),
        }
      : {}),
    ...(options.keepReplicates
      ? { replicateEstimates: Array.from({ length: replicates }, (_, b) => {
          const v = finalReplicates[b];
          return Number.isFinite(v) ? v : null;
        }) }
      : {}),
    warnings: final.warnings,
    settings: {
      seed,
      replicates,
      threads,
      resampling,
      selection,
      ...extra,
      level: levels,
      methods: [...methods],
      version: VERSION,
    },
  };
  return result;
}

/** Raw output of a bootstrap run: the estimate, every replicate and jackknife estimate, settings. */
export interface BootstrapRun {
  readonly levels: number[];
  readonly replicates: number;
  readonly methods: readonly ("bca" | "percentile")[];
  readonly estimate: number;
  readonly rows: number;
  readonly model: LoglinearModel;
  readonly lists: readonly string[];
  readonly threads: number;
  readonly seed: number | string;
  readonly resampling: "nonparametric" | "parametric";
  readonly selection: BootstrapSettings["selection"];
  readonly extra: { maxOrder?: number; pThreshold?: number; top?: number };
  readonly retained?: readonly (readonly number[])[];
  /** Replicate estimates of row k (NaN where none). */
  replicateRow(k: number): Float64Array;
  /** Jackknife cases of row k: weights (counts) and estimates. */
  jackknifeRow(k: number): { weights: readonly number[]; values: Float64Array };
}

/** Run the bootstrap and keep everything (for {@link bootstrapInterval} and stratified analyses). */
export async function runBootstrap(data: CaptureData, options: BootstrapIntervalOptions = {}): Promise<BootstrapRun> {
  const levels = validateLevels(options.level);
  const replicates = validateInteger("replicates", options.replicates ?? 1000, 1, 10_000_000);
  const threads = validateInteger("threads", options.threads ?? (await availableThreads()), 1, 1024);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!(typeof seed === "number" && Number.isFinite(seed)) && typeof seed !== "string") {
    throw new OptionError(`\`seed\` must be a finite number or a string; received ${String(seed)}`);
  }
  const resampling = options.resampling ?? "nonparametric";
  if (resampling !== "nonparametric" && resampling !== "parametric") {
    throw new OptionError(`\`resampling\` must be nonparametric or parametric; received ${String(resampling)}`);
  }
  const methods = options.methods ?? ["bca", "percentile"];
  for (const m of methods) {
    if (m !== "bca" && m !== "percentile") throw new OptionError(`\`methods\` may hold bca and percentile; received ${String(m)}`);
  }
  const lists = data.lists;
  const prepared = prepareCounts(data.counts, lists.length);

  // The estimator, and the model chosen on the original data.
  let spec: EstimatorSpec;
  let selection: BootstrapSettings["selection"];
  let model;
  const extra: { maxOrder?: number; pThreshold?: number; top?: number } = {};
  if (options.model !== undefined) {
    model = parseModel(options.model, lists);
    const status = checkExistenceCore(prepared, model.parameters).status;
    if (status !== 0) {
      throw new OptionError(
        `the model ${describeModel(model).name} fails the existence/identifiability check on these data (status ${status}): nothing to bootstrap`,
      );
    }
    spec = { kind: "fixed", parameters: model.parameters, stopping: options.stopping };
    selection = "fixed";
  } else {
    const method = resolveMethod(options.select, lists.length);
    selection = method;
    const chosen = selectPrepared(prepared, lists, { select: method, maxOrder: options.maxOrder, pThreshold: options.pThreshold });
    if (chosen.model === undefined) {
      throw new OptionError("no model passes the existence and identifiability check on these data: nothing to bootstrap");
    }
    model = chosen.model;
    if (method === "stepwise") {
      const pThreshold = validateThreshold(options.pThreshold);
      spec = { kind: "stepwise", pThreshold, stopping: options.stopping };
      extra.pThreshold = pThreshold;
    } else {
      const top = options.top === undefined ? undefined : validateInteger("top", options.top, 1);
      spec = { kind: "exhaustive", criterion: method, maxOrder: options.maxOrder, top, stopping: options.stopping };
      extra.maxOrder = chosen.selection.maxOrder;
      if (top !== undefined) extra.top = top;
    }
  }
  if (options.top !== undefined && spec.kind !== "exhaustive") {
    throw new OptionError("`top` applies to exhaustive (bic or aic) selection only");
  }

  let parametric: BootstrapJob["parametric"];
  if (resampling === "parametric") {
    const fit = fitPoissonLoglinear(prepared, model.parameters, { covariance: false, identifiable: true });
    const total = prepared.observed + fit.mu[0];
    parametric = { population: Math.round(total), probabilities: Array.from(fit.mu, (m) => m / total) };
  }
  const job: BootstrapJob = {
    counts: [...data.counts],
    nLists: lists.length,
    spec,
    seed: String(seed),
    replicates,
    resampling,
    ...(parametric ? { parametric } : {}),
  };
  const { out, runner } = await runJob(job, {
    threads,
    adaptive: options.threads === undefined,
    onProgress: options.onProgress,
  });
  const rows = runner.rows;
  const originalRow = new Float64Array(rows);
  runner.estimator.estimate(runner.original, originalRow, 0);
  const estimate = originalRow[rows - 1];
  const nJack = runner.jackknifeHistories.length;

  return {
    levels,
    replicates,
    methods,
    estimate,
    rows,
    model,
    lists,
    threads,
    seed,
    resampling,
    selection,
    extra,
    ...(runner.estimator.retained ? { retained: runner.estimator.retained } : {}),
    replicateRow(k) {
      const values = new Float64Array(replicates);
      for (let b = 0; b < replicates; b++) values[b] = out[b * rows + k];
      return values;
    },
    jackknifeRow(k) {
      const values = new Float64Array(nJack);
      for (let j = 0; j < nJack; j++) values[j] = out[(replicates + j) * rows + k];
      return { weights: runner.jackknifeCounts, values };
    },
  };
}
