/**
 * Maximum-likelihood fit of a hierarchical Poisson log-linear model to the observable cells of a
 * 2^t capture table, with the extended MLE for terms whose sufficient statistic is zero.
 *
 * The design matrix is never formed. With X[h, θ] = 1 when θ ⊆ h, every product the Newton step
 * needs is a superset sum over masks: (XᵀWX)[θ, φ] = Σ_{h ⊇ θ∪φ} w_h and (Xᵀv)[θ] = Σ_{h ⊇ θ} v_h,
 * and the linear predictor is the subset sum η_h = Σ_{θ ⊆ h} β_θ. Each costs t·2^t, so an iteration
 * costs O(t·2^t + p³) instead of O(2^t·p²).
 */
import { compareTerms, subsetSums, supersetSums } from "./bits.js";
import { cholesky, choleskyInverse, choleskySolve } from "./linalg.js";
import type { PreparedCounts } from "./prepared.js";

export interface PoissonFitOptions {
  /** Largest number of Newton iterations. Default 100. */
  readonly maxIterations?: number;
  /** Converged once the Newton decrement gᵀH⁻¹g falls below this times (|D| + 0.1). Default 1e-10. */
  readonly tolerance?: number;
  /** Compute the covariance matrix of the coefficients. Default true. */
  readonly covariance?: boolean;
  /**
   * Warm start: the fit of a sub-model (its terms must be a subset of this model's). Its
   * coefficients start the Newton iterations, the extra terms at 0, so the first iterate is that
   * sub-model's MLE. Default: a cold start as R's `glm`.
   */
  readonly start?: PoissonFit;
  /** The model's boundary split, when the caller already has it (see {@link splitBoundary}). */
  readonly split?: BoundarySplit;
  /**
   * `"tight"` (default): iterate to the MLE within rounding. `"glm"`: stop as R's `glm.fit` stops
   * (|D − D_old| / (|D| + 0.1) < 1e-8, D_old at the start μ = y + 0.1 on the first iteration, at
   * most 25 iterations, cold start), so that results carry the same convergence error as the R
   * packages' and can be compared with them at the 1e-9 level. For validation only.
   */
  readonly stopping?: "tight" | "glm";
}

/** Parameters split into fitted and boundary ones, and the cells kept. */
export interface BoundarySplit {
  readonly kept: number[];
  readonly boundary: number[];
  readonly keptCells: Uint8Array;
  readonly nKeptCells: number;
}

export interface PoissonFit {
  /** Parameters fitted (finite), intercept (mask 0) first, in the order given. */
  readonly kept: readonly number[];
  /** Parameters whose sufficient statistic is zero: extended MLE −∞. */
  readonly boundary: readonly number[];
  readonly beta: Float64Array;
  /** Covariance of `beta` (p×p row-major); empty when not requested or singular. */
  readonly covariance: Float64Array;
  /** Fitted mean of every cell (0 for removed cells); entry 0 is the fitted unobserved cell. */
  readonly mu: Float64Array;
  /** Whether each cell was fitted (not removed by a boundary term); entry 0 is false. */
  readonly keptCells: Uint8Array;
  readonly nKeptCells: number;
  readonly logLikelihood: number;
  readonly deviance: number;
  readonly converged: boolean;
  readonly iterations: number;
  /** False when XᵀWX could not be factorised (the model is not identifiable on these cells). */
  readonly nonsingular: boolean;
}

/** Split the parameters of a model into fitted ones and boundary (−∞) ones, and mark kept cells. */
export function splitBoundary(prepared: PreparedCounts, parameters: readonly number[]): BoundarySplit {
  const kept: number[] = [];
  const boundary: number[] = [];
  for (const theta of parameters) {
    if (theta !== 0 && prepared.margins[theta] === 0) boundary.push(theta);
    else kept.push(theta);
  }
  const keptCells = new Uint8Array(prepared.size);
  let nKeptCells = 0;
  for (let h = prepared.firstCell; h < prepared.size; h++) {
    let ok = 1;
    for (const theta of boundary) {
      if ((h & theta) === theta) {
        ok = 0;
        break;
      }
    }
    keptCells[h] = ok;
    nKeptCells += ok;
  }
  return { kept, boundary, keptCells, nKeptCells };
}

/**
 * Fit by Newton–Raphson (= IRLS for the canonical log link), started as R's `glm` starts a Poisson
 * fit (one weighted least-squares step from μ = y + 0.1), with step halving whenever the deviance
 * would rise.
 */
