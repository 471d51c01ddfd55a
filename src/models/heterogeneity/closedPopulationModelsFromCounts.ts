import { OptionError } from "../../errors.js";
import { logGamma } from "../../_lib/distributions.js";
import { fitCore, logChoose, type CellTable, type ModelSpec } from "./_core.js";
import { resolveSpec, type HeterogeneityInput } from "./_spec.js";
import { resolveOccasions, type CountsByCaptures } from "./countsByCaptures.js";
import { withInterval } from "./fitClosedPopulationModel.js";
import { parseHeterogeneity } from "./heterogeneityColumn.js";
import type { ClosedPopulationFit, ClosedPopulationTable } from "./types.js";

/** Options shared by the counts-by-captures functions. */
export interface CountsByCapturesOptions {
  /** Number of lists or capture occasions t; `Infinity` for captures in continuous time. Required. */
  readonly occasions: number;
  /**
   * Fit only the frequencies of people seen 1 … t0 times (Rcapture's `t0`). Default t, or the
   * largest number of captures observed when t is infinite.
   */
  readonly t0?: number;
  /** Chao's model: set negative eta parameters to zero. Default true. */
  readonly constrain?: boolean;
}

/** Options of {@link fitCountsByCapturesModel}. */
export interface FitCountsByCapturesModelOptions extends CountsByCapturesOptions {
  /** `"M0"` or `"Mh"` (models with list effects need capture histories). Default `"Mh"`. */
  readonly model?: "M0" | "Mh";
  /** Heterogeneity form or `{ form, theta }`; `Mh` defaults to Chao's lower bound. */
  readonly heterogeneity?: HeterogeneityInput;
  /** `"profile"` adds the multinomial profile-likelihood interval. Default `"none"`. */
  readonly interval?: "profile" | "none";
  /** Interval level(s). Default 0.95. */
  readonly level?: number | readonly number[];
  /** Upper-limit search bound as a multiple of the estimate (Rcapture's `fmaxSupCL`, default 3). */
  readonly maxRatio?: number;
}

/**
 * The Poisson table of frequencies f_1 … f_t0 with offsets: log C(t, k) for t occasions (so the
 * fits equal those on the 2^t − 1 capture histories), −log k! in continuous time (captures of a
 * person form a Poisson process).
 */
export function countsTable(counts: CountsByCaptures, occasions: number, t0: number): CellTable {
  const y = new Float64Array(t0);
  const captures = new Int32Array(t0);
  const offset = new Float64Array(t0);
  let observed = 0;
  for (let k = 1; k <= t0; k++) {
    y[k - 1] = counts.frequencies[k - 1] ?? 0;
    observed += y[k - 1];
    captures[k - 1] = k;
    offset[k - 1] = occasions === Number.POSITIVE_INFINITY ? -logGamma(k + 1) : logChoose(occasions, k);
  }
  return { y, captures, offset, occasions, maxCaptures: t0, observed };
}

/**
 * Fit M0 or an Mh model to counts by number of captures (Rcapture's `closedpCI.0` / `closedp.0`),
 * for t occasions or in continuous time (t = ∞), optionally on f_1 … f_t0 only.
 *
 * @param counts - frequencies of people seen exactly k times.
 * @param options - see {@link FitCountsByCapturesModelOptions}; `occasions` is required.
 * @returns the fit. With `t0` below the largest number of captures, `observed` is the number seen
 *   1 … t0 times, and the estimate adds the people seen more often.
 * @throws {OptionError} when `occasions` is missing or below the largest number of captures seen,
 *   `t0` is out of range, or the model is not M0 or Mh.
 * @example
 * fitCountsByCapturesModel(ill, { occasions: Infinity, model: "Mh", heterogeneity: "chao" }).estimate
 * @see docs/methodology/heterogeneity.md
 */
export function fitCountsByCapturesModel(counts: CountsByCaptures, options: FitCountsByCapturesModelOptions): ClosedPopulationFit {
  const [t, t0] = resolveOccasions(counts, options.occasions, options.t0);
  const model = options.model ?? "Mh";
  if (model !== "M0" && model !== "Mh") {
    throw new OptionError(`\`model\` must be M0 or Mh for counts by number of captures; received ${String(model)}`);
  }
  const spec = resolveSpec(model, options.heterogeneity, null);
  const table = countsTable(counts, t, t0);
  return shiftForTruncation(withInterval(table, fitCore(table, spec, { constrain: options.constrain }), options), counts, t0);
}

/**
 * Rcapture's `closedp.0` table from counts by number of captures: M0, and Mh with Chao's lower
 * bound, Poisson2, Darroch and Gamma3.5.
 *
 * @param counts - frequencies of people seen exactly k times.
 * @param options - see {@link CountsByCapturesOptions}; `occasions` is required.
 * @returns the five fits.
 * @throws {OptionError} as {@link fitCountsByCapturesModel}.
 * @example
 * closedPopulationModelsFromCounts(bbs2001, { occasions: 50, t0: 20 }).models.map((m) => m.estimate)
 * @see docs/methodology/heterogeneity.md
 */
export function closedPopulationModelsFromCounts(counts: CountsByCaptures, options: CountsByCapturesOptions): ClosedPopulationTable {
  const [t, t0] = resolveOccasions(counts, options.occasions, options.t0);
  const table = countsTable(counts, t, t0);
  const specs: ModelSpec[] = [
    { base: { kind: "M0" }, heterogeneity: null },
    ...(["chao", "poisson", "darroch", "gamma"] as const).map((f): ModelSpec => ({ base: { kind: "M0" }, heterogeneity: parseHeterogeneity(f) })),
  ];
  return {
    kind: "closed-population-table",
    observed: counts.observed,
    occasions: t === Number.POSITIVE_INFINITY ? "continuous" : t,
    models: specs.map((spec) => shiftForTruncation(fitCore(table, spec, { constrain: options.constrain }).result, counts, t0)),
  };
}

/** With t0 below the largest k, the people seen more than t0 times are added to the estimate. */
function shiftForTruncation(fit: ClosedPopulationFit, counts: CountsByCaptures, t0: number): ClosedPopulationFit {
  let above = 0;
  counts.frequencies.forEach((f, i) => {
    if (i + 1 > t0) above += f;
  });
  if (above === 0) return fit;
  const shift = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : x + above);
  return {
    ...fit,
    observed: counts.observed,
    estimate: shift(fit.estimate),
    profileEstimate: fit.profileEstimate === undefined ? undefined : shift(fit.profileEstimate),
    intervals: fit.intervals.map((i) => ({
      ...i,
      lower: i.lower + above,
      upper: i.upper === null ? null : i.upper + above,
      ...(i.upperSearchedTo === undefined ? {} : { upperSearchedTo: i.upperSearchedTo + above }),
    })),
  };
}
