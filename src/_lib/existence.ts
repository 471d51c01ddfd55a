/**
 * Existence of the extended MLE and identifiability of a hierarchical log-linear model, with the
 * status codes of MultipleSystemsEstimation's `check_extended_MLE`.
 */
import { popcount, subsetSums, supersetSums } from "./bits.js";
import { psdRank } from "./linalg.js";
import { existenceLinearProgram, maximiseFloor, type ImplicitColumns } from "./lp.js";
import { splitBoundary, type BoundarySplit } from "./poissonFit.js";
import type { PreparedCounts } from "./prepared.js";
import type { CheckStatus } from "../types.js";

export interface ExistenceCheck {
  readonly status: CheckStatus;
  readonly mleExists: boolean;
  readonly identifiable: boolean;
  /** Parameters with zero sufficient statistic (extended MLE −∞). */
  readonly boundary: readonly number[];
  /** How existence was settled: by the rank of the positive cells, or by the linear programme. */
  readonly method: "rank" | "linear-program";
  /**
   * Optimum s of the linear programme on the observed margins (SparseMSE's `checkident` value),
   * when it was asked for (`optimum: true`), the programme was solved and s is resolvable in double
   * precision (0 when the MLE does not exist).
   */
  readonly lpOptimum?: number;
}

/** Options of {@link checkExistenceCore}. */
export interface ExistenceOptions {
  /**
   * Also solve the programme on the observed margins and report its optimum (`lpOptimum`), when
   * existence is settled by the programme. Default false: existence itself is decided on the
   * support, which needs one programme.
   */
  readonly optimum?: boolean;
  /**
   * The caller knows that a sub-model with the same boundary terms (the model less a term whose
   * margin is positive, so that both fit the same cells) has no extended MLE. A certificate of that
   * (a direction β with Xβ ≥ 0 on the cells, 0 on the positive ones, not 0 everywhere) is one for
   * this model too, so no programme is needed.
   */
  readonly subModelLacksMle?: boolean;
}

/**
 * Check a model (its parameters as masks, intercept and main effects included).
 *
 * After removing boundary terms and the cells they cover (design X over the kept cells):
 * - identifiable ⇔ rank X = number of kept parameters;
 * - the extended MLE exists ⇔ the observed margins t = Xᵀy lie in the relative interior of the
 *   cone spanned by the rows of X (Fienberg & Rinaldo 2012). When the rows of X on the cells with a
 *   positive count already have full column rank, t is interior (no non-zero direction β can vanish
 *   on the positive cells), so the MLE exists without a linear programme; otherwise the programme
 *   decides.
 *
 * The programme is solved on the support: t = Σ_{y_h > 0} y_h x_h is a strictly positive
 * combination of the rows of the positive cells, so it lies in the relative interior of the same
 * face of the cone as Σ_{y_h > 0} x_h. Existence therefore depends on which cells are positive, not
 * on the counts, and deciding it with every positive count set to 1 makes the answer exact and
 * independent of the scale of the counts (a cell of 10^7 beside cells of 1 no longer strains the
 * solver's tolerances).
 */
