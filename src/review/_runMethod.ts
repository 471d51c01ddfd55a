/**
 * Private: run one estimation route on a table for the reviewer's tools (sensitivity, internal
 * consistency), keeping failures as coded warnings instead of throwing.
 */
import type { CaptureData, EstimateWarning, Interval, IntervalMethod, ResamplingScheme } from "../types.js";
import { PrevalenceError } from "../errors.js";
import { estimateWithInterval, type EstimateWithIntervalOptions } from "../estimateWithInterval.js";
import { isBuiltInFamily } from "../families/registry.js";
import type { ComparisonRoute } from "./comparisonRoutes.js";

/** The bootstrap settings shared by every route of a review. */
export interface ReviewRunOptions {
  readonly level?: number | readonly number[];
  readonly ci?: "bca" | "percentile" | "none";
  readonly replicates?: number;
  readonly seed?: number | string;
  readonly resampling?: ResamplingScheme;
  readonly threads?: number;
}

/** What a review keeps of one run. */
export interface MethodRun {
  readonly estimate: number | null;
  readonly intervals: readonly Interval[];
  readonly model: string | null;
  readonly warnings: readonly EstimateWarning[];
}

/** Run `route` on `data` with the review's interval settings. */
export async function runMethod(data: CaptureData, route: ComparisonRoute, options: ReviewRunOptions): Promise<MethodRun> {
  const ci = options.ci ?? "bca";
  const wanted: IntervalMethod = ci === "none" ? "none" : route.interval === undefined || route.interval === "bootstrap" ? ci : route.interval;
  const base: EstimateWithIntervalOptions = {
    ...(route.options ?? {}),
    ...(isBuiltInFamily(route.family) ? {} : { familyOptions: route.options ?? {} }),
    method: route.family,
    ...(options.level !== undefined ? { level: options.level } : {}),
    ...(options.replicates !== undefined ? { replicates: options.replicates } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.resampling !== undefined ? { resampling: options.resampling } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
  };
  try {
    const r = await estimateWithInterval(data, { ...base, ci: wanted });
    return { estimate: r.estimate, intervals: r.intervals, model: r.model?.name ?? null, warnings: r.warnings };
  } catch (error) {
    if (!(error instanceof PrevalenceError)) throw error;
    try {
      const r = await estimateWithInterval(data, { ...base, ci: "none" });
      return {
        estimate: r.estimate,
        intervals: [],
        model: r.model?.name ?? null,
        warnings: [...r.warnings, { code: "INTERVAL_UNAVAILABLE", message: `no ${wanted} interval: ${error.message}` }],
      };
    } catch (again) {
      if (!(again instanceof PrevalenceError)) throw again;
      return { estimate: null, intervals: [], model: null, warnings: [{ code: "METHOD_FAILED", message: again.message }] };
    }
  }
}

/** The route of a method name among the comparison's routes on `data`. */
export function routeNamed(routes: readonly ComparisonRoute[], method: string): ComparisonRoute | undefined {
  return routes.find((r) => r.method === method);
}
