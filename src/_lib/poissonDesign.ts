/**
 * Poisson log-linear fits for an explicit design matrix with any real-valued columns: covariate
 * models (lists × strata indicators), heterogeneity models (columns such as Darroch's k²/2,
 * Poisson's 2^k − 1, Gamma's −log(3.5 + k) + log 3.5, with k the number of lists a history is on),
 * and anything else a family needs. The dense specialisation of the library's Newton engine
 * (`poissonNewton.ts`): same start, step halving and convergence rule as the hierarchical fits.
 *
 * What it does, in order:
 * 1. Boundary (extended MLE): a column that has one sign on every row used and whose sufficient
 *    statistic Σ y_r x_rj is zero (no positive count on a row where it is non-zero) takes the value
 *    −∞ (non-negative column) or +∞ (non-positive column), and the rows where it is non-zero are
 *    removed (fitted mean 0); a column left with no non-zero entry goes too. Repeated until no
 *    column qualifies. For 0/1 columns this is the extended MLE of Fienberg & Rinaldo (2012) as
 *    used for list models: every column with a zero margin.
 * 2. Check: identifiability is the column rank of the design over the kept data rows; existence is
 *    decided by the Fienberg–Rinaldo programme on the support (the rank of the positive rows settles
 *    it first when it can). Status codes as `check_extended_MLE`: 0 fine, 1 no MLE, 2 not
 *    identifiable, 3 both; no fit unless 0.
 * 3. Fit by Newton–Raphson, with optional offsets, predicted-only rows (an unobserved cell whose mean
 *    is wanted), and optional non-negativity constraints on chosen columns (active set).
 */
import { logGamma } from "./distributions.js";
import { psdRank } from "./linalg.js";
import { maximiseFloor, type ImplicitColumns } from "./lp.js";
import {
  identifiablePivotTolerance,
  newtonPoisson,
  type Convergence,
  type DesignOperations,
  type NewtonFit,
} from "./poissonNewton.js";
import type { CheckStatus } from "../types.js";

/** A design matrix: `rows` × `columns`, row-major, any finite real entries (0/1 for indicators). */
export interface PoissonDesign {
  readonly x: ArrayLike<number>;
  readonly rows: number;
  readonly columns: number;
}

/** Options of {@link fitPoissonDesign} and {@link checkPoissonDesign}. */
export interface FitPoissonDesignOptions {
  /** Offset per row: log μ_r = x_r β + offset_r. Default none. */
  readonly offset?: ArrayLike<number>;
  /**
   * Rows whose count is unknown (row indices): they take no part in the likelihood, the check or the
   * degrees of freedom, but their fitted mean is computed (for example the unobserved cell, history
   * 0, of a heterogeneity model). To fit a completed table instead (the unobserved cell given a
   * count, as when profiling the population size), give the row its count and leave it out of this
   * list. Default none.
   */
  readonly unobserved?: readonly number[];
  /**
   * Columns constrained to be ≥ 0 (for example Chao's lower-bound heterogeneity terms). A
   * constrained column is never sent to −∞ by the boundary rule; it is held at 0 when the
   * likelihood would push it below (see `constraintMethod`). The check (status) is that of the
   * unconstrained model. Default none.
   */
  readonly nonNegative?: readonly number[];
  /**
   * `"active-set"` (default): the constrained MLE, by an active-set loop (Lawson–Hanson style):
   * columns are held at 0 while their score there is ≤ 0 and released, one at a time, while it is
   * positive, the iterate moving back to the feasible region along the segment when a released
   * coefficient turns negative. Ends at a point that satisfies the Karush–Kuhn–Tucker conditions.
   * `"drop-negative"`: fit, set every constrained coefficient that came out negative to 0 (drop its
   * column), refit, and repeat until none is negative (a simpler rule some packages use; it need
   * not satisfy the KKT conditions).
   */
  readonly constraintMethod?: "active-set" | "drop-negative";
  /** Starting coefficients, one per column (boundary and held columns ignored). Default R's glm start. */
  readonly start?: ArrayLike<number>;
  /** Iteration limit of the `"newton-decrement"` rule. Default 100. */
  readonly maxIterations?: number;
  /** Tolerance of the `"newton-decrement"` rule. Default 1e-10. */
  readonly tolerance?: number;
  /** `"tight"` (default, the `"newton-decrement"` rule) or `"glm"` (R's rule, for validation). */
  readonly stopping?: "tight" | "glm";
  /** Compute the covariance of the coefficients. Default true. */
  readonly covariance?: boolean;
}

