/**
 * Post-stratified estimation shared by {@link estimateByStratum} and {@link estimateTrend}: every
 * stratum estimated on its own by a table family, its guards, and (for bootstrap intervals) its own
 * bootstrap run, seeded from the common seed and the stratum's values.
 */
import type { CaptureData, EstimateCore, EstimateWarning } from "../types.js";
import type { EstimateOptions } from "../estimate.js";
import { dropNoninformativeLists } from "../data/dropNoninformativeLists.js";
import type { TableFamily } from "../families/types.js";
import { runBootstrap, type BootstrapRun, type BootstrapRunOptions, type BootstrapRunSettings } from "../uncertainty/_runBootstrap.js";
import { splitStrata } from "./splitStrata.js";
import type { StratifiedIntervalMethod } from "./types.js";

export type { StratifiedIntervalMethod };

/** Options of a stratified analysis: the family's, the interval method, and the bootstrap's. */
export interface StratumRunOptions extends EstimateOptions, BootstrapRunOptions {
  /**
   * Interval method: `"bca"` (default) or `"percentile"` by bootstrap (within strata, or of the
   * stratified family's whole fit), `"lognormal"` from the fitted model(s), `"posterior"` (the
   * default of a Bayesian family: the strata's posteriors summed), or `"none"`.
   */
  readonly ci?: StratifiedIntervalMethod;
}

export interface StratumRun {
  readonly stratum: Readonly<Record<string, string>>;
  readonly data: CaptureData;
  /** The point estimate, or null when the guards say the stratum cannot be estimated. */
  readonly point: EstimateCore | null;
  readonly run?: BootstrapRun;
  readonly warnings: EstimateWarning[];
}

const REMEDY = "remedies: merge this stratum with a neighbouring one, merge lists, or fit one covariate model over all strata";

/** Estimate every stratum with `family`; with `bootstrap` settings, bootstrap each from its own streams. */
export async function runStrata(
  family: TableFamily,
  data: CaptureData,
  by: readonly string[],
  options: StratumRunOptions,
  levels: readonly number[],
  bootstrap: BootstrapRunSettings | undefined,
): Promise<StratumRun[]> {
  const strata = splitStrata(data, by);
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
    // a family that draws random numbers gets one stream family per stratum (seed/stratum), so
    // that the strata's draws are independent
    const spec = family.spec(stratumData, { ...options, seed: options.seed === undefined ? label : `${String(options.seed)}/${label}` });
    const point = family.estimate(stratumData, spec, { levels }) as EstimateCore;
    if (!point.fitted) {
      warnings.push({
        code: "STRATUM_NO_VALID_MODEL",
        message: `in stratum ${label} no model has an extended MLE that exists and is identifiable; ${REMEDY}`,
      });
      runs.push({ stratum, data: stratumData, point: null, warnings: [...warnings, ...point.warnings] });
      continue;
    }
    let run: BootstrapRun | undefined;
    if (bootstrap) {
      const parametric = bootstrap.resampling === "parametric" ? family.parametric?.(point, stratumData, spec) : undefined;
      run = await runBootstrap(
        family,
        spec,
        stratumData,
        // each stratum draws from its own streams, derived from the common seed and its values
        { ...bootstrap, seed: `${String(bootstrap.seed)}/${label}` },
        parametric ? [parametric] : undefined,
        options.onProgress ? (d, t) => options.onProgress?.(done * t + d, strata.length * t) : undefined,
        options.threads !== undefined,
        point.estimate === null ? undefined : [point.estimate],
      );
    }
    done++;
    runs.push({ stratum, data: stratumData, point, ...(run ? { run } : {}), warnings: [...warnings, ...point.warnings] });
  }
  return runs;
}
