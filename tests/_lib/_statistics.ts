/**
 * Test statistics for checking random draws: z-scores of sample moments against exact moments,
 * Pearson's chi-square for discrete draws and Kolmogorov–Smirnov for continuous ones.
 */
import gammainc from "@stdlib/math-base-special-gammainc";
import { logGamma } from "../../src/_lib/distributions.js";

/** Exact mean, variance and third central moment of a distribution. */
export interface Moments {
  readonly mean: number;
  readonly variance: number;
  readonly third: number;
}

/**
 * z-scores of the sample mean, variance and third central moment against exact ones. The standard
 * errors come from the delta method with the sample's own higher moments (Kendall & Stuart):
 * Var(mean) = μ₂/n, Var(m₂) ≈ (μ₄ − μ₂²)/n, Var(m₃) ≈ (μ₆ − μ₃² − 6μ₄μ₂ + 9μ₂³)/n.
 */
export function momentZScores(sample: ArrayLike<number>, exact: Moments): { mean: number; variance: number; third: number } {
  const n = sample.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += sample[i];
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let m6 = 0;
  for (let i = 0; i < n; i++) {
    const d = sample[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    m6 += d2 * d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  m6 /= n;
  const seMean = Math.sqrt(m2 / n);
  const seVariance = Math.sqrt(Math.max(m4 - m2 * m2, 0) / n);
  const seThird = Math.sqrt(Math.max(m6 - m3 * m3 - 6 * m4 * m2 + 9 * m2 * m2 * m2, 0) / n);
  const z = (value: number, target: number, se: number): number => (se > 0 ? (value - target) / se : value === target ? 0 : Infinity);
  return {
    mean: z(mean, exact.mean, seMean),
    variance: z(m2 * (n / (n - 1)), exact.variance, seVariance),
    third: z(m3, exact.third, seThird),
  };
}

/** Sample correlation of two equally long samples. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Upper tail of the chi-square distribution with `df` degrees of freedom. */
export function chiSquareUpperTail(statistic: number, df: number): number {
  return gammainc(statistic / 2, df / 2, true, true);
}

/**
 * Pearson's chi-square test of whole-number draws against a probability mass function on 0, 1, 2, …
 * Values are binned from 0 upwards until each bin expects at least `minExpected` draws; the last bin
 * takes the upper tail (1 − the mass of the others). `negligibleBelow` skips summing the pmf over
 * values whose total mass is negligible (e.g. below mean − 12 sd): they join the first bin with
 * mass 0. Returns the statistic, df and p-value.
 */
export function chiSquareDiscrete(
  sample: ArrayLike<number>,
  pmf: (k: number) => number,
  negligibleBelow = 0,
  minExpected = 5,
): { statistic: number; df: number; pValue: number; bins: number } {
  const n = sample.length;
  let maxValue = 0;
  for (let i = 0; i < n; i++) if (sample[i] > maxValue) maxValue = sample[i];
  const observed = new Float64Array(maxValue + 2);
  for (let i = 0; i < n; i++) observed[sample[i]] += 1;
  // Bin edges: [start, end) on values, each with expected ≥ minExpected.
  const bins: { start: number; end: number; probability: number }[] = [];
  let start = 0;
  let probability = 0;
  let used = 0;
  for (let k = Math.max(0, Math.floor(negligibleBelow)); ; k++) {
    probability += pmf(k);
    const remaining = 1 - used - probability;
    if (probability * n >= minExpected && remaining * n >= minExpected) {
      bins.push({ start, end: k + 1, probability });
      used += probability;
      start = k + 1;
      probability = 0;
    } else if (remaining * n < minExpected) {
      break;
    }
  }
  bins.push({ start, end: Infinity, probability: 1 - used });
  let statistic = 0;
  for (const bin of bins) {
    let count = 0;
    for (let k = bin.start; k < Math.min(bin.end, observed.length); k++) count += observed[k];
    const expected = bin.probability * n;
    statistic += (count - expected) ** 2 / expected;
  }
  const df = bins.length - 1;
  return { statistic, df, pValue: chiSquareUpperTail(statistic, df), bins: bins.length };
}

/** Chi-square test of counts per category against probabilities (all categories expected ≥ 5). */
export function chiSquareCounts(counts: ArrayLike<number>, probabilities: ArrayLike<number>): { statistic: number; df: number; pValue: number } {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i];
  let statistic = 0;
  let df = -1;
  for (let i = 0; i < counts.length; i++) {
    if (probabilities[i] === 0) continue;
    const expected = n * probabilities[i];
    statistic += (counts[i] - expected) ** 2 / expected;
    df++;
  }
  return { statistic, df, pValue: chiSquareUpperTail(statistic, df) };
}

/**
 * One-sample Kolmogorov–Smirnov test against a continuous CDF; the p-value from Kolmogorov's
 * limiting distribution with Stephens' small-sample correction (√n + 0.12 + 0.11/√n)·D.
 */
export function kolmogorovSmirnov(sample: ArrayLike<number>, cdf: (x: number) => number): { statistic: number; pValue: number } {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  const root = Math.sqrt(n);
  const t = (root + 0.12 + 0.11 / root) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * t * t);
  return { statistic: d, pValue: Math.min(1, Math.max(0, p)) };
}

/** log of the binomial pmf. */
export function logBinomialPmf(k: number, n: number, p: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/** log of the Poisson pmf. */
export function logPoissonPmf(k: number, mean: number): number {
  return k * Math.log(mean) - mean - logGamma(k + 1);
}

/** log of the negative binomial pmf (failures before `size` successes). */
export function logNegativeBinomialPmf(k: number, size: number, p: number): number {
  return logGamma(k + size) - logGamma(size) - logGamma(k + 1) + size * Math.log(p) + k * Math.log1p(-p);
}

/** Regularised lower incomplete gamma P(a, x): the Gamma(a, 1) CDF at x. */
export function gammaCdf(x: number, shape: number, rate = 1): number {
  return x <= 0 ? 0 : gammainc(x * rate, shape, true, false);
}

/** Draw `n` values with `draw` into a Float64Array. */
export function sampleOf(n: number, draw: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw();
  return out;
}
