/**
 * Sample quantile of Hyndman & Fan (1996) type 8, approximately median-unbiased whatever the
 * distribution, R's `quantile(x, p, type = 8)`: with n sorted values x₁ ≤ … ≤ xₙ,
 * h = (n + 1/3)·p + 1/3, Q(p) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋), clamped to x₁ and xₙ.
 *
 * @param sorted - the values in increasing order (at least one, all finite).
 * @param p - the probability, in [0, 1].
 * @returns the quantile.
 * @example
 * quantileType8([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileType8(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const h = (n + 1 / 3) * p + 1 / 3;
  // R adds 4·eps before taking the floor so that exact grid points are not lost to rounding
  const j = Math.floor(h + 4 * Number.EPSILON);
  const g = h - j;
  if (j < 1) return sorted[0];
  if (j >= n) return sorted[n - 1];
  const lower = sorted[j - 1];
  const upper = sorted[j];
  return g === 0 ? lower : lower + g * (upper - lower);
}
