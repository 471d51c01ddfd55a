/**
 * The posterior of a hierarchical Poisson log-linear model with independent normal priors on its
 * parameters, on the observable cells of a 2^t capture table: its mode (Newton's method) and a
 * random-walk Metropolis sample.
 *
 * log p(β | y) = Σ_h [y_h η_h − exp(η_h)] − ½ Σ_θ τ_θ β_θ² + const,   η_h = Σ_{θ ⊆ h} β_θ,
 *
 * over the observable cells h kept (cells covered by a term at −∞ are removed), with prior precision
 * τ_θ (0 for a flat prior). Σ_h y_h η_h = Σ_θ β_θ m_θ with the margins m_θ, and η is a subset sum over
 * the masks, so the log posterior costs t·2^t + 2^t exponentials.
 *
 * The sampler is the one MCMCpack's MCMCpoisson describes (Martin, Quinn & Park 2011): a random walk
 * whose normal proposal has covariance tune²·(XᵀŴX + diag τ)⁻¹, the inverse curvature of the log
 * posterior, here taken at the posterior mode (MCMCpoisson takes the weights at the MLE, which does
 * not exist when an overlap is empty); the chain starts at the mode.
 */
import { subsetSums, supersetSums } from "../../_lib/bits.js";
import { cholesky, choleskyInverse, choleskySolve } from "../../_lib/linalg.js";
import type { RandomStream } from "../../_lib/random.js";

/** A model on a table: its parameters (masks), prior precisions, and the cells kept. */
export interface PosteriorProblem {
  readonly nLists: number;
  /** Counts per cell, indexed by history (entry 0 unused). */
  readonly y: Float64Array;
  /** Sufficient statistic m_θ = Σ_{h ⊇ θ} y_h of every mask. */
  readonly margins: Float64Array;
  /** 1 for each observable cell in the likelihood. */
  readonly keptCells: Uint8Array;
  /** The parameters (term masks, intercept 0 first). */
  readonly parameters: readonly number[];
  /** Prior precision of each parameter (0: flat). */
  readonly precision: Float64Array;
}

/** The posterior mode and the curvature there. */
export interface PosteriorMode {
  readonly beta: Float64Array;
  /** Cholesky factor (lower) of the Hessian of −log posterior at the mode. */
  readonly hessianFactor: Float64Array;
  readonly converged: boolean;
  readonly iterations: number;
}

function linearPredictor(problem: PosteriorProblem, beta: ArrayLike<number>, eta: Float64Array): void {
  eta.fill(0);
  problem.parameters.forEach((theta, k) => {
    eta[theta] = beta[k];
  });
  subsetSums(eta, problem.nLists);
}

/** log p(β | y) up to a constant; `eta` is scratch of size 2^t. */
export function logPosterior(problem: PosteriorProblem, beta: ArrayLike<number>, eta: Float64Array): number {
  linearPredictor(problem, beta, eta);
  let value = 0;
  const { parameters, margins, precision, keptCells } = problem;
  for (let k = 0; k < parameters.length; k++) value += beta[k] * margins[parameters[k]] - 0.5 * precision[k] * beta[k] * beta[k];
  for (let h = 1; h < eta.length; h++) if (keptCells[h]) value -= Math.exp(eta[h]);
  return value;
}

/** Gradient and Hessian (of −log posterior) at β; returns the fitted means in `mu`. */
function derivatives(problem: PosteriorProblem, beta: Float64Array, mu: Float64Array, gradient: Float64Array, hessian: Float64Array): void {
  const { parameters, margins, precision, keptCells, nLists } = problem;
  const p = parameters.length;
  linearPredictor(problem, beta, mu);
  for (let h = 0; h < mu.length; h++) mu[h] = h > 0 && keptCells[h] ? Math.exp(mu[h]) : 0;
  supersetSums(mu, nLists); // mu[θ] = fitted margin of θ
  for (let a = 0; a < p; a++) {
    gradient[a] = margins[parameters[a]] - mu[parameters[a]] - precision[a] * beta[a];
    for (let b = 0; b <= a; b++) {
      const v = mu[parameters[a] | parameters[b]] + (a === b ? precision[a] : 0);
      hessian[a * p + b] = v;
      hessian[b * p + a] = v;
    }
  }
}

