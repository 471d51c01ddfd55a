import { OptionError } from "../../errors.js";
import type { CaptureData, EstimateWarning, Interval } from "../../types.js";
import { VERSION } from "../../version.js";
import { compareTerms, popcount } from "../../_lib/bits.js";
import { checkExistenceCore } from "../../_lib/existence.js";
import { effectiveSampleSize, splitRhat } from "../../_lib/mcmcDiagnostics.js";
import { splitBoundary } from "../../_lib/poissonFit.js";
import { prepareCounts, type PreparedCounts } from "../../_lib/prepared.js";
import { randomStream } from "../../_lib/random.js";
import { validateInteger, validateLevels } from "../../_lib/validate.js";
import { describeModel, modelFromMasks, termName } from "../loglinear/modelSpec.js";
import { posteriorMode, samplePosterior, type PosteriorProblem, type PosteriorSample } from "./_poissonPosterior.js";
import type { BayesthreshEstimate, BayesthreshFit, BayesthreshOptions, SampleQuantile } from "./types.js";

/** MCMCpoisson's default seed (the draws differ from R's: a different generator). */
export const DEFAULT_BAYESTHRESH_SEED = 12345;

/** Prior precision standing in for a flat prior on the intercept and main effects (N(0, 10⁴), as the package). */
const NEARLY_FLAT_PRECISION = 1e-4;

/** The package's quantiles of N. */
const PACKAGE_QUANTILES = [0.025, 0.1, 0.5, 0.9, 0.975];

/** Split R-hat above this, or an ESS of N below the next, flags a fit whose chain did not settle. */
const RHAT_LIMIT = 1.05;
const ESS_LIMIT = 100;

/** Options with defaults applied and checked. */
export interface Resolved {
  readonly prior: "proper" | "improper";
  readonly priorVariance: number;
  readonly threshold: number;
  readonly maxOrder: 2 | 3;
  readonly burnIn: number;
  readonly iterations: number;
  /** A number, or "auto": 2.38/√(parameters) in each fit. */
  readonly tune: number | "auto";
  readonly seed: number | string;
  readonly levels: number[];
  readonly keepDraws: boolean;
}

/** Check the options and apply the defaults (throws OptionError). */
export function resolveBayesthreshOptions(options: BayesthreshOptions): Resolved {
  if (options === null || typeof options !== "object") throw new OptionError(`options must be an object; received ${String(options)}`);
  const prior = options.prior ?? "proper";
  if (prior !== "proper" && prior !== "improper") throw new OptionError(`\`prior\` must be "proper" or "improper"; received ${String(prior)}`);
  const priorVariance = options.priorVariance ?? 1;
  if (typeof priorVariance !== "number" || !(priorVariance > 0 && Number.isFinite(priorVariance))) {
    throw new OptionError(`\`priorVariance\` must be a positive finite number; received ${String(priorVariance)}`);
  }
  const threshold = options.threshold ?? 2;
  if (typeof threshold !== "number" || !(threshold >= 0 && Number.isFinite(threshold))) {
    throw new OptionError(`\`threshold\` must be a non-negative finite number; received ${String(threshold)}`);
  }
  const maxOrder = options.maxOrder ?? 2;
  if (maxOrder !== 2 && maxOrder !== 3) throw new OptionError(`\`maxOrder\` must be 2 or 3; received ${String(maxOrder)}`);
  const burnIn = validateInteger("burnIn", options.burnIn ?? 1000, 0);
  const iterations = validateInteger("iterations", options.iterations ?? 10000, 10);
  const tune = options.tune ?? "auto";
  if (tune !== "auto" && (typeof tune !== "number" || !(tune > 0 && Number.isFinite(tune)))) {
    throw new OptionError(`\`tune\` must be "auto" or a positive finite number; received ${String(tune)}`);
  }
  const seed = options.seed ?? DEFAULT_BAYESTHRESH_SEED;
  if (!((typeof seed === "number" && Number.isFinite(seed)) || typeof seed === "string")) {
    throw new OptionError(`\`seed\` must be a finite number or a string; received ${String(seed)}`);
  }
  return { prior, priorVariance, threshold, maxOrder, burnIn, iterations, tune, seed, levels: validateLevels(options.level), keepDraws: options.keepDraws === true };
}

