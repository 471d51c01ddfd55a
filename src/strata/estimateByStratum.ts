import type { CaptureData, EstimateCore, EstimateWarning, Interval } from "../types.js";
import { OptionError } from "../errors.js";
import { validateLevels } from "../_lib/validate.js";
import { standardNormalQuantile } from "../_lib/distributions.js";
import { getFamily } from "../families/registry.js";
import type { StratifiedFamily, TableFamily } from "../families/types.js";
import { bootstrapSettings, DEFAULT_SEED, runBootstrap, type BootstrapRunSettings } from "../uncertainty/_runBootstrap.js";
import { VERSION } from "../version.js";
import { runStrata, type StratumRun, type StratumRunOptions } from "./_stratumRuns.js";
import { sum, vectorFromRun, vectorFromRuns, vectorIntervals } from "./_vector.js";
import type { StratifiedEstimate, StratifiedIntervalMethod, StratumEstimate } from "./types.js";

/** Options of {@link estimateByStratum}. */
export interface EstimateByStratumOptions extends StratumRunOptions {
  /** Stratum columns, e.g. `["region"]` or `["region", "sector"]`. */
  readonly by: readonly string[];
  /**
   * Fit one covariate model over all strata instead of one model per stratum: the terms, e.g.
   * `"A:B + A:region"` (see {@link fitCovariateModel}); the same as `method: "covariate"` with
   * `model` set to these terms.
   */
  readonly covariateModel?: string;
}

const CI_METHODS: readonly StratifiedIntervalMethod[] = ["bca", "percentile", "lognormal", "posterior", "conditional", "parametric-bootstrap", "none"];

/** The family of a stratified analysis and the options it reads. */
export function stratifiedFamilyOf(options: StratumRunOptions & { readonly covariateModel?: string }): {
  family: TableFamily | StratifiedFamily;
  options: StratumRunOptions;
} {
  if (options.covariateModel !== undefined) {
    return { family: getFamily("covariate"), options: { ...options, method: "covariate", model: options.covariateModel } };
  }
  return { family: getFamily(options.method ?? "loglinear"), options };
}

/** Validate the interval method for a stratified analysis with `family`: the bootstrap's, none, or the family's point intervals. */
export function stratifiedCi(ci: unknown, family: TableFamily | StratifiedFamily): StratifiedIntervalMethod {
  // a Bayesian family sums its strata's posteriors by default; the others bootstrap
  const bayesian = family.scope === "table" && family.posteriorTotal !== undefined;
  const method = (ci ?? (bayesian ? "posterior" : "bca")) as StratifiedIntervalMethod;
  if (method === family.pointIntervals) return method;
  if (method === "posterior" && !bayesian) {
    throw new OptionError(`the ${family.name} family has no posterior: \`ci\` must be ${allowedCi(family, false).join(", ")}`);
  }
  if (!allowedCi(family, bayesian).includes(method)) {
    throw new OptionError(
      `\`ci\` must be one of ${allowedCi(family, bayesian).join(", ")} for the ${family.name} family; received ${String(ci)}`,
    );
  }
  return method;
}

/** The interval methods a stratified analysis with `family` accepts. */
function allowedCi(family: TableFamily | StratifiedFamily, bayesian: boolean): string[] {
  const own = family.pointIntervals !== undefined && CI_METHODS.includes(family.pointIntervals as StratifiedIntervalMethod);
  return ["bca", "percentile", ...(own ? [family.pointIntervals as string] : []), ...(bayesian ? ["posterior"] : []), "none"];
}

