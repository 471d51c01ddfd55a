/**
 * A multimodality check for MCMC draws of one positive quantity (e.g. a population size), on the
 * log scale. Two signs, either of which flags the posterior:
 * 1. **Chains disagree**: some chain's median lies outside another chain's central 80% interval
 *    (its 10% and 90% quantiles). Chains that sample one posterior have medians well inside each
 *    other's bulk; chains stuck in different modes do not.
 * 2. **The pooled draws have separated modes**: a Gaussian kernel density estimate of log θ over
 *    all draws, with Silverman's bandwidth 0.9·min(sd, IQR/1.34)·S^(−1/5) computed with the bulk
 *    effective sample size S (autocorrelated draws carry less information than their number), has
 *    two local maxima such that the density between them falls below half of the lower one and
 *    each side holds at least 5% of the draws.
 */
import { quantileSorted } from "./convergence.js";

/** What the check found. */
export interface MultimodalityCheck {
  /** True when either sign was found. */
  readonly detected: boolean;
  /** Pairs of chains (0-based) where the first's median lies outside the second's central 80%. */
  readonly disagreeingChains: readonly (readonly [number, number])[];
  /**
   * The modes of the pooled density that are separated (as above), by location; a single entry
   * when none is. `share` is the fraction of draws in the mode's basin (between the deepest
   * valleys on either side).
   */
  readonly modes: readonly { readonly location: number; readonly share: number }[];
}

/** Grid points of the density estimate. */
const GRID = 512;
/** A valley must fall below this fraction of the lower of the two peaks it separates. */
const VALLEY_RATIO = 0.5;
/** Each side of a valley must hold at least this share of the draws. */
const MIN_SHARE = 0.05;

/**
 * Check draws of a positive quantity for several modes.
 *
 * @param chains - the draws, chain by chain (positive numbers).
 * @param effectiveSize - the bulk effective sample size of the pooled draws, for the bandwidth.
 */
export function checkMultimodality(chains: readonly ArrayLike<number>[], effectiveSize: number): MultimodalityCheck {
  const logChains = chains.map((c) => Float64Array.from(c, (v) => Math.log(v)).sort());
  const disagreeingChains: [number, number][] = [];
  for (let a = 0; a < logChains.length; a++) {
    const median = quantileSorted(logChains[a], 0.5);
    for (let b = 0; b < logChains.length; b++) {
      if (a === b) continue;
      if (median < quantileSorted(logChains[b], 0.1) || median > quantileSorted(logChains[b], 0.9)) disagreeingChains.push([a, b]);
    }
  }
  const pooled = new Float64Array(logChains.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of logChains) {
    pooled.set(c, offset);
    offset += c.length;
  }
  pooled.sort();
  const modes = separatedModes(pooled, effectiveSize);
  return { detected: disagreeingChains.length > 0 || modes.length > 1, disagreeingChains, modes };
}

/** Separated modes of the kernel density of sorted values (locations back on the original scale). */
function separatedModes(sorted: Float64Array, effectiveSize: number): { location: number; share: number }[] {
  const n = sorted.length;
  const lo = sorted[0];
  const hi = sorted[n - 1];
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sorted[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const spread = Math.min(sd, iqr / 1.34) || sd;
  const size = Math.max(2, Math.min(n, effectiveSize));
  const bandwidth = 0.9 * spread * size ** -0.2;
  if (!(bandwidth > 0) || !(hi > lo)) return [{ location: Math.exp(quantileSorted(sorted, 0.5)), share: 1 }];

  // Density on a grid over [lo − 3h, hi + 3h] by binning the draws and smoothing the bins.
  const from = lo - 3 * bandwidth;
  const step = (hi + 3 * bandwidth - from) / (GRID - 1);
  const bins = new Float64Array(GRID);
  for (let i = 0; i < n; i++) {
    const x = (sorted[i] - from) / step;
    const j = Math.floor(x);
    const w = x - j;
    bins[j] += 1 - w;
    if (j + 1 < GRID) bins[j + 1] += w;
  }
  const density = new Float64Array(GRID);
  const reach = Math.ceil((4 * bandwidth) / step);
  const kernel = new Float64Array(reach + 1);
  for (let d = 0; d <= reach; d++) kernel[d] = Math.exp(-0.5 * ((d * step) / bandwidth) ** 2);
  for (let g = 0; g < GRID; g++) {
    if (bins[g] === 0) continue;
    for (let d = -reach; d <= reach; d++) {
      const k = g + d;
      if (k >= 0 && k < GRID) density[k] += bins[g] * kernel[Math.abs(d)];
    }
  }
  // Cumulative share of the draws at each grid point (from the bins).
  const cumulative = new Float64Array(GRID);
  let running = 0;
  for (let g = 0; g < GRID; g++) cumulative[g] = running += bins[g] / n;

  // Local maxima, then merge neighbours whose valley is not deep enough or whose side is too small.
  let peaks: number[] = [];
  for (let g = 1; g < GRID - 1; g++) if (density[g] > density[g - 1] && density[g] >= density[g + 1]) peaks.push(g);
  if (peaks.length === 0) peaks = [density.indexOf(Math.max(...density))];
  const valleyBetween = (a: number, b: number): number => {
    let v = a;
    for (let g = a; g <= b; g++) if (density[g] < density[v]) v = g;
    return v;
  };
  // Repeatedly join the two neighbouring peaks whose valley is the shallowest among those not
  // separated (valley below half the lower peak, ≥ 5% of the draws on each side), keeping the higher.
  for (;;) {
    let weakest = -1;
    let weakestRatio = -Infinity;
    for (let i = 0; i + 1 < peaks.length; i++) {
      const a = peaks[i];
      const b = peaks[i + 1];
      const v = valleyBetween(a, b);
      const ratio = density[v] / Math.min(density[a], density[b]);
      const left = cumulative[v] - (i > 0 ? cumulative[valleyBetween(peaks[i - 1], a)] : 0);
      const right = (i + 2 < peaks.length ? cumulative[valleyBetween(b, peaks[i + 2])] : 1) - cumulative[v];
      const separated = ratio < VALLEY_RATIO && left >= MIN_SHARE && right >= MIN_SHARE;
      if (!separated && ratio > weakestRatio) {
        weakest = i;
        weakestRatio = ratio;
      }
    }
    if (weakest < 0) break;
    peaks.splice(density[peaks[weakest]] < density[peaks[weakest + 1]] ? weakest : weakest + 1, 1);
  }
  const valleys = peaks.slice(0, -1).map((p, i) => valleyBetween(p, peaks[i + 1]));
  return peaks.map((p, i) => ({
    location: Math.exp(from + p * step),
    share: (i < valleys.length ? cumulative[valleys[i]] : 1) - (i > 0 ? cumulative[valleys[i - 1]] : 0),
  }));
}
