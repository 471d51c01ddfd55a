/**
 * The linear programme of Fienberg & Rinaldo (2012) for the existence of the extended MLE, solved by
 * a small revised simplex written for it.
 *
 *   maximise s  subject to  Σ_j u_j a_j + s c = b,  u ≥ 0,  0 ≤ s ≤ 1
 *
 * With a_j the design row of cell j (over the fitted parameters), b = Σ_j y_j a_j the observed
 * sufficient statistics and c = Σ_j a_j, this is "the largest s such that some table z with every
 * cell z_j = u_j + s ≥ s has the observed sufficient statistics": the MLE exists iff s > 0.
 *
 * The columns a_j are never stored: an {@link ImplicitColumns} object gives one column, or prices
 * all of them against a dual vector at once. For a hierarchical model over 2^t masks pricing is a
 * subset-sum transform (t·2^t), so the programme over a million cells needs no million-column
 * matrix. The problem is normalised (b and c to unit largest entry) and every tolerance is
 * relative, so the answer does not depend on the scale of the counts.
 */
import { NumericalError } from "../errors.js";

/** The columns a_j of a programme, given on demand. */
export interface ImplicitColumns {
  /** Number of equality rows (parameters). */
  readonly rows: number;
  /** Number of columns (cells). */
  readonly columns: number;
  /** out[i] = a_j[i] for every row i. */
  column(j: number, out: Float64Array): void;
  /** out[j] = Σ_i y_i a_j[i] for every column j. */
  price(y: Float64Array, out: Float64Array): void;
}

/** Solution of {@link maximiseFloor}. */
export interface FloorSolution {
  /** The optimum s in the units of `b` and `c` (0 when it is below the decision tolerance). */
  readonly optimum: number;
  /** The optimum on the normalised problem (b and c scaled to unit largest entry), in [0, 1]. */
  readonly normalisedOptimum: number;
  /** Whether the normalised optimum exceeds the decision tolerance (1e-9): the margins are interior. */
  readonly positive: boolean;
  /** The normalised optimum as computed, before the decision tolerance (rounding noise when ≤ 1e-9). */
  readonly rawNormalisedOptimum: number;
  /** Simplex pivots made. */
  readonly pivots: number;
}

/** A normalised optimum at or below this counts as zero (the margins lie on the cone's boundary). */
export const FLOOR_TOLERANCE = 1e-9;

const PIVOT_TOLERANCE = 1e-11;
const COST_TOLERANCE = 1e-11;
const FEASIBILITY_TOLERANCE = 1e-10;
const REFACTOR_EVERY = 40;
/** Columns priced from the candidate list between full pricings, for programmes with many columns. */
const PARTIAL_PRICING_ABOVE = 4096;
const CANDIDATES = 64;

/**
 * maximise s subject to Σ_j u_j a_j + s c = b, u ≥ 0, 0 ≤ s ≤ (the normalised cap 1).
 *
 * Two-phase revised simplex with an explicit basis inverse (refactorised every 40 pivots by
 * Gauss–Jordan with partial pivoting), Dantzig pricing, and Bland's rule after a run of degenerate
 * pivots so that it cannot cycle. Rows that the data make redundant (a rank-deficient design) keep
 * their artificial variable at zero.
 *
 * @throws {NumericalError} when the simplex does not settle (iteration limit, or a programme that
 *   is feasible by construction found infeasible): never expected; reported rather than guessed.
 */
export function maximiseFloor(columns: ImplicitColumns, c: ArrayLike<number>, b: ArrayLike<number>): FloorSolution {
  const m = columns.rows;
  const n = columns.columns;
  let bScale = 0;
  let cScale = 0;
  for (let i = 0; i < m; i++) {
    bScale = Math.max(bScale, Math.abs(b[i]));
    cScale = Math.max(cScale, Math.abs(c[i]));
  }
  if (!(bScale > 0) || !(cScale > 0)) {
    // b = 0: only the zero table (s = 0) when c ≠ 0; c = 0: s is free up to the cap
    const positive = !(cScale > 0);
    return {
      optimum: positive ? Number.POSITIVE_INFINITY : 0,
      normalisedOptimum: positive ? 1 : 0,
      positive,
      rawNormalisedOptimum: positive ? 1 : 0,
      pivots: 0,
    };
  }
  const solver = new FloorSimplex(columns, c, b, bScale, cScale);
  const normalised = solver.solve();
  const positive = normalised > FLOOR_TOLERANCE;
  return {
    optimum: positive ? (normalised * bScale) / cScale : 0,
    normalisedOptimum: positive ? normalised : 0,
    positive,
    rawNormalisedOptimum: normalised,
    pivots: solver.pivots,
  };
}

