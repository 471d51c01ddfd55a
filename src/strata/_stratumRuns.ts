/**
 * Post-stratified estimation shared by {@link estimateByStratum} and {@link estimateTrend}: every
 * stratum estimated on its own with the chosen method, its guards, and (for bootstrap intervals) its
 * own bootstrap run, seeded from the common seed and the stratum's values.
 */
import type { CaptureData, EstimateWarning } from "../types.js";
import { estimate, type EstimateOptions, type PopulationEstimate } from "../estimate.js";
import { dropNoninformativeLists } from "../data/dropNoninformativeLists.js";
import { runBootstrap, DEFAULT_SEED, type BootstrapIntervalOptions, type BootstrapRun } from "../uncertainty/bootstrapInterval.js";
import { splitStrata } from "./splitStrata.js";

/** Interval methods for stratified analyses. */
export type StratifiedIntervalMethod = "bca" | "percentile" | "lognormal" | "none";

export interface StratumRunOptions
  extends EstimateOptions,
    Pick<BootstrapIntervalOptions, "replicates" | "seed" | "threads" | "resampling" | "onProgress"> {
  /** Interval method: `"bca"` (default) or `"percentile"` by bootstrap within strata, `"lognormal"` from the fitted model(s), or `"none"`. */
  readonly ci?: StratifiedIntervalMethod;
}

export interface StratumRun {
  readonly stratum: Readonly<Record<string, string>>;
  readonly data: CaptureData;
  /** The point estimate, or null when the guards say the stratum cannot be estimated. */
  readonly point: PopulationEstimate | null;
  readonly run?: BootstrapRun;
  readonly warnings: EstimateWarning[];
}

const REMEDY = "remedies: merge this stratum with a neighbouring one, merge lists, or fit one covariate model over all strata";

export async function runStrata(data: CaptureData, by: readonly string[], options: StratumRunOptions): Promise<StratumRun[]> {
  const strata = splitStrata(data, by);
  const ci = options.ci ?? "bca";
  const seed = options.seed ?? DEFAULT_SEED;
  const runs: StratumRun[] = [];
  let done = 0;
  for (const { stratum, data: stratumData } of strata) {
    const label = JSON.stringify(stratum);
    const warnings: EstimateWarning[] = [];
    if (stratumData.observed === 0) {
      warnings.push({ code: "STRATUM_EMPTY", message: `nobody was observed in stratum ${label}; ${REMEDY}` });
      runs.push({ stratum, data: stratumData, point: null, warnings });
      continue;
    }
    let informative = 0;
    try {
      informative = dropNoninformativeLists(stratumData).data.lists.length;
    } catch {
      informative = 1;
    }
    if (informative < 3) {
      warnings.push({
        code: "STRATUM_TOO_FEW_LISTS",
        message: `stratum ${label} has ${informative} informative list${informative === 1 ? "" : "s"} (the others are empty, hold everyone, or repeat another): the estimate rests on two-list assumptions or none; ${REMEDY}`,
      });
    }
    const overlaps = stratumData.counts.some((c, i) => c > 0 && ((i + 1) & i) !== 0);
    if (!overlaps) {
      warnings.push({
        code: "STRATUM_NO_OVERLAP",
        message: `nobody in stratum ${label} is on more than one list, so its size cannot be estimated (the estimate would be infinite); ${REMEDY}`,
      });
      runs.push({ stratum, data: stratumData, point: null, warnings });
      continue;
    }
    const point = estimate(stratumData, options);
    if (!point.fitted) {
      warnings.push({
        code: "STRATUM_NO_VALID_MODEL",
        message: `in stratum ${label} no model has an extended MLE that exists and is identifiable; ${REMEDY}`,
      });
      runs.push({ stratum, data: stratumData, point: null, warnings: [...warnings, ...point.warnings] });
      continue;
    }
    let run: BootstrapRun | undefined;
    if (ci === "bca" || ci === "percentile") {
      run = await runBootstrap(stratumData, {
        ...(point.selection.method === "fixed" ? { model: point.model.terms } : { select: point.selection.method }),
        maxOrder: options.maxOrder,
        pThreshold: options.pThreshold,
        replicates: options.replicates,
        // each stratum draws from its own streams, derived from the common seed and its values
        seed: `${String(seed)}/${label}`,
        threads: options.threads,
        resampling: options.resampling,
        level: point.settings.level,
        methods: [ci],
        onProgress: options.onProgress
          ? (d, t) => options.onProgress?.(done * t + d, strata.length * t)
          : undefined,
      });
    }
    done++;
    runs.push({ stratum, data: stratumData, point, ...(run ? { run } : {}), warnings: [...warnings, ...point.warnings] });
  }
  return runs;
}
