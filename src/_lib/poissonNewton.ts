/**
 * The Newton–Raphson (= IRLS for the canonical log link) engine shared by every Poisson log-linear
 * fit in the library. It knows nothing about how the design is stored: a {@link DesignOperations}
 * object supplies the products with X, so the same loop, start, step halving and convergence rule
 * serve the hierarchical 0/1 designs over list masks (superset-sum products, `poissonFit.ts`) and
 * dense real-valued designs (covariate and heterogeneity models, `poissonDesign.ts`).
 *
 * The convergence rule is recorded with every fit ({@link Convergence}), as statsmodels records
 * its fit history and settings.
 */
import type { Convergence } from "../types.js";
import { choleskyScaled, choleskyScaledInverse, choleskyScaledSolve, smallestScaledPivot } from "./linalg.js";

export type { Convergence };

/** Products with a design matrix X (rows × p), over the rows a fit uses. */
export interface DesignOperations {
  /** Number of rows (cells). */
  readonly rows: number;
  /** Number of columns (parameters fitted). */
  readonly columns: number;
  /** out[r] = Σ_j X[r, j] β_j for every row (rows that are not fitted may receive anything). */
  linear(beta: Float64Array, out: Float64Array): void;
  /**
   * Optional: out[r] = exp(Σ_j X[r, j] β_j) directly, when the design can do it more cheaply than
   * an exponential per row (the hierarchical one multiplies exp(β) factors by a subset-product
   * transform). Used when there is no offset.
   */
  means?(beta: Float64Array, out: Float64Array): void;
  /** out[j] = Σ_r X[r, j] v_r; `v` is zero on the rows that are not fitted. */
  transposed(v: Float64Array, out: Float64Array): void;
  /** out = Xᵀ diag(w) X (p×p, row-major, full); `w` is zero on the rows that are not fitted. */
  weightedGram(w: Float64Array, out: Float64Array): void;
  /**
   * gradient = Xᵀ(y − μ) and information = Xᵀ diag(μ) X, both over the rows with `fitted[r]` = 1.
   * A design may compute both from one pass (the hierarchical one does, from the residuals alone).
   */
  scoreAndInformation(
    y: Float64Array,
    mu: Float64Array,
    fitted: Uint8Array,
    gradient: Float64Array,
    information: Float64Array,
  ): void;
}

/** The data of one fit. */
export interface NewtonProblem {
  readonly operations: DesignOperations;
  /** Count per row (any real ≥ 0); read on the fitted rows only. */
  readonly y: Float64Array;
  /** 1 for a row whose count is data (in the likelihood); 0 for a row removed or only predicted. */
  readonly fitted: Uint8Array;
  /** 1 for a row whose mean is wanted: the fitted rows plus any predicted-only rows (the unobserved cell). */
  readonly predicted: Uint8Array;
  /** Optional offset per row: η = Xβ + offset. */
  readonly offset?: Float64Array;
  /** Σ log(y!) over the fitted rows (log Γ(y + 1) for real y), for the log-likelihood. */
  readonly logFactorialSum: number;
  /** The counts' logarithms, when the caller keeps them for many fits (see {@link countLogs}). */
  readonly logs?: CountLogs;
}

/** Options of {@link newtonPoisson}. */
export interface NewtonOptions {
  /** Largest number of iterations for `"newton-decrement"`. Default 100. */
  readonly maxIterations?: number;
  /** Decrement tolerance of `"newton-decrement"`. Default 1e-10. */
  readonly tolerance?: number;
  /** `"newton-decrement"` (default) or R's `"glm"` rule (validation only). */
  readonly stopping?: "tight" | "glm";
  /** Warm start: coefficients (length p). Ignored under `"glm"`, which always starts as R does. */
  readonly start?: ArrayLike<number>;
  /** Compute the covariance (inverse information) at the end. Default true. */
  readonly covariance?: boolean;
  /**
   * Relative pivot tolerance of the (unit-diagonal scaled) Cholesky factorisation of the
   * information matrix. Default 1e-13. Callers that have checked identifiability on the design may
   * pass a rounding-level value (4 ε p), so that weights spanning 1e14 are not mistaken for
   * singularity.
   */
  readonly pivotTolerance?: number;
}

