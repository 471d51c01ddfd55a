/**
 * The Dirichlet-process latent-class capture–recapture estimate (Manrique-Vallier 2016): several
 * seeded chains of the Gibbs sampler, in worker threads, with convergence diagnostics and coded
 * warnings.
 */
import type { PosteriorQuantile } from "../../types.js";
import type { CaptureData, EstimateCore, EstimateSettings, EstimateWarning, Interval } from "../../types.js";
import { OptionError } from "../../errors.js";
import { assertCaptureData, quote } from "../../data/_capture.js";
import { validateInteger, validateLevels } from "../../_lib/validate.js";
import { convergenceSummary, quantileSorted, type ConvergenceSummary } from "../../_lib/convergence.js";
import { checkMultimodality, type MultimodalityCheck } from "../../_lib/multimodality.js";

export type { MultimodalityCheck };
import { availableThreads } from "../../_lib/threads.js";
import { VERSION } from "../../version.js";
import { prepareLcmcrData, MAX_UNOBSERVED, type ChainTrace } from "./_sampler.js";
import { runChains, runChainsHere, type ChainJob } from "./_chains.js";

/** The seed used when none is given. */
export const DEFAULT_LCMCR_SEED = 1234;

/** Quantiles of N reported by default (R's LCMCR examples report 2.5%, 50%, 97.5%). */
const DEFAULT_QUANTILES = [0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975];

/** R̂ above this on N or the log-likelihood raises `MCMC_NOT_CONVERGED` (Vehtari et al. 2021). */
export const RHAT_LIMIT = 1.01;
/** Bulk or tail ESS below this many per chain raises `MCMC_LOW_ESS` (Vehtari et al.: 100 per chain). */
export const ESS_PER_CHAIN_LIMIT = 100;

/** Options of {@link estimateLcmcr}. Defaults are LCMCR's (R package 0.4.14) as its help pages use them. */
export interface LcmcrOptions {
  /** Truncation level K of the stick-breaking prior: the most latent classes. Default 10. */
  readonly classes?: number;
  /** Independent chains, each on its own seeded stream. Default 4. */
  readonly chains?: number;
  /** Sweeps discarded at the start of each chain. Default 10,000. */
  readonly burnin?: number;
  /** Draws kept per chain. Default 1,000. */
  readonly samples?: number;
  /** Sweeps per kept draw. Default 100. */
  readonly thinning?: number;
  /** Seed of the chains' streams; recorded in `settings`. Default 1234. */
  readonly seed?: number | string;
  /** Shape a of the Gamma(a, b) prior on the concentration α. Default 0.25. */
  readonly alphaShape?: number;
  /** Rate b of the Gamma(a, b) prior on α. Default 0.25. */
  readonly alphaRate?: number;
  /** Level(s) of the equal-tailed posterior intervals of N. Default 0.95. */
  readonly level?: number | readonly number[];
  /** Posterior quantiles of N to report. Default 0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975. */
  readonly quantiles?: readonly number[];
  /** Keep the draws (N, log-likelihood, α, occupied classes) chain by chain in the result. Default false. */
  readonly draws?: boolean;
  /** Summarise the classes ordered by weight (label-switching free). Default false. */
  readonly classSummaries?: boolean;
  /** Worker threads (Node only). Default: the available cores. The numbers do not depend on it. */
  readonly threads?: number;
  /** Called with the sweeps done over all chains and the total, about every 2,000 sweeps per chain. */
  readonly onProgress?: (sweeps: number, total: number) => void;
}

/** The plain, serialisable procedure of an LCMCR fit (the options after validation and defaults). */
export interface LcmcrSpec {
  readonly classes: number;
  readonly chains: number;
  readonly burnin: number;
  readonly samples: number;
  readonly thinning: number;
  readonly seed: number | string;
  readonly alphaShape: number;
  readonly alphaRate: number;
  readonly quantiles: readonly number[];
  readonly draws: boolean;
  readonly classSummaries: boolean;
}