/**
 * The optimum s of the Fienberg–Rinaldo programme for a hierarchical model on given margins (as
 * SparseMSE's `checkident` reports it), with `cells` and `parameters` as bit masks and
 * `margins[i]` the observed sufficient statistic of `parameters[i]`.
 */
export function existenceLinearProgram(
  cells: readonly number[],
  parameters: readonly number[],
  margins: readonly number[],
): number {
  const p = parameters.length;
  const columns: ImplicitColumns = {
    rows: p,
    columns: cells.length,
    column(j, out) {
      const h = cells[j];
      for (let i = 0; i < p; i++) out[i] = (parameters[i] & h) === parameters[i] ? 1 : 0;
    },
    price(y, out) {
      for (let j = 0; j < cells.length; j++) {
        const h = cells[j];
        let s = 0;
        for (let i = 0; i < p; i++) if ((parameters[i] & h) === parameters[i]) s += y[i];
        out[j] = s;
      }
    },
  };
  const c = new Float64Array(p);
  for (const h of cells) for (let i = 0; i < p; i++) if ((parameters[i] & h) === parameters[i]) c[i]++;
  return maximiseFloor(columns, c, margins).optimum;
}

/** The arrays of one {@link FloorSimplex}. */
interface SimplexArrays {
  readonly sign: Float64Array;
  readonly c: Float64Array;
  readonly b: Float64Array;
  readonly basic: Int32Array;
  readonly isBasic: Uint8Array;
  readonly inverse: Float64Array;
  readonly x: Float64Array;
  readonly buffer: Float64Array;
  readonly alpha: Float64Array;
  readonly dual: Float64Array;
  readonly signedDual: Float64Array;
  readonly prices: Float64Array;
  readonly floorColumn: Float64Array;
}

const simplexCache = new Map<number, SimplexArrays>();

/**
 * The arrays of a simplex with m rows and n columns, zeroed as if new: reused from the previous
 * solve of the same shape (solves run synchronously, one at a time, and nothing returned refers to
 * them), since model search solves thousands of small programmes of a few shapes.
 */
function simplexArrays(m: number, n: number): SimplexArrays {
  const key = m * 4194304 + n;
  let arrays = simplexCache.get(key);
  if (arrays === undefined) {
    if (simplexCache.size > 64) simplexCache.clear();
    const size = m + 1;
    arrays = {
      sign: new Float64Array(m),
      c: new Float64Array(m),
      b: new Float64Array(m + 1),
      basic: new Int32Array(size),
      isBasic: new Uint8Array(n + 2 + m),
      inverse: new Float64Array(size * size),
      x: new Float64Array(size),
      buffer: new Float64Array(Math.max(m, 1)),
      alpha: new Float64Array(size),
      dual: new Float64Array(size),
      signedDual: new Float64Array(Math.max(m, 1)),
      prices: new Float64Array(n),
      floorColumn: new Float64Array(size),
    };
    simplexCache.set(key, arrays);
    return arrays;
  }
  for (const array of Object.values(arrays) as (Float64Array | Int32Array | Uint8Array)[]) array.fill(0);
  return arrays;
}

/** The two-phase simplex behind {@link maximiseFloor}. */
class FloorSimplex {
  pivots = 0;
  private readonly m: number;
  private readonly n: number;
  /** Rows: m equality rows and the cap row s + v = 1. */
  private readonly size: number;
  private readonly sign: Float64Array;
  private readonly c: Float64Array;
  private readonly b: Float64Array;
  private readonly basic: Int32Array;
  private readonly isBasic: Uint8Array;
  private readonly inverse: Float64Array;
  private readonly x: Float64Array;
  private readonly buffer: Float64Array;
  private readonly alpha: Float64Array;
  private readonly dual: Float64Array;
  private readonly signedDual: Float64Array;
  private readonly prices: Float64Array;
  private phase: 1 | 2 = 1;
  private bland = false;
  private degenerateRun = 0;
  private sincePricing = Number.POSITIVE_INFINITY;
  private candidates: number[] = [];