/** A fit from {@link newtonPoisson}. */
export interface NewtonFit {
  /** Coefficients (length p); NaN when the start could not be computed. */
  readonly beta: Float64Array;
  /** Covariance of `beta`, p×p row-major; empty when not requested or the information is singular. */
  readonly covariance: Float64Array;
  /** Fitted mean of every predicted row, 0 elsewhere. */
  readonly mu: Float64Array;
  /** Poisson log-likelihood Σ (y log μ − μ − log y!) over the fitted rows. */
  readonly logLikelihood: number;
  /** Deviance 2 Σ (y log(y/μ) − y + μ) over the fitted rows. */
  readonly deviance: number;
  readonly convergence: Convergence;
  /** False when the information matrix could not be factorised. */
  readonly nonsingular: boolean;
  /**
   * Smallest pivot of the scaled information matrix (1 for orthogonal columns, about the reciprocal
   * condition number): the covariance carries a relative error of about ε over it. At the final
   * coefficients when the covariance is computed, else at the last iteration; 0 when never factorised.
   */
  readonly conditioning: number;
}

/** Rounding-level pivot tolerance for a design known to be identifiable. */
export function identifiablePivotTolerance(p: number): number {
  return 4 * Number.EPSILON * Math.max(1, p);
}

/**
 * Fit by Newton–Raphson with step halving. The cold start is R's `glm` start for a Poisson family
 * (one weighted least-squares step from μ = y + 0.1). Each Newton step solves with the information
 * matrix scaled to unit diagonal; the score Xᵀ(y − μ) is formed from the residuals, not as a
 * difference of margins, so that the small cells keep their say beside counts of 1e12 and more.
 */
