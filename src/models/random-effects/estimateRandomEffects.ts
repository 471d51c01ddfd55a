import type { CaptureData, EstimateWarning, Interval } from "../../types.js";
import { OptionError } from "../../errors.js";
import { validateInteger } from "../../_lib/validate.js";
import { DEFAULT_SEED } from "../../uncertainty/bootstrapInterval.js";
import { availableThreads } from "../../uncertainty/_parallel.js";
import { quantileType8 } from "../../uncertainty/quantileType8.js";
import { assembleEstimate, prepareRandomEffects, type FitRandomEffectsOptions, type RandomEffectsSetup } from "./fitRandomEffects.js";
import { predictStrata, type StratumPredictions } from "./_estimates.js";
import { quadratic, type RandomEffectsBootstrapJob } from "./_bootstrap.js";
import { runReplicates } from "./_parallel.js";
import type { RandomEffectsEstimate, RandomEffectsIntervalMethod } from "./types.js";

/** Options of {@link estimateRandomEffects}. */
export interface EstimateRandomEffectsOptions extends Omit<FitRandomEffectsOptions, "ci"> {
  /**
   * `"bootstrap"` (default): the parametric bootstrap of the whole fit (bootstrap-t, see
   * {@link estimateRandomEffects}); `"conditional"`: from the conditional variance (narrower);
   * `"none"`.
   */
  readonly ci?: RandomEffectsIntervalMethod;
  /** Bootstrap replicates. Default 1000. */
  readonly replicates?: number;
  /** Seed of the bootstrap's random streams; recorded in `settings`. Default 1234. */
  readonly seed?: number | string;
  /** Worker threads (Node). Default: the available cores, used when the job is long enough; results do not depend on it. */
  readonly threads?: number;
  /** Called as replicates finish. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Linear statistics Σ w_s N_s to give bootstrap intervals besides the strata and the total. */
export interface LinearStatistic {
  readonly weights: readonly number[];
}

/**
 * Random-effects log-linear model over many strata with intervals for every stratum and the total:
 * {@link fitRandomEffects} plus, by default, a parametric bootstrap of the whole fit.
 *
 * Each replicate draws new random effects for every stratum from the fitted distribution, the
 * observable cells and the dark figures from the fitted model, and refits everything (variance
 * components included); the interval of a stratum's population is its estimate moved by the
 * quantiles of the studentized prediction error log(N + ½) − log(N̂ + ½) over its standard error
 * (a bootstrap-t interval, Chatterjee, Lahiri & Li 2008), the total's likewise on log N. They carry
 * the uncertainty of the fixed effects and of the variance components and the Poisson variation of
 * the dark figure, and are wider than the conditional intervals. Replicate b draws from its own
 * stream (seed, b), so the same seed gives the same intervals for any number of threads.
 *
 * @param data - capture data read with the stratum column(s) as `covariates`.
 * @param options - see {@link EstimateRandomEffectsOptions}.
 * @returns as {@link fitRandomEffects}, with `parametric-bootstrap` intervals and the bootstrap settings.
 * @throws {OptionError} for bad options. @throws {ModelSpecError} for a model that does not parse.
 * @example
 * const r = await estimateRandomEffects(data, { by: "region", model: "A:B", random: "lists", seed: 7 });
 * r.total.intervals // [{ method: "parametric-bootstrap", level: 0.95, lower, upper }]
 * @see docs/methodology/random-effects.md
 */
export async function estimateRandomEffects(data: CaptureData, options: EstimateRandomEffectsOptions): Promise<RandomEffectsEstimate> {
  const ci = options?.ci ?? "bootstrap";
  if (!["bootstrap", "conditional", "none"].includes(ci)) {
    throw new OptionError(`\`ci\` must be one of bootstrap, conditional, none; received ${String(ci)}`);
  }
  const setup = prepareRandomEffects(data, { ...options, ci: ci === "none" ? "none" : "conditional" });
  const settings = bootstrapSettings(options, ci);
  const method = ci === "bootstrap" ? "parametric-bootstrap" : ci;
  if (setup.failure) return { ...setup.failure, settings: { ...setup.failure.settings, ci: method, ...(ci === "bootstrap" ? settings : {}) } };
  const predictions = predictStrata(setup.problem, setup.problem.counts);
  if (ci !== "bootstrap") return assembleEstimate(setup, predictions, ci);
  const result = assembleEstimate(setup, predictions, "none");
  const threads = validateInteger("threads", options.threads ?? (await availableThreads()), 1, 1024);
  const boot = await bootstrapRandomEffects(setup, predictions, [], {
    replicates: settings.replicates,
    seed: settings.seed,
    threads,
    adaptive: options.threads === undefined,
    onProgress: options.onProgress,
  });
  return {
    ...result,
    strata: result.strata.map((s, i) => ({ ...s, intervals: boot.strata[i] })),
    total: { ...result.total, intervals: boot.total },
    warnings: [...result.warnings, ...boot.warnings],
    settings: { ...result.settings, ci: method, ...settings, resampling: "parametric", validReplicates: boot.valid },
  };
}

/** Seed and replicates, validated, for `settings`. */
export function bootstrapSettings(options: { readonly replicates?: number; readonly seed?: number | string }, ci: string): { seed: number | string; replicates: number } {
  const replicates = ci === "bootstrap" ? validateInteger("replicates", options.replicates ?? 1000, 1) : (options.replicates ?? 1000);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!(typeof seed === "string" || (typeof seed === "number" && Number.isFinite(seed)))) {
    throw new OptionError(`\`seed\` must be a finite number or a string; received ${String(seed)}`);
  }
  return { seed, replicates };
}