/** Every option that shaped an LCMCR estimate, after defaults, and the library version. */
export interface LcmcrSettings extends EstimateSettings {
  readonly method: "lcmcr";
  readonly classes: number;
  readonly chains: number;
  readonly burnin: number;
  readonly samples: number;
  readonly thinning: number;
  readonly seed: number | string;
  /** The Gamma(a, b) prior on α: shape and rate. */
  readonly alphaPrior: { readonly shape: number; readonly rate: number };
  /** The prior on the capture probabilities λ_jk (fixed by the model). */
  readonly captureProbabilityPrior: "beta(1, 1)";
  /** The prior on N (fixed by the model). */
  readonly populationPrior: "1/N";
  readonly level: readonly number[];
  readonly quantiles: readonly number[];
  readonly version: string;
}

/** A posterior quantile of N (shared by the Bayesian families). */
export type { PosteriorQuantile } from "../../types.js";

/** Summary of one chain's draws of N (and of α, the occupied classes and the log-likelihood). */
export interface LcmcrChainSummary {
  readonly chain: number;
  readonly median: number;
  readonly mean: number;
  readonly sd: number;
  /** 2.5% and 97.5% quantiles of N in this chain. */
  readonly lower: number;
  readonly upper: number;
  readonly meanLogLikelihood: number;
  readonly meanAlpha: number;
  readonly meanOccupiedClasses: number;
}

/** Diagnostics of the chains. */
export interface LcmcrDiagnostics {
  /** Rank-normalised split R̂ (max of bulk and tail) on N and on the log-likelihood. */
  readonly rhat: { readonly population: number; readonly logLikelihood: number };
  /** Bulk effective sample size on N and on the log-likelihood. */
  readonly essBulk: { readonly population: number; readonly logLikelihood: number };
  /** Tail effective sample size (5% and 95% quantiles) on N and on the log-likelihood. */
  readonly essTail: { readonly population: number; readonly logLikelihood: number };
  /** The multimodality check on N (see docs/methodology/lcmcr.md). */
  readonly multimodality: MultimodalityCheck;
  /** One summary per chain. */
  readonly chains: readonly LcmcrChainSummary[];
  /** Sweeps whose unobserved count was capped at 1e15 (the posterior is then not proper in practice). */
  readonly capped: number;
}

/** One latent class, at its rank by weight (largest first) in every draw. */
export interface LcmcrClassSummary {
  /** 1 for the largest class in each draw, 2 for the next, … */
  readonly rank: number;
  /** Posterior mean of the class weight π and its 2.5%/97.5% quantiles. */
  readonly weight: { readonly mean: number; readonly lower: number; readonly upper: number };
  /** Per list: the posterior mean capture probability λ and its 2.5%/97.5% quantiles. */
  readonly captureProbabilities: readonly { readonly list: string; readonly mean: number; readonly lower: number; readonly upper: number }[];
}

/** The draws, chain by chain. */
export interface LcmcrDraws {
  readonly population: readonly (readonly number[])[];
  readonly logLikelihood: readonly (readonly number[])[];
  readonly alpha: readonly (readonly number[])[];
  readonly occupiedClasses: readonly (readonly number[])[];
}

/** The LCMCR estimate of the population size. */
export interface LcmcrEstimate extends EstimateCore {
  readonly kind: "estimate";
  readonly family: "lcmcr";
  /** Always true: the posterior always has a median. */
  readonly fitted: true;
  /** Posterior median of N, pooled over the chains. */
  readonly estimate: number;
  /** People observed on at least one list. */
  readonly observed: number;
  /** `estimate − observed`. */
  readonly unobserved: number;
  /** Equal-tailed posterior intervals of N, one per level (`method: "posterior"`). */
  readonly intervals: readonly Interval[];
  /** The posterior of N, and of the number of occupied classes and α. */
  readonly posterior: {
    readonly mean: number;
    readonly sd: number;
    readonly median: number;
    readonly quantiles: readonly PosteriorQuantile[];
    /** Posterior distribution of the number of classes holding at least one person. */
    readonly occupiedClasses: { readonly mean: number; readonly distribution: readonly { readonly classes: number; readonly share: number }[] };
    /** Posterior mean and median of the concentration α. */
    readonly alpha: { readonly mean: number; readonly median: number };
  };
  readonly diagnostics: LcmcrDiagnostics;
  /** With `classSummaries`: the classes by rank of weight. */
  readonly classes?: readonly LcmcrClassSummary[];
  /** With `draws`: the draws chain by chain. */
  readonly draws?: LcmcrDraws;
  readonly warnings: readonly EstimateWarning[];
  readonly settings: LcmcrSettings;
}

