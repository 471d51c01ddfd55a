/**
 * Maximum-likelihood fit of a hierarchical Poisson log-linear model to the observable cells of a
 * 2^t capture table, with the extended MLE for terms whose sufficient statistic is zero.
 *
 * This is the hierarchical specialisation of the Newton engine (`poissonNewton.ts`). The design
 * matrix is never formed. With X[h, θ] = 1 when θ ⊆ h, every product the Newton step
 * needs is a superset sum over masks: (XᵀWX)[θ, φ] = Σ_{h ⊇ θ∪φ} w_h and (Xᵀv)[θ] = Σ_{h ⊇ θ} v_h,
 * and the linear predictor is the subset sum η_h = Σ_{θ ⊆ h} β_θ. Each costs t·2^t, so an iteration
 * costs O(t·2^t + p³) instead of O(2^t·p²).
 */
import { subsetProducts, subsetSums, supersetSums } from "./bits.js";
import {
  countLogs,
  identifiablePivotTolerance,
  newtonPoisson,
  type Convergence,
  type CountLogs,
  type DesignOperations,
} from "./poissonNewton.js";
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
  /**
   * Starting values by term: with `start`, for the terms that the sub-model lacks (default 0), e.g.
   * log(observed / expected overlap) for the pair stepwise selection adds; alone, for every term
   * (default 0), e.g. {@link mainEffectsStart}. Ignored under `stopping: "glm"`.
   */
  readonly startTerms?: ReadonlyMap<number, number>;
  /** The model's boundary split, when the caller already has it (see {@link splitBoundary}). */
  readonly split?: BoundarySplit;
  /**
   * `"tight"` (default): iterate to the MLE within rounding. `"glm"`: stop as R's `glm.fit` stops
   * (|D − D_old| / (|D| + 0.1) < 1e-8, D_old at the start μ = y + 0.1 on the first iteration, at
   * most 25 iterations, cold start), so that results carry the same convergence error as the R
   * packages' and can be compared with them at the 1e-9 level. For validation only.
   */
  readonly stopping?: "tight" | "glm";
  /**
   * The caller has checked that the model is identifiable on these cells (see
   * `checkExistenceCore`): the information matrix is then positive definite, and its factorisation
   * only fails at rounding level, so that cell counts spanning many orders of magnitude fit.
   */
  readonly identifiable?: boolean;
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
  /** The convergence rule and how the iterations ended. */
  readonly convergence: Convergence;
  /** False when XᵀWX could not be factorised (the model is not identifiable on these cells). */
  readonly nonsingular: boolean;
  /** Smallest squared pivot of the scaled information matrix (see {@link NewtonFit.conditioning}). */
  readonly conditioning: number;
}

/**
 * Split the parameters of a model into fitted and boundary (−∞) ones, and mark kept cells. The kept
 * cells depend only on the boundary terms, and the mask returned is shared by all models of the
 * table with the same boundary terms (read it, never write it).
 */
export function splitBoundary(prepared: PreparedCounts, parameters: readonly number[]): BoundarySplit {
  const kept: number[] = [];
  const boundary: number[] = [];
  for (const theta of parameters) {
    if (theta !== 0 && prepared.margins[theta] === 0) boundary.push(theta);
    else kept.push(theta);
  }
  if (boundary.length === 0) {
    const all = allCells(prepared);
    return { kept, boundary, keptCells: all.cells, nKeptCells: all.count };
  }
  let masks = keptCellsCache.get(prepared);
  if (masks === undefined) {
    masks = new Map();
    keptCellsCache.set(prepared, masks);
  }
  const key = boundary.join(",");
  const known = masks.get(key);
  if (known !== undefined) return { kept, boundary, keptCells: known.cells, nKeptCells: known.count };
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
  // (at most about 4 MB of masks per table: model search meets a few dozen boundary sets)
  if (masks.size * prepared.size > 1 << 22) masks.clear();
  masks.set(key, { cells: keptCells, count: nKeptCells });
  return { kept, boundary, keptCells, nKeptCells };
}

/** The kept-cell masks of a table by boundary terms (comma-joined). */
const keptCellsCache = new WeakMap<PreparedCounts, Map<string, { cells: Uint8Array; count: number }>>();

/** Every data cell of a table (from `firstCell`), and the same with the unobserved cell too. */
function allCells(prepared: PreparedCounts): { cells: Uint8Array; count: number; predicted: Uint8Array } {
  let all = allCellsCache.get(prepared);
  if (all === undefined) {
    const cells = new Uint8Array(prepared.size);
    cells.fill(1, prepared.firstCell);
    all = { cells, count: prepared.size - prepared.firstCell, predicted: new Uint8Array(prepared.size).fill(1) };
    allCellsCache.set(prepared, all);
  }
  return all;
}

const allCellsCache = new WeakMap<PreparedCounts, { cells: Uint8Array; count: number; predicted: Uint8Array }>();

