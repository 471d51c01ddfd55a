import type { CaptureData, EstimateWarning, Interval } from "../types.js";
import { OptionError } from "../errors.js";
import { validateLevels } from "../_lib/validate.js";
import { standardNormalQuantile } from "../_lib/distributions.js";
import { statisticIntervals } from "../uncertainty/_intervals.js";
import { DEFAULT_SEED } from "../uncertainty/bootstrapInterval.js";
import { VERSION } from "../version.js";
import { fitCovariateModel } from "./fitCovariateModel.js";
import { covariateBootstrap } from "./_covariateBootstrap.js";
import { runStrata, type StratumRun, type StratumRunOptions } from "./_stratumRuns.js";
import type { StratifiedEstimate, StratumEstimate } from "./types.js";

/** Options of {@link estimateByStratum}. */
export interface EstimateByStratumOptions extends StratumRunOptions {
  /** Stratum columns, e.g. `["region"]` or `["region", "sector"]`. */
  readonly by: readonly string[];
  /**
   * Fit one covariate model over all strata instead of one model per stratum: the terms, e.g.
   * `"A:B + A:region"` (see {@link fitCovariateModel}). Intervals follow `ci` as for separate fits
   * (bootstrap within strata, refitting the one model; or log-normal from its covariance).
   */
  readonly covariateModel?: string;
}

/**
 * Estimates by stratum (sector, region, year…) that add up to the total.
 *
 * Post-stratified (default): each stratum is estimated on its own with the chosen method — a fixed
 * `model`, or the selection re-run per stratum — and the total is the sum. Bootstrap intervals
 * (default BCa) resample within each stratum from its own seeded streams; the total's replicates are
 * the sums of the strata's, and its jackknife deletes one person at a time from every stratum.
 * Guards: a stratum with no one observed, fewer than 3 informative lists, no overlap between lists,
 * or no valid model gets a coded warning with remedies, and no number (never an infinity or NaN).
 *
 * With `covariateModel`, one covariate log-linear model is fitted over all strata instead.
 *
 * @param data - capture data read with the stratum columns as `covariates`.
 * @param options - see {@link EstimateByStratumOptions}.
 * @returns per-stratum estimates and the total.
 * @throws {OptionError} for unknown stratum columns or options.
 * @example
 * const r = await estimateByStratum(data, { by: ["region"], model: "A:B" });
 * r.strata.map((s) => s.estimate); r.total.estimate
 * @see docs/methodology/stratification.md
 */
export async function estimateByStratum(data: CaptureData, options: EstimateByStratumOptions): Promise<StratifiedEstimate> {
  if (!options || !Array.isArray(options.by)) {
    throw new OptionError("`by` must list the stratum columns, e.g. { by: [\"region\"] }");
  }
  const levels = validateLevels(options.level);
  const ci = options.ci ?? "bca";
  if (!["bca", "percentile", "lognormal", "none"].includes(ci)) {
    throw new OptionError(`\`ci\` must be one of bca, percentile, lognormal, none; received ${String(ci)}`);
  }
  if (options.covariateModel !== undefined) {
    const fit = fitCovariateModel(data, options.covariateModel, { covariates: options.by, level: levels });
    if (ci === "lognormal" || fit.total.estimate === null) return { ...fit, settings: { ...fit.settings, ci } };
    if (ci === "none") {
      return {
        ...fit,
        strata: fit.strata.map((s) => ({ ...s, intervals: [] })),
        total: { ...fit.total, intervals: [] },
        settings: { ...fit.settings, ci },
      };
    }
    const seed = options.seed ?? DEFAULT_SEED;
    const replicates = options.replicates ?? 1000;
    const vector = covariateBootstrap(data, options.covariateModel, options.by, replicates, String(seed), options.onProgress);
    const methods = [ci as "bca" | "percentile"];
    const of = (statistic: (e: ArrayLike<number>) => number) => {
      const st = sumStatistic(vector, statistic);
      return statisticIntervals(st.estimate, st.replicates, st.jackknife, levels, methods);
    };
    const total = of(sum);
    return {
      ...fit,
      strata: fit.strata.map((s, i) => {
        const r = of((e) => e[i]);
        return { ...s, intervals: r.intervals, warnings: [...s.warnings, ...r.warnings] };
      }),
      total: { ...fit.total, intervals: total.intervals, warnings: total.warnings },
      settings: { ...fit.settings, ci, seed, replicates, resampling: "nonparametric" },
    };
  }
  const runs = await runStrata(data, options.by, { ...options, ci });
  return combineStrata(data, options.by, runs, levels, ci, options);
}