/** Result of {@link checkPoissonDesign}. */
export interface PoissonDesignCheck {
  /** 0 fine, 1 no extended MLE, 2 not identifiable, 3 both (as `check_extended_MLE`). */
  readonly status: CheckStatus;
  readonly mleExists: boolean;
  readonly identifiable: boolean;
  /** Columns at their extended MLE (±∞), ascending. */
  readonly boundary: readonly number[];
  /** +1 or −1 per entry of `boundary`: the sign of the infinite coefficient. */
  readonly boundarySign: readonly (1 | -1)[];
  /** Columns estimated (all columns less the boundary ones), ascending. */
  readonly kept: readonly number[];
  /** 1 for each row that keeps a mean (not removed by a boundary column), data or predicted. */
  readonly keptRows: Uint8Array;
  /** How existence was settled. */
  readonly method: "rank" | "linear-program";
}

/** A fit of {@link fitPoissonDesign}. The fit fields are empty (and `mu` zero) when `status` is not 0. */
export interface PoissonDesignFit extends PoissonDesignCheck {
  /** Columns estimated freely: `kept` less the columns held at 0 by a constraint; indexes `beta`. */
  readonly free: readonly number[];
  /** Constrained columns held at 0 (active constraints), ascending. */
  readonly atZero: readonly number[];
  /** Coefficients of the `free` columns, in that order. */
  readonly beta: Float64Array;
  /** One coefficient per column: estimated, ±∞ for boundary columns, 0 for held columns. */
  readonly coefficients: Float64Array;
  /** Covariance of `beta` (free × free, row-major); empty when not requested or singular. */
  readonly covariance: Float64Array;
  /** Fitted mean per row (predicted rows included; 0 on removed rows). */
  readonly mu: Float64Array;
  /** Σ (y log μ − μ − log Γ(y + 1)) over the kept data rows. */
  readonly logLikelihood: number;
  /** 2 Σ (y log(y/μ) − y + μ) over the kept data rows. */
  readonly deviance: number;
  /** Kept data rows minus free columns. */
  readonly df: number;
  readonly converged: boolean;
  readonly iterations: number;
  /** The convergence rule and how the (last) Newton fit ended. */
  readonly convergence: Convergence;
  /** Smallest squared pivot of the scaled information matrix (about the reciprocal condition number). */
  readonly conditioning: number;
}

/**
 * Check a design for the existence of the (extended) MLE and for identifiability, without fitting.
 *
 * @param design - the design matrix.
 * @param y - count per row (any real ≥ 0; ignored on `unobserved` rows).
 * @param options - `unobserved` and `nonNegative` are read; see {@link FitPoissonDesignOptions}.
 * @returns the status, the boundary columns and the rows kept.
 */