/**
 * Fit by the library's Newton engine ({@link newtonPoisson}): R's `glm` start (one weighted
 * least-squares step from μ = y + 0.1) or a warm start, step halving whenever the deviance would
 * rise, and the `"newton-decrement"` rule (or R's rule with `stopping: "glm"`). This is the
 * engine's specialisation to hierarchical 0/1 designs over list masks: X is never formed, every
 * product with it is a subset or superset sum.
 */
export function fitPoissonLoglinear(
  prepared: PreparedCounts,
  parameters: readonly number[],
  options: PoissonFitOptions = {},
): PoissonFit {
  const { size } = prepared;
  const split = options.split ?? splitBoundary(prepared, parameters);
  const { kept, boundary, keptCells, nKeptCells } = split;
  const p = kept.length;
  const glm = options.stopping === "glm";

  let start: Float64Array | undefined;
  if (options.start !== undefined && options.start.nonsingular && !glm) {
    const from = options.start;
    // (scratch: the engine copies the start into its own coefficients before anything else)
    start = startScratch(p);
    let k = 0;
    for (let i = 0; i < p; i++) {
      // the terms of both models are usually in the same order (then this walk finds each at once);
      // stepwise selection appends pairs in the order chosen, so fall back to a search
      if (k < from.kept.length && from.kept[k] === kept[i]) start[i] = from.beta[k++];
      else {
        const at = from.kept.indexOf(kept[i]);
        if (at >= 0) {
          start[i] = from.beta[at];
          k = at + 1;
        } else start[i] = options.startTerms?.get(kept[i]) ?? 0;
      }
    }
  } else if (options.startTerms !== undefined && !glm) {
    const terms = options.startTerms;
    start = startScratch(p);
    for (let i = 0; i < p; i++) start[i] = terms.get(kept[i]) ?? 0;
  }

  // the unobserved cell is always predicted; it is data only in a complete table
  let predicted = keptCells;
  if (!keptCells[0]) {
    if (boundary.length === 0) predicted = allCells(prepared).predicted;
    else {
      // (scratch: the engine reads it during the fit only)
      predicted = predictedScratch(size);
      predicted.set(keptCells);
      predicted[0] = 1;
    }
  }
  const fit = newtonPoisson(
    {
      operations: maskOperations(prepared, kept),
      y: prepared.y,
      fitted: keptCells,
      predicted,
      logFactorialSum: prepared.logFactorialSum,
      logs: logsOf(prepared),
    },
    {
      maxIterations: options.maxIterations,
      tolerance: options.tolerance,
      stopping: options.stopping,
      start,
      covariance: options.covariance,
      pivotTolerance: options.identifiable ? identifiablePivotTolerance(p) : undefined,
    },
  );
  if (!fit.nonsingular && fit.convergence.iterations === 0) {
    return {
      kept,
      boundary,
      beta: fit.beta,
      covariance: fit.covariance,
      mu: new Float64Array(size),
      keptCells,
      nKeptCells,
      logLikelihood: Number.NaN,
      deviance: Number.NaN,
      converged: false,
      iterations: 0,
      convergence: fit.convergence,
      nonsingular: false,
      conditioning: 0,
    };
  }
  return {
    kept,
    boundary,
    beta: fit.beta,
    covariance: fit.covariance,
    mu: fit.mu,
    keptCells,
    nKeptCells,
    logLikelihood: fit.logLikelihood,
    deviance: fit.deviance,
    converged: fit.convergence.converged,
    iterations: fit.convergence.iterations,
    convergence: fit.convergence,
    nonsingular: fit.nonsingular,
    conditioning: fit.conditioning,
  };
}

/**
 * The products with a hierarchical design over list masks, X[h, θ] = 1 when θ ⊆ h, as transforms
 * over all 2^t masks: η = subset sums of β; Xᵀv = superset sums of v read at the terms; XᵀWX[θ, φ]
 * = superset sums of w read at θ ∪ φ; μ = the subset products of exp(β) (no exponential per cell).
 * The score and the information come from one transform of the
 * residuals: with R the superset sums of r = y − μ and M those of y (the margins),
 * Xᵀr = R[θ] and XᵀWX[θ, φ] = M[θ∪φ] − R[θ∪φ].
 */
export function maskOperations(prepared: PreparedCounts, kept: readonly number[]): DesignOperations {
  return new MaskOperations(prepared, kept);
}

/** {@link maskOperations} as a class: one object per fit (its methods shared), not a closure per product. */
class MaskOperations implements DesignOperations {
  readonly rows: number;
  readonly columns: number;
  private readonly nLists: number;
  private readonly margins: Float64Array;
  private readonly work: Float64Array;

  constructor(
    prepared: PreparedCounts,
    private readonly kept: readonly number[],
  ) {
    this.rows = prepared.size;
    this.columns = kept.length;
    this.nLists = prepared.nLists;
    this.margins = prepared.margins;
    this.work = maskScratch(prepared.size);
  }

  linear(beta: Float64Array, out: Float64Array): void {
    const { kept, columns: p } = this;
    out.fill(0);
    for (let i = 0; i < p; i++) out[kept[i]] = beta[i];
    subsetSums(out, this.nLists);
  }

