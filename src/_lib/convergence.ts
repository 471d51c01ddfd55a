/**
 * Convergence diagnostics of MCMC chains from Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021),
 * "Rank-normalization, folding, and localization: an improved R̂ for assessing convergence of
 * MCMC", Bayesian Analysis 16(2):667–718, doi:10.1214/20-BA1221:
 * - split R̂ on rank-normalised draws, the larger of the bulk (the draws) and the tail (the draws
 *   folded about their median) versions;
 * - bulk effective sample size: the ESS of the rank-normalised split chains;
 * - tail effective sample size: the smaller ESS of the indicators I(θ ≤ q₀.₀₅) and I(θ ≤ q₀.₉₅);
 * - the ESS uses the multi-chain autocorrelation ρ_t = 1 − (W − mean_m acov_{t,m}) / var⁺ and
 *   Geyer's initial monotone sequence (sums of pairs of autocorrelations while positive, made
 *   non-increasing); τ is bounded below by 1/log₁₀(MN), as in the paper's reference code.
 * Checked against the R package posterior 1.4.0 (tests/fixtures/convergence).
 */
import { standardNormalQuantile } from "./distributions.js";

/** Split R̂, bulk and tail ESS of one quantity over several chains. */
export interface ConvergenceSummary {
  /** max(bulk R̂, folded R̂) of the rank-normalised split chains; 1 when every draw is equal. */
  readonly rhat: number;
  /** Bulk effective sample size; the number of draws when every draw is equal. */
  readonly essBulk: number;
  /** Tail effective sample size (5% and 95% quantiles); the number of draws when every draw is equal. */
  readonly essTail: number;
}

/**
 * R̂, bulk ESS and tail ESS of one quantity, from its draws chain by chain (every chain the same
 * length, at least 4 draws).
 */
export function convergenceSummary(chains: readonly ArrayLike<number>[]): ConvergenceSummary {
  const split = splitChains(chains);
  const total = split.length * split[0].length;
  if (allEqual(split)) return { rhat: 1, essBulk: total, essTail: total };
  const ranked = rankNormalise(split);
  const median = medianOf(split);
  const folded = rankNormalise(split.map((c) => c.map((v) => Math.abs(v - median))));
  const rhat = Math.max(rhatOf(ranked), rhatOf(folded));
  const essBulk = essOf(ranked);
  const lower = quantileOf(split, 0.05);
  const upper = quantileOf(split, 0.95);
  const essTail = Math.min(
    essOf(split.map((c) => c.map((v) => (v <= lower ? 1 : 0)))),
    essOf(split.map((c) => c.map((v) => (v <= upper ? 1 : 0)))),
  );
  return { rhat, essBulk, essTail };
}

/** Each chain cut into its first and second halves (the middle draw dropped when the length is odd). */
export function splitChains(chains: readonly ArrayLike<number>[]): Float64Array[] {
  const n = chains[0].length;
  const half = Math.floor(n / 2);
  const out: Float64Array[] = [];
  for (const chain of chains) {
    const c = Float64Array.from(chain);
    out.push(c.slice(0, half), c.slice(n - half));
  }
  return out;
}

/**
 * Rank normalisation: every draw replaced by Φ⁻¹((r − 3/8)/(S + 1/4)), r its rank among all S
 * draws (ties get their average rank).
 */
