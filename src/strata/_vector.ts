/**
 * Private: the bootstrap of a vector of stratum estimates, and the intervals of any statistic of
 * it (a stratum, the total, a change between periods, a slope).
 */
import type { EstimateWarning, Interval, ResamplingScheme } from "../types.js";
import type { BootstrapRun } from "../uncertainty/_runBootstrap.js";
import { statisticIntervals } from "../uncertainty/_intervals.js";

/**
 * Bootstrap output for a vector of stratum estimates: the estimates, each replicate's vector, and
 * the jackknife cases (a weight — the count of the cell a person was deleted from — and the
 * vector of estimates after the deletion).
 */
export interface VectorBootstrap {
  readonly estimates: readonly number[];
  readonly replicates: readonly Float64Array[];
  /** Each jackknife case: its weight, its stratum, and the vector of estimates after the deletion. */
  readonly jackknife: readonly { readonly weight: number; readonly group: number; readonly estimates: readonly number[] }[];
  /** How the replicates were drawn (it decides how the jackknife measures influence). */
  readonly resampling: ResamplingScheme;
  /** Binomial scheme: each stratum's unseen people N̂_g − n_g. */
  readonly unseen?: readonly number[];
}

/** The vector bootstrap of independent post-stratified runs (one per stratum): a deletion changes one stratum only. */
export function vectorFromRuns(runs: readonly BootstrapRun[]): VectorBootstrap {
  const estimates = runs.map((b) => b.original[b.rows - 1]);
  const B = runs.length > 0 ? runs[0].settings.replicates : 0;
  const rows = runs.map((b) => ({ replicates: b.replicateRow(b.rows - 1), jackknife: b.jackknifeRow(b.rows - 1) }));
  const replicates: Float64Array[] = [];
  for (let i = 0; i < B; i++) replicates.push(Float64Array.from(rows, (r) => r.replicates[i]));
  const jackknife: { weight: number; group: number; estimates: number[] }[] = [];
  rows.forEach((r, s) => {
    for (let j = 0; j < r.jackknife.values.length; j++) {
      const replaced = estimates.slice();
      replaced[s] = r.jackknife.values[j];
      jackknife.push({ weight: r.jackknife.weights[j], group: s, estimates: replaced });
    }
  });
  const unseen = runs.map((r) => r.jackknifeRow(r.rows - 1).unseen?.[0]);
  return {
    estimates,
    replicates,
    jackknife,
    resampling: runs.length > 0 ? runs[0].settings.resampling : "nonparametric",
    ...(unseen.every((u) => u !== undefined) && unseen.length > 0 ? { unseen: unseen as number[] } : {}),
  };
}

/** The vector bootstrap of a stratified family's run: one row per stratum. */
export function vectorFromRun(run: BootstrapRun): VectorBootstrap {
  const rows = Array.from({ length: run.rows }, (_, k) => ({ replicates: run.replicateRow(k), jackknife: run.jackknifeRow(k) }));
  const B = run.settings.replicates;
  const replicates: Float64Array[] = [];
  for (let b = 0; b < B; b++) replicates.push(Float64Array.from(rows, (r) => r.replicates[b]));
  const nJack = rows.length > 0 ? rows[0].jackknife.values.length : 0;
  const jackknife = Array.from({ length: nJack }, (_, j) => ({
    weight: rows[0].jackknife.weights[j],
    group: rows[0].jackknife.groups[j],
    estimates: rows.map((r) => r.jackknife.values[j]),
  }));
  const unseen = rows.length > 0 ? rows[0].jackknife.unseen : undefined;
  return { estimates: Array.from(run.original), replicates, jackknife, resampling: run.settings.resampling, ...(unseen ? { unseen } : {}) };
}

/** A statistic of the stratum estimates with its replicates and jackknife cases. */
export function sumStatistic(
  vector: VectorBootstrap,
  statistic: (estimates: ArrayLike<number>) => number,
): { estimate: number; replicates: Float64Array; jackknife: { weights: number[]; values: Float64Array; groups: number[]; unseen?: readonly number[] } } {
  return {
    estimate: statistic(vector.estimates),
    replicates: Float64Array.from(vector.replicates, (r) => statistic(r)),
    jackknife: {
      weights: vector.jackknife.map((c) => c.weight),
      values: Float64Array.from(vector.jackknife, (c) => statistic(c.estimates)),
      groups: vector.jackknife.map((c) => c.group),
      ...(vector.unseen ? { unseen: vector.unseen } : {}),
    },
  };
}

/** BCa/percentile intervals of a statistic of the vector. */
export function vectorIntervals(
  vector: VectorBootstrap,
  statistic: (estimates: ArrayLike<number>) => number,
  levels: readonly number[],
  methods: readonly ("bca" | "percentile")[],
): { intervals: Interval[]; warnings: EstimateWarning[] } {
  const s = sumStatistic(vector, statistic);
  return statisticIntervals(s.estimate, s.replicates, s.jackknife, levels, methods, vector.resampling);
}

/** The sum of the values. */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
