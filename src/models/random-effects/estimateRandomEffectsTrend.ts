import type { CaptureData, EstimateWarning, Interval } from "../../types.js";
import { OptionError } from "../../errors.js";
import { validateInteger } from "../../_lib/validate.js";
import { standardNormalQuantile } from "../../_lib/distributions.js";
import { availableThreads } from "../../uncertainty/_parallel.js";
import { assembleEstimate, prepareRandomEffects } from "./fitRandomEffects.js";
import { predictStrata } from "./_estimates.js";
import { quadratic } from "./_bootstrap.js";
import { bootstrapRandomEffects, bootstrapSettings, type EstimateRandomEffectsOptions, type LinearStatistic } from "./estimateRandomEffects.js";
import type { RandomEffectsStructure, RandomEffectsTrendEstimate } from "./types.js";

/** Options of {@link estimateRandomEffectsTrend}. */
export interface EstimateRandomEffectsTrendOptions extends Omit<EstimateRandomEffectsOptions, "by" | "structure"> {
  /** The ordered period column, e.g. `"year"` (numeric values are ordered as numbers). */
  readonly period: string;
  /** `"random-walk"` (default): each period's log dark figure is the previous one's plus N(0, σ²); `"independent"`: exchangeable periods. */
  readonly structure?: RandomEffectsStructure;
}

/**
 * Estimates over time through one random-effects model in which the periods borrow strength from
 * their neighbours: the log dark figure follows a random walk over the ordered periods (period 1 at
 * the fixed intercept, each step N(0, σ²), σ estimated), the lists' effects are fixed (and, with
 * `random: "lists"`, vary independently by period). Gives each period's population, the change
 * between consecutive periods and from the first to the last, and the least-squares slope of the
 * estimates on the period (per unit when the period is numeric, per step otherwise), each with
 * intervals: by default from the parametric bootstrap of the whole fit (bootstrap-t on every
 * statistic from the same replicates), or conditional ones (normal, from the conditional covariance
 * of the periods' log dark figures; narrower).
 *
 * @param data - capture data read with the period column among `covariates`.
 * @param options - see {@link EstimateRandomEffectsTrendOptions}.
 * @returns periods, changes, slope, the fitted model (`fit`), warnings and settings.
 * @throws {OptionError} for an unknown period column or bad options. @throws {ModelSpecError} for a model that does not parse.
 * @example
 * const trend = await estimateRandomEffectsTrend(data, { period: "year", model: "A:B", seed: 1 });
 * trend.slope // { estimate, intervals }
 * @see docs/methodology/random-effects.md
 */