/** Bootstrap-t intervals of the strata, the total and any linear statistics Σ w_s N_s. */
export interface RandomEffectsBootstrapIntervals {
  readonly strata: Interval[][];
  readonly total: Interval[];
  readonly linear: Interval[][];
  readonly valid: number;
  readonly warnings: EstimateWarning[];
}

/** Run the parametric bootstrap of a fit and turn its studentized prediction errors into intervals. */
export async function bootstrapRandomEffects(
  setup: RandomEffectsSetup,
  predictions: StratumPredictions,
  linear: readonly LinearStatistic[],
  options: { replicates: number; seed: number | string; threads: number; adaptive: boolean; onProgress?: (done: number, total: number) => void },
): Promise<RandomEffectsBootstrapIntervals> {
  const { problem, levels } = setup;
  const S = problem.strata.length;
  const { fit, eta, covariance } = predictions;
  const warnings: EstimateWarning[] = [];
  if (covariance === null || !Number.isFinite(fit.logLikelihood)) {
    warnings.push({ code: "NOT_IDENTIFIABLE", message: "the conditional covariance of the fit is singular: no bootstrap intervals" });
    return { strata: problem.strata.map(() => []), total: [], linear: linear.map(() => []), valid: 0, warnings };
  }
  const job: RandomEffectsBootstrapJob = {
    lists: [...problem.lists],
    strata: problem.strata.map((stratum, s) => ({ stratum: { ...stratum }, counts: Array.from(problem.counts.subarray(s * problem.m, (s + 1) * problem.m)) })),
    generators: [...problem.model.generators],
    terms: setup.terms,
    structure: setup.structure,
    beta: problem.fixed.map((mask, j) => ({ mask, value: fit.beta[j] })),
    theta: Array.from(fit.theta),
    ...(fit.information !== null ? { information: Array.from(fit.information) } : {}),
    seed: options.seed,
    replicates: options.replicates,
    linear: linear.map((l) => [...l.weights]),
  };
  const { out, rows } = await runReplicates(job, { threads: options.threads, adaptive: options.adaptive, onProgress: options.onProgress });
  const B = options.replicates;
  const column = (k: number): Float64Array => {
    const values: number[] = [];
    for (let b = 0; b < B; b++) {
      const v = out[b * rows + k];
      if (Number.isFinite(v)) values.push(v);
    }
    return Float64Array.from(values).sort();
  };
  let valid = 0;
  for (let b = 0; b < B; b++) if (Number.isFinite(out[b * rows + S])) valid++;
  if (valid < B) {
    warnings.push({
      code: "BOOTSTRAP_INVALID_REPLICATES",
      message: `${B - valid} of ${B} bootstrap replicates could not be refitted (no estimate on the drawn table, or no convergence); they are left out of the intervals`,
    });
  }
  const lambda = Float64Array.from(eta, Math.exp);
  const interval = (pivots: Float64Array, make: (lower: number, upper: number) => [number, number]): Interval[] =>
    pivots.length === 0
      ? []
      : levels.map((level) => {
          const [lower, upper] = make(quantileType8(pivots, (1 - level) / 2), quantileType8(pivots, (1 + level) / 2));
          return { method: "parametric-bootstrap", level, lower, upper };
        });
  const strata = problem.strata.map((_, s) => {
    const n = problem.observed[s];
    const estimate = n + lambda[s];
    const se = Math.sqrt(lambda[s] ** 2 * covariance[s * S + s] + lambda[s]) / (estimate + 0.5);
    const scale = (q: number) => Math.max(n, (estimate + 0.5) * Math.exp(se * q) - 0.5);
    return interval(column(s), (lo, hi) => [scale(lo), scale(hi)]);
  });
  const observed = problem.observed.reduce((a, b) => a + b, 0);
  const totalEstimate = observed + lambda.reduce((a, b) => a + b, 0);
  const totalSe = Math.sqrt(quadratic(covariance, lambda, lambda) + lambda.reduce((a, b) => a + b, 0)) / totalEstimate;
  const total = interval(column(S), (lo, hi) => [Math.max(observed, totalEstimate * Math.exp(totalSe * lo)), totalEstimate * Math.exp(totalSe * hi)]);
  const linearIntervals = linear.map((l, k) => {
    const w = l.weights;
    let estimate = 0;
    let poisson = 0;
    const scaled = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      estimate += w[s] * (problem.observed[s] + lambda[s]);
      poisson += w[s] * w[s] * lambda[s];
      scaled[s] = w[s] * lambda[s];
    }
    const se = Math.sqrt(quadratic(covariance, scaled, scaled) + poisson);
    return interval(column(S + 1 + k), (lo, hi) => [estimate + se * lo, estimate + se * hi]);
  });
  return { strata, total, linear: linearIntervals, valid, warnings };
}