/** All masks of `order` lists, in term order. */
function termsOfOrder(nLists: number, order: number): number[] {
  const out: number[] = [];
  for (let m = 1; m < 1 << nLists; m++) if (popcount(m) === order) out.push(m);
  return out.sort(compareTerms);
}

/** The three pairs inside a triple. */
function pairsOf(triple: number): number[] {
  const bits: number[] = [];
  for (let rest = triple; rest !== 0; rest &= rest - 1) bits.push(rest & -rest);
  return [bits[0] | bits[1], bits[0] | bits[2], bits[1] | bits[2]];
}

/** One fit's outcome. */
interface StageResult {
  readonly sample: PosteriorSample;
  /** The parameters fitted (masks). */
  readonly parameters: readonly number[];
  /** Terms at −∞ (improper prior). */
  readonly boundary: readonly number[];
  readonly fit: BayesthreshFit;
}

/** A stage cannot be fitted (improper prior, no extended MLE or not identifiable). */
interface StageFailure {
  readonly failed: true;
  readonly warnings: EstimateWarning[];
  readonly boundary: readonly number[];
}

function runStage(
  prepared: PreparedCounts,
  interactions: readonly number[],
  resolved: Resolved,
  stage: BayesthreshFit["stage"],
  streamIndex: number,
  lists: readonly string[],
): StageResult | StageFailure {
  const t = prepared.nLists;
  const all = [0, ...termsOfOrder(t, 1), ...interactions].sort(compareTerms);
  let parameters = all;
  let keptCells: Uint8Array = new Uint8Array(prepared.size).fill(1);
  let boundary: number[] = [];
  if (resolved.prior === "improper") {
    const split = splitBoundary(prepared, all);
    const check = checkExistenceCore(prepared, all, split);
    if (check.status !== 0) {
      const warnings: EstimateWarning[] = [];
      const name = describeModel(modelFromMasks(interactions, lists)).name;
      if (!check.mleExists) {
        warnings.push({ code: "MLE_DOES_NOT_EXIST", message: `with flat priors the posterior of ${name} is improper: its extended MLE does not exist (Fienberg & Rinaldo linear programme); use the proper prior` });
      }
      if (!check.identifiable) {
        warnings.push({ code: "NOT_IDENTIFIABLE", message: `with flat priors the parameters of ${name} are not identifiable on the cells kept; use the proper prior` });
      }
      return { failed: true, warnings, boundary: split.boundary };
    }
    parameters = split.kept;
    keptCells = Uint8Array.from(split.keptCells);
    boundary = split.boundary;
  }
  keptCells[0] = 0;
  const precision = Float64Array.from(parameters, (theta) =>
    resolved.prior === "improper" ? 0 : popcount(theta) <= 1 ? NEARLY_FLAT_PRECISION : 1 / resolved.priorVariance,
  );
  const problem: PosteriorProblem = { nLists: t, y: prepared.y, margins: prepared.margins, keptCells, parameters, precision };
  const mode = posteriorMode(problem);
  const stream = randomStream(resolved.seed, "bayesthresh", streamIndex);
  const tune = resolved.tune === "auto" ? 2.38 / Math.sqrt(parameters.length) : resolved.tune;
  const sample = samplePosterior(problem, mode, stream, { burnIn: resolved.burnIn, iterations: resolved.iterations, tune });
  const intercept = [Float64Array.from({ length: sample.kept }, (_, k) => sample.draws[k * sample.parameters])];
  return {
    sample,
    parameters,
    boundary,
    fit: {
      stage,
      model: describeModel(modelFromMasks(interactions.filter((m) => !boundary.includes(m)), lists)),
      acceptance: sample.acceptance,
      tune,
      rhat: splitRhat(intercept),
      ess: effectiveSampleSize(intercept),
    },
  };
}

/** |mean| / sd of the draws of each of `terms` (those fitted). */
function thresholdStatistics(stage: StageResult, terms: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  const { draws, parameters: p, kept } = stage.sample;
  for (const term of terms) {
    const j = stage.parameters.indexOf(term);
    if (j < 0) continue;
    let mean = 0;
    for (let k = 0; k < kept; k++) mean += draws[k * p + j] / kept;
    let variance = 0;
    for (let k = 0; k < kept; k++) variance += (draws[k * p + j] - mean) ** 2 / (kept - 1);
    out.set(term, variance > 0 ? Math.abs(mean) / Math.sqrt(variance) : 0);
  }
  return out;
}