export function checkExistenceCore(
  prepared: PreparedCounts,
  parameters: readonly number[],
  split: BoundarySplit = splitBoundary(prepared, parameters),
  options: ExistenceOptions = {},
): ExistenceCheck {
  const { nLists, size, margins } = prepared;
  const { kept, boundary, keptCells } = split;
  const p = kept.length;
  const positive = positiveMargins(prepared);
  const gram = scratch(gramScratch, p * p);

  if (positiveCellsHaveFullRank(prepared, kept, positive, gram)) {
    return { status: 0, mleExists: true, identifiable: true, boundary, method: "rank" };
  }

  const sums = scratch(sumsScratch, size);
  for (let h = 0; h < size; h++) sums[h] = keptCells[h];
  supersetSums(sums, nLists);
  // Without boundary terms the kept cells are all the data cells, and X over the 2^t − 1 observable
  // cells has full rank unless the model is saturated: η_h = 0 for every h ≠ 0 forces, by Möbius
  // inversion, β_θ = (−1)^{|θ|} β_∅ for every θ, which needs every term in the model. Over all 2^t
  // cells (a completed table) X always has full rank.
  let identifiable: boolean;
  if (boundary.length === 0) identifiable = prepared.firstCell === 0 || p < size;
  else {
    fillGram(sums, kept, gram);
    identifiable = psdRank(gram, p) === p;
  }

  if (options.subModelLacksMle || hasEmptyMarginalCell(parameters, sums, positive)) {
    const status = (1 + (identifiable ? 0 : 2)) as CheckStatus;
    const check: ExistenceCheck = { status, mleExists: false, identifiable, boundary, method: "linear-program" };
    return options.optimum ? { ...check, lpOptimum: 0 } : check;
  }

  const cells: number[] = [];
  for (let h = 0; h < size; h++) if (keptCells[h]) cells.push(h);
  const columns = maskColumns(nLists, kept, cells);
  const total = new Float64Array(p);
  const target = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    total[i] = sums[kept[i]];
    target[i] = positive[kept[i]];
  }
  const mleExists = maximiseFloor(columns, total, target).positive;
  const status = ((mleExists ? 0 : 1) + (identifiable ? 0 : 2)) as CheckStatus;
  const check: ExistenceCheck = { status, mleExists, identifiable, boundary, method: "linear-program" };
  if (!options.optimum) return check;
  if (!mleExists) return { ...check, lpOptimum: 0 };
  const optimum = existenceLinearProgram(
    cells,
    kept,
    kept.map((theta) => margins[theta]),
  );
  return optimum > 0 ? { ...check, lpOptimum: optimum } : check;
}

/**
 * Scratch buffers by length, reused by successive checks (they run synchronously, one at a time,
 * and nothing returned refers to them). Every entry is written before it is read.
 */
function scratch(cache: Map<number, Float64Array>, length: number): Float64Array {
  let buffer = cache.get(length);
  if (buffer === undefined) {
    if (cache.size > 64) cache.clear();
    buffer = new Float64Array(length);
    cache.set(length, buffer);
  }
  return buffer;
}

const gramScratch = new Map<number, Float64Array>();
const sumsScratch = new Map<number, Float64Array>();

/**
 * A sufficient condition for non-existence that needs no programme: an empty cell of a marginal
 * table of the model. For a term g of the model, a subset θ of it and J = g \ θ, the vector
 * η_h = [h ⊇ θ and h ∩ J = ∅] = Σ_{J' ⊆ J} (−1)^{|J'|} [h ⊇ θ ∪ J'] is a combination of the model's
 * columns (every θ ∪ J' is a term, the model being hierarchical; a boundary term's column is zero on
 * the kept cells). It is ≥ 0 everywhere; when it is 0 on every positive cell and 1 on some kept
 * cell, it is a direction along which the likelihood keeps rising, so the MLE does not exist. The
 * counts of kept and of positive cells with h ⊇ θ and h ∩ J = ∅ come from their superset sums by
 * inclusion–exclusion: 3^|g| operations per term.
 */
function hasEmptyMarginalCell(parameters: readonly number[], keptSums: Float64Array, positiveSums: Float64Array): boolean {
  for (const g of parameters) {
    // θ runs over the subsets of g (g itself: J = ∅ is the term's own margin, handled by the boundary rule)
    for (let theta = (g - 1) & g; ; theta = (theta - 1) & g) {
      const rest = g & ~theta;
      let kept = 0;
      let positive = 0;
      for (let sub = rest; ; sub = (sub - 1) & rest) {
        const sign = popcount(sub) % 2 === 0 ? 1 : -1;
        kept += sign * keptSums[theta | sub];
        positive += sign * positiveSums[theta | sub];
        if (sub === 0) break;
      }
      if (positive === 0 && kept > 0) return true;
      if (theta === 0) break;
    }
  }
  return false;
}

/**
 * The columns of the existence programme for a hierarchical design: column j is the design row of
 * cell `cells[j]`; pricing every cell against a dual vector is one subset-sum transform.
 */
