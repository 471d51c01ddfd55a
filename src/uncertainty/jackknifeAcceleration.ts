/**
 * The acceleration â of the BCa interval from a count-weighted delete-one-individual jackknife:
 * deleting one person from capture history c (count N_c > 0) gives the estimate θ̂₍c₎, a jackknife
 * case that stands for N_c people. With θ̄ = Σ N_c θ̂₍c₎ / n and d_c = θ̄ − θ̂₍c₎,
 *
 *   â = Σ N_c d_c³ / (6 · (Σ N_c d_c²)^{3/2}).
 *
 * @param counts - N_c of each history with a positive count.
 * @param estimates - θ̂₍c₎ for the same histories, in the same order.
 * @returns â (0 when every jackknife estimate is the same).
 * @example
 * jackknifeAcceleration([3, 1], [10, 14]) // −0.19245...
 * @see docs/methodology/bootstrap.md
 */
export function jackknifeAcceleration(counts: ArrayLike<number>, estimates: ArrayLike<number>): number {
  let n = 0;
  let mean = 0;
  for (let i = 0; i < counts.length; i++) {
    n += counts[i];
    mean += counts[i] * estimates[i];
  }
  mean /= n;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < counts.length; i++) {
    const d = mean - estimates[i];
    s2 += counts[i] * d * d;
    s3 += counts[i] * d * d * d;
  }
  if (s2 === 0) return 0;
  return s3 / (6 * Math.pow(s2, 1.5));
}
