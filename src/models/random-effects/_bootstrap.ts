/**
 * The parametric bootstrap of a random-effects fit: each replicate draws the whole data-generating
 * process from the fitted model — new random effects u* ~ N(0, I) for every stratum, every
 * observable cell y* ~ Poisson(exp(x·β̂ + a·u*)), and every stratum's dark count U* ~ Poisson(λ*),
 * λ* = exp(β̂₀ + a₀·u*) — refits the whole model (variance components included) to the observed
 * cells, and records studentized prediction errors (Chatterjee, Lahiri & Li 2008; Hall & Maiti
 * 2006):
 *
 *   stratum s:   t* = [log(N*_s + ½) − log(N̂*_s + ½)] / s*_s,  N = n + U,  N̂ = n + λ̂,
 *                s*_s = √(λ̂²·Var(η̂_s) + λ̂) / (N̂ + ½)   (delta method: the model part and the dark count's Poisson part),
 *   total:       t* = [log N*_tot − log N̂*_tot] / s*_tot,   s*_tot = √(λ̂ᵀCλ̂ + Σλ̂) / N̂_tot,
 *   a linear statistic L = Σ w_s N_s (a change, a slope):  t* = (L* − L̂*) / √(wᵀΛCΛw + Σ w²λ̂).
 *
 * The interval for the data's own quantity is then the estimate moved by its standard error times
 * the quantiles of t* (the bootstrap-t interval). Because the replicate's truth is drawn afresh, the
 * intervals carry the uncertainty of β̂ and of the variance components and the Poisson variation of
 * the dark figure; their coverage is the average over strata drawn from the random-effects
 * distribution (exchangeable strata), as for small-area prediction intervals.
 *
 * Replicate b draws from `randomStream(seed, b)` alone and starts its fit from (β̂, θ̂), so its row
 * does not depend on which thread runs it or on the other replicates.
 */
import { randomStream } from "../../_lib/random.js";
import { modelFromMasks } from "../loglinear/modelSpec.js";
import { buildProblem, type RandomEffectsProblem, type RandomEffectsStructure, type RandomEffectsTerms } from "./_problem.js";
import { predictStrata } from "./_estimates.js";

/** Everything a thread needs to run replicates: plain data, safe to post to a worker. */
export interface RandomEffectsBootstrapJob {
  readonly lists: readonly string[];
  /** The strata in order, with their observed counts (history − 1). */
  readonly strata: readonly { readonly stratum: Readonly<Record<string, string>>; readonly counts: readonly number[] }[];
  /** Generators of the fixed model (masks). */
  readonly generators: readonly number[];
  readonly terms: RandomEffectsTerms;
  readonly structure: RandomEffectsStructure;
  /** Fitted fixed effects, by term mask. */
  readonly beta: readonly { readonly mask: number; readonly value: number }[];
  /** Fitted standard deviations. */
  readonly theta: readonly number[];
  /** −∇²ℓ at the fit over (β, θ): the replicates' quasi-Newton start (absent: finite differences). */
  readonly information?: readonly number[];
  readonly seed: number | string;
  readonly replicates: number;
  /** Weights of linear statistics Σ w_s N_s (changes, slopes) to studentize as well. */
  readonly linear: readonly (readonly number[])[];
}

/** Runs replicates [from, to): one row of S + 1 + linear pivots each (NaN where the refit fails). */
export interface ReplicateRunner {
  readonly rows: number;
  run(from: number, to: number): Float64Array;
}

export function createReplicateRunner(job: RandomEffectsBootstrapJob): ReplicateRunner {
  const model = modelFromMasks(job.generators, job.lists);
  const original = buildProblem(job.lists, job.strata, model, job.terms, job.structure);
  const S = original.strata.length;
  const rows = S + 1 + job.linear.length;
  const betaByMask = new Map(job.beta.map((b) => [b.mask, b.value] as const));
  const beta = Float64Array.from(original.fixed, (mask) => betaByMask.get(mask) ?? 0);
  const theta = Float64Array.from(job.theta);
  return {
    rows,
    run(from, to) {
      const out = new Float64Array((to - from) * rows);
      for (let b = from; b < to; b++) replicate(job, original, model, beta, theta, b, out.subarray((b - from) * rows, (b - from + 1) * rows));
      return out;
    },
  };
}