export function newtonPoisson(problem: NewtonProblem, options: NewtonOptions = {}): NewtonFit {
  const { operations, y, fitted } = problem;
  const rows = operations.rows;
  const p = operations.columns;
  const glm = options.stopping === "glm";
  const tolerance = glm ? 1e-8 : (options.tolerance ?? 1e-10);
  const maxIterations = glm ? 25 : (options.maxIterations ?? 100);
  const pivotTolerance = options.pivotTolerance ?? 1e-13;
  const space = workspaceFor(rows, p);
  const { work, information, scale, gradient, step, trial } = space;
  // (one allocation for both: small typed arrays cost more to allocate than to fill)
  const storage = new Float64Array(p + rows);
  const beta = storage.subarray(0, p);
  const mu = storage.subarray(p);

  // Σ (y log y − y) and Σ y over the fitted rows, and log y per row (for the deviance)
  const logs = problem.logs ?? countLogs(y, fitted, rows);
  // The deviance is a sum of terms of size ~ Σ y log y: below this, changes are rounding.
  const roundingSlack = 1e-11 * (1 + Math.abs(logs.devianceConstant) + logs.total);

  let nonsingular = true;
  let startDeviance = Number.NaN;
  if (options.start !== undefined && !glm) {
    for (let i = 0; i < p; i++) beta[i] = options.start[i];
  } else {
    // R's start: weighted least squares of z = log μ0 − offset + (y − μ0)/μ0 on X, weights μ0 = y + 0.1
    const { offset } = problem;
    startDeviance = 0;
    for (let r = 0; r < rows; r++) {
      if (fitted[r]) {
        const yr = y[r];
        const m0 = yr + 0.1;
        startDeviance += 2 * ((yr > 0 ? yr * Math.log(yr / m0) : 0) - (yr - m0));
        work[r] = m0;
        mu[r] = m0 * (Math.log(m0) - (offset ? offset[r] : 0) + (yr - m0) / m0);
      } else {
        work[r] = 0;
        mu[r] = 0;
      }
    }
    operations.weightedGram(work, information);
    operations.transposed(mu, beta);
    nonsingular = choleskyScaled(information, p, scale, pivotTolerance);
    if (!nonsingular) {
      return {
        beta: beta.fill(Number.NaN),
        covariance: new Float64Array(0),
        mu: mu.fill(0),
        logLikelihood: Number.NaN,
        deviance: Number.NaN,
        convergence: recordConvergence(glm, tolerance, maxIterations, false, 0),
        nonsingular: false,
        conditioning: 0,
      };
    }
    choleskyScaledSolve(information, p, scale, beta);
  }

  let lastConditioning = 0;
  let deviance = evaluate(problem, space, logs.logY, beta, mu);
  let converged = false;
  let iterations = 1;
  let previousStep = 0;
  let previousRatio = 0;
  if (glm && Math.abs(deviance - startDeviance) / (Math.abs(deviance) + 0.1) < tolerance) converged = true;
  const warm = options.start !== undefined && !glm;
  while (!converged && iterations < maxIterations) {
    iterations++;
    scoreAndInformation(problem, space, mu);
    // The entries of the information are sums of weights that span its diagonal's range: their
    // rounding, relative to the smallest diagonal entry, is about ε × that range.
    let largestDiagonal = 0;
    let smallestDiagonal = Number.POSITIVE_INFINITY;
    for (let i = 0; i < p; i++) {
      largestDiagonal = Math.max(largestDiagonal, information[i * p + i]);
      smallestDiagonal = Math.min(smallestDiagonal, information[i * p + i]);
    }
    const damping = factorise(information, p, scale, pivotTolerance, space.diagonal);
    if (damping !== 0 && warm) {
      // A warm start far from this model's MLE (the sub-model's fit sat at an extreme) can leave
      // cells with weights too small to pin a direction: start again from R's start instead.
      return newtonPoisson(problem, { ...options, start: undefined });
    }
    if (damping < 0) {
      nonsingular = false;
      break;
    }
    nonsingular = true;
    // relative error of the solve: about ε × the condition number of the scaled information, or
    // ε × the range of the weights, whichever is larger
    lastConditioning = damping > 0 ? 0 : smallestScaledPivot(information, p);
    const solveError = damping > 0 ? 1 : Number.EPSILON * Math.max(1 / lastConditioning, largestDiagonal / smallestDiagonal);
    step.set(gradient);
    choleskyScaledSolve(information, p, scale, step);
    // Newton decrement gᵀH⁻¹g: the deviance falls by about this much in a full step.
    let decrement = 0;
    for (let i = 0; i < p; i++) decrement += step[i] * gradient[i];
    let factor = 1;
    let newDeviance = Number.POSITIVE_INFINITY;
    for (let halving = 0; halving < 40; halving++) {
      for (let i = 0; i < p; i++) trial[i] = beta[i] + factor * step[i];
      newDeviance = evaluate(problem, space, logs.logY, trial, mu);
      if (Number.isFinite(newDeviance) && newDeviance <= deviance + roundingSlack) break;
      factor /= 2;
    }
    if (!Number.isFinite(newDeviance)) {
      deviance = evaluate(problem, space, logs.logY, beta, mu);
      break;
    }
    beta.set(trial);
    const previousDeviance = deviance;
    deviance = newDeviance;
    if (glm) {
      if (Math.abs(deviance - previousDeviance) / (Math.abs(deviance) + 0.1) < tolerance) converged = true;
      continue;
    }
    let largestStep = 0;
    for (let i = 0; i < p; i++) largestStep = Math.max(largestStep, Math.abs(step[i]));
    // In the quadratic phase the next step is about K·s² with K = s / s_previous²; stop once that
    // predicted step (or the step itself) is below the step tolerance. The quadratic phase shows
    // itself by the ratio of successive steps squaring (r_k ≈ r_{k−1}²). When it does not, or the
    // information matrix is so ill-conditioned (counts spanning 8 or more orders of magnitude) that
    // each solve may be off by a fixed fraction and Newton converge only linearly, the remaining
    // distance is bounded by the geometric tail s·r/(1 − r) instead, r ten times the observed ratio.
    let predictedNext = Number.POSITIVE_INFINITY;
    if (factor === 1 && previousStep > 0) {
      const ratio = largestStep / previousStep;
      // (ε / smallest pivot underestimates the solve's error when the weights span many orders of
      // magnitude, so the quadratic prediction is trusted only on well-conditioned information)
      const quadratic = previousRatio > 0 && ratio < previousRatio ** 1.8 && solveError < 1e-8;
      if (quadratic) predictedNext = (largestStep / (previousStep * previousStep)) * largestStep * largestStep;
      else {
        // (with a factor 10: the contraction of the max-norm step understates that of single
        // coefficients, the intercept in particular)
        const rate = Math.min(1, 10 * Math.max(ratio, solveError));
        if (rate < 1) predictedNext = (largestStep * rate) / (1 - rate);
      }
      previousRatio = ratio;
    } else previousRatio = 0;
    previousStep = factor === 1 ? largestStep : 0;
    if (
      factor === 1 &&
      damping === 0 &&
      decrement < tolerance * (Math.abs(deviance) + 0.1) &&
      (largestStep < STEP_TOLERANCE || (largestStep < 1e-3 && predictedNext < STEP_TOLERANCE))
    ) {
      converged = true;
      break;
    }
  }

  let covariance: Float64Array = new Float64Array(0);
  let conditioning = lastConditioning;
  if (nonsingular && options.covariance !== false) {
    // the information at the final coefficients (the loop's last factor is one step behind)
    scoreAndInformation(problem, space, mu);
    if (choleskyScaled(information, p, scale, pivotTolerance)) {
      conditioning = smallestScaledPivot(information, p);
      covariance = choleskyScaledInverse(information, p, scale);
    } else nonsingular = false;
  }

  // ℓ = Σ (y log μ − μ) − Σ log y! over the fitted rows
  let logLikelihood = -problem.logFactorialSum;
  for (let r = 0; r < rows; r++) {
    if (fitted[r]) logLikelihood += (y[r] > 0 ? y[r] * Math.log(mu[r]) : 0) - mu[r];
  }

  return {
    beta,
    covariance,
    mu,
    logLikelihood,
    deviance,
    convergence: recordConvergence(glm, tolerance, maxIterations, converged, iterations),
    nonsingular,
    conditioning,
  };
}