export function maskColumns(nLists: number, kept: readonly number[], cells: readonly number[]): ImplicitColumns {
  const p = kept.length;
  const size = 1 << nLists;
  let work: Float64Array | undefined;
  return {
    rows: p,
    columns: cells.length,
    column(j, out) {
      const h = cells[j];
      for (let i = 0; i < p; i++) out[i] = (kept[i] & h) === kept[i] ? 1 : 0;
    },
    price(y, out) {
      // few cells: direct sums; many: one subset-sum transform over all masks
      if (cells.length * p <= nLists * size) {
        for (let j = 0; j < cells.length; j++) {
          const h = cells[j];
          let s = 0;
          for (let i = 0; i < p; i++) if ((kept[i] & h) === kept[i]) s += y[i];
          out[j] = s;
        }
        return;
      }
      work ??= new Float64Array(size);
      work.fill(0);
      for (let i = 0; i < p; i++) work[kept[i]] = y[i];
      subsetSums(work, nLists);
      for (let j = 0; j < cells.length; j++) out[j] = work[cells[j]];
    },
  };
}

/**
 * Superset sums of the indicator of the positive cells: entry θ is the number of positive cells
 * containing θ. Computed once per prepared table (cached) and shared by every check on it.
 */
export function positiveMargins(prepared: PreparedCounts): Float64Array {
  let sums = positiveCache.get(prepared);
  if (sums === undefined) {
    const { size, y, nLists } = prepared;
    sums = new Float64Array(size);
    for (let h = 0; h < size; h++) sums[h] = y[h] > 0 ? 1 : 0;
    supersetSums(sums, nLists);
    positiveCache.set(prepared, sums);
  }
  return sums;
}

const positiveCache = new WeakMap<PreparedCounts, Float64Array>();

function fillGram(sums: Float64Array, kept: readonly number[], gram: Float64Array): void {
  const p = kept.length;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      const v = sums[kept[i] | kept[j]];
      gram[i * p + j] = v;
      gram[j * p + i] = v;
    }
  }
}

/**
 * Whether the design rows of the cells with a positive count have full column rank.
 *
 * Fast exact path: when every kept non-intercept term θ is itself a positive cell, the equations
 * η_θ = Σ_{φ ⊆ θ} β_φ = 0 force β_φ = (−1)^{|φ|} β_∅ (Möbius inversion), so the null space is at most
 * the line spanned by that sign vector; the rank is full iff some positive cell h has
 * Σ_{φ ∈ model, φ ⊆ h} (−1)^{|φ|} ≠ 0. Otherwise the rank of the Gram matrix decides.
 */
function positiveCellsHaveFullRank(
  prepared: PreparedCounts,
  kept: readonly number[],
  positive: Float64Array,
  gram: Float64Array,
): boolean {
  const { nLists, size, y } = prepared;
  const p = kept.length;
  const positiveCells = positive[0];
  if (positiveCells < p) return false;
  let allTermsPositive = true;
  for (let i = 1; i < p; i++) {
    if (!(y[kept[i]] > 0)) {
      allTermsPositive = false;
      break;
    }
  }
  if (allTermsPositive) {
    // Σ_{φ ∈ model, φ ⊆ h} (−1)^{|φ|} at every positive cell h: directly when the positive cells are
    // few, by one subset-sum transform otherwise
    if (positiveCells * p <= nLists * size) {
      for (let h = 0; h < size; h++) {
        if (!(y[h] > 0)) continue;
        let s = 0;
        for (const theta of kept) if ((theta & h) === theta) s += popcount(theta) % 2 === 0 ? 1 : -1;
        if (s !== 0) return true;
      }
      return false;
    }
    const signs = scratch(sumsScratch, size).fill(0);
    for (const theta of kept) signs[theta] = popcount(theta) % 2 === 0 ? 1 : -1;
    subsetSums(signs, nLists);
    for (let h = 0; h < size; h++) if (y[h] > 0 && signs[h] !== 0) return true;
    return false;
  }
  fillGram(positive, kept, gram);
  return psdRank(gram, p) === p;
}
