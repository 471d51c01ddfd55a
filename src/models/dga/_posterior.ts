/**
 * The model-averaged posterior over a set of graphs, and one graph's own posterior, on an integer
 * grid of unobserved counts, by the exact recurrence of `_exact.ts`.
 */
import {
  addToBoundHistogram,
  BIN_FLOOR,
  BIN_WIDTH,
  coarseSummary,
  evaluateGraph,
  gridTables,
  nodeScratch,
  segmentBounds,
  thresholdFromHistogram,
  type GraphTerms,
  type GridTables,
  type PriorOnGrid,
} from "./_exact.js";

/** Largest number of node values (and as many bounds) kept between the two passes (16 MB each). */
const STORE_LIMIT = 2_000_000;

/** Share of the total posterior mass that skipped grid points may carry, at most (a proven bound). */
export const NEGLECTED_MASS = 1e-10;

/** The joint posterior summed over graphs. */
export interface AveragedPosterior {
  /** Unnormalised posterior of the unobserved count at from … to (sum over graphs). */
  readonly values: Float64Array;
  /** Σ values. */
  readonly total: number;
  /** Each graph's posterior probability (its share of `total`); a lower bound within `neglected`. */
  readonly probabilities: Float64Array;
  /** Bound on each graph's skipped mass, as a share of `total`. */
  readonly neglectedByGraph: Float64Array;
  /** Bound on the total skipped mass, as a share of `total`. */
  readonly neglected: number;
  /** Grid points evaluated exactly, over all graphs. */
  readonly points: number;
  /** The grid tables, reusable for single graphs. */
  readonly tables: GridTables;
  /** log of the scale of `values`: the true joint posterior mass is values · exp(logScale). */
  readonly logScale: number;
}

/**
 * Compute the averaged posterior of every graph in `graphs`. `logMassEstimate`, a rough estimate of
 * log Σ_G Σ_x h_G(x) over the grid (from the coarse tail profile), sets the scale and the skipping
 * threshold; without it a coarse pass over the grid's nodes makes one. `weighting` (the number
 * observed and a central N) makes the skipping budget count the far tail more (see `gridTables`).
 */
export function averagedPosterior(
  graphs: readonly GraphTerms[],
  prior: PriorOnGrid,
  logMassEstimate?: number,
  weighting?: { readonly observed: number; readonly centre: number },
): AveragedPosterior {
  const tables = gridTables(prior, weighting?.observed, weighting?.centre);
  const scratch = nodeScratch(tables);
  const size = prior.to - prior.from + 1;
  let logScale = logMassEstimate ?? -Infinity;
  if (logMassEstimate === undefined || !Number.isFinite(logMassEstimate)) {
    logScale = -Infinity;
    for (const g of graphs) {
      const { logMass } = coarseSummary(g, tables, scratch);
      if (logMass === -Infinity) continue;
      const m = Math.max(logScale, logMass);
      logScale = m + Math.log(Math.exp(logScale - m) + Math.exp(logMass - m));
    }
  }
  const values = new Float64Array(size);
  const masses = new Float64Array(graphs.length);
  const neglectedByGraph = new Float64Array(graphs.length);
  if (logScale === -Infinity) {
    return { values, total: 0, probabilities: masses, neglectedByGraph, neglected: 0, points: 0, tables, logScale };
  }
  // pass 1: every segment's bound, binned; the threshold skips as much as the budget allows
  const histogram = new Float64Array(Math.ceil((40 - BIN_FLOOR) / BIN_WIDTH));
  const largest = new Float64Array(graphs.length);
  const boundTotal = new Float64Array(graphs.length);
  // keep the node values and bounds for pass 2 when they fit in STORE_LIMIT numbers
  const k = tables.nodes.length;
  const store = graphs.length * k <= STORE_LIMIT ? { logValue: new Float64Array(graphs.length * k), bound: new Float64Array(graphs.length * k) } : undefined;
  for (let g = 0; g < graphs.length; g++) {
    largest[g] = segmentBounds(graphs[g], tables, scratch);
    boundTotal[g] = addToBoundHistogram(tables, scratch, logScale, histogram);
    if (store) {
      store.logValue.set(scratch.logValue, g * k);
      store.bound.set(scratch.bound, g * k);
    }
  }
  const threshold = logScale + thresholdFromHistogram(histogram, NEGLECTED_MASS);
  // pass 2: exact values where the bound reaches the threshold
  let total = 0;
  let neglected = 0;
  let points = 0;
  for (let g = 0; g < graphs.length; g++) {
    if (largest[g] < threshold) {
      neglectedByGraph[g] = boundTotal[g];
      neglected += boundTotal[g];
      continue;
    }
    let stored = scratch;
    if (store) stored = { logValue: store.logValue.subarray(g * k, (g + 1) * k), bound: store.bound.subarray(g * k, (g + 1) * k) };
    else segmentBounds(graphs[g], tables, scratch);
    const e = evaluateGraph(graphs[g], tables, stored, logScale, threshold, values);
    masses[g] = e.mass;
    neglectedByGraph[g] = e.neglected;
    total += e.mass;
    neglected += e.neglected;
    points += e.points;
  }
  for (let g = 0; g < graphs.length; g++) {
    masses[g] /= total;
    neglectedByGraph[g] /= total;
  }
  return { values, total, probabilities: masses, neglectedByGraph, neglected: neglected / total, points, tables, logScale };
}

/** One graph's joint posterior on the grid, with its own skipping threshold (relative to itself). */
export interface GraphPosterior {
  /** Unnormalised joint posterior of (graph, unobserved count), on the scale exp(logScale). */
  readonly values: Float64Array;
  /** log of the scale of `values` (the graph's largest value at a node). */
  readonly logScale: number;
  /** Σ values. */
  readonly mass: number;
  /** Bound on the skipped mass, as a share of `mass`. */
  readonly neglected: number;
  /** Grid points evaluated. */
  readonly points: number;
  /** First and last grid index written (first > last when none). */
  readonly first: number;
  readonly last: number;
}

/**
 * Evaluate one graph so that its own mass is exact to 1e-10 relative, into `out` (all zero, one
 * entry per grid point; a new array when not given).
 */
export function graphPosterior(graph: GraphTerms, tables: GridTables, out?: Float64Array): GraphPosterior {
  const scratch = nodeScratch(tables);
  const { max } = coarseSummary(graph, tables, scratch);
  const size = tables.prior.to - tables.prior.from + 1;
  const values = out ?? new Float64Array(size);
  if (max === -Infinity) return { values, logScale: 0, mass: 0, neglected: 0, points: 0, first: 0, last: -1 };
  segmentBounds(graph, tables, scratch);
  const histogram = new Float64Array(Math.ceil((40 - BIN_FLOOR) / BIN_WIDTH));
  addToBoundHistogram(tables, scratch, max, histogram);
  const threshold = max + thresholdFromHistogram(histogram, NEGLECTED_MASS);
  const e = evaluateGraph(graph, tables, scratch, max, threshold, values);
  return { values, logScale: max, mass: e.mass, neglected: e.neglected / e.mass, points: e.points, first: e.first, last: e.last };
}
