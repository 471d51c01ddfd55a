/**
 * Estimators for {@link estimateWithLinkage}: any registered family's estimate with its bootstrap.
 */
import { estimate, type EstimateOptions } from "../estimate.js";
import { estimateWithInterval } from "../estimateWithInterval.js";
import type { CaptureData, EstimateWarning, ResamplingScheme } from "../types.js";

/** What {@link estimateWithLinkage} passes to an estimator with each set of capture histories. */
export interface LinkageEstimatorContext {
  /** Seed for the estimator's own random draws (its bootstrap or posterior sampler). */
  readonly seed: string;
  /** How many replicate estimates (bootstrap replicates or posterior draws) to return; 0 for the point estimate only. */
  readonly replicates: number;
  /** The linkage draw the data come from: 0, 1, …; null for the point linkage, `"threshold"` for the sensitivity table. */
  readonly draw: number | null | "threshold";
}

/** What an estimator returns for one set of capture histories. */
export interface LinkageEstimatorResult {
  /** The population estimate, or null when none could be made. */
  readonly estimate: number | null;
  /**
   * Replicate estimates that describe its sampling uncertainty (bootstrap replicates, or draws
   * from a posterior), `context.replicates` of them; null where a replicate had no estimate.
   */
  readonly replicates: readonly (number | null)[];
  /** Its warnings, if any. */
  readonly warnings?: readonly EstimateWarning[];
}

/**
 * An estimator for {@link estimateWithLinkage}: any function from capture data to an estimate and
 * replicate estimates. {@link familyLinkageEstimator} makes one from a registered estimator family.
 */
export type LinkageEstimator = (data: CaptureData, context: LinkageEstimatorContext) => Promise<LinkageEstimatorResult>;

/** Options of {@link familyLinkageEstimator}: those of `estimate` (the family in `method`), and the bootstrap's. */
export interface FamilyLinkageEstimatorOptions extends Omit<EstimateOptions, "level"> {
  /**
   * The bootstrap's resampling scheme (`"binomial"`, `"poisson"`, `"nonparametric"` or
   * `"parametric"`); default that of `estimateWithInterval` (`"binomial"`).
   */
  readonly resampling?: ResamplingScheme;
  /** Worker threads for each bootstrap; default 1 (each bootstrap is short). The numbers do not depend on it. */
  readonly threads?: number;
}

/**
 * An estimator for {@link estimateWithLinkage} from any registered estimator family (`method`,
 * default `"loglinear"`, with that family's options): `estimate` for the point estimate, and
 * `estimateWithInterval`'s bootstrap (which re-runs the family's whole procedure, model selection
 * included, in every replicate) for the replicates.
 *
 * @param options - the family and its options, and the bootstrap's resampling and threads.
 * @returns an estimator.
 * @throws {OptionError} (when it runs) for an unknown family or options the family rejects.
 * @example
 * const result = await estimateWithLinkage(linkage, { estimator: familyLinkageEstimator({ model: "main" }) });
 * @see docs/methodology/linkage.md
 */
export function familyLinkageEstimator(options: FamilyLinkageEstimatorOptions = {}): LinkageEstimator {
  const { resampling, threads, ...estimateOptions } = options;
  return async (data, context) => {
    if (context.replicates === 0) {
      const point = estimate(data, estimateOptions);
      return { estimate: point.estimate, replicates: [], warnings: point.warnings };
    }
    const result = await estimateWithInterval(data, {
      ...estimateOptions,
      ci: "percentile",
      replicates: context.replicates,
      seed: context.seed,
      resampling,
      threads: threads ?? 1,
      keepReplicates: true,
    });
    const details = result.uncertainty;
    return {
      estimate: result.estimate,
      replicates: details?.method === "bootstrap" ? (details.replicateEstimates ?? []) : [],
      warnings: result.warnings,
    };
  };
}