export function fitPoissonLoglinear(
  prepared: PreparedCounts,
  parameters: readonly number[],
  options: PoissonFitOptions = {},
): PoissonFit {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const { nLists, size, y, margins } = prepared;
  const { kept, boundary, keptCells, nKeptCells } = options.split ?? splitBoundary(prepared, parameters);
  const p = kept.length;

  const scratch = scratchFor(size, p);
  const work = scratch.work;
  const hessian = scratch.hessian;
  const step = scratch.step;
  const beta = new Float64Array(p);
  const mu = new Float64Array(size);

  const glm = options.stopping === "glm";
  let nonsingular = true;
  let startDeviance = Number.NaN;
  if (options.start !== undefined && options.start.nonsingular && !glm) {
    const from = options.start;
    let k = 0;
    for (let i = 0; i < p; i++) {
      // both lists of kept terms are in the same term order
      while (k < from.kept.length && from.kept[k] !== kept[i] && compareTerms(from.kept[k], kept[i]) < 0) k++;
      beta[i] = k < from.kept.length && from.kept[k] === kept[i] ? from.beta[k] : 0;
    }
  } else {
    // Start: weighted least squares of z = log μ0 + (y − μ0)/μ0 on X with weights μ0 = y + 0.1.
    startDeviance = 0;
    for (let h = 0; h < size; h++) {
      if (keptCells[h]) {
        const m0 = y[h] + 0.1;
        startDeviance += 2 * ((y[h] > 0 ? y[h] * Math.log(y[h] / m0) : 0) - (y[h] - m0));
        work[h] = m0;
        mu[h] = m0 * (Math.log(m0) + (y[h] - m0) / m0);
      } else {
        work[h] = 0;
        mu[h] = 0;
      }
    }
    supersetSums(work, nLists);
    supersetSums(mu, nLists);
    fillHessian(work, kept, hessian);
    for (let i = 0; i < p; i++) beta[i] = mu[kept[i]];
    nonsingular = cholesky(hessian, p);
    if (!nonsingular) return failed();
    choleskySolve(hessian, p, beta);
  }

  // Constant part of the deviance, Σ (y log y − y), and the sufficient statistics of the kept terms.
  let devianceConstant = 0;
  for (let h = prepared.firstCell; h < size; h++) {
    if (keptCells[h] && y[h] > 0) devianceConstant += y[h] * Math.log(y[h]) - y[h];
  }
  const sufficient = scratch.sufficient;
  for (let i = 0; i < p; i++) sufficient[i] = margins[kept[i]];

  // The deviance is a difference of terms of size ~ Σ y log y: below this, changes are rounding.
  const roundingSlack = 1e-11 * (1 + Math.abs(devianceConstant) + prepared.observed);
  let deviance = evaluate(beta, mu);
  let converged = false;
  let iterations = 1;
  const trial = scratch.trial;
  let previousStep = 0;
  const iterationLimit = glm ? 25 : maxIterations;
  if (glm && Math.abs(deviance - startDeviance) / (Math.abs(deviance) + 0.1) < 1e-8) converged = true;
  while (!converged && iterations < iterationLimit) {
    iterations++;
    // gradient and Hessian at the current fit
    work.set(mu);
    supersetSums(work, nLists);
    for (let i = 0; i < p; i++) step[i] = sufficient[i] - work[kept[i]];
    fillHessian(work, kept, hessian);
    nonsingular = cholesky(hessian, p);
    if (!nonsingular) break;
    choleskySolve(hessian, p, step);
    // Newton decrement gᵀH⁻¹g: the deviance falls by about this much in a full step.
    let decrement = 0;
    for (let i = 0; i < p; i++) decrement += step[i] * (sufficient[i] - work[kept[i]]);
    let factor = 1;
    let newDeviance = Number.POSITIVE_INFINITY;
    for (let halving = 0; halving < 40; halving++) {
      for (let i = 0; i < p; i++) trial[i] = beta[i] + factor * step[i];
      newDeviance = evaluate(trial, mu);
      if (Number.isFinite(newDeviance) && newDeviance <= deviance + roundingSlack) break;
      factor /= 2;
    }
    if (!Number.isFinite(newDeviance)) {
      evaluate(beta, mu);
      break;
    }
    beta.set(trial);
    const previousDeviance = deviance;
    deviance = newDeviance;
    if (glm) {
      if (Math.abs(deviance - previousDeviance) / (Math.abs(deviance) + 0.1) < 1e-8) converged = true;
      continue;
    }
    // Quadratic convergence: once the predicted decrease and the step are this small, the step just
    // taken has brought the coefficients to the MLE within rounding (the next would be ~ step²).
    let largestStep = 0;
    for (let i = 0; i < p; i++) largestStep = Math.max(largestStep, Math.abs(step[i]));
    // In the quadratic phase the next step is about K·s² with K = s / s_previous²; stop once that
    // predicted step (or the step itself) is below 1e-9.
    const predictedNext = factor === 1 && previousStep > 0 ? (largestStep / (previousStep * previousStep)) * largestStep * largestStep : Number.POSITIVE_INFINITY;
    previousStep = factor === 1 ? largestStep : 0;
    if (
      factor === 1 &&
      decrement < tolerance * (Math.abs(deviance) + 0.1) &&
      (largestStep < 1e-9 || (largestStep < 1e-3 && predictedNext < 1e-9))
    ) {
      converged = true;
      break;
    }
  }

  let covariance: Float64Array = new Float64Array(0);
  if (nonsingular && options.covariance !== false) {
    work.set(mu);
    supersetSums(work, nLists);
    fillHessian(work, kept, hessian);
    if (cholesky(hessian, p)) covariance = choleskyInverse(hessian, p);
    else nonsingular = false;
  }

  // ℓ = Σ (y log μ − μ − log y!) = βᵀt − Σ μ − Σ log y!
  let logLikelihood = -prepared.logFactorialSum;
  for (let i = 0; i < p; i++) logLikelihood += beta[i] * sufficient[i];
  for (let h = prepared.firstCell; h < size; h++) logLikelihood -= mu[h];
  mu[0] = Math.exp(beta[0]);

  return {
    kept,
    boundary,
    beta,
    covariance,
    mu,
    keptCells,
    nKeptCells,
    logLikelihood,
    deviance,
    converged,
    iterations,
    nonsingular,
  };

  /**
   * η by subset sums, μ = exp(η) on kept cells (into `out`), and the deviance
   * 2 Σ (y log(y/μ) − y + μ) = 2 (Σ (y log y − y) − βᵀt + Σ μ), with t the sufficient statistics.
   */
  function evaluate(coefficients: Float64Array, out: Float64Array): number {
    out.fill(0);
    let linear = 0;
    for (let i = 0; i < p; i++) {
      out[kept[i]] = coefficients[i];
      linear += coefficients[i] * sufficient[i];
    }
    subsetSums(out, nLists);
    let total = 0;
    const first = prepared.firstCell;
    if (first === 1) out[0] = 0;
    for (let h = first; h < size; h++) {
      if (keptCells[h]) {
        const m = Math.exp(out[h]);
        out[h] = m;
        total += m;
      } else out[h] = 0;
    }
    return 2 * (devianceConstant - linear + total);
  }

  function failed(): PoissonFit {
    return {
      kept,
      boundary,
      beta: new Float64Array(p).fill(Number.NaN),
      covariance: new Float64Array(0),
      mu: new Float64Array(size),
      keptCells,
      nKeptCells,
      logLikelihood: Number.NaN,
      deviance: Number.NaN,
      converged: false,
      iterations: 0,
      nonsingular: false,
    };
  }
}

/** H[i][j] = S[θ_i | θ_j] from superset sums S of the weights. */
function fillHessian(sums: Float64Array, kept: readonly number[], hessian: Float64Array): void {
  const p = kept.length;
  for (let i = 0; i < p; i++) {
    const ti = kept[i];
    for (let j = 0; j <= i; j++) {
      const v = sums[ti | kept[j]];
      hessian[i * p + j] = v;
      hessian[j * p + i] = v;
    }
  }
}

/** Scratch buffers of one size, reused by successive fits (fits run synchronously, one at a time). */
interface Scratch {
  readonly work: Float64Array;
  readonly hessian: Float64Array;
  readonly step: Float64Array;
  readonly sufficient: Float64Array;
  readonly trial: Float64Array;
}

const scratchCache = new Map<number, Scratch>();

function scratchFor(size: number, p: number): Scratch {
  const key = size * 4096 + p;
  let scratch = scratchCache.get(key);
  if (scratch === undefined) {
    scratch = {
      work: new Float64Array(size),
      hessian: new Float64Array(p * p),
      step: new Float64Array(p),
      sufficient: new Float64Array(p),
      trial: new Float64Array(p),
    };
    scratchCache.set(key, scratch);
  }
  return scratch;
}