export function checkPoissonDesign(
  design: PoissonDesign,
  y: ArrayLike<number>,
  options: FitPoissonDesignOptions = {},
): PoissonDesignCheck {
  const { x, rows, columns } = design;
  const data = dataRows(rows, options.unobserved);
  const constrained = new Uint8Array(columns);
  for (const j of options.nonNegative ?? []) constrained[j] = 1;

  // 1. boundary columns, to a fixed point
  const keptRows = new Uint8Array(rows).fill(1);
  const isBoundary = new Int8Array(columns);
  for (let changed = true; changed; ) {
    changed = false;
    for (let j = 0; j < columns; j++) {
      if (isBoundary[j]) continue;
      let positive = false;
      let negative = false;
      let loaded = false;
      for (let r = 0; r < rows; r++) {
        if (!keptRows[r]) continue;
        const v = x[r * columns + j];
        if (v === 0) continue;
        if (v > 0) positive = true;
        else negative = true;
        if (data[r] && y[r] > 0) loaded = true;
      }
      if (loaded || (positive && negative)) continue;
      // −∞ is not allowed for a column constrained to be ≥ 0: the constraint holds it at 0 instead
      if (!negative && constrained[j]) continue;
      // (a column with no entry left on the kept rows is redundant: it goes with its rows, at −∞)
      isBoundary[j] = negative ? 1 : -1;
      for (let r = 0; r < rows; r++) if (x[r * columns + j] !== 0) keptRows[r] = 0;
      changed = true;
    }
  }
  const boundary: number[] = [];
  const boundarySign: (1 | -1)[] = [];
  const kept: number[] = [];
  for (let j = 0; j < columns; j++) {
    if (isBoundary[j]) {
      boundary.push(j);
      boundarySign.push(isBoundary[j] as 1 | -1);
    } else kept.push(j);
  }
  const p = kept.length;

  // 2. identifiability: rank over the kept data rows
  const gram = new Float64Array(p * p);
  const positiveGram = new Float64Array(p * p);
  let positiveRows = 0;
  for (let r = 0; r < rows; r++) {
    if (!keptRows[r] || !data[r]) continue;
    const isPositive = y[r] > 0;
    if (isPositive) positiveRows++;
    for (let a = 0; a < p; a++) {
      const xa = x[r * columns + kept[a]];
      if (xa === 0) continue;
      for (let b = 0; b <= a; b++) {
        const v = xa * x[r * columns + kept[b]];
        gram[a * p + b] += v;
        if (isPositive) positiveGram[a * p + b] += v;
      }
    }
  }
  symmetrise(gram, p);
  symmetrise(positiveGram, p);
  const identifiable = psdRank(gram, p) === p;
  // 3. existence: full rank on the positive rows settles it; otherwise the programme on the support
  if (identifiable && positiveRows >= p && psdRank(positiveGram, p) === p) {
    return { status: 0, mleExists: true, identifiable: true, boundary, boundarySign, kept, keptRows, method: "rank" };
  }
  const mleExists = p === 0 ? true : supportProgramPositive(design, y, data, keptRows, kept);
  const status = ((mleExists ? 0 : 1) + (identifiable ? 0 : 2)) as CheckStatus;
  return { status, mleExists, identifiable, boundary, boundarySign, kept, keptRows, method: "linear-program" };
}

/**
 * Check and fit a Poisson log-linear model with design `design` to counts `y`.
 *
 * @param design - the design matrix (any real entries; include an intercept column yourself).
 * @param y - count per row: any real ≥ 0 (fractional counts are allowed, as for a completed table).
 * @param options - offsets, predicted-only rows, constraints, start and stopping rule.
 * @returns the check and, when its status is 0, the fit; see {@link PoissonDesignFit}.
 * @example
 * // Darroch's Mh on three lists: intercept, three list columns, k²/2 (k = lists a history is on)
 * const fit = fitPoissonDesign(design, counts, { unobserved: [0] });
 * fit.mu[0]; // the fitted number of people on no list
 */
