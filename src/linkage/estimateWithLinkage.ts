/**
 * A population estimate whose interval carries the uncertainty of the record linkage.
 */
import { OptionError } from "../errors.js";
import { randomStream } from "../_lib/random.js";
import { quantileType8 } from "../uncertainty/quantileType8.js";
import type { EstimateWarning, Interval } from "../types.js";
import { VERSION } from "../version.js";
import { listFamilies } from "../families/registry.js";
import { clusterLinks, historiesFromPersons, type CodedCovariate } from "./_clusters.js";
import { familyLinkageEstimator, type LinkageEstimator } from "./familyLinkageEstimator.js";
import type { Linkage } from "./types.js";

/** The seed used by {@link estimateWithLinkage} when none is given. */
export const DEFAULT_LINKAGE_SEED = 1234;

/** Options of {@link estimateWithLinkage}. */
export interface EstimateWithLinkageOptions {
  /**
   * The estimator run on every set of capture histories: a function, or the name of a registered
   * estimator family (with its default options). Default {@link familyLinkageEstimator}() — the
   * log-linear family, selection `auto`.
   */
  readonly estimator?: LinkageEstimator | string;
  /** Linkage draws; default 50. */
  readonly draws?: number;
  /** Replicate estimates per draw (the estimator's bootstrap); default 200. */
  readonly replicates?: number;
  /** Interval level(s); default 0.95. */
  readonly level?: number | readonly number[];
  /** Seed of the linkage draws and of the estimator's streams; recorded in `settings`. Default 1234. */
  readonly seed?: number | string;
  /**
   * Match-weight thresholds of the sensitivity table (point estimates after re-clustering the links
   * at each). Default: −8 to 12 by 2, with the linkage's threshold. Thresholds below the weight of
   * the probability floor (`pairFloor`) cannot be evaluated and are left out.
   */
  readonly thresholds?: readonly number[];
  /** Called after each estimator run: `done` of `total`. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One linkage draw. */
export interface LinkageDraw {
  /** The estimate from the draw's capture histories; null when the estimator made none. */
  readonly estimate: number | null;
  /** Persons in the draw (its observed number). */
  readonly observed: number;
  /** Pairs linked in the draw. */
  readonly links: number;
}

/** One row of the threshold sensitivity table. */
export interface ThresholdSensitivity {
  /** Match-weight threshold. */
  readonly threshold: number;
  /** The match probability at that weight, 1/(1 + 2^−threshold). */
  readonly probability: number;
  /** Pairs linked at the threshold. */
  readonly links: number;
  /** Persons (the observed number). */
  readonly persons: number;
  /** The point estimate; null when the estimator made none. */
  readonly estimate: number | null;
}

/** Every option that shaped the result. */
export interface LinkageEstimateSettings {
  /** Linkage draws. */
  readonly draws: number;
  /** Replicate estimates per draw. */
  readonly replicates: number;
  /** Interval levels. */
  readonly level: readonly number[];
  /** Seed of the draws and the estimator's streams. */
  readonly seed: number | string;
  /** Thresholds of the sensitivity table. */
  readonly thresholds: readonly number[];
  /** The linkage's threshold. */
  readonly linkageThreshold: number;
  /** The linkage's probability floor. */
  readonly pairFloor: number;
  /** Version of prevalence. */
  readonly version: string;
}

/** A population estimate with an interval that carries linkage error. */
export interface LinkageEstimate {
  /** Always `"linkage-estimate"`. */
  readonly kind: "linkage-estimate";
  /** The linkage-averaged estimate: the mean of the draws' estimates. Null when no draw had one. */
  readonly estimate: number | null;
  /** The estimate from the point linkage (the links at the threshold). */
  readonly linkedEstimate: number | null;
  /** Persons in the point linkage. */
  readonly observed: number;
  /**
   * `method: "linkage-percentile"`: percentile interval of the pooled replicate estimates of every
   * draw — the mixture over linkages of the sampling distributions.
   */
  readonly intervals: readonly Interval[];
  /** The point linkage's own bootstrap, which treats the linkage as known (`method: "percentile"`). */
  readonly withoutLinkageError: {
    /** The point linkage's estimate. */
    readonly estimate: number | null;
    /** Its bootstrap percentile intervals. */
    readonly intervals: readonly Interval[];
  };
  /** Every draw. */
  readonly draws: readonly LinkageDraw[];
  /**
   * The variance of the pooled replicates split as Rubin's rules do: `withinDraws` the mean of the
   * draws' replicate variances, `betweenDraws` the variance of the draws' estimates, `total` =
   * within + (1 + 1/D)·between, `linkageShare` = (1 + 1/D)·between / total. Null without two draws with estimates.
   */
  readonly variance: {
    /** Mean of the draws' replicate variances (sampling). */
    readonly withinDraws: number;
    /** Variance of the draws' estimates (linkage). */
    readonly betweenDraws: number;
    /** within + (1 + 1/D)·between. */
    readonly total: number;
    /** (1 + 1/D)·between / total. */
    readonly linkageShare: number;
  } | null;
  /** The point estimate against the match-weight threshold. */
  readonly sensitivity: readonly ThresholdSensitivity[];
  /** Statistical trouble, the estimator's included. */
  readonly warnings: readonly EstimateWarning[];
  /** Every option that shaped the result. */
  readonly settings: LinkageEstimateSettings;
}

/**
 * Estimate the population from linked records with an interval that carries the linkage error.
 *
 * **Draws.** Each draw d links every candidate pair independently with its posterior match
 * probability p (pairs below the probability floor never, deterministic links always), clusters the
 * links into persons (connected components), forms the capture histories and runs the estimator with
 * `replicates` replicate estimates (its bootstrap). Draw d's links come from the stream
 * `(seed, "links", d)` and its estimator gets the seed `${seed}/draw/${d}`.
 *
 * **Combining** (the linkage-averaging of Sadinle 2018, with bootstrap distributions in place of
 * posteriors): the interval is the percentile interval of every draw's replicates pooled, i.e. of
 * the sampling distribution averaged over linkages; the estimate is the mean of the draws'
 * estimates. `variance` splits the spread into within-draw (sampling) and between-draw (linkage)
 * parts. For comparison, `withoutLinkageError` is the point linkage's own bootstrap interval.
 *
 * **Sensitivity.** The links are re-clustered at each threshold of `thresholds` and the estimator's
 * point estimate is reported with the persons and links.
 *
 * @param linkage - from {@link linkRecords}.
 * @param options - see {@link EstimateWithLinkageOptions}.
 * @returns the linkage-averaged estimate and interval, the interval ignoring linkage error, the
 *   draws, the variance split, the threshold sensitivity table, warnings and settings.
 * @throws {OptionError} for options out of range.
 * @example
 * const linkage = await linkRecords(config, { baseDirectory: "data" });
 * const result = await estimateWithLinkage(linkage, { draws: 50, replicates: 200, seed: 1 });
 * result.intervals // [{ method: "linkage-percentile", level: 0.95, lower, upper }]
 * @see docs/methodology/linkage.md
 */
export async function estimateWithLinkage(linkage: Linkage, options: EstimateWithLinkageOptions = {}): Promise<LinkageEstimate> {
  const draws = whole("draws", options.draws ?? 50, 1);
  const replicates = whole("replicates", options.replicates ?? 200, 1);
  const level = typeof options.level === "number" ? [options.level] : [...(options.level ?? [0.95])];
  if (level.length === 0 || !level.every((l) => typeof l === "number" && l > 0 && l < 1)) {
    throw new OptionError(`\`level\` must be a number or numbers strictly between 0 and 1; received ${JSON.stringify(options.level)}`);
  }
  const seed = options.seed ?? DEFAULT_LINKAGE_SEED;
  if (!(typeof seed === "number" && Number.isFinite(seed)) && typeof seed !== "string") {
    throw new OptionError(`\`seed\` must be a finite number or a string; received ${String(seed)}`);
  }
  const given = options.estimator ?? familyLinkageEstimator();
  const tableFamilies = listFamilies().filter((f) => f.scope === "table").map((f) => f.name);
  if (typeof given === "string" && !tableFamilies.includes(given)) {
    throw new OptionError(`\`estimator\` must be a function or a registered one-table family (${tableFamilies.join(", ")}); received ${given}`);
  }
  const estimator = typeof given === "string" ? familyLinkageEstimator({ method: given }) : given;
  if (typeof estimator !== "function") throw new OptionError("`estimator` must be a function (data, context) => Promise<{ estimate, replicates }> or a family name");
  const floorWeight = Math.log2(linkage.settings.pairFloor / (1 - linkage.settings.pairFloor));
  const requested = options.thresholds ?? [...[-8, -6, -4, -2, 0, 2, 4, 6, 8, 10, 12], linkage.settings.threshold];
  if (!requested.every((t) => typeof t === "number" && Number.isFinite(t))) {
    throw new OptionError(`\`thresholds\` must be finite match weights; received ${JSON.stringify(options.thresholds)}`);
  }
  const thresholds = [...new Set(requested)].filter((t) => t >= floorWeight).sort((a, b) => a - b);
  const warnings: EstimateWarning[] = [];
  const dropped = requested.filter((t) => t < floorWeight);
  if (dropped.length > 0 && options.thresholds !== undefined) {
    warnings.push({
      code: "LINKAGE_THRESHOLD_BELOW_FLOOR",
      message: `thresholds ${dropped.join(", ")} lie below the weight of the probability floor (${floorWeight.toFixed(2)}) and were left out; lower pairFloor to study them`,
    });
  }

  const lists = linkage.settings.lists.map((l) => l.name);
  const covariates: CodedCovariate[] = Object.entries(linkage.covariateColumns).map(([name, c]) => ({ name, values: c.values, codes: c.codes }));
  const n = linkage.records.list.length;
  const { left, right, probability, weight, forced } = linkage.pairs;
  const total = 1 + draws + thresholds.length;
  let done = 0;
  const progress = () => options.onProgress?.(++done, total);
  const estimatorWarnings = new Map<string, EstimateWarning>();
  const run = async (data: Parameters<LinkageEstimator>[0], context: Parameters<LinkageEstimator>[1]) => {
    const result = await estimator(data, context);
    for (const w of result.warnings ?? []) if (!estimatorWarnings.has(w.code)) estimatorWarnings.set(w.code, w);
    progress();
    return result;
  };

  // The point linkage, as linked.
  const point = await run(linkage.data, { seed: `${seed}/point`, replicates, draw: null });

  // The draws.
  const drawResults: LinkageDraw[] = [];
  const pooled: number[] = [];
  const drawVariances: number[] = [];
  const deterministic = forced.every((f) => f);
  for (let d = 0; d < draws; d++) {
    const random = randomStream(seed, "links", d);
    const take = new Uint8Array(left.length);
    let links = 0;
    for (let k = 0; k < left.length; k++) {
      const p = probability[k];
      if (forced[k] || random.uniform() < p) {
        take[k] = 1;
        links++;
      }
    }
    const person = clusterLinks(n, left, right, (k) => take[k] === 1);
    const { data } = historiesFromPersons(lists, linkage.records.list, person, covariates);
    const result = await run(data, { seed: `${seed}/draw/${d}`, replicates, draw: d });
    drawResults.push({ estimate: result.estimate, observed: data.observed, links });
    if (result.estimate === null) continue;
    const reps = result.replicates.filter((r): r is number => r !== null && Number.isFinite(r));
    pooled.push(...reps);
    if (reps.length > 1) drawVariances.push(variance(reps));
  }
  const withEstimate = drawResults.filter((d) => d.estimate !== null).map((d) => d.estimate as number);
  const failed = draws - withEstimate.length;
  if (failed > 0) {
    warnings.push({
      code: "LINKAGE_DRAWS_WITHOUT_ESTIMATE",
      message: `${failed} of ${draws} linkage draws had no estimate and were left out of the interval`,
    });
  }
  if (deterministic) {
    warnings.push({
      code: "LINKAGE_NO_UNCERTAINTY",
      message: "every linked pair has probability 1 (deterministic linkage): the draws are all the same linkage, and the interval carries no linkage error",
    });
  }
  pooled.sort((a, b) => a - b);
  const intervals: Interval[] =
    pooled.length > 1
      ? level.map((l) => ({ method: "linkage-percentile", level: l, lower: quantileType8(pooled, (1 - l) / 2), upper: quantileType8(pooled, (1 + l) / 2) }))
      : [];
  const pointReps = point.replicates.filter((r): r is number => r !== null && Number.isFinite(r)).sort((a, b) => a - b);
  const withoutIntervals: Interval[] =
    point.estimate !== null && pointReps.length > 1
      ? level.map((l) => ({ method: "percentile", level: l, lower: quantileType8(pointReps, (1 - l) / 2), upper: quantileType8(pointReps, (1 + l) / 2) }))
      : [];
  const D = withEstimate.length;
  const within = drawVariances.length > 0 ? drawVariances.reduce((a, b) => a + b, 0) / drawVariances.length : 0;
  const between = D > 1 ? variance(withEstimate) : 0;
  const totalVariance = within + (1 + 1 / Math.max(D, 1)) * between;

  // Sensitivity to the threshold: re-cluster the links at each and estimate.
  const sensitivity: ThresholdSensitivity[] = [];
  for (const t of thresholds) {
    let links = 0;
    const person = clusterLinks(n, left, right, (k) => {
      const w = weight[k];
      const on = forced[k] || (w !== null && w >= t);
      if (on) links++;
      return on;
    });
    const { data } = historiesFromPersons(lists, linkage.records.list, person, covariates);
    const result = await run(data, { seed: `${seed}/threshold/${t}`, replicates: 0, draw: "threshold" });
    sensitivity.push({ threshold: t, probability: 1 / (1 + 2 ** -t), links, persons: data.observed, estimate: result.estimate });
  }

  return {
    kind: "linkage-estimate",
    estimate: D > 0 ? withEstimate.reduce((a, b) => a + b, 0) / D : null,
    linkedEstimate: point.estimate,
    observed: linkage.data.observed,
    intervals,
    withoutLinkageError: { estimate: point.estimate, intervals: withoutIntervals },
    draws: drawResults,
    variance: D > 1 ? { withinDraws: within, betweenDraws: between, total: totalVariance, linkageShare: totalVariance > 0 ? ((1 + 1 / D) * between) / totalVariance : 0 } : null,
    sensitivity,
    warnings: [...warnings, ...estimatorWarnings.values()],
    settings: {
      draws,
      replicates,
      level,
      seed,
      thresholds,
      linkageThreshold: linkage.settings.threshold,
      pairFloor: linkage.settings.pairFloor,
      version: VERSION,
    },
  };
}

function variance(x: readonly number[]): number {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  return x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1);
}

function whole(name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new OptionError(`\`${name}\` must be a whole number ≥ ${min}; received ${String(value)}`);
  }
  return value;
}