/** R's default (type 7) sample quantile of sorted values. */
export function quantileType7(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Estimates the population by Bayesian thresholding (Silverman 2020, §6), as
 * MultipleSystemsEstimation's `estimate_population(method = "bayesthresh")`.
 *
 * A Poisson log-linear model with every two-way interaction is fitted by MCMC with a normal prior on
 * the interactions (N(0, 1) by default; flat with `prior: "improper"`); an interaction is kept when
 * its posterior |mean| / sd is at least 2. With `maxOrder: 3`, the triples whose three pairs were
 * kept are fitted with the kept pairs and thresholded the same way. The kept model is refitted, and
 * the posterior of N = observed + exp(intercept) gives the estimate (the median) and the quantiles.
 * Each fit is a random-walk Metropolis chain (1,000 burn-in, 10,000 kept draws) whose proposal
 * follows the posterior curvature at the mode, as MCMCpack's MCMCpoisson, scaled by 2.38/√p (p
 * parameters; Roberts, Gelman & Gilks 1997) unless `tune` is given (MCMCpoisson's default is 1.1,
 * which accepts about 4% of the proposals with 16 parameters); draws come from the seeded streams
 * (seed, "bayesthresh", fit).
 *
 * @param data - capture data (at least 2 lists).
 * @param options - see {@link BayesthreshOptions}.
 * @returns the retained interactions, their statistics, the posterior of N and the fits' diagnostics.
 * @throws {OptionError} for invalid options.
 * @example
 * const result = estimateBayesthresh(loadDataset("UKdat_5"));
 * result.retainedInteractions; // ["LA:NG", "LA:PFNCA", "NG:GP", "PFNCA:GP", "GO:GP"] (GO:GP kept on some seeds)
 * result.estimate; // about 12,400–13,200 depending on the seed
 * @see docs/methodology/bayesthresh.md
 */
