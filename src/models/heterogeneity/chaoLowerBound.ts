import type { CaptureData, EstimateWarning, Interval } from "../../types.js";
import { OptionError } from "../../errors.js";
import { standardNormalQuantile } from "../../_lib/distributions.js";
import { validateLevels } from "../../_lib/validate.js";
import { countsByCapturesFromCaptureData, type CountsByCaptures } from "./countsByCaptures.js";

/** Options of {@link chaoLowerBound} and {@link zeltermanEstimate}. */
export interface FrequencyEstimatorOptions {
  /**
   * Number of lists or occasions t for Chao's finite-t factor (t − 1)/t. Default: the number of
   * lists for capture data, ∞ (factor 1) for counts by number of captures.
   */
  readonly occasions?: number;
  /** Level(s) of the log-normal intervals (Chao 1987). Default 0.95. */
  readonly level?: number | readonly number[];
}

/** A closed-form estimate from the frequencies of people seen once and twice. */
export interface FrequencyEstimate {
  /** Discriminant of the result kind. */
  readonly kind: "chao-lower-bound" | "zelterman";
  /** Estimated total population; `null` when not defined (see `warnings`). */
  readonly estimate: number | null;
  /** People observed (n). */
  readonly observed: number;
  /** Estimated number seen by nobody; `null` with `estimate`. */
  readonly unobserved: number | null;
  /** Standard error of the estimate; `null` with `estimate`. */
  readonly standardError: number | null;
  /** Log-normal intervals n + f̂0/C, n + f̂0·C (Chao 1987), one per level. */
  readonly intervals: readonly Interval[];
  /** People seen exactly once (f1) and exactly twice (f2). */
  readonly singletons: number;
  /** People seen exactly twice (f2). */
  readonly doubletons: number;
  /** `NO_DOUBLETONS` when f2 = 0 (Chao: the bias-corrected form is used; Zelterman: undefined). */
  readonly warnings: readonly EstimateWarning[];
}

function frequenciesOf(data: CaptureData | CountsByCaptures): [CountsByCaptures, number] {
  if ("lists" in data) return [countsByCapturesFromCaptureData(data), data.lists.length];
  return [data, Number.POSITIVE_INFINITY];
}

function occasionsFactor(options: FrequencyEstimatorOptions, fallback: number, largest: number): number {
  const t = options.occasions ?? fallback;
  if (!(t === Number.POSITIVE_INFINITY || (Number.isInteger(t) && t >= 2 && t >= largest))) {
    throw new OptionError(`\`occasions\` must be an integer of at least 2 (and at least the largest number of captures, ${largest}) or Infinity; received ${String(t)}`);
  }
  return t === Number.POSITIVE_INFINITY ? 1 : (t - 1) / t;
}

/** Chao's (1987) log-normal interval for a total n + f̂0 with variance v. */
export function logNormalIntervals(n: number, f0: number, variance: number, levels: readonly number[], method: string): Interval[] {
  return levels.map((level) => {
    const z = standardNormalQuantile((1 + level) / 2);
    if (!(f0 > 0) || !(variance > 0)) return { method, level, lower: n + f0, upper: n + f0 };
    const c = Math.exp(z * Math.sqrt(Math.log(1 + variance / (f0 * f0))));
    return { method, level, lower: n + f0 / c, upper: n + f0 * c };
  });
}

/**
 * Chao's (1987) lower bound for the population: n + A·f1²/(2·f2), with f1, f2 the numbers of people
 * seen on exactly one and exactly two lists and A = (t − 1)/t; its variance
 * f2·[A²(f1/f2)⁴/4 + A²(f1/f2)³ + A(f1/f2)²/2]. When f2 = 0 the bias-corrected form
 * n + A·f1(f1 − 1)/(2(f2 + 1)) and its variance are used, with a `NO_DOUBLETONS` warning.
 *
 * Under heterogeneous capture probabilities it estimates a lower bound of the population, not the
 * population: for trafficking data read it as "at least this many" (see the methodology page).
 *
 * @param data - capture data, or counts by number of captures.
 * @param options - see {@link FrequencyEstimatorOptions}.
 * @returns the estimate, its standard error and log-normal intervals.
 * @throws {OptionError} for a bad `occasions` or level.
 * @example
 * chaoLowerBound(ukdat5).estimate // 14642.19 = 2744 + 0.8·2523²/(2·214)
 * @see docs/methodology/heterogeneity.md
 */