/**
 * Estimates by stratum (sector, region, year…) that add up to the total, with any registered
 * family (`method`).
 *
 * Post-stratified (a table family, e.g. the default log-linear one): each stratum is estimated on
 * its own with the chosen method — a fixed `model`, or the selection re-run per stratum — and the
 * total is the sum. Bootstrap intervals (default BCa) resample within each stratum from its own
 * seeded streams; the total's replicates are the sums of the strata's, and its jackknife deletes one
 * person at a time from every stratum. Guards: a stratum with no one observed, fewer than 3
 * informative lists, no overlap between lists, or no valid model gets a coded warning with
 * remedies, and no number (never an infinity or NaN).
 *
 * A stratified family (`method: "covariate"`, or `covariateModel`) fits all strata at once; its
 * bootstrap resamples within strata (or draws from its fit) and refits the whole model.
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
  const { family, options: familyOptions } = stratifiedFamilyOf(options);
  const ci = stratifiedCi(options.ci, family);
  const bootstrap = ci === "bca" || ci === "percentile" ? await bootstrapSettings(options) : undefined;
  if (family.scope === "stratified") {
    return estimateStratified(family, data, options.by, familyOptions, levels, ci, bootstrap);
  }
  // posterior totals: every stratum keeps what the family needs to sum posteriors (draws, grids)
  const keep = ci === "posterior" ? (family.posteriorTotal?.keep ?? {}) : {};
  const runs = await runStrata(family, data, options.by, { ...familyOptions, ...keep }, levels, bootstrap);
  return combineStrata(family, data, options.by, runs, levels, ci, familyOptions);
}

/** A stratified family's estimate with the intervals asked for. */
export async function estimateStratified(
  family: StratifiedFamily,
  data: CaptureData,
  by: readonly string[],
  options: StratumRunOptions,
  levels: readonly number[],
  ci: StratifiedIntervalMethod,
  bootstrap: BootstrapRunSettings | undefined,
): Promise<StratifiedEstimate> {
  const spec = family.spec(data, { ...options, by });
  const fit = family.estimate(data, spec, { levels });
  if (ci === family.pointIntervals || fit.total.estimate === null) return { ...fit, settings: { ...fit.settings, ci } };
  if (!bootstrap) {
    return {
      ...fit,
      strata: fit.strata.map((s) => ({ ...s, intervals: [] })),
      total: { ...fit.total, intervals: [] },
      settings: { ...fit.settings, ci },
    };
  }
  const parametric = bootstrap.resampling === "parametric" ? family.parametric?.(fit, data, spec) : undefined;
  const populations = fit.strata.every((s) => s.estimate !== null) ? fit.strata.map((s) => s.estimate as number) : undefined;
  const run = await runBootstrap(family, spec, data, bootstrap, parametric, options.onProgress, options.threads !== undefined, populations);
  const vector = vectorFromRun(run);
  const methods = [ci as "bca" | "percentile"];
  const total = vectorIntervals(vector, sum, levels, methods);
  return {
    ...fit,
    strata: fit.strata.map((s, i) => {
      const r = vectorIntervals(vector, (e) => e[i], levels, methods);
      return { ...s, intervals: r.intervals, warnings: [...s.warnings, ...r.warnings] };
    }),
    total: { ...fit.total, intervals: total.intervals, warnings: total.warnings },
    settings: { ...fit.settings, ci, seed: bootstrap.seed, replicates: bootstrap.replicates, resampling: bootstrap.resampling },
  };
}

/** Per-stratum rows and the total from post-stratified runs. */
function combineStrata(
  family: TableFamily,
  data: CaptureData,
  by: readonly string[],
  runs: readonly StratumRun[],
  levels: readonly number[],
  ci: StratifiedIntervalMethod,
  options: StratumRunOptions,
): StratifiedEstimate {
  const strata: StratumEstimate[] = runs.map((r) => {
    const p = r.point;
    if (p === null || !p.fitted) {
      return { stratum: r.stratum, estimate: null, observed: r.data.observed, unobserved: null, model: null, intervals: [], warnings: r.warnings };
    }
    let intervals: readonly Interval[] = ci === family.pointIntervals ? p.intervals : [];
    const warnings = [...r.warnings];
    if (r.run) {
      const s = vectorIntervals(vectorFromRuns([r.run]), (e) => e[0], levels, [ci as "bca" | "percentile"]);
      intervals = s.intervals;
      warnings.push(...s.warnings);
    }
    return { stratum: r.stratum, estimate: p.estimate, observed: p.observed, unobserved: p.unobserved, model: p.model ?? null, intervals, warnings };
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
      const s = vectorIntervals(vectorFromRuns(fitted.map((r) => r.run as NonNullable<StratumRun["run"]>)), sum, levels, [ci]);
      totalIntervals = s.intervals;
      totalWarnings.push(...s.warnings);
    } else if (ci === "posterior" && family.posteriorTotal !== undefined) {
      // independent strata: the total's posterior from the strata's (draws summed, grids convolved)
      const sum = family.posteriorTotal.sum(
        fitted.map((r) => r.point as EstimateCore),
        { levels },
      );
      totalEstimate = sum.estimate;
      totalIntervals = [...sum.intervals];
      totalWarnings.push(...sum.warnings);
    } else if (ci === "lognormal") {
      // independent strata: Var(U) = Σ U_s²·Var(log U_s); log-normal interval on U
      let dark = 0;
      let variance = 0;
      for (const r of fitted) {
        const p = r.point as EstimateCore;
        const seLog = family.logUnobservedStandardError?.(p) as number;
        dark += p.unobserved as number;
        variance += ((p.unobserved as number) * seLog) ** 2;
      }
      const seLog = Math.sqrt(variance) / dark;
      totalIntervals = levels.map((level) => {
        const z = standardNormalQuantile(0.5 + level / 2);
        return { method: "lognormal", level, lower: data.observed + dark * Math.exp(-z * seLog), upper: data.observed + dark * Math.exp(z * seLog) };
      });
    }
  }
  return {
    kind: "strata",
    family: family.name,
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
        : ci === "posterior" && options.seed !== undefined
          ? { seed: options.seed }
          : {}),
      level: levels,
      version: VERSION,
    },
  };
}