/**
 * Estimate the population size with the Dirichlet-process latent-class model of Manrique-Vallier
 * (2016): people fall into latent classes with their own list-capture probabilities, which absorbs
 * heterogeneity and list dependence at once. Several chains of the Gibbs sampler run on
 * independent seeded streams (in worker threads where available); the result is the same for any
 * number of threads. The diagnostics (split R̂, bulk and tail ESS, a multimodality check) raise
 * coded warnings with remedies.
 *
 * @param data - capture data (at least 2 lists, at least one person observed).
 * @param options - see {@link LcmcrOptions}; the defaults are LCMCR's.
 * @returns the posterior median of N as `estimate`, the posterior intervals, quantiles, per-chain
 *   summaries, diagnostics, warnings (`MCMC_NOT_CONVERGED`, `MCMC_LOW_ESS`, `MCMC_MULTIMODAL`,
 *   `LATENT_CLASSES_SATURATED`, `POSTERIOR_UNBOUNDED`) and settings.
 * @throws {OptionError} when the data are not capture data or an option is out of range.
 * @example
 * const fit = await estimateLcmcr(data, { seed: 1 });
 * fit.estimate; // posterior median of N
 * fit.intervals[0]; // { method: "posterior", level: 0.95, lower, upper }
 * fit.diagnostics.rhat.population; // ≈ 1 when the chains agree
 * @see docs/methodology/lcmcr.md
 */
export async function estimateLcmcr(data: CaptureData, options: LcmcrOptions = {}): Promise<LcmcrEstimate> {
  const spec = lcmcrSpec(data, options);
  const levels = validateLevels(options.level);
  const threads = validateInteger("threads", options.threads ?? (await availableThreads()), 1, 1024);
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw new OptionError(`\`onProgress\` must be a function; received ${quote(options.onProgress)}`);
  }
  const traces = await runChains(chainJob(data, spec), spec.chains, threads, options.onProgress);
  return summariseLcmcr(data, traces, spec, levels);
}

/**
 * The same estimate with every chain run in this thread, synchronously (the registry's
 * `estimate`): identical numbers to {@link estimateLcmcr} with the same seed.
 */
export function estimateLcmcrHere(data: CaptureData, spec: LcmcrSpec, levels: readonly number[]): LcmcrEstimate {
  return summariseLcmcr(data, runChainsHere(chainJob(data, spec), spec.chains), spec, levels);
}

function chainJob(data: CaptureData, spec: LcmcrSpec): ChainJob {
  return {
    data: prepareLcmcrData(data.counts, data.lists.length),
    spec: {
      classes: spec.classes,
      alphaShape: spec.alphaShape,
      alphaRate: spec.alphaRate,
      burnin: spec.burnin,
      samples: spec.samples,
      thinning: spec.thinning,
      seed: spec.seed,
      classDraws: spec.classSummaries,
    },
  };
}

