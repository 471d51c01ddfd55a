/**
 * Intervals for any statistic from its bootstrap replicates and its jackknife cases: BCa (with the
 * count-weighted jackknife acceleration) and percentile, with coded warnings instead of NaN.
 */
import type { EstimateWarning, Interval, ResamplingScheme } from "../types.js";
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

/**
 * The jackknife cases of a statistic: deleting one person from a cell gives `values[c]`, a case that
 * stands for `weights[c]` people, in stratum `groups[c]` (absent: one stratum).
 */
export interface JackknifeCases {
  readonly weights: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  readonly groups?: ArrayLike<number>;
  /** Binomial scheme: each stratum's unseen people N̂_g − n_g (a deletion among them changes nothing). */
  readonly unseen?: ArrayLike<number>;
}

/**
 * The acceleration â from jackknife cases, with the influence of each deletion measured as the
 * resampling scheme asks:
 * - n fixed in every stratum (`"nonparametric"`, `"parametric"`): d_c = θ̄_g − θ̂₍c₎, centred on the
 *   count-weighted mean θ̄_g of the deletions of the case's own stratum g (Efron's K-sample
 *   acceleration: each stratum is a sample of its own). With one stratum this is
 *   {@link jackknifeAcceleration}, unchanged; pooling the strata instead would read the gap between
 *   strata' mean deletion effects (about N̂_g/n_g each, of opposite signs for a difference between
 *   strata) as skewness;
 * - n random (`"poisson"`): d_c = θ̂ − θ̂₍c₎, the influence of one person uncentred, since deleting a
 *   person is a change the Poisson scheme itself makes (n* ~ Poisson(n));
 * - n binomial given N̂ (`"binomial"`): the jackknife over all N̂_g people of each stratum, the
 *   N̂_g − n_g unseen ones a case of value θ̂ (deleting one changes nothing), centred within the
 *   stratum. Between the two above: as N̂_g/n_g grows it tends to the Poisson form.
 */
export function accelerationOf(estimate: number, jackknife: JackknifeCases, resampling: ResamplingScheme): number {
  if (resampling === "binomial" && jackknife.unseen !== undefined) {
    const unseen = jackknife.unseen;
    const groups = jackknife.groups ?? new Array<number>(jackknife.values.length).fill(0);
    const weights = [...Array.from(jackknife.weights), ...Array.from(unseen)];
    const values = [...Array.from(jackknife.values), ...Array.from(unseen, () => estimate)];
    const all = [...Array.from(groups), ...Array.from(unseen, (_, g) => g)];
    return accelerationOf(estimate, { weights, values, groups: all }, "nonparametric");
  }
  const { weights, values, groups } = jackknife;
  if (resampling !== "poisson" && (groups === undefined || new Set(Array.from(groups)).size <= 1)) {
    return jackknifeAcceleration(weights, values);
  }
  const centre = new Map<number, number>();
  if (resampling !== "poisson") {
    const sums = new Map<number, [number, number]>();
    for (let c = 0; c < values.length; c++) {
      const g = (groups as ArrayLike<number>)[c];
      const s = sums.get(g) ?? [0, 0];
      s[0] += weights[c] * values[c];
      s[1] += weights[c];
      sums.set(g, s);
    }
    for (const [g, [sum, n]] of sums) centre.set(g, sum / n);
  }
  let s2 = 0;
  let s3 = 0;
  for (let c = 0; c < values.length; c++) {
    const d = (resampling === "poisson" ? estimate : (centre.get((groups as ArrayLike<number>)[c]) as number)) - values[c];
    s2 += weights[c] * d * d;
    s3 += weights[c] * d * d * d;
  }
  return s2 === 0 ? 0 : s3 / (6 * Math.pow(s2, 1.5));
}

export function statisticIntervals(
  estimate: number,
  replicates: ArrayLike<number>,
  jackknife: JackknifeCases,
  levels: readonly number[],
  methods: readonly ("bca" | "percentile")[],
  resampling: ResamplingScheme = "nonparametric",
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
  const acceleration = jackknifeOk ? accelerationOf(estimate, jackknife, resampling) : null;
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
