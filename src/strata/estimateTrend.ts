import type { CaptureData, EstimateWarning, Interval } from "../types.js";
import { OptionError } from "../errors.js";
import { validateLevels } from "../_lib/validate.js";
import { DEFAULT_SEED } from "../uncertainty/bootstrapInterval.js";
import { statisticIntervals } from "../uncertainty/_intervals.js";
import { VERSION } from "../version.js";
import { fitCovariateModel } from "./fitCovariateModel.js";
import { covariateBootstrap } from "./_covariateBootstrap.js";
import { sumStatistic, vectorFromRuns, type VectorBootstrap } from "./estimateByStratum.js";
import { runStrata, type StratumRunOptions } from "./_stratumRuns.js";
import type { TrendEstimate } from "./types.js";

/** Options of {@link estimateTrend}. */
export interface EstimateTrendOptions extends StratumRunOptions {
  /** The ordered period column, e.g. `"year"` (numeric values are ordered as numbers). */
  readonly period: string;
  /** Fit one covariate model with the period as covariate (e.g. `"A:B + A:year"`) instead of one model per period. */
  readonly covariateModel?: string;
}

/**
 * Estimates over time: the population per period, the change between consecutive periods and
 * between the first and the last, and a linear trend (the least-squares slope of the estimates on
 * the period, per unit of the period when it is numeric, per step otherwise), each with bootstrap
 * intervals; and the ratio of estimated to observed per period.
 *
 * Each period is a stratum: estimated on its own (default) or through one covariate model. The
 * bootstrap resamples within periods; a change's or the slope's replicates are computed from the
 * same replicates of the period estimates, so their intervals carry every period's uncertainty.
 *
 * @param data - capture data read with the period column among `covariates`.
 * @param options - see {@link EstimateTrendOptions}.
 * @returns per-period estimates, changes and slope.
 * @throws {OptionError} for an unknown period column or options.
 * @example
 * const trend = await estimateTrend(data, { period: "year", model: "A:B" });
 * trend.slope.estimate // people per year
 * @see docs/methodology/trends.md
 */
export async function estimateTrend(data: CaptureData, options: EstimateTrendOptions): Promise<TrendEstimate> {
  if (!options || typeof options.period !== "string") {
    throw new OptionError('`period` must name the period column, e.g. { period: "year" }');
  }
  const levels = validateLevels(options.level);
  const ci = options.ci ?? "bca";
  if (!["bca", "percentile", "lognormal", "none"].includes(ci)) {
    throw new OptionError(`\`ci\` must be one of bca, percentile, lognormal, none; received ${String(ci)}`);
  }
  const bootstrap = ci === "bca" || ci === "percentile";
  const methods = bootstrap ? [ci as "bca" | "percentile"] : [];
  const seed = options.seed ?? DEFAULT_SEED;
  const warnings: EstimateWarning[] = [];

  let periods: TrendEstimate["periods"][number][];
  let vector: VectorBootstrap | undefined;
  if (options.covariateModel !== undefined) {
    const fit = fitCovariateModel(data, options.covariateModel, { covariates: [options.period], level: levels });
    warnings.push(...fit.warnings);
    if (bootstrap && fit.total.estimate !== null) {
      vector = covariateBootstrap(data, options.covariateModel, [options.period], options.replicates ?? 1000, String(seed), options.onProgress);
    }
    periods = fit.strata.map((s, i) => ({
      period: s.stratum[options.period],
      estimate: s.estimate,
      observed: s.observed,
      ratio: s.estimate === null || s.observed === 0 ? null : s.estimate / s.observed,
      model: s.model,
      intervals: vector ? periodIntervals(vector, i, levels, methods) : s.intervals,
      warnings: s.warnings,
    }));
  } else {
    const runs = await runStrata(data, [options.period], { ...options, ci });
    const fittedAll = runs.every((r) => r.point !== null && r.point.fitted);
    if (bootstrap && fittedAll) vector = vectorFromRuns(runs);
    periods = runs.map((r, i) => {
      const p = r.point;
      const estimate = p !== null && p.fitted ? p.estimate : null;
      return {
        period: r.stratum[options.period],
        estimate,
        observed: r.data.observed,
        ratio: estimate === null ? null : estimate / r.data.observed,
        model: p !== null && p.fitted ? p.model : null,
        intervals: vector
          ? periodIntervals(vector, i, levels, methods)
          : r.run
            ? statisticIntervals(r.run.estimate, r.run.replicateRow(r.run.rows - 1), r.run.jackknifeRow(r.run.rows - 1), levels, methods).intervals
            : ci === "lognormal" && p !== null && p.fitted
              ? p.intervals
              : [],
        warnings: r.warnings,
      };
    });
  }

  const values = periods.map((p) => p.estimate);
  const complete = values.every((v) => v !== null);
  if (!complete) {
    warnings.push({
      code: "STRATUM_NO_VALID_MODEL",
      message: "some periods have no estimate: changes involving them and the trend are not given; merge periods or fit a covariate model",
    });
  }
  const numeric = periods.every((p) => p.period !== "" && Number.isFinite(Number(p.period)));
  const xs = periods.map((p, i) => (numeric ? Number(p.period) : i));
  const slopeOf = (ys: ArrayLike<number>): number => {
    const n = ys.length;
    let mx = 0;
    let my = 0;
    for (let i = 0; i < n; i++) {
      mx += xs[i];
      my += ys[i];
    }
    mx /= n;
    my /= n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (xs[i] - mx) * (ys[i] - my);
      sxx += (xs[i] - mx) ** 2;
    }
    return sxy / sxx;
  };
  const intervalsOf = (statistic: (e: ArrayLike<number>) => number): Interval[] => {
    if (!vector) return [];
    const s = sumStatistic(vector, statistic);
    const r = statisticIntervals(s.estimate, s.replicates, s.jackknife, levels, methods);
    for (const w of r.warnings) if (!warnings.some((x) => x.code === w.code)) warnings.push(w);
    return r.intervals;
  };
  const pairs: [number, number][] = [];
  for (let i = 1; i < periods.length; i++) pairs.push([i - 1, i]);
  if (periods.length > 2) pairs.push([0, periods.length - 1]);
  const changes = pairs.map(([a, b]) => ({
    from: periods[a].period,
    to: periods[b].period,
    difference: complete ? (values[b] as number) - (values[a] as number) : null,
    intervals: complete ? intervalsOf((e) => e[b] - e[a]) : [],
  }));
  const slope =
    complete && periods.length >= 2
      ? { estimate: slopeOf(values as number[]), intervals: intervalsOf(slopeOf) }
      : { estimate: null, intervals: [] };
  return {
    period: options.period,
    periods,
    changes,
    slope,
    warnings,
    settings: {
      period: options.period,
      method: options.covariateModel !== undefined ? "covariate" : "post-stratified",
      ...(options.covariateModel !== undefined ? { covariateModel: options.covariateModel } : {}),
      ...(options.model !== undefined ? { model: options.model } : options.covariateModel === undefined ? { select: options.select ?? "auto" } : {}),
      ci,
      ...(bootstrap ? { seed, replicates: options.replicates ?? 1000 } : {}),
      slopeUnit: numeric ? `per unit of ${options.period}` : "per period step",
      level: levels,
      version: VERSION,
    },
  };
}

function periodIntervals(vector: VectorBootstrap, index: number, levels: readonly number[], methods: ("bca" | "percentile")[]): Interval[] {
  const s = sumStatistic(vector, (e) => e[index]);
  return statisticIntervals(s.estimate, s.replicates, s.jackknife, levels, methods).intervals;
}
