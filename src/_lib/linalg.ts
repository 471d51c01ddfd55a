/**
 * Small dense linear algebra on row-major Float64Arrays (p ≤ a few dozen): Cholesky factorisation,
 * solves, inverse, and a numerical rank. Written here because the matrices are tiny and allocation
 * in the inner loop of model search matters more than asymptotics.
 */

/**
 * Cholesky factorisation in place of a symmetric positive-definite p×p matrix (lower triangle
 * used and overwritten by L). Returns false when a pivot is not positive (to a relative tolerance),
 * i.e. the matrix is singular or indefinite.
 */
export function cholesky(a: Float64Array, p: number): boolean {
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * p + i]));
  const tol = maxDiag * 1e-13;
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j];
    for (let k = 0; k < j; k++) d -= a[j * p + k] * a[j * p + k];
    if (!(d > tol)) return false;
    const ljj = Math.sqrt(d);
    a[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= a[i * p + k] * a[j * p + k];
      a[i * p + j] = s / ljj;
    }
  }
  return true;
}

/** Solve L Lᵀ x = b in place of b, given the Cholesky factor L (lower triangle of `l`). */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * b[k];
    b[i] = s / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * b[k];
    b[i] = s / l[i * p + i];
  }
}

/** Inverse (full symmetric p×p) from the Cholesky factor L. */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p);
  const col = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    col.fill(0);
    col[j] = 1;
    choleskySolve(l, p, col);
    for (let i = 0; i < p; i++) inv[i * p + j] = col[i];
  }
  return inv;
}

/**
 * Numerical rank of a symmetric positive semi-definite p×p matrix (for example a Gram matrix XᵀX,
 * whose rank is that of X), by Cholesky with diagonal pivoting. A pivot counts when it exceeds
 * `relativeTolerance` times the largest diagonal entry. The input is not modified.
 */
export function psdRank(matrix: Float64Array, p: number, relativeTolerance = 1e-9): number {
  const a = Float64Array.from(matrix);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, a[i * p + i]);
  if (!(maxDiag > 0)) return 0;
  const tol = maxDiag * relativeTolerance;
  const perm = new Int32Array(p);
  for (let i = 0; i < p; i++) perm[i] = i;
  let rank = 0;
  for (let j = 0; j < p; j++) {
    // choose the largest remaining diagonal
    let best = -1;
    let bestVal = tol;
    for (let i = j; i < p; i++) {
      const v = a[perm[i] * p + perm[i]];
      if (v > bestVal) {
        bestVal = v;
        best = i;
      }
    }
    if (best < 0) break;
    const tmp = perm[j];
    perm[j] = perm[best];
    perm[best] = tmp;
    const pj = perm[j];
    const root = Math.sqrt(a[pj * p + pj]);
    // eliminate: a[pi][pk] -= a[pi][pj] a[pj][pk] / a[pj][pj], on the remaining block
    for (let i = j + 1; i < p; i++) {
      const pi = perm[i];
      a[pi * p + pj] /= root;
    }
    for (let i = j + 1; i < p; i++) {
      const pi = perm[i];
      const lij = a[pi * p + pj];
      if (lij === 0) continue;
      for (let k = j + 1; k <= i; k++) {
        const pk = perm[k];
        const v = a[pi * p + pk] - lij * a[pk * p + pj];
        a[pi * p + pk] = v;
        a[pk * p + pi] = v;
      }
    }
    rank++;
  }
  return rank;
}
