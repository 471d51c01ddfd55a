/**
 * Bit-mask helpers for capture histories and log-linear terms. A history or a term over t lists is a
 * mask in [0, 2^t): bit j set ⇔ list j is in it.
 */

/** Number of set bits. */
export function popcount(mask: number): number {
  let m = mask - ((mask >>> 1) & 0x55555555);
  m = (m & 0x33333333) + ((m >>> 2) & 0x33333333);
  return (((m + (m >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * In place: `values[θ] ← Σ_{h ⊇ θ} values[h]` over all 2^t masks (the superset-sum, or upward zeta,
 * transform). With `values` the fitted means per cell, entry θ is the fitted margin of term θ.
 * Cost t·2^t.
 */
export function supersetSums(values: Float64Array, nLists: number): void {
  const size = 1 << nLists;
  for (let bit = 1; bit < size; bit <<= 1) {
    // h runs over the masks without `bit`, in blocks of `bit` consecutive masks
    for (let base = 0; base < size; base += bit << 1) {
      for (let h = base, end = base + bit; h < end; h++) values[h] += values[h + bit];
    }
  }
}

/** In place: `values[h] ← Σ_{θ ⊆ h} values[θ]` (subset-sum transform). Cost t·2^t. */
export function subsetSums(values: Float64Array, nLists: number): void {
  const size = 1 << nLists;
  for (let bit = 1; bit < size; bit <<= 1) {
    for (let base = 0; base < size; base += bit << 1) {
      for (let h = base + bit, end = base + (bit << 1); h < end; h++) values[h] += values[h - bit];
    }
  }
}

/** Compare masks by the order used for terms: fewer lists first, then by the lowest differing list. */
export function compareTerms(a: number, b: number): number {
  const pa = popcount(a);
  const pb = popcount(b);
  if (pa !== pb) return pa - pb;
  return compareSameSize(a, b);
}

/** Lexicographic order of the sorted list indices of two masks of equal size. */
function compareSameSize(a: number, b: number): number {
  let x = a;
  let y = b;
  while (x !== 0 && y !== 0) {
    const lx = x & -x;
    const ly = y & -y;
    if (lx !== ly) return lx < ly ? -1 : 1;
    x ^= lx;
    y ^= ly;
  }
  return 0;
}

/** The indices of the set bits, ascending. */
export function bitIndices(mask: number): number[] {
  const out: number[] = [];
  for (let j = 0; mask >>> j !== 0; j++) if ((mask >>> j) & 1) out.push(j);
  return out;
}
