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
  let bit = 1;
  // two lists per pass (half the passes over memory, which is what a 2^20 table is bound by)
  for (; bit << 1 < size; bit <<= 2) {
    const b2 = bit << 1;
    const b3 = bit * 3;
    for (let base = 0; base < size; base += bit << 2) {
      for (let h = base, end = base + bit; h < end; h++) {
        const c = values[h + bit];
        const d = values[h + b2];
        const e = values[h + b3];
        values[h] += c + d + e;
        values[h + bit] = c + e;
        values[h + b2] = d + e;
      }
    }
  }
  if (bit < size) {
    for (let h = 0; h < bit; h++) values[h] += values[h + bit];
  }
}

/** In place: `values[h] ← Σ_{θ ⊆ h} values[θ]` (subset-sum transform). Cost t·2^t. */
export function subsetSums(values: Float64Array, nLists: number): void {
  const size = 1 << nLists;
  let bit = 1;
  for (; bit << 1 < size; bit <<= 2) {
    const b2 = bit << 1;
    const b3 = bit * 3;
    for (let base = 0; base < size; base += bit << 2) {
      for (let h = base, end = base + bit; h < end; h++) {
        const a = values[h];
        const c = values[h + bit];
        const d = values[h + b2];
        values[h + bit] = a + c;
        values[h + b2] = a + d;
        values[h + b3] += a + c + d;
      }
    }
  }
  if (bit < size) {
    for (let h = 0; h < bit; h++) values[h + bit] += values[h];
  }
}

/**
 * In place: `values[h] ← Π_{θ ⊆ h} values[θ]` (the subset-product transform, the multiplicative
 * twin of {@link subsetSums}). With values[θ] = exp(β_θ) on the terms and 1 elsewhere, entry h is
 * the fitted mean exp(Σ_{θ ⊆ h} β_θ) of cell h, without an exponential per cell. Cost t·2^t.
 */
export function subsetProducts(values: Float64Array, nLists: number): void {
  const size = 1 << nLists;
  let bit = 1;
  for (; bit << 1 < size; bit <<= 2) {
    const b2 = bit << 1;
    const b3 = bit * 3;
    for (let base = 0; base < size; base += bit << 2) {
      for (let h = base, end = base + bit; h < end; h++) {
        const a = values[h];
        const c = values[h + bit];
        const d = values[h + b2];
        values[h + bit] = a * c;
        values[h + b2] = a * d;
        values[h + b3] *= a * c * d;
      }
    }
  }
  if (bit < size) {
    for (let h = 0; h < bit; h++) values[h + bit] *= values[h];
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