export function rankNormalise(chains: readonly Float64Array[]): Float64Array[] {
  const n = chains[0].length;
  const total = chains.length * n;
  const values = new Float64Array(total);
  chains.forEach((c, m) => values.set(c, m * n));
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const z = new Float64Array(total);
  for (let i = 0; i < total; ) {
    let j = i;
    while (j + 1 < total && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1; // average 1-based rank of the ties i … j
    const score = standardNormalQuantile((rank - 0.375) / (total + 0.25));
    for (let k = i; k <= j; k++) z[order[k]] = score;
    i = j + 1;
  }
  return chains.map((_, m) => z.slice(m * n, (m + 1) * n));
}

/** Classic R̂ = √(var⁺/W) of equally long chains. */
export function rhatOf(chains: readonly ArrayLike<number>[]): number {
  const { within, plus } = variances(chains);
  return within > 0 ? Math.sqrt(plus / within) : 1;
}

/** Effective sample size of equally long chains (Geyer's initial monotone sequence). */
export function essOf(chains: readonly ArrayLike<number>[]): number {
  const M = chains.length;
  const n = chains[0].length;
  const total = M * n;
  const { within, plus, means } = variances(chains);
  if (!(within > 0)) return total;
  // Mean over chains of the (biased, divide-by-n) autocovariance at lag t.
  const autocovariance = (t: number): number => {
    let sum = 0;
    for (let m = 0; m < M; m++) {
      const c = chains[m];
      const mean = means[m];
      let s = 0;
      for (let i = 0; i + t < n; i++) s += (c[i] - mean) * (c[i + t] - mean);
      sum += s / n;
    }
    return sum / M;
  };
  const rho = (t: number): number => (t === 0 ? 1 : 1 - (within - autocovariance(t)) / plus);
  // Geyer's initial positive sequence: pairs (ρ_{t+1}, ρ_{t+2}), t = 1, 3, 5, … are computed while
  // the previous pair's sum is > 0 (and kept when their own is ≥ 0). τ sums every pair before the
  // last one computed, plus that last pair's first term once when it is positive (the paper's
  // improved estimate); the pairs are first made non-increasing. This is the convention of the
  // authors' R package posterior, which the tests reproduce.
  const kept = new Float64Array(n + 1);
  kept[0] = 1;
  let even = 1;
  let odd = rho(1);
  kept[1] = odd;
  let t = 1;
  while (t < n - 4 && even + odd > 0) {
    even = rho(t + 1);
    odd = rho(t + 2);
    if (even + odd >= 0) {
      kept[t + 1] = even;
      kept[t + 2] = odd;
    }
    t += 2;
  }
  const last = t; // odd lag of the last pair computed; its first lag is last − 1
  if (even > 0) kept[last - 1] = even;
  for (let u = 1; u <= last - 3; u += 2) {
    if (kept[u + 1] + kept[u + 2] > kept[u - 1] + kept[u]) kept[u + 1] = kept[u + 2] = (kept[u - 1] + kept[u]) / 2;
  }
  let sum = 0;
  for (let u = 0; u <= last - 2; u++) sum += kept[u];
  const tau = Math.max(-1 + 2 * sum + kept[last - 1], 1 / Math.log10(total));
  return total / tau;
}

/** Within-chain variance W, var⁺ = (n − 1)/n·W + B/n, and the chain means. */
function variances(chains: readonly ArrayLike<number>[]): { within: number; plus: number; means: Float64Array } {
  const M = chains.length;
  const n = chains[0].length;
  const means = new Float64Array(M);
  let within = 0;
  for (let m = 0; m < M; m++) {
    const c = chains[m];
    let mean = 0;
    for (let i = 0; i < n; i++) mean += c[i];
    mean /= n;
    means[m] = mean;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (c[i] - mean) ** 2;
    within += ss / (n - 1);
  }
  within /= M;
  let grand = 0;
  for (let m = 0; m < M; m++) grand += means[m];
  grand /= M;
  let between = 0;
  for (let m = 0; m < M; m++) between += (means[m] - grand) ** 2;
  between = M > 1 ? (n * between) / (M - 1) : 0;
  return { within, plus: ((n - 1) / n) * within + between / n, means };
}

function allEqual(chains: readonly Float64Array[]): boolean {
  const first = chains[0][0];
  return chains.every((c) => c.every((v) => v === first));
}

/** Median of all draws pooled: the middle draw, or the mean of the two middle ones. */
function medianOf(chains: readonly Float64Array[]): number {
  const all = new Float64Array(chains.length * chains[0].length);
  chains.forEach((c, m) => all.set(c, m * c.length));
  all.sort();
  const mid = all.length >> 1;
  return all.length % 2 === 1 ? all[mid] : (all[mid - 1] + all[mid]) / 2;
}

/** Quantile (type 7) of all draws pooled. */
function quantileOf(chains: readonly Float64Array[], p: number): number {
  const all = new Float64Array(chains.length * chains[0].length);
  chains.forEach((c, m) => all.set(c, m * c.length));
  all.sort();
  return quantileSorted(all, p);
}

/** Quantile of sorted values by linear interpolation between order statistics (R's type 7). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