/** Validate the data and the options, and fill in the defaults. */
export function lcmcrSpec(data: CaptureData, options: LcmcrOptions): LcmcrSpec {
  assertCaptureData(data);
  if (data.lists.length < 2) throw new OptionError(`\`data\` must have at least 2 lists; received ${data.lists.length}`);
  if (!(data.observed > 0)) throw new OptionError(`\`data\` must have at least one person observed; received ${data.observed}`);
  if (typeof options !== "object" || options === null) throw new OptionError(`\`options\` must be an object; received ${quote(options)}`);
  const classes = validateInteger("classes", options.classes ?? 10, 1, 1000);
  const chains = validateInteger("chains", options.chains ?? 4, 1, 1000);
  const burnin = validateInteger("burnin", options.burnin ?? 10_000, 0, 1e9);
  const samples = validateInteger("samples", options.samples ?? 1000, 4, 1e7);
  const thinning = validateInteger("thinning", options.thinning ?? 100, 1, 1e6);
  const seed = options.seed ?? DEFAULT_LCMCR_SEED;
  if (!((typeof seed === "number" && Number.isFinite(seed)) || typeof seed === "string")) {
    throw new OptionError(`\`seed\` must be a finite number or a string; received ${quote(seed)}`);
  }
  const alphaShape = options.alphaShape ?? 0.25;
  const alphaRate = options.alphaRate ?? 0.25;
  for (const [name, value] of [["alphaShape", alphaShape], ["alphaRate", alphaRate]] as const) {
    if (typeof value !== "number" || !(value > 0 && value < Infinity)) {
      throw new OptionError(`\`${name}\` must be a finite number > 0; received ${quote(value)}`);
    }
  }
  const quantiles = options.quantiles === undefined ? DEFAULT_QUANTILES : options.quantiles;
  if (!Array.isArray(quantiles) || quantiles.length === 0 || quantiles.some((q) => typeof q !== "number" || !(q >= 0 && q <= 1))) {
    throw new OptionError(`\`quantiles\` must be a non-empty array of probabilities between 0 and 1; received ${quote(options.quantiles)}`);
  }
  for (const name of ["draws", "classSummaries"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "boolean") {
      throw new OptionError(`\`${name}\` must be true or false; received ${quote(options[name])}`);
    }
  }
  return {
    classes,
    chains,
    burnin,
    samples,
    thinning,
    seed,
    alphaShape,
    alphaRate,
    quantiles: [...quantiles],
    draws: options.draws === true,
    classSummaries: options.classSummaries === true,
  };
}

function settingsOf(spec: LcmcrSpec, levels: readonly number[]): LcmcrSettings {
  return {
    method: "lcmcr",
    classes: spec.classes,
    chains: spec.chains,
    burnin: spec.burnin,
    samples: spec.samples,
    thinning: spec.thinning,
    seed: spec.seed,
    alphaPrior: { shape: spec.alphaShape, rate: spec.alphaRate },
    captureProbabilityPrior: "beta(1, 1)",
    populationPrior: "1/N",
    level: [...levels],
    quantiles: spec.quantiles,
    version: VERSION,
  };
}

