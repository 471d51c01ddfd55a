/**
 * Private: the distribution of the match weight of a matching pair under the fitted model, by
 * convolution of the comparisons' weight distributions — for the model's estimate of how many
 * matching pairs fall below the threshold (missed links) or below the probability floor (matches
 * the linkage cannot see at all).
 */

/** One field's weight distribution among matching pairs: weights with probabilities (summing to 1). */
export type WeightLaw = readonly (readonly [weight: number, probability: number])[];

/** Grid step of the convolution, in bits. */
const STEP = 1 / 64;

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
 * model's conditional independence among matches). Weights are put on a grid of 1/64 bit.
 */
export function probabilityBelow(prior: number, laws: readonly WeightLaw[], cuts: readonly number[]): number[] {
  let dist = new Map<number, number>([[0, 1]]);
  for (const law of laws) {
    const next = new Map<number, number>();
    for (const [w, p] of law) {
      if (p <= 0) continue;
      const g = Math.round(w / STEP);
      for (const [k, q] of dist) next.set(k + g, (next.get(k + g) ?? 0) + p * q);
    }
    dist = next;
  }
  return cuts.map((x) => {
    let below = 0;
    for (const [k, p] of dist) if (prior + k * STEP < x) below += p;
    return Math.min(1, Math.max(0, below));
  });
}