export async function estimateRandomEffectsTrend(data: CaptureData, options: EstimateRandomEffectsTrendOptions): Promise<RandomEffectsTrendEstimate> {
  if (typeof options !== "object" || options === null || typeof options.period !== "string") {
    throw new OptionError('`period` must name the period column, e.g. { period: "year" }');
  }
  const ci = options.ci ?? "bootstrap";
  if (!["bootstrap", "conditional", "none"].includes(ci)) {
    throw new OptionError(`\`ci\` must be one of bootstrap, conditional, none; received ${String(ci)}`);
  }
  const structure = options.structure ?? "random-walk";
  const setup = prepareRandomEffects(data, { ...options, by: [options.period], structure, ci: ci === "none" ? "none" : "conditional" });
  const boot = bootstrapSettings(options, ci);
  const { problem, levels } = setup;
  const S = problem.strata.length;
  const periodNames = problem.strata.map((s) => s[options.period]);
  const numeric = periodNames.every((p) => p !== "" && Number.isFinite(Number(p)));
  const xs = periodNames.map((p, i) => (numeric ? Number(p) : i));
  const mean = xs.reduce((a, b) => a + b, 0) / S;
  const sxx = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
  const slopeWeights = xs.map((x) => (x - mean) / sxx);
  const pairs: [number, number][] = [];
  for (let i = 1; i < S; i++) pairs.push([i - 1, i]);
  if (S > 2) pairs.push([0, S - 1]);
  const linear: LinearStatistic[] = [...pairs.map(([a, b]) => ({ weights: periodNames.map((_, s) => (s === b ? 1 : s === a ? -1 : 0)) })), ...(S >= 2 ? [{ weights: slopeWeights }] : [])];
  const settings = {
    period: options.period,
    family: "random-effects",
    method: "random-effects",
    structure: problem.structure,
    random: setup.terms,
    ci: ci === "bootstrap" ? ("parametric-bootstrap" as const) : ci,
    ...(ci === "bootstrap" ? { ...boot, resampling: "parametric" as const } : {}),
    slopeUnit: numeric ? `per unit of ${options.period}` : "per period step",
    level: [...levels],
  };

  const predictions = setup.failure ? null : predictStrata(problem, problem.counts);
  const fit = setup.failure ?? assembleEstimate(setup, predictions as NonNullable<typeof predictions>, ci === "conditional" ? "conditional" : "none");
  const warnings: EstimateWarning[] = [...fit.warnings];
  const estimates = fit.strata.map((s) => s.estimate);
  const complete = estimates.every((e) => e !== null);
  let strataIntervals: Interval[][] = fit.strata.map((s) => [...s.intervals]);
  let linearIntervals: Interval[][] = linear.map(() => []);
  let totalIntervals: readonly Interval[] = fit.total.intervals;
  if (complete && predictions !== null && predictions.covariance !== null) {
    if (ci === "bootstrap") {
      const threads = validateInteger("threads", options.threads ?? (await availableThreads()), 1, 1024);
      const result = await bootstrapRandomEffects(setup, predictions, linear, {
        replicates: boot.replicates,
        seed: boot.seed,
        threads,
        adaptive: options.threads === undefined,
        onProgress: options.onProgress,
      });
      strataIntervals = result.strata;
      linearIntervals = result.linear;
      totalIntervals = result.total;
      warnings.push(...result.warnings);
      (settings as Record<string, unknown>).validReplicates = result.valid;
    } else if (ci === "conditional") {
      const lambda = Float64Array.from(predictions.eta, Math.exp);
      const covariance = predictions.covariance;
      linearIntervals = linear.map((l) => {
        const scaled = l.weights.map((w, s) => w * lambda[s]);
        const se = Math.sqrt(Math.max(0, quadratic(covariance, scaled, scaled)));
        const value = l.weights.reduce((a, w, s) => a + w * (estimates[s] as number), 0);
        return levels.map((level) => {
          const z = standardNormalQuantile(0.5 + level / 2);
          return { method: "conditional", level, lower: value - z * se, upper: value + z * se };
        });
      });
    }
  }
  if (!complete) {
    warnings.push({ code: "STRATUM_NO_VALID_MODEL", message: "the model has no estimates on these data: no periods, changes or trend" });
  }
  const statistic = (k: number): number | null =>
    complete ? linear[k].weights.reduce((a, w, s) => a + w * (estimates[s] as number), 0) : null;
  return {
    kind: "trend",
    family: "random-effects",
    period: options.period,
    periods: fit.strata.map((s, i) => ({
      period: periodNames[i],
      estimate: s.estimate,
      observed: s.observed,
      unobserved: s.unobserved,
      model: s.model,
      ratio: s.estimate === null || s.observed === 0 ? null : s.estimate / s.observed,
      intervals: strataIntervals[i],
      warnings: s.warnings,
    })),
    changes: pairs.map(([a, b], k) => ({ from: periodNames[a], to: periodNames[b], difference: statistic(k), intervals: linearIntervals[k] })),
    slope: S >= 2 ? { estimate: statistic(pairs.length), intervals: linearIntervals[pairs.length] } : { estimate: null, intervals: [] },
    fit: { ...fit, strata: fit.strata.map((s, i) => ({ ...s, intervals: strataIntervals[i] })), total: { ...fit.total, intervals: totalIntervals } },
    warnings,
    settings: { ...settings, model: fit.settings.model, version: fit.settings.version },
  };
}