export function estimateBayesthresh(data: CaptureData, options: BayesthreshOptions = {}): BayesthreshEstimate {
  const resolved = resolveBayesthreshOptions(options);
  const lists = data.lists;
  const t = lists.length;
  const prepared = prepareCounts(data.counts, t);
  const pairs = termsOfOrder(t, 2);
  const warnings: EstimateWarning[] = [];
  const fits: BayesthreshFit[] = [];
  const settings = {
    method: "bayesthresh" as const,
    prior: resolved.prior,
    priorVariance: resolved.priorVariance,
    threshold: resolved.threshold,
    maxOrder: resolved.maxOrder,
    burnIn: resolved.burnIn,
    iterations: resolved.iterations,
    tune: resolved.tune,
    seed: resolved.seed,
    level: resolved.levels,
    version: VERSION,
  };
  const none = (failure: StageFailure, extra: Partial<BayesthreshEstimate> = {}): BayesthreshEstimate => ({
    kind: "estimate",
    family: "bayesthresh",
    fitted: false,
    estimate: null,
    observed: data.observed,
    unobserved: null,
    intervals: [],
    posterior: null,
    model: null,
    retainedInteractions: [],
    thresholdStatistics: {},
    minusInfiniteInteractions: failure.boundary.filter((m) => popcount(m) >= 2).map((m) => termName(m, lists)),
    fits,
    warnings: [...warnings, ...failure.warnings],
    settings,
    ...extra,
  });

  // stage 1: all pairs
  const first = runStage(prepared, pairs, resolved, "pairs", 1, lists);
  if ("failed" in first) return none(first);
  fits.push(first.fit);
  const pairStatistics = thresholdStatistics(first, pairs);
  const retainedPairs = pairs.filter((m) => (pairStatistics.get(m) ?? 0) >= resolved.threshold);
  const minusInfinite = first.boundary.filter((m) => popcount(m) >= 2);

  // stage 2 (maxOrder 3): triples whose pairs were all kept
  let retainedTriples: number[] = [];
  let eligible: number[] = [];
  let tripleStatistics = new Map<number, number>();
  let order: 2 | 3 = resolved.maxOrder;
  if (resolved.maxOrder === 3) {
    eligible = termsOfOrder(t, 3).filter((triple) => pairsOf(triple).every((pair) => retainedPairs.includes(pair)));
    if (eligible.length > 0) {
      const second = runStage(prepared, [...retainedPairs, ...eligible], resolved, "triples", 2, lists);
      if ("failed" in second) {
        warnings.push(
          ...second.warnings.map((w) => ({ ...w, message: `${w.message}; the three-way stage was dropped (order 2 used)` })),
        );
        order = 2;
        eligible = [];
      } else {
        fits.push(second.fit);
        tripleStatistics = thresholdStatistics(second, eligible);
        retainedTriples = eligible.filter((m) => (tripleStatistics.get(m) ?? 0) >= resolved.threshold);
      }
    }
  }

  // refit the retained model
  const refit = runStage(prepared, [...retainedPairs, ...retainedTriples], resolved, "refit", 3, lists);
  if ("failed" in refit) return none(refit, { retainedInteractions: retainedPairs.map((m) => termName(m, lists)) });
  fits.push(refit.fit);
  for (const fit of fits) {
    const problems: string[] = [];
    if (fit.rhat === null || fit.rhat > RHAT_LIMIT) problems.push(`split R-hat of the intercept ${fit.rhat === null ? "undefined" : fit.rhat.toFixed(3)}`);
    if (fit.ess < ESS_LIMIT) problems.push(`effective sample size ${fit.ess.toFixed(0)}`);
    if (problems.length > 0) {
      warnings.push({
        code: "MCMC_NOT_CONVERGED",
        message: `the ${fit.stage} fit's chain has not settled: ${problems.join("; ")} (acceptance ${fit.acceptance.toFixed(2)}; limits R-hat ≤ ${RHAT_LIMIT}, ESS ≥ ${ESS_LIMIT}); run more iterations or change tune`,
      });
    }
  }

  // the posterior of N from the refit's intercept draws
  const { draws, parameters: p, kept } = refit.sample;
  const totals = Float64Array.from({ length: kept }, (_, k) => data.observed + Math.exp(draws[k * p]));
  const sorted = Float64Array.from(totals).sort();
  // rounded to 12 decimals, so that (1 − 0.95)/2 is the package's 0.025
  const probabilities = [...new Set([...PACKAGE_QUANTILES, ...resolved.levels.flatMap((l) => [(1 - l) / 2, (1 + l) / 2].map((p) => Number(p.toFixed(12))))])].sort((a, b) => a - b);
  const quantiles: SampleQuantile[] = probabilities.map((q) => ({ probability: q, value: quantileType7(sorted, q) }));
  let mean = 0;
  for (const v of totals) mean += v / kept;
  let variance = 0;
  for (const v of totals) variance += (v - mean) ** 2 / (kept - 1);
  const median = quantileType7(sorted, 0.5);
  const intervals: Interval[] = resolved.levels.map((level) => ({
    method: "posterior",
    level,
    lower: quantileType7(sorted, (1 - level) / 2),
    upper: quantileType7(sorted, (1 + level) / 2),
  }));
  const statisticsRecord = (terms: readonly number[], values: Map<number, number>): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const m of terms) {
      const v = values.get(m);
      if (v !== undefined) out[termName(m, lists)] = v;
    }
    return out;
  };
  return {
    kind: "estimate",
    family: "bayesthresh",
    fitted: true,
    estimate: median,
    observed: data.observed,
    unobserved: median - data.observed,
    intervals,
    posterior: {
      mean,
      sd: Math.sqrt(variance),
      median,
      quantiles,
      ...(resolved.keepDraws ? { draws: Array.from(totals) } : {}),
    },
    model: refit.fit.model,
    retainedInteractions: retainedPairs.map((m) => termName(m, lists)),
    thresholdStatistics: statisticsRecord(pairs, pairStatistics),
    ...(resolved.maxOrder === 3
      ? {
          eligibleTriples: eligible.map((m) => termName(m, lists)),
          retainedTriples: retainedTriples.map((m) => termName(m, lists)),
          tripleThresholdStatistics: statisticsRecord(eligible, tripleStatistics),
        }
      : {}),
    minusInfiniteInteractions: minusInfinite.map((m) => termName(m, lists)),
    fits,
    warnings,
    settings: { ...settings, maxOrder: order },
  };
}
