import type { EstimateWarning, Interval } from "../types.js";
import { standardNormalCdf, standardNormalQuantile } from "../_lib/distributions.js";
import { validateLevels } from "../_lib/validate.js";
import { quantileType8 } from "./quantileType8.js";

/** Options of {@link bcaInterval}. */
export interface BcaIntervalOptions {
  /** Interval level(s). Default 0.95. */
  readonly level?: number | readonly number[];
}

/** BCa limits with the quantities behind them. */
export interface BcaResult {
  /** One interval per level; empty (with a warning) when the limits are undefined. */
  readonly intervals: readonly Interval[];
  /** z0 = Φ⁻¹(share of replicates strictly below the estimate); null when that share is 0 or 1. */
  readonly biasCorrection: number | null;
  /** The acceleration â used, as given. */
  readonly acceleration: number;
  /** The adjusted probability levels, lower and upper for each level, in the order of `intervals`. */
  readonly adjustedLevels: readonly (readonly [number, number])[];
  /** `BCA_DEGENERATE` when the limits are undefined (at some level or all); otherwise empty. */
  readonly warnings: readonly EstimateWarning[];
}

/**
 * Bias-corrected and accelerated bootstrap interval (Efron 1987; DiCiccio & Efron 1996), as
 * MultipleSystemsEstimation computes it:
 *
 *   z0 = Φ⁻¹(#{θ*_b < θ̂} / B),   for each tail probability α: w = z0 + Φ⁻¹(α),
 *   α' = Φ(z0 + w / (1 − â·w)),   limit = Q₈(α') of the replicates (quantile type 8).
 *
 * @param replicates - bootstrap estimates (any order; non-finite values are not allowed).
 * @param estimate - the estimate on the original data, θ̂.
 * @param acceleration - â, e.g. from {@link jackknifeAcceleration}.
 * @param options - see {@link BcaIntervalOptions}.
 * @returns the intervals, or none with a `BCA_DEGENERATE` warning when every replicate lies on one
 *   side of the estimate (z0 infinite) or 1 − â·w ≤ 0 (R returns NaN limits there, silently).
 * @throws {OptionError} when a level is not strictly between 0 and 1.
 * @example
 * bcaInterval(replicates, 11313, -0.0122).intervals[0] // { method: "bca", level: 0.95, ... }
 * @see docs/methodology/bootstrap.md
 */
export function bcaInterval(
  replicates: readonly number[] | Float64Array,
  estimate: number,
  acceleration: number,
  options: BcaIntervalOptions = {},
): BcaResult {
  const levels = validateLevels(options.level);
  const sorted = Float64Array.from(replicates).sort();
  const B = sorted.length;
  let below = 0;
  while (below < B && sorted[below] < estimate) below++;
  if (B === 0 || below === 0 || below === B) {
    const side = below === 0 ? "at or above" : "below";
    return {
      intervals: [],
      biasCorrection: null,
      acceleration,
      adjustedLevels: [],
      warnings: [
        {
          code: "BCA_DEGENERATE",
          message:
            B === 0
              ? "no bootstrap replicate gave an estimate: the BCa interval is undefined"
              : `all ${B} bootstrap replicates lie ${side} the estimate, so the bias correction z0 is infinite and the BCa interval is undefined; use the percentile interval or more replicates`,
        },
      ],
    };
  }
  const z0 = standardNormalQuantile(below / B);
  const intervals: Interval[] = [];
  const adjustedLevels: [number, number][] = [];
  const warnings: EstimateWarning[] = [];
  for (const level of levels) {
    const tails = [(1 - level) / 2, (1 + level) / 2];
    const adjusted = tails.map((alpha) => {
      const w = z0 + standardNormalQuantile(alpha);
      const denominator = 1 - acceleration * w;
      return denominator > 0 ? standardNormalCdf(z0 + w / denominator) : Number.NaN;
    });
    if (adjusted.some((a) => !Number.isFinite(a))) {
      warnings.push({
        code: "BCA_DEGENERATE",
        message: `the BCa adjustment is undefined at level ${level} (1 − â·w ≤ 0 with â = ${acceleration}); no BCa interval at that level`,
      });
      continue;
    }
    adjustedLevels.push([adjusted[0], adjusted[1]]);
    intervals.push({
      method: "bca",
      level,
      lower: quantileType8(sorted, adjusted[0]),
      upper: quantileType8(sorted, adjusted[1]),
    });
  }
  return { intervals, biasCorrection: z0, acceleration, adjustedLevels, warnings };
}