export function fitPoissonDesign(
  design: PoissonDesign,
  y: ArrayLike<number>,
  options: FitPoissonDesignOptions = {},
): PoissonDesignFit {
  const check = checkPoissonDesign(design, y, options);
  const { rows, columns } = design;
  const coefficients = new Float64Array(columns);
  check.boundary.forEach((j, i) => (coefficients[j] = check.boundarySign[i] * Number.POSITIVE_INFINITY));
  if (check.status !== 0) {
    return {
      ...check,
      free: [],
      atZero: [],
      beta: new Float64Array(0),
      coefficients,
      covariance: new Float64Array(0),
      mu: new Float64Array(rows),
      logLikelihood: 0,
      deviance: 0,
      df: 0,
      converged: false,
      iterations: 0,
      convergence: {
        rule: options.stopping === "glm" ? "glm-deviance" : "newton-decrement",
        tolerance: options.stopping === "glm" ? 1e-8 : (options.tolerance ?? 1e-10),
        iterations: 0,
        maxIterations: options.stopping === "glm" ? 25 : (options.maxIterations ?? 100),
        converged: false,
      },
      conditioning: 0,
    };
  }

  const data = dataRows(rows, options.unobserved);
  const fitter = new SubsetFitter(design, y, data, check.keptRows, options);
  const constrained = (options.nonNegative ?? []).filter((j) => !check.boundary.includes(j));
  let free = [...check.kept];
  let fit = fitter.fit(free, startFor(free, options.start));
  let atZero: number[] = [];
  if (constrained.length > 0 && fit.nonsingular) {
    const result =
      options.constraintMethod === "drop-negative"
        ? dropNegative(fitter, free, fit, constrained)
        : activeSet(fitter, free, fit, constrained);
    free = result.free;
    fit = result.fit;
    atZero = check.kept.filter((j) => !free.includes(j));
  }
  free.forEach((j, a) => (coefficients[j] = fit.beta[a]));
  let keptData = 0;
  for (let r = 0; r < rows; r++) if (check.keptRows[r] && data[r]) keptData++;
  return {
    ...check,
    free,
    atZero,
    beta: fit.beta,
    coefficients,
    covariance: fit.covariance,
    mu: fit.mu,
    logLikelihood: fit.logLikelihood,
    deviance: fit.deviance,
    df: keptData - free.length,
    converged: fit.convergence.converged && fit.nonsingular,
    iterations: fit.convergence.iterations,
    convergence: fit.convergence,
    conditioning: fit.conditioning,
  };
}

function startFor(free: readonly number[], start: ArrayLike<number> | undefined): Float64Array | undefined {
  if (start === undefined) return undefined;
  return Float64Array.from(free, (j) => (Number.isFinite(start[j]) ? start[j] : 0));
}

/** Fits of the model restricted to a subset of its columns (the others held at 0). */
class SubsetFitter {
  private readonly logFactorialSum: number;
  private readonly offset?: Float64Array;
  private readonly y: Float64Array;
  private readonly fitted: Uint8Array;

  constructor(
    private readonly design: PoissonDesign,
    y: ArrayLike<number>,
    data: Uint8Array,
    private readonly keptRows: Uint8Array,
    private readonly options: FitPoissonDesignOptions,
  ) {
    const rows = design.rows;
    this.y = new Float64Array(rows);
    this.fitted = new Uint8Array(rows);
    let logFactorialSum = 0;
    for (let r = 0; r < rows; r++) {
      if (!keptRows[r] || !data[r]) continue;
      this.fitted[r] = 1;
      this.y[r] = y[r];
      if (y[r] > 1) logFactorialSum += logGamma(y[r] + 1);
    }
    this.logFactorialSum = logFactorialSum;
    if (options.offset !== undefined) this.offset = Float64Array.from(options.offset);
  }

  fit(columns: readonly number[], start?: Float64Array): NewtonFit {
    return newtonPoisson(
      {
        operations: denseOperations(this.design, columns, this.keptRows),
        y: this.y,
        fitted: this.fitted,
        predicted: this.keptRows,
        offset: this.offset,
        logFactorialSum: this.logFactorialSum,
      },
      {
        maxIterations: this.options.maxIterations,
        tolerance: this.options.tolerance,
        stopping: this.options.stopping,
        start,
        covariance: this.options.covariance,
        pivotTolerance: identifiablePivotTolerance(columns.length),
      },
    );
  }

  /** Score Σ_r x_rj (y_r − μ_r) of column j at a fit. */
  score(j: number, mu: Float64Array): number {
    const { x, rows, columns } = this.design;
    let s = 0;
    for (let r = 0; r < rows; r++) if (this.fitted[r]) s += x[r * columns + j] * (this.y[r] - mu[r]);
    return s;
  }