  constructor(
    private readonly columns: ImplicitColumns,
    c: ArrayLike<number>,
    b: ArrayLike<number>,
    bScale: number,
    cScale: number,
  ) {
    const m = columns.rows;
    const n = columns.columns;
    this.m = m;
    this.n = n;
    this.size = m + 1;
    const arrays = simplexArrays(m, n);
    this.sign = arrays.sign;
    this.c = arrays.c;
    this.b = arrays.b;
    for (let i = 0; i < m; i++) {
      // rows with b < 0 are negated so that the artificial start is feasible
      const sgn = b[i] < 0 ? -1 : 1;
      this.sign[i] = sgn;
      this.b[i] = (sgn * b[i]) / bScale;
      this.c[i] = (sgn * c[i]) / cScale;
    }
    this.b[m] = 1;
    const variables = n + 2 + m;
    this.basic = arrays.basic;
    this.isBasic = arrays.isBasic;
    this.inverse = arrays.inverse;
    this.x = arrays.x;
    this.buffer = arrays.buffer;
    this.alpha = arrays.alpha;
    this.dual = arrays.dual;
    this.signedDual = arrays.signedDual;
    this.prices = arrays.prices;
    for (let i = 0; i < m; i++) this.basic[i] = n + 2 + i;
    this.basic[m] = n + 1;
    for (let i = 0; i < this.size; i++) this.isBasic[this.basic[i]] = 1;
    // the starting basis (artificials and the cap's slack) is the identity
    for (let i = 0; i < this.size; i++) {
      this.inverse[i * this.size + i] = 1;
      this.x[i] = this.b[i];
    }
    this.floorColumn = arrays.floorColumn;
    this.columnOf(n, this.floorColumn);
  }

  /** The column of s: (c, 1). */
  private readonly floorColumn: Float64Array;

  solve(): number {
    const limit = 50 * (this.size + 10) + 10 * Math.min(this.n, 100000);
    this.phase = 1;
    this.iterate(limit);
    let infeasibility = 0;
    for (let i = 0; i < this.size; i++) if (this.basic[i] >= this.n + 2) infeasibility += this.x[i];
    if (infeasibility > FEASIBILITY_TOLERANCE * this.size) {
      throw new NumericalError(
        `the existence linear programme, feasible by construction, was found infeasible (residual ${infeasibility.toExponential(2)}); please report this data set`,
      );
    }
    this.driveOutArtificials();
    this.phase = 2;
    this.bland = false;
    this.degenerateRun = 0;
    this.sincePricing = Number.POSITIVE_INFINITY;
    this.iterate(limit);
    if (this.pivots >= REFACTOR_EVERY) this.refactor();
    for (let i = 0; i < this.size; i++) if (this.basic[i] === this.n) return Math.min(1, Math.max(0, this.x[i]));
    return 0;
  }

  private cost(variable: number): number {
    if (this.phase === 1) return variable >= this.n + 2 ? 1 : 0;
    return variable === this.n ? -1 : 0;
  }

  /** Column of a variable in the (sign-adjusted) constraint matrix, into `out` (length m + 1). */
  private columnOf(variable: number, out: Float64Array): void {
    const { m, n } = this;
    out.fill(0);
    if (variable < n) {
      this.columns.column(variable, this.buffer);
      for (let i = 0; i < m; i++) out[i] = this.sign[i] * this.buffer[i];
    } else if (variable === n) {
      for (let i = 0; i < m; i++) out[i] = this.c[i];
      out[m] = 1;
    } else if (variable === n + 1) out[m] = 1;
    else out[variable - n - 2] = 1;
  }

  private iterate(limit: number): void {
    const { size } = this;
    for (let iteration = 0; ; iteration++) {
      if (iteration > limit) {
        throw new NumericalError("the existence linear programme did not settle within its iteration limit; please report this data set");
      }
      this.computeDual();
      const entering = this.chooseEntering();
      if (entering < 0) return;
      const alpha = this.alpha;
      const column = this.bufferFor(size);
      this.columnOf(entering, column);
      this.multiplyInverse(column, alpha);
      // ratio test
      let row = -1;
      let best = Number.POSITIVE_INFINITY;
      let largest = 0;
      for (let i = 0; i < size; i++) largest = Math.max(largest, Math.abs(alpha[i]));
      const pivotTolerance = PIVOT_TOLERANCE * Math.max(1, largest);
      for (let i = 0; i < size; i++) {
        if (!(alpha[i] > pivotTolerance)) continue;
        const ratio = Math.max(0, this.x[i]) / alpha[i];
        if (row < 0 || ratio < best - 1e-12 * Math.max(1, best)) {
          row = i;
          best = ratio;
        } else if (ratio <= best + 1e-12 * Math.max(1, best)) {
          // ties: Bland's rule takes the smallest basic index; otherwise the larger pivot
          if (this.bland ? this.basic[i] < this.basic[row] : alpha[i] > alpha[row]) {
            row = i;
            best = Math.min(best, ratio);
          }
        }
      }
      if (row < 0) {
        // unbounded: s is capped and u enters only when it raises s, so this is rounding
        throw new NumericalError("the existence linear programme appeared unbounded; please report this data set");
      }
      if (best <= FEASIBILITY_TOLERANCE) {
        this.degenerateRun++;
        if (this.degenerateRun > 12) this.bland = true;
      } else {
        this.degenerateRun = 0;
        this.bland = false;
      }
      this.pivot(row, entering, best);
    }
  }

