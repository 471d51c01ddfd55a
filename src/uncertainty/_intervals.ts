/**
 * Intervals for any statistic from its bootstrap replicates and its jackknife cases: BCa (with the
 * count-weighted jackknife acceleration) and percentile, with coded warnings instead of NaN.
 */
import type { EstimateWarning, Interval } from "../types.js";
import { bcaInterval } from "./bcaInterval.js";
import { jackknifeAcceleration } from "./jackknifeAcceleration.js";
import { quantileType8 } from "./quantileType8.js";

export interface StatisticIntervals {
  readonly intervals: Interval[];
  readonly acceleration: number | null;
  readonly biasCorrection: number | null;
  /** Finite replicates, sorted. */
  readonly finite: Float64Array;
  readonly warnings: EstimateWarning[];
}

export function statisticIntervals(
  estimate: number,
  replicates: ArrayLike<number>,
  jackknife: { readonly weights: ArrayLike<number>; readonly values: ArrayLike<number> },
  levels: readonly number[],
  methods: readonly ("bca" | "percentile")[],
): StatisticIntervals {
  const warnings: EstimateWarning[] = [];
  const values: number[] = [];
  for (let b = 0; b < replicates.length; b++) if (Number.isFinite(replicates[b])) values.push(replicates[b]);
  const finite = Float64Array.from(values).sort();
  if (finite.length < replicates.length) {
    warnings.push({
      code: "BOOTSTRAP_INVALID_REPLICATES",
      message: `${replicates.length - finite.length} of ${replicates.length} bootstrap replicates had no model whose estimate exists and is identifiable; they are left out of the intervals`,
    });
  }
  let jackknifeOk = true;
  for (let i = 0; i < jackknife.values.length; i++) if (!Number.isFinite(jackknife.values[i])) jackknifeOk = false;
  const acceleration = jackknifeOk ? jackknifeAcceleration(jackknife.weights, jackknife.values) : null;
  const intervals: Interval[] = [];
  let biasCorrection: number | null = null;
  if (methods.includes("bca")) {
    if (acceleration === null) {
      warnings.push({
        code: "JACKKNIFE_FAILED",
        message:
          "deleting one person from some capture history left no model with a valid estimate, so the BCa acceleration is undefined and no BCa interval is given; see the percentile interval",
      });
    } else if (finite.length > 0) {
      const bca = bcaInterval(finite, estimate, acceleration, { level: levels });
      intervals.push(...bca.intervals);
      biasCorrection = bca.biasCorrection;
      warnings.push(...bca.warnings);
    }
  }
  if (methods.includes("percentile") && finite.length > 0) {
    for (const level of levels) {
      intervals.push({
        method: "percentile",
        level,
        lower: quantileType8(finite, (1 - level) / 2),
        upper: quantileType8(finite, (1 + level) / 2),
      });
    }
  }
  return { intervals, acceleration, biasCorrection, finite, warnings };
}