  /** Scale of a column's score: Σ_r |x_rj| (y_r + μ_r), for a relative KKT test. */
  scoreScale(j: number, mu: Float64Array): number {
    const { x, rows, columns } = this.design;
    let s = 0;
    for (let r = 0; r < rows; r++) if (this.fitted[r]) s += Math.abs(x[r * columns + j]) * (this.y[r] + mu[r]);
    return s;
  }
}

/**
 * Active set for β_j ≥ 0 on the constrained columns (Lawson & Hanson's NNLS loop, with Newton fits
 * as the inner solves). Starts from the unconstrained fit when it is feasible (then done), else
 * from the fit with every constrained column held at 0.
 */
function activeSet(
  fitter: SubsetFitter,
  all: readonly number[],
  unconstrained: NewtonFit,
  constrained: readonly number[],
): { free: number[]; fit: NewtonFit } {
  const isConstrained = new Set(constrained);
  if (all.every((j, a) => !isConstrained.has(j) || unconstrained.beta[a] >= 0)) return { free: [...all], fit: unconstrained };
  let free = all.filter((j) => !isConstrained.has(j));
  let fit = fitter.fit(free);
  const order = (list: number[]): number[] => all.filter((j) => list.includes(j));
  for (let outer = 0; outer < 4 * constrained.length + 4; outer++) {
    // the held column whose score at 0 is largest, if positive
    let release = -1;
    let bestScore = 0;
    for (const j of constrained) {
      if (free.includes(j)) continue;
      const score = fitter.score(j, fit.mu);
      if (score > 1e-9 * (1 + fitter.scoreScale(j, fit.mu)) && score > bestScore) {
        bestScore = score;
        release = j;
      }
    }
    if (release < 0) return { free, fit };
    let current = Float64Array.from(order([...free, release]), (j) => (j === release ? 0 : fit.beta[free.indexOf(j)]));
    let trialFree = order([...free, release]);
    for (let inner = 0; inner <= constrained.length; inner++) {
      const trial = fitter.fit(trialFree, current);
      const negative = trialFree.filter((j, a) => isConstrained.has(j) && trial.beta[a] < 0);
      if (negative.length === 0 || !trial.nonsingular) {
        free = trialFree;
        fit = trial;
        break;
      }
      // move from the feasible `current` towards `trial` until the first constrained coefficient hits 0
      let step = 1;
      trialFree.forEach((j, a) => {
        if (isConstrained.has(j) && trial.beta[a] < 0) step = Math.min(step, current[a] / (current[a] - trial.beta[a]));
      });
      const moved = current.map((v, a) => v + step * (trial.beta[a] - v));
      const keep = trialFree.filter((j, a) => !(isConstrained.has(j) && moved[a] <= 1e-12 * (1 + Math.abs(current[a]))));
      current = Float64Array.from(keep, (j) => moved[trialFree.indexOf(j)]);
      trialFree = keep;
      if (inner === constrained.length) {
        free = trialFree;
        fit = fitter.fit(free, current);
      }
    }
  }
  return { free, fit };
}

/** Drop every constrained column with a negative coefficient and refit, until none is negative. */
function dropNegative(
  fitter: SubsetFitter,
  all: readonly number[],
  unconstrained: NewtonFit,
  constrained: readonly number[],
): { free: number[]; fit: NewtonFit } {
  const isConstrained = new Set(constrained);
  let free = [...all];
  let fit = unconstrained;
  for (;;) {
    const keep = free.filter((j, a) => !(isConstrained.has(j) && fit.beta[a] < 0));
    if (keep.length === free.length) return { free, fit };
    const start = Float64Array.from(keep, (j) => fit.beta[free.indexOf(j)]);
    free = keep;
    fit = fitter.fit(free, start);
  }
}

/** 1 for the rows whose count is data. */
function dataRows(rows: number, unobserved: readonly number[] | undefined): Uint8Array {
  const data = new Uint8Array(rows).fill(1);
  for (const r of unobserved ?? []) data[r] = 0;
  return data;
}

function symmetrise(a: Float64Array, p: number): void {
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) a[j * p + i] = a[i * p + j];
}

/**
 * The products with the design restricted to `columns`, over the rows kept, with each row's
 * non-zero entries listed once (covariate designs are mostly zeros).
 */
