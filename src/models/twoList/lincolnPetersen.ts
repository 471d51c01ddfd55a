import type { CaptureData, Interval } from "../../types.js";
import { OptionError } from "../../errors.js";
import { standardNormalQuantile } from "../../_lib/distributions.js";
import { validateLevels } from "../../_lib/validate.js";

/** Options of {@link lincolnPetersen}. */
export interface LincolnPetersenOptions {
  /** Level(s) of the Wald intervals. Default 0.95. */
  readonly level?: number | readonly number[];
}

/** One two-list estimator with its variance and Wald intervals. */
export interface TwoListEstimator {
  /** Estimated total population. */
  readonly estimate: number;
  /** Estimated variance of `estimate`. */
  readonly variance: number;
  /** `sqrt(variance)`. */
  readonly standardError: number;
  /** Wald intervals `estimate ± z·standardError`, one per level, the lower limit cut at the number observed. */
  readonly intervals: readonly Interval[];
}

/** Lincoln–Petersen and Chapman estimates from two lists. */
export interface TwoListEstimate {
  /** The two list names, in column order. */
  readonly lists: readonly [string, string];
  /** People on the first list, on the second, and on both. */
  readonly firstList: number;
  /** People on the second list (n2). */
  readonly secondList: number;
  /** People on both lists (m). */
  readonly both: number;
  /** People on at least one list. */
  readonly observed: number;
  /** n1·n2/m; absent (with a warning) when nobody is on both lists. */
  readonly lincolnPetersen: TwoListEstimator | null;
  /** (n1+1)(n2+1)/(m+1) − 1, defined even when m = 0. */
  readonly chapman: TwoListEstimator;
  /** `NO_OVERLAP` when nobody is on both lists; otherwise empty. */
  readonly warnings: readonly {
    /** Always `NO_OVERLAP`. */
    readonly code: "NO_OVERLAP";
    /** Explanation for people. */
    readonly message: string;
  }[];
}

/**
 * Two-list capture–recapture: the Lincoln–Petersen estimator N = n1·n2/m with its large-sample
 * variance n1·n2·(n1 − m)(n2 − m)/m³, and Chapman's (1951) nearly unbiased
 * N = (n1 + 1)(n2 + 1)/(m + 1) − 1 with Seber's (1970) variance
 * (n1 + 1)(n2 + 1)(n1 − m)(n2 − m)/((m + 1)²(m + 2)). Intervals are Wald, estimate ± z·se, cut
 * below at the number observed.
 *
 * The Lincoln–Petersen estimate equals the independence log-linear model on two lists.
 *
 * @param data - capture data with exactly two lists.
 * @param options - see {@link LincolnPetersenOptions}.
 * @returns both estimators; Lincoln–Petersen is `null` with a `NO_OVERLAP` warning when m = 0.
 * @throws {OptionError} when the data do not have exactly two lists.
 * @example
 * lincolnPetersen(data).lincolnPetersen?.estimate
 * @see docs/methodology/two-list.md
 */
export function lincolnPetersen(data: CaptureData, options: LincolnPetersenOptions = {}): TwoListEstimate {
  if (data.lists.length !== 2) {
    throw new OptionError(`two-list estimators need exactly 2 lists; received ${data.lists.length}`);
  }
  const levels = validateLevels(options.level);
  const onlyFirst = data.counts[0];
  const onlySecond = data.counts[1];
  const both = data.counts[2];
  const n1 = onlyFirst + both;
  const n2 = onlySecond + both;
  const observed = data.observed;
  const make = (estimate: number, variance: number): TwoListEstimator => {
    const standardError = Math.sqrt(variance);
    return {
      estimate,
      variance,
      standardError,
      intervals: levels.map((level) => {
        const z = standardNormalQuantile(0.5 + level / 2);
        return {
          method: "wald",
          level,
          lower: Math.max(observed, estimate - z * standardError),
          upper: estimate + z * standardError,
        };
      }),
    };
  };
  const m = both;
  const lp = m > 0 ? make((n1 * n2) / m, (n1 * n2 * (n1 - m) * (n2 - m)) / (m * m * m)) : null;
  const chapman = make(
    ((n1 + 1) * (n2 + 1)) / (m + 1) - 1,
    ((n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m)) / ((m + 1) * (m + 1) * (m + 2)),
  );
  const warnings =
    m > 0
      ? []
      : [
          {
            code: "NO_OVERLAP" as const,
            message: `nobody is on both ${data.lists[0]} and ${data.lists[1]}: the Lincoln–Petersen estimate does not exist; Chapman's estimate is shown but rests on no overlap`,
          },
        ];
  return {
    lists: [data.lists[0], data.lists[1]],
    firstList: n1,
    secondList: n2,
    both: m,
    observed,
    lincolnPetersen: lp,
    chapman,
    warnings,
  };
}