function replicate(
  job: RandomEffectsBootstrapJob,
  original: RandomEffectsProblem,
  model: ReturnType<typeof modelFromMasks>,
  beta: Float64Array,
  theta: Float64Array,
  b: number,
  out: Float64Array,
): void {
  out.fill(Number.NaN);
  const random = randomStream(job.seed, b);
  const { m, x } = original;
  const S = original.strata.length;
  const p = original.fixed.length;
  // the random effects, block by block
  const u = original.blocks.map((block) => Float64Array.from({ length: block.q }, () => random.normal()));
  // the observable cells, block by block in row order (cells left out by −∞ terms stay 0)
  const counts = new Float64Array(S * m);
  original.blocks.forEach((block, k) => {
    for (let i = 0; i < block.rows.length; i++) {
      let eta = 0;
      const h = block.history[i];
      for (let j = 0; j < p; j++) eta += x[h * p + j] * beta[j];
      for (let l = 0; l < block.q; l++) eta += block.pattern[i * block.q + l] * theta[block.component[l]] * u[k][l];
      counts[block.rows[i]] = random.poisson(Math.exp(eta));
    }
  });
  // every stratum's expected and realised dark figure
  const truth = new Float64Array(S);
  const observed = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    const k = original.stratumBlock[s];
    const block = original.blocks[k];
    let eta = beta[0];
    for (let l = 0; l < block.q; l++) eta += block.unobservedPattern[original.stratumSlot[s] * block.q + l] * theta[block.component[l]] * u[k][l];
    let n = 0;
    for (let h = 0; h < m; h++) n += counts[s * m + h];
    observed[s] = n;
    truth[s] = n + random.poisson(Math.exp(eta));
  }
  // refit the whole model on the replicate's observed cells, from the fitted values
  const problem = buildProblem(
    job.lists,
    job.strata.map((stratum, s) => ({ stratum: stratum.stratum, counts: Array.from(counts.subarray(s * m, (s + 1) * m)) })),
    model,
    job.terms,
    job.structure,
  );
  if (problem.pooledStatus !== 0) return;
  const startBeta = Float64Array.from(problem.fixed, (mask) => beta[original.fixed.indexOf(mask)]);
  const sameTerms = problem.fixed.length === original.fixed.length;
  const predictions = predictStrata(problem, problem.counts, {
    start: { beta: startBeta, theta },
    information: false,
    ...(sameTerms && job.information ? { initialInformation: job.information } : {}),
  });
  const { fit, eta, covariance } = predictions;
  if (!fit.converged || covariance === null) return;
  writePivots(eta, covariance, observed, truth, job.linear, out);
}

/** Studentized prediction errors of the strata, the total and the linear statistics (see the file's comment). */
export function writePivots(
  eta: Float64Array,
  covariance: Float64Array,
  observed: ArrayLike<number>,
  truth: ArrayLike<number>,
  linear: readonly (readonly number[])[],
  out: Float64Array,
): void {
  const S = eta.length;
  const lambda = Float64Array.from(eta, Math.exp);
  let totalTruth = 0;
  let totalEstimate = 0;
  let poisson = 0;
  for (let s = 0; s < S; s++) {
    const estimate = observed[s] + lambda[s];
    const se = Math.sqrt(lambda[s] ** 2 * covariance[s * S + s] + lambda[s]) / (estimate + 0.5);
    out[s] = (Math.log(truth[s] + 0.5) - Math.log(estimate + 0.5)) / se;
    totalTruth += truth[s];
    totalEstimate += estimate;
    poisson += lambda[s];
  }
  out[S] = (Math.log(totalTruth) - Math.log(totalEstimate)) / (Math.sqrt(quadratic(covariance, lambda, lambda) + poisson) / totalEstimate);
  linear.forEach((w, k) => {
    let difference = 0;
    let poissonPart = 0;
    const scaled = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      difference += w[s] * (truth[s] - observed[s] - lambda[s]);
      poissonPart += w[s] * w[s] * lambda[s];
      scaled[s] = w[s] * lambda[s];
    }
    out[S + 1 + k] = difference / Math.sqrt(quadratic(covariance, scaled, scaled) + poissonPart);
  });
}

/** aᵀ C b for an S × S matrix C. */
export function quadratic(covariance: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>): number {
  const S = a.length;
  let sum = 0;
  for (let s = 0; s < S; s++) {
    if (a[s] === 0) continue;
    let row = 0;
    for (let r = 0; r < S; r++) row += covariance[s * S + r] * b[r];
    sum += a[s] * row;
  }
  return sum;
}