  /** A scratch column of length m + 1 (the buffer of length m is too short). */
  private columnBuffer: Float64Array = new Float64Array(0);
  private bufferFor(length: number): Float64Array {
    if (this.columnBuffer.length !== length) this.columnBuffer = new Float64Array(length);
    return this.columnBuffer;
  }

  private computeDual(): void {
    const { size, inverse, dual } = this;
    dual.fill(0);
    for (let i = 0; i < size; i++) {
      const cb = this.cost(this.basic[i]);
      if (cb === 0) continue;
      for (let k = 0; k < size; k++) dual[k] += cb * inverse[i * size + k];
    }
  }

  /** The entering variable (−1 when none has a negative reduced cost). */
  private chooseEntering(): number {
    const { m, n, dual, size } = this;
    this.entering = -1;
    this.bestCost = -COST_TOLERANCE;
    // s, v and (phase 1) the artificials
    let floorPrice = 0;
    for (let i = 0; i < size; i++) floorPrice += dual[i] * this.floorColumn[i];
    this.consider(n, this.cost(n) - floorPrice);
    this.consider(n + 1, -dual[m]);
    if (this.phase === 1) for (let i = 0; i < m; i++) this.consider(n + 2 + i, 1 - dual[i]);
    for (let i = 0; i < m; i++) this.signedDual[i] = this.sign[i] * dual[i];
    // Many cells: between full pricings, price only the candidates the last one found (Dantzig's
    // rule over them); Bland's rule needs the full pricing.
    const partial = n > PARTIAL_PRICING_ABOVE && !this.bland;
    if (partial && this.sincePricing < 50 && this.candidates.length > 0) {
      if (this.priceCandidates()) {
        this.sincePricing++;
        return this.entering;
      }
    }
    this.columns.price(this.signedDual, this.prices);
    const prices = this.prices;
    if (partial) {
      const list: number[] = [];
      for (let j = 0; j < n; j++) if (!this.isBasic[j] && -prices[j] < -COST_TOLERANCE) list.push(j);
      list.sort((a, b) => prices[b] - prices[a]);
      this.candidates = list.slice(0, CANDIDATES);
      this.sincePricing = 0;
    }
    for (let j = 0; j < n; j++) {
      const reduced = -prices[j];
      if (!(reduced < -COST_TOLERANCE) || this.isBasic[j]) continue;
      if (this.bland) {
        if (this.entering < 0 || j < this.entering) this.entering = j;
        break;
      }
      if (reduced < this.bestCost) {
        this.bestCost = reduced;
        this.entering = j;
      }
    }
    return this.entering;
  }

  private entering = -1;
  private bestCost = 0;

  /** Offer a variable with its reduced cost to the pricing rule; true when it may enter. */
  private consider(variable: number, reduced: number): boolean {
    if (this.isBasic[variable] || !(reduced < -COST_TOLERANCE)) return false;
    if (this.bland) {
      if (this.entering < 0 || variable < this.entering) this.entering = variable;
    } else if (reduced < this.bestCost) {
      this.bestCost = reduced;
      this.entering = variable;
    }
    return true;
  }

  /** Price the candidate cells one by one; true when one of them may enter. */
  private priceCandidates(): boolean {
    const { m } = this;
    let any = false;
    const keep: number[] = [];
    for (const j of this.candidates) {
      if (this.isBasic[j]) continue;
      this.columns.column(j, this.buffer);
      let price = 0;
      for (let i = 0; i < m; i++) price += this.signedDual[i] * this.buffer[i];
      if (this.consider(j, -price)) {
        any = true;
        keep.push(j);
      }
    }
    this.candidates = keep;
    return any;
  }

  private multiplyInverse(column: Float64Array, out: Float64Array): void {
    const { size, inverse } = this;
    for (let i = 0; i < size; i++) {
      let s = 0;
      for (let k = 0; k < size; k++) s += inverse[i * size + k] * column[k];
      out[i] = s;
    }
  }

