import { autocovarianceSums } from "./fft.js";

/**
 * Convergence diagnostics of several Markov chains: split R-hat and the effective sample size, as
 * defined by Gelman et al. (2013, Bayesian Data Analysis, 3rd ed., §11.4–11.5): each chain is cut in
 * halves, so that a trend within a chain shows up as disagreement between half-chains.
 */

/** Each chain cut into two halves (the middle draw dropped when a chain has an odd length). */
function splitChains(chains: readonly ArrayLike<number>[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const chain of chains) {
    const half = Math.floor(chain.length / 2);
    out.push(Float64Array.from({ length: half }, (_, i) => chain[i]));
    out.push(Float64Array.from({ length: half }, (_, i) => chain[chain.length - half + i]));
  }
  return out;
}

interface Moments {
  readonly m: number;
  readonly n: number;
  readonly means: Float64Array;
  readonly variances: Float64Array;
  readonly within: number;
  readonly between: number;
  readonly pooled: number;
}

function moments(split: readonly Float64Array[]): Moments {
  const m = split.length;
  const n = split[0].length;
  const means = new Float64Array(m);
  const variances = new Float64Array(m);
  split.forEach((chain, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += chain[i];
    const mean = s / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (chain[i] - mean) ** 2;
    means[j] = mean;
    variances[j] = n > 1 ? v / (n - 1) : 0;
  });
  let within = 0;
  let grand = 0;
  for (let j = 0; j < m; j++) {
    within += variances[j] / m;
    grand += means[j] / m;
  }
  let between = 0;
  for (let j = 0; j < m; j++) between += (n * (means[j] - grand) ** 2) / Math.max(1, m - 1);
  const pooled = ((n - 1) / n) * within + between / n;
  return { m, n, means, variances, within, between, pooled };
}

/**
 * Split R-hat: sqrt(var⁺ / W) over the half-chains, with W the mean within-half variance and
 * var⁺ = (n−1)/n·W + B/n. Returns 1 when every draw of every chain is the same number, and null when
 * the halves are each constant but differ (the chains never moved between the values they hold).
 *
 * @param chains - two or more chains of equal length ≥ 4.
 */
export function splitRhat(chains: readonly ArrayLike<number>[]): number | null {
  const s = moments(splitChains(chains));
  if (s.within === 0) return s.between === 0 ? 1 : null;
  return Math.sqrt(s.pooled / s.within);
}

/**
 * Effective sample size over all chains: m·n / (1 + 2 Σ_t ρ̂_t), with the combined autocorrelation
 * ρ̂_t = 1 − (W − mean_j s_j² ρ̂_{t,j}) / var⁺ of the half-chains, summed in Geyer's (1992) initial
 * positive monotone sequence of pairs. Returns m·n when every draw is the same number (no
 * information about mixing is left to lose), and 0 when the chains never moved between the values
 * they hold.
 */
export function effectiveSampleSize(chains: readonly ArrayLike<number>[]): number {
  const split = splitChains(chains);
  const s = moments(split);
  const { m, n } = s;
  if (s.within === 0) return s.between === 0 ? m * n : 0;
  // autocovariances of each half-chain (divisor n, as in the references), by FFT
  const acov = split.map((chain, j) => autocovarianceSums(Float64Array.from(chain, (v) => v - s.means[j])));
  const rho = (t: number): number => {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += acov[j][t] / n;
    return 1 - (s.within - sum / m) / s.pooled;
  };
  // Geyer: pairs P_k = ρ_{2k} + ρ_{2k+1} while positive, made monotone non-increasing
  let tau = -1;
  let previous = Infinity;
  for (let k = 0; 2 * k + 1 < n; k++) {
    let pair = rho(2 * k) + rho(2 * k + 1);
    if (!(pair > 0)) break;
    if (pair > previous) pair = previous;
    previous = pair;
    tau += 2 * pair;
  }
  return (m * n) / Math.max(tau, 1 / (m * n));
}
