/**
 * The decomposable-graph model averaging family (`method: "dga"`): {@link estimateDga} served by
 * the registry (estimate, bootstrap, strata, trends, reports, CLI).
 */
import type { CaptureData, EstimateWarning, Interval } from "../../types.js";
import { OptionError } from "../../errors.js";
import type { EstimateContext, TableFamily } from "../../families/types.js";
import { convolve } from "../../_lib/fft.js";
import { estimateDga } from "./estimateDga.js";
import { quantileIndex } from "./_summary.js";
import { resolveDgaOptions } from "./_setup.js";
import { resolveGraphMcmc } from "./_graphMcmc.js";
import type { DgaEstimate, DgaOptions, EdgeProbabilityPrior, GraphMcmcOptions, UnobservedGrid } from "./types.js";

/** The dga options `estimate` and the CLI accept: {@link DgaOptions} without functions (a spec must be plain data). */
export interface DgaFamilyOptions {
  /** Hyper-Dirichlet prior count per cell (default 2^−t), or one per cell. */
  readonly delta?: number | readonly number[];
  /** Prior on N: `"inverse"` (default) or `"uniform"`; a function needs {@link estimateDga}. */
  readonly priorN?: "inverse" | "uniform";
  /** Prior over graphs: `"uniform"` (default) or `{ edgeProbability }`. */
  readonly graphPrior?: "uniform" | EdgeProbabilityPrior;
  /** Grid of unobserved counts (default `"auto"`). */
  readonly grid?: "auto" | UnobservedGrid;
  /** Automatic grid: mass left beyond it (default 1e-7). */
  readonly tailMass?: number;
  /** Automatic grid: its cap (default max(1000, 100 × observed)). */
  readonly maxUnobserved?: number;
  /** Graphs reported (default 10). */
  readonly models?: number;
  /** `"auto"`, `"exhaustive"` or `"mcmc"`. */
  readonly search?: "auto" | "exhaustive" | "mcmc";
  /** The chain over graphs. */
  readonly mcmc?: GraphMcmcOptions;
  /** The chains' seed when `mcmc.seed` is not given (shared with the other families' `seed`). */
  readonly seed?: number | string;
  /** The chains' worker threads when `mcmc.threads` is not given (shared with the bootstrap's `threads`). */
  readonly threads?: number;
}

/** The family's plain spec: the options, checked. */
export interface DgaSpec extends DgaFamilyOptions {
  /** Keep the whole posterior grid (for sums over strata). */
  readonly keepGrid?: boolean;
}

function checkPlain(options: DgaFamilyOptions & { readonly keepGrid?: boolean }): DgaSpec {
  if (typeof options.priorN === "function" || typeof options.graphPrior === "function") {
    throw new OptionError("`priorN` and `graphPrior` must be plain data with `method: \"dga\"` (a function cannot reach worker threads); call estimateDga for a prior given as a function");
  }
  const spec: DgaSpec = {
    ...(options.delta !== undefined ? { delta: options.delta } : {}),
    ...(options.priorN !== undefined ? { priorN: options.priorN } : {}),
    ...(options.graphPrior !== undefined ? { graphPrior: options.graphPrior } : {}),
    ...(options.grid !== undefined ? { grid: options.grid } : {}),
    ...(options.tailMass !== undefined ? { tailMass: options.tailMass } : {}),
    ...(options.maxUnobserved !== undefined ? { maxUnobserved: options.maxUnobserved } : {}),
    ...(options.models !== undefined ? { models: options.models } : {}),
    ...(options.search !== undefined ? { search: options.search } : {}),
    ...(options.mcmc !== undefined || options.seed !== undefined || options.threads !== undefined
      ? {
          mcmc: {
            ...(options.seed !== undefined ? { seed: options.seed } : {}),
            ...(options.threads !== undefined ? { threads: options.threads } : {}),
            ...(options.mcmc ?? {}),
          },
        }
      : {}),
    ...(options.keepGrid ? { keepGrid: true } : {}),
  };
  return spec;
}

/**
 * The posterior of a post-stratified total: the strata's posteriors of the unobserved count are
 * independent, so the total's is their convolution (by FFT); the total is observed + that.
 */
export function sumGridPosteriors(results: readonly DgaEstimate[], levels: readonly number[]): { estimate: number; intervals: Interval[]; warnings: EstimateWarning[] } {
  let offset = 0;
  let probabilities: Float64Array | null = null;
  let observed = 0;
  for (const r of results) {
    const grid = r.posterior.grid;
    if (grid === undefined) throw new Error("internal: a stratum's dga result has no grid");
    observed += r.observed;
    offset += grid.from;
    probabilities = probabilities === null ? Float64Array.from(grid.probabilities) : convolve(probabilities, grid.probabilities);
    // FFT rounding leaves tiny negative values: clip them
    for (let i = 0; i < probabilities.length; i++) if (probabilities[i] < 0) probabilities[i] = 0;
  }
  const values = probabilities ?? new Float64Array(1);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  const at = (q: number): number => observed + offset + quantileIndex(values, total, q);
  return {
    estimate: at(0.5),
    intervals: levels.map((level) => ({ method: "posterior", level, lower: at((1 - level) / 2), upper: at((1 + level) / 2) })),
    warnings: results.flatMap((r) => r.warnings.filter((w) => w.code === "GRID_CAPPED" || w.code === "GRID_TRUNCATED" || w.code === "IMPROPER_POSTERIOR")),
  };
}

/** The dga family. */
export const dgaFamily: TableFamily<DgaSpec, DgaEstimate, DgaFamilyOptions> = {
  name: "dga",
  title: "Bayesian model averaging over decomposable graphs (Madigan & York 1997)",
  scope: "table",
  spec(data: CaptureData, options: DgaFamilyOptions): DgaSpec {
    const spec = checkPlain(options);
    // validate now (OptionError), as estimateDga would, without computing anything
    resolveDgaOptions(data, spec as DgaOptions);
    resolveGraphMcmc(spec.mcmc);
    return spec;
  },
  estimate(data, spec, context: EstimateContext) {
    return estimateDga(data, { ...(spec as DgaOptions), level: context.levels });
  },
  pointIntervals: "posterior",
  posteriorTotal: {
    keep: { keepGrid: true },
    sum: (results, context) => sumGridPosteriors(results, context.levels),
  },
  replicates(spec) {
    return {
      rows: 1,
      estimate(counts, out, offset, context) {
        const data = replicateData(counts);
        const mcmc = spec.mcmc ?? {};
        const result = estimateDga(data, {
          ...(spec as DgaOptions),
          models: 1,
          keepGrid: false,
          mcmc: { ...mcmc, seed: `${context.seed}/estimator/${context.item}` },
        });
        out[offset] = result.estimate;
      },
    };
  },
};

/** Capture data around a replicate's counts (lists named by index: names do not change the estimate). */
function replicateData(counts: Float64Array): CaptureData {
  const t = Math.round(Math.log2(counts.length + 1));
  let observed = 0;
  for (const c of counts) observed += c;
  return { lists: Array.from({ length: t }, (_, j) => `L${j + 1}`), counts: Array.from(counts), observed };
}