function denseOperations(design: PoissonDesign, columns: readonly number[], keptRows: Uint8Array): DesignOperations {
  const { x, rows } = design;
  const width = design.columns;
  const p = columns.length;
  // compressed rows: start[r]..start[r+1] index into (index, value)
  const start = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    start[r] = indices.length;
    if (!keptRows[r]) continue;
    for (let a = 0; a < p; a++) {
      const v = x[r * width + columns[a]];
      if (v !== 0) {
        indices.push(a);
        values.push(v);
      }
    }
  }
  start[rows] = indices.length;
  const index = Int32Array.from(indices);
  const value = Float64Array.from(values);
  const residual = new Float64Array(rows);
  const weight = new Float64Array(rows);
  const transposed = (v: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let r = 0; r < rows; r++) {
      const vr = v[r];
      if (vr === 0) continue;
      for (let k = start[r]; k < start[r + 1]; k++) out[index[k]] += value[k] * vr;
    }
  };
  const weightedGram = (w: Float64Array, out: Float64Array): void => {
    out.fill(0);
    for (let r = 0; r < rows; r++) {
      const wr = w[r];
      if (wr === 0) continue;
      for (let k = start[r]; k < start[r + 1]; k++) {
        const a = index[k];
        const wa = wr * value[k];
        for (let l = start[r]; l <= k; l++) out[a * p + index[l]] += wa * value[l];
      }
    }
    symmetrise(out, p);
  };
  return {
    rows,
    columns: p,
    linear(beta, out) {
      for (let r = 0; r < rows; r++) {
        let s = 0;
        for (let k = start[r]; k < start[r + 1]; k++) s += value[k] * beta[index[k]];
        out[r] = s;
      }
    },
    transposed,
    weightedGram,
    scoreAndInformation(y, mu, fitted, gradient, information) {
      for (let r = 0; r < rows; r++) {
        residual[r] = fitted[r] ? y[r] - mu[r] : 0;
        weight[r] = fitted[r] ? mu[r] : 0;
      }
      transposed(residual, gradient);
      weightedGram(weight, information);
    },
  };
}

/**
 * Existence by the Fienberg–Rinaldo programme on the support: the kept data rows are the columns
 * of the programme, b the sum of the design rows of the positive rows, c the sum over all kept data
 * rows. Each design column (programme row) is scaled to unit largest entry first, so that columns
 * such as 2^k − 1 do not dwarf the indicators in the tolerances.
 */
function supportProgramPositive(
  design: PoissonDesign,
  y: ArrayLike<number>,
  data: Uint8Array,
  keptRows: Uint8Array,
  kept: readonly number[],
): boolean {
  const { x, rows, columns } = design;
  const p = kept.length;
  const cells: number[] = [];
  for (let r = 0; r < rows; r++) if (keptRows[r] && data[r]) cells.push(r);
  const scale = new Float64Array(p);
  for (const r of cells) for (let a = 0; a < p; a++) scale[a] = Math.max(scale[a], Math.abs(x[r * columns + kept[a]]));
  for (let a = 0; a < p; a++) scale[a] = scale[a] > 0 ? 1 / scale[a] : 0;
  const matrix = new Float64Array(cells.length * p);
  const total = new Float64Array(p);
  const target = new Float64Array(p);
  cells.forEach((r, j) => {
    for (let a = 0; a < p; a++) {
      const v = x[r * columns + kept[a]] * scale[a];
      matrix[j * p + a] = v;
      total[a] += v;
      if (y[r] > 0) target[a] += v;
    }
  });
  const programme: ImplicitColumns = {
    rows: p,
    columns: cells.length,
    column(j, out) {
      for (let a = 0; a < p; a++) out[a] = matrix[j * p + a];
    },
    price(dual, out) {
      for (let j = 0; j < cells.length; j++) {
        let s = 0;
        for (let a = 0; a < p; a++) s += dual[a] * matrix[j * p + a];
        out[j] = s;
      }
    },
  };
  return maximiseFloor(programme, total, target).positive;
}