/** From the chains' draws to the result. */
export function summariseLcmcr(data: CaptureData, traces: readonly ChainTrace[], spec: LcmcrSpec, levels: readonly number[]): LcmcrEstimate {
  const settings = settingsOf(spec, levels);
  const keepDraws = spec.draws;
  const classSummaries = spec.classSummaries;
  const populations = traces.map((t) => t.population);
  const pooled = sortedPool(populations);
  const S = pooled.length;
  let mean = 0;
  for (let i = 0; i < S; i++) mean += pooled[i];
  mean /= S;
  let ss = 0;
  for (let i = 0; i < S; i++) ss += (pooled[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (S - 1));
  const median = quantileSorted(pooled, 0.5);
  const intervals: Interval[] = settings.level.map((level) => ({
    method: "posterior",
    level,
    lower: quantileSorted(pooled, (1 - level) / 2),
    upper: quantileSorted(pooled, (1 + level) / 2),
  }));

  const single = settings.chains === 1;
  const population: ConvergenceSummary = convergenceSummary(populations);
  const logLikelihood: ConvergenceSummary = convergenceSummary(traces.map((t) => t.logLikelihood));
  const multimodality = checkMultimodality(populations, population.essBulk);
  const capped = traces.reduce((n, t) => n + t.capped, 0);

  const occupied = sortedPool(traces.map((t) => t.occupied));
  const distribution: { classes: number; share: number }[] = [];
  for (let i = 0; i < occupied.length; ) {
    let j = i;
    while (j < occupied.length && occupied[j] === occupied[i]) j++;
    distribution.push({ classes: occupied[i], share: (j - i) / occupied.length });
    i = j;
  }
  const alphaPooled = sortedPool(traces.map((t) => t.alpha));

  const chains: LcmcrChainSummary[] = traces.map((t, chain) => {
    const sorted = Float64Array.from(t.population).sort();
    const m = average(sorted);
    let s2 = 0;
    for (const v of sorted) s2 += (v - m) ** 2;
    return {
      chain,
      median: quantileSorted(sorted, 0.5),
      mean: m,
      sd: Math.sqrt(s2 / (sorted.length - 1)),
      lower: quantileSorted(sorted, 0.025),
      upper: quantileSorted(sorted, 0.975),
      meanLogLikelihood: average(t.logLikelihood),
      meanAlpha: average(t.alpha),
      meanOccupiedClasses: average(t.occupied),
    };
  });

  const warnings = lcmcrWarnings(settings, { population, logLikelihood }, multimodality, occupied, capped, single);

  return {
    kind: "estimate",
    family: "lcmcr",
    fitted: true,
    estimate: median,
    observed: data.observed,
    unobserved: median - data.observed,
    intervals,
    posterior: {
      mean,
      sd,
      median,
      quantiles: settings.quantiles.map((probability) => ({ probability, value: quantileSorted(pooled, probability) })),
      occupiedClasses: { mean: average(occupied), distribution },
      alpha: { mean: average(alphaPooled), median: quantileSorted(alphaPooled, 0.5) },
    },
    diagnostics: {
      rhat: { population: population.rhat, logLikelihood: logLikelihood.rhat },
      essBulk: { population: population.essBulk, logLikelihood: logLikelihood.essBulk },
      essTail: { population: population.essTail, logLikelihood: logLikelihood.essTail },
      multimodality,
      chains,
      capped,
    },
    ...(classSummaries ? { classes: summariseClasses(traces, settings.classes, data.lists) } : {}),
    ...(keepDraws
      ? {
          draws: {
            population: traces.map((t) => Array.from(t.population)),
            logLikelihood: traces.map((t) => Array.from(t.logLikelihood)),
            alpha: traces.map((t) => Array.from(t.alpha)),
            occupiedClasses: traces.map((t) => Array.from(t.occupied)),
          },
        }
      : {}),
    warnings,
    settings,
  };
}

/** The coded warnings, each with its remedy. */
function lcmcrWarnings(
  settings: LcmcrSettings,
  summaries: { population: ConvergenceSummary; logLikelihood: ConvergenceSummary },
  multimodality: MultimodalityCheck,
  occupied: Float64Array,
  capped: number,
  single: boolean,
): EstimateWarning[] {
  const warnings: EstimateWarning[] = [];
  const { population, logLikelihood } = summaries;
  const worstRhat = Math.max(population.rhat, logLikelihood.rhat);
  if (worstRhat > RHAT_LIMIT) {
    warnings.push({
      code: "MCMC_NOT_CONVERGED",
      message:
        `the chains have not converged: split R-hat is ${population.rhat.toFixed(3)} on N and ${logLikelihood.rhat.toFixed(3)} on the ` +
        `log-likelihood (above ${RHAT_LIMIT}); run longer chains (more \`burnin\` and \`samples\`) and more \`chains\`, and do not ` +
        `report the estimate until R-hat is below ${RHAT_LIMIT}`,
    });
  }
  if (single) {
    warnings.push({
      code: "MCMC_NOT_CONVERGED",
      message: "one chain cannot show convergence to the same posterior from different starts (its R-hat compares its two halves only); run 4 or more `chains`",
    });
  }
  const minimum = ESS_PER_CHAIN_LIMIT * settings.chains;
  const worstEss = Math.min(population.essBulk, population.essTail, logLikelihood.essBulk, logLikelihood.essTail);
  if (worstEss < minimum) {
    warnings.push({
      code: "MCMC_LOW_ESS",
      message:
        `the effective sample size is low: bulk ${Math.round(population.essBulk)} and tail ${Math.round(population.essTail)} on N, ` +
        `bulk ${Math.round(logLikelihood.essBulk)} and tail ${Math.round(logLikelihood.essTail)} on the log-likelihood ` +
        `(below ${minimum}, ${ESS_PER_CHAIN_LIMIT} per chain); the quantiles of N are imprecise: raise \`samples\` or \`thinning\``,
    });
  }
  if (multimodality.detected) {
    const modes = multimodality.modes.length > 1
      ? `the pooled draws of N have ${multimodality.modes.length} separated modes (${multimodality.modes
          .map((m) => `${Math.round(m.location).toLocaleString("en-US")}: ${(100 * m.share).toFixed(0)}%`)
          .join(", ")})`
      : "";
    const chains = multimodality.disagreeingChains.length > 0
      ? `chains ${[...new Set(multimodality.disagreeingChains.flat())].sort((a, b) => a - b).join(", ")} disagree (a chain's median lies outside another's central 80%)`
      : "";
    warnings.push({
      code: "MCMC_MULTIMODAL",
      message:
        `the posterior of N looks multimodal: ${[modes, chains].filter((s) => s !== "").join("; ")}. The chains may not visit the ` +
        "modes in proportion to their posterior mass: run many more `chains` and longer ones (more `burnin`, `samples`), try a " +
        "larger `classes`, report the modes rather than one interval, and compare with other models",
    });
  }
  let saturated = 0;
  for (let i = 0; i < occupied.length; i++) if (occupied[i] >= settings.classes) saturated++;
  if (settings.classes > 1 && saturated / occupied.length > 0.5) {
    warnings.push({
      code: "LATENT_CLASSES_SATURATED",
      message:
        `every one of the ${settings.classes} latent classes is occupied in ${(100 * saturated / occupied.length).toFixed(0)}% of the ` +
        "draws: the truncation may be binding; raise `classes`",
    });
  }
  if (capped > 0) {
    warnings.push({
      code: "POSTERIOR_UNBOUNDED",
      message:
        `in ${capped} sweeps the unobserved count exceeded ${MAX_UNOBSERVED.toExponential()} and was capped: the data barely ` +
        "constrain N under this model (e.g. a list captures almost no one); the estimate is not usable",
    });
  }
  return warnings;
}

/** Classes ordered by weight in each draw, summarised by rank. */
function summariseClasses(traces: readonly ChainTrace[], K: number, lists: readonly string[]): LcmcrClassSummary[] {
  const t = lists.length;
  const out: LcmcrClassSummary[] = [];
  for (let r = 0; r < K; r++) {
    const weights: number[] = [];
    const probabilities: number[][] = lists.map(() => []);
    for (const trace of traces) {
      const w = trace.classWeights!;
      const p = trace.classProbabilities!;
      const samples = w.length / K;
      for (let s = 0; s < samples; s++) {
        weights.push(w[s * K + r]);
        for (let j = 0; j < t; j++) probabilities[j].push(p[(s * K + r) * t + j]);
      }
    }
    const describe = (values: number[]): { mean: number; lower: number; upper: number } => {
      const sorted = Float64Array.from(values).sort();
      return { mean: average(sorted), lower: quantileSorted(sorted, 0.025), upper: quantileSorted(sorted, 0.975) };
    };
    out.push({
      rank: r + 1,
      weight: describe(weights),
      captureProbabilities: lists.map((list, j) => ({ list, ...describe(probabilities[j]) })),
    });
  }
  return out;
}

function sortedPool(chains: readonly Float64Array[]): Float64Array {
  const pooled = new Float64Array(chains.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chains) {
    pooled.set(c, offset);
    offset += c.length;
  }
  return pooled.sort();
}

function average(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}
