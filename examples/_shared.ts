/**
 * Small helpers shared by the examples: number formatting and the truth of the synthetic dataset.
 * Nothing statistical happens here.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import type { BootstrapDetails, IntervalExtras, Interval } from "../src/index.js";

/** 11312.99 → "11,313". */
export const int = (x: number | null | undefined): string =>
  x === null || x === undefined ? "–" : Math.round(x).toLocaleString("en-US");

/** The first interval of a method and level (default: 95% BCa), or undefined. */
export function pick(intervals: readonly Interval[], method = "bca", level = 0.95): Interval | undefined {
  return intervals.find((i) => i.method === method && Math.abs(i.level - level) < 1e-12);
}

/** "[11,168, 56,052]" */
export const range = (i: Interval | undefined): string => (i ? `[${int(i.lower)}, ${int(i.upper)}]` : "[–]");

/** "11,313 [8,785, 14,701]" from an estimate and its 95% BCa interval. */
export const withBca = (estimate: number | null, intervals: readonly Interval[]): string =>
  `${int(estimate)} ${range(pick(intervals))}`;

/** The intervals of a result, or none when it has no estimate (a NoModelEstimate carries none). */
export const intervalsOf = (r: object): readonly Interval[] => ("intervals" in r ? (r.intervals as readonly Interval[]) : []);

/** The bootstrap details of a result with a bootstrap interval, or undefined. */
export const bootstrapOf = (r: IntervalExtras): BootstrapDetails | undefined =>
  r.uncertainty?.method === "bootstrap" ? r.uncertainty : undefined;

/** Does the interval contain x? */
export const covers = (i: Interval | undefined, x: number): boolean => i !== undefined && i.lower <= x && x <= i.upper;

/**
 * The adjusted level α′ = Φ(z0 + w / (1 − â·w)), w = z0 + Φ⁻¹(α), at which BCa reads the
 * bootstrap replicates for its limit at nominal level α (Efron 1987). When α′ < 2/B the limit is
 * the smallest (or second smallest) of B replicates: a sample minimum, not a stable quantile.
 */
export function adjustedLevel(z0: number, a: number, alpha: number): number {
  const w = z0 + normalQuantile(alpha, 0, 1);
  return normalCdf(z0 + w / (1 - a * w), 0, 1);
}

/**
 * The truth behind `synthetic_regions_years`, copied from datasets/synthetic_regions_years/README.md
 * (population of each region × year cell, made by scripts/make-synthetic.ts with seed 20261127).
 */
export const TRUTH: Record<string, Record<string, number>> = {
  north: { "2021": 1800, "2022": 2000, "2023": 2300 },
  south: { "2021": 1200, "2022": 1300, "2023": 1500 },
};

/** True population of a region (all years). */
export const truthOfRegion = (region: string): number => Object.values(TRUTH[region]).reduce((a, b) => a + b, 0);

/** True population of a year (all regions). */
export const truthOfYear = (year: string): number => Object.values(TRUTH).reduce((a, r) => a + r[year], 0);

/** Least-squares slope of y on x. */
export function slope(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  x.forEach((xi, k) => {
    sxy += (xi - mx) * (y[k] - my);
    sxx += (xi - mx) ** 2;
  });
  return sxy / sxx;
}