/**
 * Factorise the information matrix (scaled to unit diagonal) for a Newton step. When it is singular
 * to working precision, add λ·I to the scaled matrix (Levenberg–Marquardt damping, λ = 1e-12, 1e-10,
 * …, 1e-2) so that the iterations can go on towards the region where it is not; a damped step never
 * ends the iterations. Returns the λ used (0: none), or −1 when even λ = 1e-2 fails.
 */
function factorise(information: Float64Array, p: number, scale: Float64Array, pivotTolerance: number, diagonal: Float64Array): number {
  // the factorisation overwrites the lower triangle and the diagonal only: keep the diagonal, and
  // restore the lower triangle from the upper one when a damped attempt is needed
  for (let i = 0; i < p; i++) diagonal[i] = information[i * p + i];
  if (choleskyScaled(information, p, scale, pivotTolerance)) return 0;
  for (let lambda = 1e-12; lambda <= 1e-2; lambda *= 100) {
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < i; j++) information[i * p + j] = information[j * p + i];
      information[i * p + i] = diagonal[i] * (1 + lambda);
    }
    if (choleskyScaled(information, p, scale, pivotTolerance)) return lambda;
  }
  return -1;
}

/** The record of how the iterations ended, under the rule in force. */
function recordConvergence(glm: boolean, tolerance: number, maxIterations: number, converged: boolean, iterations: number): Convergence {
  return glm
    ? { rule: "glm-deviance", tolerance, iterations, maxIterations, converged }
    : { rule: "newton-decrement", tolerance, stepTolerance: STEP_TOLERANCE, iterations, maxIterations, converged };
}

/** The step tolerance of the `"newton-decrement"` rule. */
const STEP_TOLERANCE = 1e-9;

/** Per-row logarithms of the counts, shared by every fit to the same counts. */
export interface CountLogs {
  /** log y_r on the fitted rows with y_r > 0 (0 elsewhere). */
  readonly logY: Float64Array;
  /** Σ (y log y − y) over the fitted rows. */
  readonly devianceConstant: number;
  /** Σ y over the fitted rows. */
  readonly total: number;
}

/** {@link CountLogs} of counts `y` over the rows with `fitted[r]` = 1. */
export function countLogs(y: Float64Array, fitted: Uint8Array, rows: number): CountLogs {
  const logY = new Float64Array(rows);
  let devianceConstant = 0;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const yr = y[r];
    if (!fitted[r] || !(yr > 0)) continue;
    total += yr;
    logY[r] = Math.log(yr);
    devianceConstant += yr * logY[r] - yr;
  }
  return { logY, devianceConstant, total };
}

