import type { CaptureData, EstimateWarning, Interval } from "../types.js";
import { OptionError } from "../errors.js";
import { validateLevels } from "../_lib/validate.js";
import { bootstrapSettings, runBootstrap } from "../uncertainty/_runBootstrap.js";
import { VERSION } from "../version.js";
import { estimateStratified, stratifiedCi, stratifiedFamilyOf } from "./estimateByStratum.js";
import { runStrata, type StratumRunOptions } from "./_stratumRuns.js";
import { vectorFromRun, vectorFromRuns, vectorIntervals, type VectorBootstrap } from "./_vector.js";
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
 * Each period is a stratum: estimated on its own by a table family (default), or through a
 * stratified family such as one covariate model (`covariateModel`, or `method: "covariate"`). The
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
  const { family, options: familyOptions } = stratifiedFamilyOf(options);
  const ci = stratifiedCi(options.ci, family);
  const bootstrap = ci === "bca" || ci === "percentile" ? await bootstrapSettings(options) : undefined;
  const methods = bootstrap ? [ci as "bca" | "percentile"] : [];
  const warnings: EstimateWarning[] = [];

  let periods: TrendEstimate["periods"][number][];
  let vector: VectorBootstrap | undefined;
  if (family.scope === "stratified") {
    // the stratified family's own bootstrap is run here, once, for the periods and every statistic of them
    const fit = await estimateStratified(family, data, [options.period], familyOptions, levels, bootstrap ? "none" : ci, undefined);
    warnings.push(...fit.warnings);
    if (bootstrap && fit.total.estimate !== null) {
      const spec = family.spec(data, { ...familyOptions, by: [options.period] });
      const parametric = bootstrap.resampling === "parametric" ? family.parametric?.(fit, data, spec) : undefined;
      const populations = fit.strata.every((s) => s.estimate !== null) ? fit.strata.map((s) => s.estimate as number) : undefined;
      vector = vectorFromRun(await runBootstrap(family, spec, data, bootstrap, parametric, options.onProgress, options.threads !== undefined, populations));
    }
    periods = fit.strata.map((s, i) => ({
      period: s.stratum[options.period],
      estimate: s.estimate,
      observed: s.observed,
      unobserved: s.unobserved,
      model: s.model,
      ratio: s.estimate === null || s.observed === 0 ? null : s.estimate / s.observed,
      intervals: vector ? vectorIntervals(vector, (e) => e[i], levels, methods).intervals : s.intervals,
      warnings: s.warnings,
    }));
  } else {
    const runs = await runStrata(family, data, [options.period], familyOptions, levels, bootstrap);
    const fittedAll = runs.every((r) => r.point !== null && r.point.fitted);
    if (bootstrap && fittedAll) vector = vectorFromRuns(runs.map((r) => r.run as NonNullable<typeof r.run>));
    periods = runs.map((r, i) => {
      const p = r.point;
      const fitted = p !== null && p.fitted;
      return {
        period: r.stratum[options.period],
        estimate: fitted ? p.estimate : null,
        observed: r.data.observed,
        unobserved: fitted ? p.unobserved : null,
        model: fitted ? (p.model ?? null) : null,
        ratio: fitted ? (p.estimate as number) / r.data.observed : null,
        intervals: vector
          ? vectorIntervals(vector, (e) => e[i], levels, methods).intervals
          : r.run
            ? vectorIntervals(vectorFromRuns([r.run]), (e) => e[0], levels, methods).intervals
            : fitted && ci === family.pointIntervals
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
    const r = vectorIntervals(vector, statistic, levels, methods);
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
  const covariate = options.covariateModel !== undefined;
  return {
    kind: "trend",
    family: family.name,
    period: options.period,
    periods,
    changes,
    slope,
    warnings,
    settings: {
      period: options.period,
      method: family.scope === "stratified" ? family.name : "post-stratified",
      ...(covariate ? { covariateModel: options.covariateModel } : {}),
      ...(options.model !== undefined && !covariate ? { model: options.model } : family.scope === "table" ? { select: options.select ?? "auto" } : {}),
      ci,
      ...(bootstrap ? { seed: bootstrap.seed, replicates: bootstrap.replicates } : {}),
      slopeUnit: numeric ? `per unit of ${options.period}` : "per period step",
      level: levels,
      version: VERSION,
    },
  };
}