  means(beta: Float64Array, out: Float64Array): void {
    const { kept, columns: p } = this;
    out.fill(1);
    for (let i = 0; i < p; i++) out[kept[i]] = Math.exp(beta[i]);
    subsetProducts(out, this.nLists);
  }

  transposed(v: Float64Array, out: Float64Array): void {
    const { kept, columns: p, work } = this;
    work.set(v);
    supersetSums(work, this.nLists);
    for (let i = 0; i < p; i++) out[i] = work[kept[i]];
  }

  weightedGram(w: Float64Array, out: Float64Array): void {
    const work = this.work;
    work.set(w);
    supersetSums(work, this.nLists);
    fillHessian(work, this.kept, out);
  }

  scoreAndInformation(y: Float64Array, mu: Float64Array, fitted: Uint8Array, gradient: Float64Array, information: Float64Array): void {
    const { kept, columns: p, work, margins, rows: size } = this;
    for (let h = 0; h < size; h++) work[h] = fitted[h] ? y[h] - mu[h] : 0;
    supersetSums(work, this.nLists);
    for (let i = 0; i < p; i++) {
      const ti = kept[i];
      gradient[i] = work[ti];
      for (let j = 0; j <= i; j++) {
        const u = ti | kept[j];
        const v = margins[u] - work[u];
        information[i * p + j] = v;
        information[j * p + i] = v;
      }
    }
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

/**
 * The MLE of the main-effects (independence) model, which has a closed form up to one equation:
 * with n observed and n_j on list j, N̂ solves Π_j (1 − n_j/N) = 1 − n/N (Darroch 1958), and then
 * p_j = n_j/N̂, β_∅ = log N̂ + Σ log(1 − p_j), β_j = logit p_j. Solved by bisection on log(N − n);
 * `undefined` when the equation has no root above n (nobody on two lists). A start for Newton that
 * needs one iteration instead of ten on many lists, where every iteration costs transforms over 2^t
 * cells. Empty lists are left out (their terms are boundary terms).
 */
export function mainEffectsStart(prepared: PreparedCounts): Map<number, number> | undefined {
  const { nLists, margins, observed: n } = prepared;
  const totals: number[] = [];
  for (let j = 0; j < nLists; j++) if (margins[1 << j] > 0) totals.push(margins[1 << j]);
  const excess = (N: number): number => totals.reduce((s, nj) => s + Math.log1p(-nj / N), 0) - Math.log1p(-n / N);
  if (!(totals.reduce((a, b) => a + b, 0) > n)) return undefined;
  // g(N) → +∞ as N → n+, and < 0 for large N: bracket on x = log(N − n)
  let lo = Math.log(n) - 40;
  let hi = Math.log(n) + 1;
  while (excess(n + Math.exp(hi)) > 0) {
    hi += 2;
    if (hi > 700) return undefined;
  }
  for (let k = 0; k < 200 && hi - lo > 1e-13; k++) {
    const mid = (lo + hi) / 2;
    if (excess(n + Math.exp(mid)) > 0) lo = mid;
    else hi = mid;
  }
  const N = n + Math.exp((lo + hi) / 2);
  const start = new Map<number, number>();
  let intercept = Math.log(N);
  for (let j = 0; j < nLists; j++) {
    const nj = margins[1 << j];
    if (!(nj > 0)) continue;
    const pj = nj / N;
    intercept += Math.log1p(-pj);
    start.set(1 << j, Math.log(pj) - Math.log1p(-pj));
  }
  start.set(0, intercept);
  return start;
}

/** The counts' logarithms of a prepared table (every cell with a positive count is data). */
function logsOf(prepared: PreparedCounts): CountLogs {
  let logs = logsCache.get(prepared);
  if (logs === undefined) {
    const all = new Uint8Array(prepared.size).fill(1);
    logs = countLogs(prepared.y, all, prepared.size);
    logsCache.set(prepared, logs);
  }
  return logs;
}

const logsCache = new WeakMap<PreparedCounts, CountLogs>();

/** One transform buffer per table size, shared by successive fits (they run one at a time). */
function maskScratch(size: number): Float64Array {
  let buffer = scratchBySize.get(size);
  if (buffer === undefined) {
    buffer = new Float64Array(size);
    scratchBySize.set(size, buffer);
  }
  return buffer;
}

const scratchBySize = new Map<number, Float64Array>();

/** Scratch for a fit's start (length p) and predicted-row mask (length 2^t), reused by successive fits. */
function startScratch(p: number): Float64Array {
  let buffer = startBySize.get(p);
  if (buffer === undefined) {
    buffer = new Float64Array(p);
    startBySize.set(p, buffer);
  }
  return buffer;
}

const startBySize = new Map<number, Float64Array>();

function predictedScratch(size: number): Uint8Array {
  let buffer = predictedBySize.get(size);
  if (buffer === undefined) {
    if (predictedBySize.size > 8) predictedBySize.clear();
    buffer = new Uint8Array(size);
    predictedBySize.set(size, buffer);
  }
  return buffer;
}

const predictedBySize = new Map<number, Uint8Array>();
