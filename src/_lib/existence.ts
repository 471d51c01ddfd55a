/**
 * Existence of the extended MLE and identifiability of a hierarchical log-linear model, with the
 * status codes of MultipleSystemsEstimation's `check_extended_MLE`.
 */
import { popcount, subsetSums, supersetSums } from "./bits.js";
import { psdRank } from "./linalg.js";
import { existenceLinearProgram } from "./lp.js";
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
  /** Optimum s of the linear programme, when it was solved. */
  readonly lpOptimum?: number;
}

/** Optimum s at or below this counts as zero: the margins lie on the boundary of the cone. */
const LP_ZERO = 1e-9;

/**
 * Check a model (its parameters as masks, intercept and main effects included).
 *
 * After removing boundary terms and the cells they cover (design X over the kept cells):
 * - identifiable ⇔ rank X = number of kept parameters;
 * - the extended MLE exists ⇔ some strictly positive table on the kept cells has the observed
 *   margins (Fienberg & Rinaldo 2012). When the rows of X on the cells with a positive count already
 *   have full column rank, the observed margins are an interior point of the marginal cone (no
 *   non-zero direction β can vanish on the positive cells), so the MLE exists without solving the LP;
 *   otherwise the LP decides.
 */
export function checkExistenceCore(
  prepared: PreparedCounts,
  parameters: readonly number[],
  split: BoundarySplit = splitBoundary(prepared, parameters),
): ExistenceCheck {
  const { nLists, size, y, margins } = prepared;
  const { kept, boundary, keptCells } = split;
  const p = kept.length;
  // scratch reused between checks (they run synchronously, one at a time)
  const sums = scratch(size, 0);
  const gram = scratch(p * p, 1);

  if (positiveCellsHaveFullRank(prepared, kept, sums, gram)) {
    return { status: 0, mleExists: true, identifiable: true, boundary, method: "rank" };
  }

  for (let h = 0; h < size; h++) sums[h] = keptCells[h];
  supersetSums(sums, nLists);
  fillGram(sums, kept, gram);
  const identifiable = psdRank(gram, p) === p;

  const cells: number[] = [];
  for (let h = 1; h < size; h++) if (keptCells[h]) cells.push(h);
  const lpOptimum = existenceLinearProgram(
    cells,
    kept,
    kept.map((theta) => margins[theta]),
  );
  const mleExists = lpOptimum > LP_ZERO;
  const status = ((mleExists ? 0 : 1) + (identifiable ? 0 : 2)) as CheckStatus;
  return { status, mleExists, identifiable, boundary, method: "linear-program", lpOptimum };
}

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
  sums: Float64Array,
  gram: Float64Array,
): boolean {
  const { nLists, size, y } = prepared;
  const p = kept.length;
  let positiveCells = 0;
  for (let h = 1; h < size; h++) if (y[h] > 0) positiveCells++;
  if (positiveCells < p) return false;
  let allTermsPositive = true;
  for (let i = 1; i < p; i++) {
    if (!(y[kept[i]] > 0)) {
      allTermsPositive = false;
      break;
    }
  }
  if (allTermsPositive) {
    sums.fill(0);
    for (const theta of kept) sums[theta] = popcount(theta) % 2 === 0 ? 1 : -1;
    subsetSums(sums, nLists);
    for (let h = 1; h < size; h++) if (y[h] > 0 && sums[h] !== 0) return true;
    return false;
  }
  for (let h = 0; h < size; h++) sums[h] = y[h] > 0 ? 1 : 0;
  supersetSums(sums, nLists);
  fillGram(sums, kept, gram);
  return psdRank(gram, p) === p;
}

const scratchCache = new Map<number, Float64Array>();

function scratch(length: number, slot: number): Float64Array {
  const key = length * 2 + slot;
  let buffer = scratchCache.get(key);
  if (buffer === undefined) {
    buffer = new Float64Array(length);
    scratchCache.set(key, buffer);
  }
  return buffer;
}
