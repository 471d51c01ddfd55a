/**
 * Per-dataset quantities shared by every model fitted to it: cell counts as a dense array over all
 * 2^t masks, the sufficient statistics (margins) of every possible term, and the log-factorials.
 */
import { CaptureDataError } from "../errors.js";
import { logGamma } from "./distributions.js";
import { supersetSums } from "./bits.js";

export interface PreparedCounts {
  readonly nLists: number;
  /** 2^t. */
  readonly size: number;
  /** y[h] = count of history h; y[0] = 0 (the unobserved cell is not data). */
  readonly y: Float64Array;
  /** margins[θ] = Σ_{h ⊇ θ, h ≠ 0} y[h]: the sufficient statistic of term θ. */
  readonly margins: Float64Array;
  /** Σ_h log(y[h]!) over all observable cells. */
  readonly logFactorialSum: number;
  /** Number observed. */
  readonly observed: number;
  /**
   * First cell that is data: 1 normally; 0 when the unobserved cell is given a count (a complete
   * table, as when profiling the likelihood over the population size).
   */
  readonly firstCell: 0 | 1;
}

/** Prepare a count vector indexed by `history − 1` (length 2^t − 1). */
export function prepareCounts(counts: ArrayLike<number>, nLists: number): PreparedCounts {
  const size = 1 << nLists;
  const y = new Float64Array(size);
  let observed = 0;
  let logFactorialSum = 0;
  for (let h = 1; h < size; h++) {
    const c = counts[h - 1];
    y[h] = c;
    observed += c;
    if (c > 1) logFactorialSum += logGamma(c + 1);
  }
  if (observed > Number.MAX_SAFE_INTEGER) {
    // Past 2^53 − 1 the total is not an exact whole number: refuse rather than fit rounded counts.
    throw new CaptureDataError([
      {
        code: "TOTAL_TOO_LARGE",
        message: `the counts add up to ${observed}, more than ${Number.MAX_SAFE_INTEGER} (2^53 − 1) people, beyond exact whole numbers`,
      },
    ]);
  }
  const margins = Float64Array.from(y);
  supersetSums(margins, nLists);
  return { nLists, size, y, margins, logFactorialSum, observed, firstCell: 1 };
}

/**
 * A complete table: the observed counts plus a given (possibly fractional) count for the
 * unobserved cell, which is then fitted like any other cell. `observed` stays the number observed;
 * `logFactorialSum` covers the observed cells only.
 */
export function prepareCompleteCounts(prepared: PreparedCounts, unobserved: number): PreparedCounts {
  const y = Float64Array.from(prepared.y);
  y[0] = unobserved;
  const margins = Float64Array.from(y);
  supersetSums(margins, prepared.nLists);
  return { ...prepared, y, margins, firstCell: 0 };
}