export function chaoLowerBound(data: CaptureData | CountsByCaptures, options: FrequencyEstimatorOptions = {}): FrequencyEstimate {
  const [counts, t] = frequenciesOf(data);
  const levels = validateLevels(options.level);
  const a = occasionsFactor(options, t, lastPositive(counts));
  const n = counts.observed;
  const f1 = counts.frequencies[0] ?? 0;
  const f2 = counts.frequencies[1] ?? 0;
  const warnings: EstimateWarning[] = [];
  let f0: number;
  let variance: number;
  if (f2 > 0) {
    const r = f1 / f2;
    f0 = (a * f1 * f1) / (2 * f2);
    variance = f2 * ((a * a * r ** 4) / 4 + a * a * r ** 3 + (a * r * r) / 2);
  } else {
    warnings.push({
      code: "NO_DOUBLETONS",
      message: "nobody was seen exactly twice: the bias-corrected form A·f1(f1 − 1)/(2(f2 + 1)) is used",
    });
    f0 = (a * f1 * (f1 - 1)) / 2;
    variance = (a * f1 * (f1 - 1)) / 2 + (a * a * f1 * (2 * f1 - 1) ** 2) / 4;
  }
  return {
    kind: "chao-lower-bound",
    estimate: n + f0,
    observed: n,
    unobserved: f0,
    standardError: Math.sqrt(variance),
    intervals: logNormalIntervals(n, f0, variance, levels, "lognormal"),
    singletons: f1,
    doubletons: f2,
    warnings,
  };
}

/**
 * Zelterman's (1988) estimator: with λ̂ = 2·f2/f1 (a Poisson rate estimated from the people seen
 * once and twice only, robust to heterogeneity among the often-seen), N̂ = n/(1 − e^−λ̂); variance
 * by conditioning (Böhning 2008): n·e^−λ/(1 − e^−λ)² + n²λ²e^−2λ(1/f1 + 1/f2)/(1 − e^−λ)⁴.
 *
 * @param data - capture data, or counts by number of captures.
 * @param options - see {@link FrequencyEstimatorOptions} (`occasions` is not used).
 * @returns the estimate, its standard error and log-normal intervals; `null` with `NO_DOUBLETONS`
 *   when f1 or f2 is zero.
 * @throws {OptionError} for a bad level.
 * @example
 * zeltermanEstimate(ukdat5).estimate
 * @see docs/methodology/heterogeneity.md
 */
export function zeltermanEstimate(data: CaptureData | CountsByCaptures, options: FrequencyEstimatorOptions = {}): FrequencyEstimate {
  const [counts] = frequenciesOf(data);
  const levels = validateLevels(options.level);
  const n = counts.observed;
  const f1 = counts.frequencies[0] ?? 0;
  const f2 = counts.frequencies[1] ?? 0;
  if (f1 === 0 || f2 === 0) {
    return {
      kind: "zelterman",
      estimate: null,
      observed: n,
      unobserved: null,
      standardError: null,
      intervals: [],
      singletons: f1,
      doubletons: f2,
      warnings: [
        {
          code: "NO_DOUBLETONS",
          message: `Zelterman's estimator needs people seen once and twice; f1 = ${f1}, f2 = ${f2}`,
        },
      ],
    };
  }
  const lambda = (2 * f2) / f1;
  const miss = Math.exp(-lambda);
  const seen = 1 - miss;
  const estimate = n / seen;
  const variance = (n * miss) / (seen * seen) + (n * n * lambda * lambda * miss * miss * (1 / f1 + 1 / f2)) / seen ** 4;
  return {
    kind: "zelterman",
    estimate,
    observed: n,
    unobserved: estimate - n,
    standardError: Math.sqrt(variance),
    intervals: logNormalIntervals(n, estimate - n, variance, levels, "lognormal"),
    singletons: f1,
    doubletons: f2,
    warnings: [],
  };
}

function lastPositive(counts: CountsByCaptures): number {
  let last = 0;
  counts.frequencies.forEach((f, i) => {
    if (f > 0) last = i + 1;
  });
  return last;
}
