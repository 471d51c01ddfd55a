/**
 * Private: the distribution of the match weight of a matching pair under the fitted model, by
 * convolution of the comparisons' weight distributions — for the model's estimate of how many
 * matching pairs fall below the threshold (missed links) or below the probability floor (matches
 * the linkage cannot see at all).
 */

/** One field's weight distribution among matching pairs: weights with probabilities (summing to 1). */
export type WeightLaw = readonly (readonly [weight: number, probability: number])[];

/** Grid step of the convolution, in bits (weights are rounded to it: P(weight < x) is off by at most the mass within 1/32 bit of x). */
const STEP = 1 / 16;

/**
 * The weight law of comparison k for a matching pair: missing with probability `missing` (weight
 * 0); else level l with probability m[l] and weight `weights[l]`, the exact level (l = 0) further
 * spread by the term-frequency adjustments `tf` (adjustment, probability) when given.
 */
export function comparisonLaw(
  m: readonly number[],
  weights: readonly number[],
  missing: number,
  tf?: readonly (readonly [adjustment: number, probability: number])[],
): WeightLaw {
  const law: [number, number][] = [[0, missing]];
  m.forEach((p, l) => {
    if (l === 0 && tf && tf.length > 0) for (const [a, q] of tf) law.push([weights[0] + a, (1 - missing) * p * q]);
    else law.push([weights[l], (1 - missing) * p]);
  });
  return law;
}

/**
 * P(prior + Σ_k W_k < x) for each x in `cuts`, the W_k independent with the given laws (the
 * model's conditional independence among matches). Weights are put on a grid of 1/16 bit.
 */
export function probabilityBelow(prior: number, laws: readonly WeightLaw[], cuts: readonly number[]): number[] {
  // Each law on the grid (equal grid points merged), then a dense convolution.
  const gridded = laws.map((law) => {
    const merged = new Map<number, number>();
    for (const [w, p] of law) if (p > 0) merged.set(Math.round(w / STEP), (merged.get(Math.round(w / STEP)) ?? 0) + p);
    return [...merged.entries()];
  });
  let low = 0;
  let dist = new Float64Array([1]);
  for (const law of gridded) {
    if (law.length === 0) continue;
    const lawLow = Math.min(...law.map(([g]) => g));
    const lawHigh = Math.max(...law.map(([g]) => g));
    const next = new Float64Array(dist.length + lawHigh - lawLow);
    for (const [g, p] of law) {
      const shift = g - lawLow;
      for (let i = 0; i < dist.length; i++) next[i + shift] += p * dist[i];
    }
    dist = next;
    low += lawLow;
  }
  return cuts.map((x) => {
    let below = 0;
    for (let i = 0; i < dist.length; i++) if (prior + (low + i) * STEP < x) below += dist[i];
    return Math.min(1, Math.max(0, below));
  });
}