/**
 * Scratch buffers of one shape, reused by successive fits (fits run synchronously, one at a time).
 * The row buffers are shared by every workspace with the same number of rows, so that models of
 * many sizes on a large table (stepwise on 20 lists: 2^20 rows) hold one set of them.
 */
interface Workspace {
  readonly eta: Float64Array;
  readonly work: Float64Array;
  readonly information: Float64Array;
  /** The information matrix's diagonal, for damped refactorisations. */
  readonly diagonal: Float64Array;
  readonly scale: Float64Array;
  readonly gradient: Float64Array;
  readonly step: Float64Array;
  readonly trial: Float64Array;
}

const workspaces = new Map<number, Workspace>();

const rowBuffers = new Map<number, { eta: Float64Array; work: Float64Array }>();

function workspaceFor(rows: number, p: number): Workspace {
  const key = rows * 4096 + p;
  let space = workspaces.get(key);
  if (space === undefined) {
    // keep the caches small: shapes come and go (models of every size, tables of every size)
    if (workspaces.size > 64) workspaces.clear();
    let buffers = rowBuffers.get(rows);
    if (buffers === undefined) {
      if (rowBuffers.size > 8) rowBuffers.clear();
      buffers = { eta: new Float64Array(rows), work: new Float64Array(rows) };
      rowBuffers.set(rows, buffers);
    }
    space = {
      ...buffers,
      information: new Float64Array(p * p),
      diagonal: new Float64Array(p),
      scale: new Float64Array(p),
      gradient: new Float64Array(p),
      step: new Float64Array(p),
      trial: new Float64Array(p),
    };
    workspaces.set(key, space);
  }
  return space;
}

/**
 * η = Xβ + offset and μ = exp(η) on the predicted rows (into `mu`), and the deviance over the
 * fitted rows, each cell's term as y (e^a − 1 − a) with a = η − log y (no cancellation between large
 * terms).
 */
function evaluate(problem: NewtonProblem, space: Workspace, logY: Float64Array, coefficients: Float64Array, mu: Float64Array): number {
  const { operations, y, fitted, predicted, offset } = problem;
  const rows = operations.rows;
  let d = 0;
  if (operations.means !== undefined && offset === undefined) {
    operations.means(coefficients, mu);
    for (let r = 0; r < rows; r++) {
      if (!predicted[r]) {
        mu[r] = 0;
        continue;
      }
      if (!fitted[r]) continue;
      const m = mu[r];
      const yr = y[r];
      if (yr > 0) d += yr * excessOfExp(Math.log(m) - logY[r], m, yr);
      else d += m;
    }
    return 2 * d;
  }
  const eta = space.eta;
  operations.linear(coefficients, eta);
  for (let r = 0; r < rows; r++) {
    if (!predicted[r]) {
      mu[r] = 0;
      continue;
    }
    const e = offset ? eta[r] + offset[r] : eta[r];
    const m = Math.exp(e);
    mu[r] = m;
    if (!fitted[r]) continue;
    const yr = y[r];
    if (yr > 0) d += yr * excessOfExp(e - logY[r], m, yr);
    else d += m;
  }
  return 2 * d;
}

/**
 * e^a − 1 − a (≥ 0), the deviance of a cell per unit count, given a and e^a = m / y: a Taylor polynomial
 * for small |a| (relative error below 1e-13, where the direct difference would cancel), the
 * direct difference otherwise.
 */
function excessOfExp(a: number, m: number, y: number): number {
  if (Math.abs(a) < 1e-2) return a * a * (0.5 + a * (1 / 6 + a * (1 / 24 + a * (1 / 120 + a * (1 / 720 + a / 5040)))));
  return m / y - 1 - a;
}

/** gradient = Xᵀ(y − μ) and the information Xᵀ diag(μ) X at μ, into the workspace. */
function scoreAndInformation(problem: NewtonProblem, space: Workspace, mu: Float64Array): void {
  problem.operations.scoreAndInformation(problem.y, mu, problem.fitted, space.gradient, space.information);
}
