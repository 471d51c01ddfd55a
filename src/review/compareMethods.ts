import type { CaptureData, EstimateWarning, Interval, ResamplingScheme } from "../types.js";
import { OptionError, PrevalenceError } from "../errors.js";
import { validateLevels } from "../_lib/validate.js";
import { getTableFamily } from "../families/registry.js";
import { DEFAULT_SEED } from "../uncertainty/_runBootstrap.js";
import { VERSION } from "../version.js";
import { comparisonRoutes, type ComparisonRoute } from "./comparisonRoutes.js";
import { runMethod } from "./_runMethod.js";

/** Options of {@link compareMethods}. */
export interface CompareMethodsOptions {
  /** Interval level(s). Default 0.95. */
  readonly level?: number | readonly number[];
  /**
   * Interval of the routes whose interval is the bootstrap: `"bca"` (default) or `"percentile"`,
   * re-running the route's whole procedure (selection included) in every replicate; `"none"` for
   * point estimates only. Routes with an interval of their own (a posterior, a profile) keep it.
   */
  readonly ci?: "bca" | "percentile" | "none";
  /** Bootstrap replicates per route. Default 1000. */
  readonly replicates?: number;
  /** Seed of every route's random streams (recorded). Default 1234. */
  readonly seed?: number | string;
  /** Bootstrap resampling scheme (see `estimateWithInterval`). */
  readonly resampling?: ResamplingScheme;
  /** Worker threads for the bootstraps; the numbers do not depend on it. */
  readonly threads?: number;
  /** Only these methods (route names, e.g. `["stepwise", "bic", "Mt"]`); default every applicable one. */
  readonly methods?: readonly string[];
  /** Routes to run besides (or, with `methods`, among) the registry's. */
  readonly routes?: readonly ComparisonRoute[];
  /** Called before each route with its name, its index and the number of routes. */
  readonly onProgress?: (method: string, index: number, total: number) => void;
}

/** One method's row of a comparison. */
export interface ComparedMethod {
  /** The route, e.g. `"stepwise"`, `"bic"`, `"Mt"`, `"dga"`, `"lincoln-petersen"`. */
  readonly method: string;
  /** The family that ran it. */
  readonly family: string;
  /** Estimated total population; null when the route gave none (its warnings say why). */
  readonly estimate: number | null;
  /** The dark figure; null without an estimate. */
  readonly unobserved: number | null;
  /** The route's intervals (bootstrap with re-selection, or the family's own). */
  readonly intervals: readonly Interval[];
  /** The model behind the estimate, where the family fits one. */
  readonly model: string | null;
  /** Wall-clock seconds the route took (estimate and interval). */
  readonly seconds: number;
  /** The route's warnings, and `METHOD_FAILED` / `INTERVAL_UNAVAILABLE` when it failed. */
  readonly warnings: readonly EstimateWarning[];
  /** The route's options (what makes it within its family). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** Every applicable method side by side on one table. */
export interface MethodComparison {
  /** Always `"comparison"`. */
  readonly kind: "comparison";
  /** The lists compared on. */
  readonly lists: readonly string[];
  /** People observed on at least one list. */
  readonly observed: number;
  /** One row per route, in the registry's order of families. */
  readonly methods: readonly ComparedMethod[];
  /** Families registered but not comparable on these data, with why. */
  readonly skipped: readonly { readonly method: string; readonly family: string; readonly reason: string }[];
  /** Every setting that shaped the comparison. */
  readonly settings: {
    readonly ci: "bca" | "percentile" | "none";
    readonly level: readonly number[];
    readonly replicates: number;
    readonly seed: number | string;
    readonly resampling?: ResamplingScheme;
    readonly version: string;
  };
}

/**
 * Every applicable registered estimator side by side (Silverman 2020's table in one call): the
 * log-linear model chosen stepwise, by BIC and by AIC, the main-effects model, the BIC-weighted
 * model average, the two-list estimator on two lists, and every family registered besides
 * (closed-population models, Bayesian families…) with the routes it declares. Each row gives the
 * estimate, its intervals — by default BCa from a bootstrap that re-runs the route's whole
 * procedure, or the family's own posterior or profile interval —, the seconds it took and its
 * warnings. A route that fails is kept with a `METHOD_FAILED` warning, never dropped silently.
 *
 * @param data - capture data.
 * @param options - see {@link CompareMethodsOptions}.
 * @returns the comparison: `{ kind: "comparison", methods: [{ method, family, estimate, intervals, seconds, warnings }] }`.
 * @throws {OptionError} for out-of-range options or a `methods` entry that matches no route.
 * @example
 * const c = await compareMethods(loadDataset("UKdat_5"), { replicates: 200 });
 * c.methods.map((m) => [m.method, Math.round(m.estimate ?? NaN)]) // [["stepwise", 11313], ["bic", 25311], …]
 * @see docs/methodology/review.md
 */
export async function compareMethods(data: CaptureData, options: CompareMethodsOptions = {}): Promise<MethodComparison> {
  const levels = validateLevels(options.level);
  const ci = options.ci ?? "bca";
  if (ci !== "bca" && ci !== "percentile" && ci !== "none") {
    throw new OptionError(`\`ci\` must be bca, percentile or none; received ${String(ci)}`);
  }
  let routes = [...comparisonRoutes(data), ...(options.routes ?? [])];
  if (options.methods !== undefined) {
    const unknown = options.methods.filter((m) => !routes.some((r) => r.method === m));
    if (unknown.length > 0) {
      throw new OptionError(
        `\`methods\` must name routes of the comparison (${[...new Set(routes.map((r) => r.method))].join(", ")}); received ${unknown.join(", ")}`,
      );
    }
    routes = routes.filter((r) => options.methods?.includes(r.method));
  }
  const methods: ComparedMethod[] = [];
  const skipped: { method: string; family: string; reason: string }[] = [];
  for (let i = 0; i < routes.length; i++) {
    const route = routes[i];
    options.onProgress?.(route.method, i, routes.length);
    const row = await runRoute(data, route, levels, ci, options);
    if ("reason" in row) skipped.push(row);
    else methods.push(row);
  }
  return {
    kind: "comparison",
    lists: [...data.lists],
    observed: data.observed,
    methods,
    skipped,
    settings: {
      ci,
      level: levels,
      replicates: options.replicates ?? 1000,
      seed: options.seed ?? DEFAULT_SEED,
      ...(options.resampling !== undefined ? { resampling: options.resampling } : {}),
      version: VERSION,
    },
  };
}

async function runRoute(
  data: CaptureData,
  route: ComparisonRoute,
  levels: readonly number[],
  ci: "bca" | "percentile" | "none",
  options: CompareMethodsOptions,
): Promise<ComparedMethod | { method: string; family: string; reason: string }> {
  let family;
  try {
    family = getTableFamily(route.family);
    family.spec(data, { ...(route.options ?? {}), familyOptions: route.options ?? {} });
  } catch (error) {
    // the family does not apply to these data (e.g. two-list estimators on five lists)
    if (error instanceof PrevalenceError) return { method: route.method, family: route.family, reason: error.message };
    throw error;
  }
  const started = performance.now();
  const run = await runMethod(data, route, { ...options, level: levels, ci });
  const seconds = (performance.now() - started) / 1000;
  return {
    method: route.method,
    family: family.name,
    estimate: run.estimate,
    unobserved: run.estimate === null ? null : run.estimate - data.observed,
    intervals: run.intervals,
    model: run.model,
    seconds,
    warnings: run.warnings,
    options: route.options ?? {},
  };
}