  private pivot(row: number, entering: number, step: number): void {
    const { size, inverse, alpha, x } = this;
    for (let i = 0; i < size; i++) if (i !== row) x[i] = Math.max(0, x[i] - step * alpha[i]);
    x[row] = step;
    const pivotValue = alpha[row];
    for (let k = 0; k < size; k++) inverse[row * size + k] /= pivotValue;
    for (let i = 0; i < size; i++) {
      if (i === row || alpha[i] === 0) continue;
      const f = alpha[i];
      for (let k = 0; k < size; k++) inverse[i * size + k] -= f * inverse[row * size + k];
    }
    this.isBasic[this.basic[row]] = 0;
    this.basic[row] = entering;
    this.isBasic[entering] = 1;
    this.pivots++;
    if (this.pivots % REFACTOR_EVERY === 0) this.refactor();
  }

  /** Recompute the basis inverse from the basic columns (Gauss–Jordan, partial pivoting) and x = B⁻¹b. */
  private refactor(): void {
    const { size, inverse } = this;
    const matrix = new Float64Array(size * size);
    const column = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      this.columnOf(this.basic[j], column);
      for (let i = 0; i < size; i++) matrix[i * size + j] = column[i];
    }
    inverse.fill(0);
    for (let i = 0; i < size; i++) inverse[i * size + i] = 1;
    for (let j = 0; j < size; j++) {
      let best = j;
      for (let i = j + 1; i < size; i++) if (Math.abs(matrix[i * size + j]) > Math.abs(matrix[best * size + j])) best = i;
      const value = matrix[best * size + j];
      if (value === 0) {
        throw new NumericalError("the existence linear programme's basis became singular; please report this data set");
      }
      if (best !== j) {
        for (let k = 0; k < size; k++) {
          let t = matrix[j * size + k];
          matrix[j * size + k] = matrix[best * size + k];
          matrix[best * size + k] = t;
          t = inverse[j * size + k];
          inverse[j * size + k] = inverse[best * size + k];
          inverse[best * size + k] = t;
        }
      }
      for (let k = 0; k < size; k++) {
        matrix[j * size + k] /= value;
        inverse[j * size + k] /= value;
      }
      for (let i = 0; i < size; i++) {
        if (i === j) continue;
        const f = matrix[i * size + j];
        if (f === 0) continue;
        for (let k = 0; k < size; k++) {
          matrix[i * size + k] -= f * matrix[j * size + k];
          inverse[i * size + k] -= f * inverse[j * size + k];
        }
      }
    }
    // the basis inverse maps row order of B to basic order: B⁻¹ rows are indexed by basic position
    this.multiplyInverse(this.b, this.x);
    for (let i = 0; i < size; i++) if (this.x[i] < 0) this.x[i] = 0;
  }

  /**
   * After phase 1, replace artificial variables still basic (at zero) by structural ones where a
   * column has a non-zero entry in their row of B⁻¹A; a row where none has is redundant (the design
   * is rank deficient) and its artificial stays at zero for good.
   */
  private driveOutArtificials(): void {
    const { size, m, n, inverse } = this;
    const rowOfInverse = new Float64Array(size);
    for (let r = 0; r < size; r++) {
      if (this.basic[r] < n + 2) continue;
      for (let k = 0; k < size; k++) rowOfInverse[k] = inverse[r * size + k];
      let bestVariable = -1;
      let bestValue = PIVOT_TOLERANCE;
      // s and v
      for (const variable of [n, n + 1]) {
        if (this.isBasic[variable]) continue;
        const v = Math.abs(this.dotRow(rowOfInverse, variable));
        if (v > bestValue) {
          bestValue = v;
          bestVariable = variable;
        }
      }
      for (let i = 0; i < m; i++) this.signedDual[i] = this.sign[i] * rowOfInverse[i];
      this.columns.price(this.signedDual, this.prices);
      for (let j = 0; j < n; j++) {
        if (this.isBasic[j]) continue;
        const v = Math.abs(this.prices[j]);
        if (v > bestValue * 1.000001) {
          bestValue = v;
          bestVariable = j;
        }
      }
      if (bestVariable < 0) continue;
      const column = this.bufferFor(size);
      this.columnOf(bestVariable, column);
      this.multiplyInverse(column, this.alpha);
      this.pivot(r, bestVariable, this.x[r] / this.alpha[r]);
    }
  }

  private dotRow(row: Float64Array, variable: number): number {
    const column = this.bufferFor(this.size);
    this.columnOf(variable, column);
    let s = 0;
    for (let i = 0; i < this.size; i++) s += row[i] * column[i];
    return s;
  }
}
