/**
 * Private: the bootstrap of a family's procedure around its point estimate on the original data,
 * as a {@link BootstrapResult} (shared by `bootstrapInterval` and `estimateWithInterval`).
 */
import type { CaptureData, EstimateCore } from "../types.js";
import { OptionError } from "../errors.js";
import type { TableFamily } from "../families/types.js";
import { VERSION } from "../version.js";
import type { BootstrapResult } from "./bootstrapInterval.js";
import { runBootstrap, type BootstrapRunSettings } from "./_runBootstrap.js";
import { quantileType8 } from "./quantileType8.js";
import { statisticIntervals } from "./_intervals.js";

/** What shapes the output, besides the bootstrap's settings. */
export interface BootstrapOutputOptions {
  readonly levels: readonly number[];
  readonly methods: readonly ("bca" | "percentile")[];
  readonly nested?: boolean;
  readonly keepReplicates?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  /** Whether `threads` was given (then workers are used whatever the job's length). */
  readonly threadsGiven: boolean;
}

export async function bootstrapFromPoint(
  family: TableFamily,
  spec: unknown,
  data: CaptureData,
  point: EstimateCore,
  settings: BootstrapRunSettings,
  options: BootstrapOutputOptions,
): Promise<BootstrapResult> {
  const { levels, methods } = options;
  if (!point.fitted) {
    family.replicates(spec, data); // a family refuses with its own reason when it has one
    throw new OptionError("no model passes the existence and identifiability check on these data: nothing to bootstrap");
  }
  const parametric = settings.resampling === "parametric" ? family.parametric?.(point, data, spec) : undefined;
  const raw = await runBootstrap(
    family,
    spec,
    data,
    settings,
    parametric ? [parametric] : undefined,
    options.onProgress,
    options.threadsGiven,
    point.estimate === null ? undefined : [point.estimate],
  );
  const rows = raw.rows;
  const estimate = raw.original[rows - 1];
  const rowModels = raw.rowModels;

  const rowResult = (k: number) => {
    const r = statisticIntervals(estimate, raw.replicateRow(k), raw.jackknifeRow(k), levels, methods, settings.resampling);
    return { ...r, valid: r.finite.length };
  };

  const final = rowResult(rows - 1);
  const finalReplicates = raw.replicateRow(rows - 1);
  const finite = final.finite;
  let mean: number | null = null;
  let standardDeviation: number | null = null;
  if (finite.length > 0) {
    mean = finite.reduce((a, b) => a + b, 0) / finite.length;
    standardDeviation =
      finite.length > 1 ? Math.sqrt(finite.reduce((a, b) => a + (b - (mean as number)) ** 2, 0) / (finite.length - 1)) : null;
  }
  const { replicates, seed, threads, resampling } = settings;
  const pointSettings = point.settings as { readonly maxOrder?: number; readonly pThreshold?: number; readonly top?: number };
  return {
    estimate,
    observed: data.observed,
    ...(point.model ? { model: point.model } : {}),
    intervals: final.intervals,
    acceleration: final.acceleration,
    biasCorrection: final.biasCorrection,
    replicateSummary: {
      requested: replicates,
      valid: final.valid,
      mean,
      standardDeviation,
      median: finite.length > 0 ? quantileType8(finite, 0.5) : null,
    },
    ...(options.nested && rowModels
      ? {
          nested: rowModels.map((model, k) => {
            const r = rowResult(k);
            return { top: k + 1, model, acceleration: r.acceleration, intervals: r.intervals, valid: r.valid };
          }),
        }
      : {}),
    ...(options.keepReplicates
      ? {
          replicateEstimates: Array.from({ length: replicates }, (_, b) => {
            const v = finalReplicates[b];
            return Number.isFinite(v) ? v : null;
          }),
        }
      : {}),
    warnings: final.warnings,
    settings: {
      seed,
      replicates,
      threads,
      resampling,
      family: family.name,
      selection: point.settings.method,
      ...(pointSettings.maxOrder !== undefined ? { maxOrder: pointSettings.maxOrder } : {}),
      ...(pointSettings.pThreshold !== undefined ? { pThreshold: pointSettings.pThreshold } : {}),
      ...(pointSettings.top !== undefined ? { top: pointSettings.top } : {}),
      level: levels,
      methods: [...methods],
      version: VERSION,
    },
  };
}