/** Per-stratum rows and the total from stratum runs. */
export function combineStrata(
  data: CaptureData,
  by: readonly string[],
  runs: readonly StratumRun[],
  levels: readonly number[],
  ci: string,
  options: StratumRunOptions,
): StratifiedEstimate {
  const strata: StratumEstimate[] = runs.map((r) => {
    const p = r.point;
    if (p === null || !p.fitted) {
      return { stratum: r.stratum, estimate: null, observed: r.data.observed, unobserved: null, model: null, intervals: [], warnings: r.warnings };
    }
    let intervals: readonly Interval[] = ci === "lognormal" ? p.intervals : [];
    const warnings = [...r.warnings];
    if (r.run) {
      const s = statisticIntervals(r.run.estimate, r.run.replicateRow(r.run.rows - 1), r.run.jackknifeRow(r.run.rows - 1), levels, r.run.methods);
      intervals = s.intervals;
      warnings.push(...s.warnings);
    }
    return { stratum: r.stratum, estimate: p.estimate, observed: p.observed, unobserved: p.unobserved, model: p.model, intervals, warnings };
  });
  const totalWarnings: EstimateWarning[] = [];
  const missing = strata.filter((s) => s.estimate === null);
  let totalEstimate: number | null = null;
  let totalIntervals: Interval[] = [];
  if (missing.length > 0) {
    totalWarnings.push({
      code: "STRATUM_NO_VALID_MODEL",
      message: `${missing.length} of ${strata.length} strata have no estimate (${missing.map((s) => JSON.stringify(s.stratum)).join(", ")}), so there is no total; merge strata or fit a covariate model`,
    });
  } else {
    totalEstimate = strata.reduce((a, s) => a + (s.estimate as number), 0);
    const fitted = runs.filter((r) => r.point !== null && r.point.fitted);
    if (ci === "bca" || ci === "percentile") {
      const total = sumStatistic(vectorFromRuns(fitted), sum);
      const s = statisticIntervals(total.estimate, total.replicates, total.jackknife, levels, [ci]);
      totalIntervals = s.intervals;
      totalWarnings.push(...s.warnings);
    } else if (ci === "lognormal") {
      // independent strata: Var(U) = Σ exp(2·b0_s)·Var(b0_s); log-normal interval on U
      let dark = 0;
      let variance = 0;
      for (const r of fitted) {
        const p = r.point;
        if (p === null || !p.fitted) continue;
        const se0 = p.coefficients[0].standardError as number;
        dark += p.unobserved;
        variance += (p.unobserved * se0) ** 2;
      }
      const seLog = Math.sqrt(variance) / dark;
      totalIntervals = levels.map((level) => {
        const z = standardNormalQuantile(0.5 + level / 2);
        return { method: "lognormal", level, lower: data.observed + dark * Math.exp(-z * seLog), upper: data.observed + dark * Math.exp(z * seLog) };
      });
    }
  }
  return {
    method: "post-stratified",
    by: [...by],
    strata,
    total: { estimate: totalEstimate, observed: data.observed, intervals: totalIntervals, warnings: totalWarnings },
    warnings: [],
    settings: {
      by: [...by],
      ci,
      ...(options.model !== undefined ? { model: options.model } : { select: options.select ?? "auto" }),
      ...(ci === "bca" || ci === "percentile"
        ? { seed: options.seed ?? DEFAULT_SEED, replicates: options.replicates ?? 1000, resampling: options.resampling ?? "nonparametric" }
        : {}),
      level: levels,
      version: VERSION,
    },
  };
}

/**
 * Bootstrap output for a vector of stratum estimates: the estimates, each replicate's vector, and
 * the jackknife cases (a weight — the count of the history a person was deleted from — and the
 * vector of estimates after the deletion).
 */
export interface VectorBootstrap {
  readonly estimates: readonly number[];
  readonly replicates: readonly Float64Array[];
  readonly jackknife: readonly { readonly weight: number; readonly estimates: readonly number[] }[];
}

/** The vector bootstrap of independent post-stratified runs: a deletion changes one stratum only. */
export function vectorFromRuns(runs: readonly StratumRun[]): VectorBootstrap {
  const boot = runs.map((r) => r.run as NonNullable<StratumRun["run"]>);
  const estimates = boot.map((b) => b.estimate);
  const B = boot.length > 0 ? boot[0].replicates : 0;
  const rows = boot.map((b) => ({ replicates: b.replicateRow(b.rows - 1), jackknife: b.jackknifeRow(b.rows - 1) }));
  const replicates: Float64Array[] = [];
  for (let i = 0; i < B; i++) replicates.push(Float64Array.from(rows, (r) => r.replicates[i]));
  const jackknife: { weight: number; estimates: number[] }[] = [];
  rows.forEach((r, s) => {
    for (let j = 0; j < r.jackknife.values.length; j++) {
      const replaced = estimates.slice();
      replaced[s] = r.jackknife.values[j];
      jackknife.push({ weight: r.jackknife.weights[j], estimates: replaced });
    }
  });
  return { estimates, replicates, jackknife };
}

/** A statistic of the stratum estimates with its replicates and jackknife cases. */
export function sumStatistic(
  vector: VectorBootstrap,
  statistic: (estimates: ArrayLike<number>) => number,
): { estimate: number; replicates: Float64Array; jackknife: { weights: number[]; values: Float64Array } } {
  return {
    estimate: statistic(vector.estimates),
    replicates: Float64Array.from(vector.replicates, (r) => statistic(r)),
    jackknife: {
      weights: vector.jackknife.map((c) => c.weight),
      values: Float64Array.from(vector.jackknife, (c) => statistic(c.estimates)),
    },
  };
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}
