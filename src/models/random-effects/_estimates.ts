/**
 * From a Laplace fit to the strata's dark figures: the log of each stratum's expected dark figure,
 * η_s = β₀ + a₀_s·ũ (the unobserved cell has every list indicator 0, so only the intercepts enter),
 * and the conditional covariance of the η_s.
 */
import { fitLaplace, type LaplaceFit, type LaplaceFitOptions } from "./_fit.js";
import { jointSystem, unobservedCovariance } from "./_joint.js";
import type { RandomEffectsProblem } from "./_problem.js";

export interface StratumPredictions {
  readonly fit: LaplaceFit;
  /** η_s per stratum. */
  readonly eta: Float64Array;
  /** Conditional covariance of the η_s (S × S); null when the joint system is singular. */
  readonly covariance: Float64Array | null;
  /** Conditional covariance of β given θ (p × p); null with `covariance`. */
  readonly betaCovariance: Float64Array | null;
}

/** η_s = β₀ + Σ_l θ_{k(l)} p₀_{s,l} ũ_l. */
export function unobservedPredictors(problem: RandomEffectsProblem, beta: ArrayLike<number>, theta: ArrayLike<number>, modes: readonly Float64Array[]): Float64Array {
  const S = problem.strata.length;
  const eta = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    const b = problem.stratumBlock[s];
    const block = problem.blocks[b];
    const slot = problem.stratumSlot[s];
    let e = beta[0];
    for (let l = 0; l < block.q; l++) e += block.unobservedPattern[slot * block.q + l] * theta[block.component[l]] * modes[b][l];
    eta[s] = e;
  }
  return eta;
}

/** Fit, then the strata's η and their conditional covariance. */
export function predictStrata(problem: RandomEffectsProblem, counts: Float64Array, options: LaplaceFitOptions = {}): StratumPredictions {
  const fit = fitLaplace(problem, counts, options);
  const eta = unobservedPredictors(problem, fit.beta, fit.theta, fit.modes);
  if (!Number.isFinite(fit.logLikelihood)) return { fit, eta, covariance: null, betaCovariance: null };
  const system = jointSystem(problem, counts, fit.beta, fit.theta, fit.modes);
  const conditional = unobservedCovariance(problem, system, fit.theta);
  return { fit, eta, covariance: conditional?.covariance ?? null, betaCovariance: conditional?.betaCovariance ?? null };
}