/**
 * Newton's method with step halving for the posterior mode, from β = (log mean count, 0, …).
 * Returns `converged: false` when the Hessian is singular or 200 iterations do not settle.
 */
export function posteriorMode(problem: PosteriorProblem): PosteriorMode {
  const p = problem.parameters.length;
  const size = 1 << problem.nLists;
  const beta = new Float64Array(p);
  let cells = 0;
  let total = 0;
  for (let h = 1; h < size; h++) {
    if (problem.keptCells[h]) {
      cells++;
      total += problem.y[h];
    }
  }
  beta[0] = Math.log(Math.max(total, 0.5) / Math.max(cells, 1));
  const mu = new Float64Array(size);
  const eta = new Float64Array(size);
  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  const step = new Float64Array(p);
  const trial = new Float64Array(p);
  let value = logPosterior(problem, beta, eta);
  let converged = false;
  let iterations = 0;
  for (; iterations < 200 && !converged; iterations++) {
    derivatives(problem, beta, mu, gradient, hessian);
    if (!cholesky(hessian, p)) break;
    step.set(gradient);
    choleskySolve(hessian, p, step);
    let decrement = 0;
    for (let k = 0; k < p; k++) decrement += gradient[k] * step[k];
    if (decrement < 1e-12 * (Math.abs(value) + 1)) {
      converged = true;
      break;
    }
    let scale = 1;
    for (let halvings = 0; halvings < 60; halvings++, scale /= 2) {
      for (let k = 0; k < p; k++) trial[k] = beta[k] + scale * step[k];
      const v = logPosterior(problem, trial, eta);
      if (v >= value - 1e-12 * Math.abs(value)) {
        beta.set(trial);
        value = v;
        break;
      }
    }
  }
  derivatives(problem, beta, mu, gradient, hessian);
  const ok = cholesky(hessian, p);
  return { beta, hessianFactor: hessian, converged: converged && ok, iterations };
}

/** A Metropolis sample: every kept draw of every parameter, and the acceptance rate. */
export interface PosteriorSample {
  /** draws[k * parameters + j]: draw k of parameter j. */
  readonly draws: Float64Array;
  readonly parameters: number;
  readonly kept: number;
  readonly acceptance: number;
}

/**
 * Random-walk Metropolis from the mode: proposal β + tune·L z, z ~ N(0, I), L Lᵀ = H⁻¹ at the mode;
 * `burnIn` steps discarded, then `iterations` kept.
 */
export function samplePosterior(
  problem: PosteriorProblem,
  mode: PosteriorMode,
  stream: RandomStream,
  settings: { readonly burnIn: number; readonly iterations: number; readonly tune: number },
): PosteriorSample {
  const p = problem.parameters.length;
  const size = 1 << problem.nLists;
  // proposal factor: Cholesky of tune² H⁻¹
  const covariance = choleskyInverse(mode.hessianFactor, p);
  for (let k = 0; k < p * p; k++) covariance[k] *= settings.tune * settings.tune;
  if (!cholesky(covariance, p)) throw new Error("internal: the proposal covariance is not positive definite");
  const factor = covariance;
  const eta = new Float64Array(size);
  const current = Float64Array.from(mode.beta);
  const proposal = new Float64Array(p);
  const z = new Float64Array(p);
  let value = logPosterior(problem, current, eta);
  const draws = new Float64Array(settings.iterations * p);
  let accepted = 0;
  const total = settings.burnIn + settings.iterations;
  for (let step = 0; step < total; step++) {
    for (let k = 0; k < p; k++) z[k] = stream.normal();
    for (let i = 0; i < p; i++) {
      let s = current[i];
      for (let k = 0; k <= i; k++) s += factor[i * p + k] * z[k];
      proposal[i] = s;
    }
    const v = logPosterior(problem, proposal, eta);
    if (Math.log(stream.uniform()) < v - value) {
      current.set(proposal);
      value = v;
      accepted++;
    }
    if (step >= settings.burnIn) draws.set(current, (step - settings.burnIn) * p);
  }
  return { draws, parameters: p, kept: settings.iterations, acceptance: accepted / total };
}
