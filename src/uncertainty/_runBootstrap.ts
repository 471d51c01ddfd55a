/**
 * Private: run the bootstrap of any registered family and keep everything (every replicate's and
 * every jackknife deletion's statistics), for `bootstrapInterval`, `estimateWithInterval`,
 * post-stratification, stratified families and trends.
 */
import type { CaptureData, ModelDescription, ResamplingScheme } from "../types.js";
import { OptionError } from "../errors.js";
import { validateInteger } from "../_lib/validate.js";
import type { EstimatorFamily, ParametricModel } from "../families/types.js";
import type { BootstrapJob } from "./_job.js";
import { availableThreads, runJob } from "./_parallel.js";

/** The seed used when none is given (the R packages' `iseed` default). */
export const DEFAULT_SEED = 1234;

/** The resampling scheme used when none is given (see docs/methodology/bootstrap.md for why). */
export const DEFAULT_RESAMPLING: ResamplingScheme = "binomial";

const SCHEMES: readonly ResamplingScheme[] = ["binomial", "poisson", "nonparametric", "parametric"];

/** The bootstrap's own options (the family's come through its spec). */
export interface BootstrapRunOptions {
  /** Number of bootstrap replicates. Default 1000. */
  readonly replicates?: number;
  /** Seed of the random streams; recorded in the result. Default 1234. */
  readonly seed?: number | string;
  /**
   * `"binomial"` (n* ~ Binomial(N̂, n/N̂), then the n* people over the observed histories),
   * `"poisson"` (each history's count drawn from a Poisson with the observed count as mean),
   * `"nonparametric"` (the n observed people redrawn, n fixed: the R packages' scheme) or
   * `"parametric"` (the population drawn from the fitted model). Default: see `DEFAULT_RESAMPLING`
   * and docs/methodology/bootstrap.md.
   */
  readonly resampling?: ResamplingScheme;
  /** Worker threads (Node only); results do not depend on it. */
  readonly threads?: number;
  /** Called as items finish: `done` of `total` (replicates plus jackknife deletions). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The bootstrap's options, validated, with their defaults. */
export interface BootstrapRunSettings {
  readonly replicates: number;
  readonly seed: number | string;
  readonly resampling: ResamplingScheme;
  readonly threads: number;
}

/** Validate the bootstrap's options in one place (messages as the conventions ask). */
export async function bootstrapSettings(options: BootstrapRunOptions): Promise<BootstrapRunSettings> {
  const replicates = validateInteger("replicates", options.replicates ?? 1000, 1, 10_000_000);
  const threads = validateInteger("threads", options.threads ?? (await availableThreads()), 1, 1024);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!(typeof seed === "number" && Number.isFinite(seed)) && typeof seed !== "string") {
    throw new OptionError(`\`seed\` must be a finite number or a string; received ${String(seed)}`);
  }
  const resampling = options.resampling ?? DEFAULT_RESAMPLING;
  if (!SCHEMES.includes(resampling)) {
    throw new OptionError(`\`resampling\` must be binomial, poisson, nonparametric or parametric; received ${String(resampling)}`);
  }
  return { replicates, threads, seed, resampling };
}

/** Raw output of a bootstrap run: the statistics of the original data, every replicate and every jackknife deletion. */
export interface BootstrapRun {
  readonly settings: BootstrapRunSettings;
  /** Statistics per item: 1 for a table family, k for a top-k search, one per stratum for a stratified family. */
  readonly rows: number;
  /** The statistics of the original data, by the same procedure as each replicate. */
  readonly original: Float64Array;
  /** When rows are nested model sets (log-linear top-k): the model each row adds. */
  readonly rowModels?: readonly ModelDescription[];
  /** Replicate values of row k (NaN where none). */
  replicateRow(k: number): Float64Array;
  /**
   * Jackknife cases of row k: weights (the counts of the cells deleted from), values, each case's
   * stratum, and each stratum's unseen people N̂_g − n_g (binomial scheme).
   */
  jackknifeRow(k: number): { weights: readonly number[]; values: Float64Array; groups: readonly number[]; unseen?: readonly number[] };
}

/**
 * Run a family's bootstrap on `data` with the procedure `spec`. `parametric` (one model per
 * stratum) is required with `resampling: "parametric"`.
 */
export async function runBootstrap(
  family: EstimatorFamily,
  spec: unknown,
  data: CaptureData,
  settings: BootstrapRunSettings,
  parametric: readonly ParametricModel[] | undefined,
  onProgress?: (done: number, total: number) => void,
  threadsGiven = true,
  populations?: readonly number[],
): Promise<BootstrapRun> {
  if (settings.resampling === "parametric" && parametric === undefined) {
    throw new OptionError(`the ${family.name} family has no fitted model to draw parametric bootstrap tables from; use \`resampling: "nonparametric"\``);
  }
  if (settings.resampling === "binomial" && (populations === undefined || populations.some((p) => !(Number.isFinite(p) && p > 0)))) {
    throw new OptionError(`the binomial scheme needs the estimate of every stratum; use \`resampling: "nonparametric"\``);
  }
  const job: BootstrapJob = {
    family: family.name,
    spec,
    data: plainData(data),
    seed: String(settings.seed),
    replicates: settings.replicates,
    resampling: settings.resampling,
    ...(parametric && settings.resampling === "parametric" ? { parametric } : {}),
    ...(populations && settings.resampling === "binomial" ? { populations: [...populations] } : {}),
    ...(family.workerModule ? { workerModule: family.workerModule } : {}),
  };
  const { out, runner } = await runJob(job, { threads: settings.threads, adaptive: !threadsGiven, onProgress });
  const rows = runner.rows;
  const original = new Float64Array(rows);
  runner.estimator.estimate(runner.cells, original, 0, { item: -1, seed: job.seed });
  const replicates = settings.replicates;
  const nJack = runner.jackknifeCells.length;
  // the stratum of each deletion: cells are every stratum's 2^t − 1 histories in turn
  const groups = runner.jackknifeCells.map((cell) => Math.floor(cell / data.counts.length));
  // binomial scheme: each stratum's N̂_g − n_g people who, unseen, change nothing when deleted
  const unseen =
    settings.resampling === "binomial" && populations
      ? populations.map((p, g) => Math.max(0, p - runner.cells.subarray(g * data.counts.length, (g + 1) * data.counts.length).reduce((a, b) => a + b, 0)))
      : undefined;
  return {
    settings,
    rows,
    original,
    ...(runner.estimator.rowModels ? { rowModels: runner.estimator.rowModels } : {}),
    replicateRow(k) {
      const values = new Float64Array(replicates);
      for (let b = 0; b < replicates; b++) values[b] = out[b * rows + k];
      return values;
    },
    jackknifeRow(k) {
      const values = new Float64Array(nJack);
      for (let j = 0; j < nJack; j++) values[j] = out[(replicates + j) * rows + k];
      return { weights: runner.jackknifeCounts, values, groups, ...(unseen ? { unseen } : {}) };
    },
  };
}

/** The data as plain fields only (safe to post to a worker). */
function plainData(data: CaptureData): CaptureData {
  return {
    lists: [...data.lists],
    counts: [...data.counts],
    observed: data.observed,
    ...(data.records ? { records: data.records } : {}),
    ...(data.covariates ? { covariates: [...data.covariates] } : {}),
  };
}
