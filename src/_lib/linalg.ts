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

/** Reciprocal scales, reused (factorisations run one at a time). */
let reciprocal = new Float64Array(64);

/**
 * Cholesky factorisation of a symmetric positive-definite p×p matrix after scaling it to unit
 * diagonal (Jacobi scaling): A = S L Lᵀ S with S = diag(√a_ii). The scaled matrix has the same
 * pivots whatever the units of the columns, so the singularity test is relative to 1: a pivot must
 * exceed `pivotTolerance`. On return `a`'s lower triangle holds L and `scale` holds √a_ii.
 * Returns false when a diagonal entry is not positive or a pivot falls below the tolerance.
 *
 * Scaling matters for Poisson information matrices XᵀWX whose weights span many orders of
 * magnitude (counts of 1e14 beside a count of 1): the unscaled test, relative to the largest
 * diagonal entry, calls such a matrix singular although it is well defined.
 */
export function choleskyScaled(a: Float64Array, p: number, scale: Float64Array, pivotTolerance = 1e-13): boolean {
  for (let i = 0; i < p; i++) {
    const d = a[i * p + i];
    if (!(d > 0) || !Number.isFinite(d)) return false;
    scale[i] = Math.sqrt(d);
  }
  if (reciprocal.length < p) reciprocal = new Float64Array(2 * p);
  const r = reciprocal;
  for (let i = 0; i < p; i++) r[i] = 1 / scale[i];
  // Row by row (Cholesky–Banachiewicz), scaling each entry as it is reached: L_ij = (â_ij −
  // Σ_{k<j} L_ik L_jk) / L_jj and L_ii = √(1 − Σ_{k<i} L_ik²), â the scaled matrix. The sums run
  // in the same order as the column-by-column form, so the factor is the same to the last bit; the
  // rows are contiguous in memory.
  for (let i = 0; i < p; i++) {
    const rowI = i * p;
    const si = r[i];
    let d = 1;
    for (let j = 0; j < i; j++) {
      const rowJ = j * p;
      let s = a[rowI + j] * (si * r[j]);
      for (let k = 0; k < j; k++) s -= a[rowI + k] * a[rowJ + k];
      const l = s / a[rowJ + j];
      a[rowI + j] = l;
    }
    for (let k = 0; k < i; k++) d -= a[rowI + k] * a[rowI + k];
    if (!(d > pivotTolerance)) return false;
    a[rowI + i] = Math.sqrt(d);
  }
  return true;
}

/** Solve A x = b in place of b, given the factor of {@link choleskyScaled}. */
export function choleskyScaledSolve(l: Float64Array, p: number, scale: Float64Array, b: Float64Array): void {
  for (let i = 0; i < p; i++) b[i] /= scale[i];
  choleskySolve(l, p, b);
  for (let i = 0; i < p; i++) b[i] /= scale[i];
}

/** Inverse (full symmetric p×p) of A from the factor of {@link choleskyScaled}. */
export function choleskyScaledInverse(l: Float64Array, p: number, scale: Float64Array): Float64Array {
  const inv = choleskyInverse(l, p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) inv[i * p + j] /= scale[i] * scale[j];
  return inv;
}

/** Smallest pivot of a {@link choleskyScaled} factor, squared: a lower bound on the scaled matrix's smallest eigenvalue's order. */
export function smallestScaledPivot(l: Float64Array, p: number): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let j = 0; j < p; j++) smallest = Math.min(smallest, l[j * p + j] * l[j * p + j]);
  return smallest;
}

/** Reciprocal scales of {@link psdRank}, reused (it runs one call at a time). */
let rankScale = new Float64Array(64);

/**
 * Numerical rank of a symmetric positive semi-definite p×p matrix (for example a Gram matrix XᵀX,
 * whose rank is that of X), by Cholesky with diagonal pivoting. A pivot counts when it exceeds
 * `relativeTolerance` times the largest diagonal entry, after scaling the matrix to unit diagonal
 * (a zero column of X stays zero and counts for nothing), so that the rank does not depend on the
 * units of the columns (real-valued design columns such as 2^k − 1 beside 0/1 ones). The input is
 * overwritten.
 */
export function psdRank(a: Float64Array, p: number, relativeTolerance = 1e-9): number {
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, a[i * p + i]);
  if (!(maxDiag > 0)) return 0;
  // columns that vanish (to rounding) stay zero; the others are scaled to unit norm
  if (rankScale.length < p) rankScale = new Float64Array(2 * p);
  const inverseScale = rankScale;
  for (let i = 0; i < p; i++) {
    const di = a[i * p + i];
    inverseScale[i] = di > maxDiag * 1e-300 ? 1 / Math.sqrt(di) : 0;
  }
  for (let i = 0; i < p; i++) {
    const si = inverseScale[i];
    for (let k = 0; k < p; k++) a[i * p + k] *= si * inverseScale[k];
  }
  const tol = relativeTolerance;
  for (let j = 0; j < p; j++) {
    // bring the largest remaining diagonal entry to position j (symmetric row and column swap)
    let best = j;
    for (let i = j + 1; i < p; i++) if (a[i * p + i] > a[best * p + best]) best = i;
    const pivot = a[best * p + best];
    if (!(pivot > tol)) return j;
    if (best !== j) {
      for (let k = 0; k < p; k++) {
        const t = a[j * p + k];
        a[j * p + k] = a[best * p + k];
        a[best * p + k] = t;
      }
      for (let k = 0; k < p; k++) {
        const t = a[k * p + j];
        a[k * p + j] = a[k * p + best];
        a[k * p + best] = t;
      }
    }
    // Schur complement of the trailing block (kept symmetric, lower part read)
    const inv = 1 / pivot;
    for (let i = j + 1; i < p; i++) {
      const f = a[i * p + j] * inv;
      if (f === 0) continue;
      for (let k = j + 1; k <= i; k++) a[i * p + k] -= f * a[k * p + j];
    }
    for (let i = j + 1; i < p; i++) for (let k = j + 1; k < i; k++) a[k * p + i] = a[i * p + k];
  }
  return p;
}
