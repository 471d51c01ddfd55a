/**
 * The exact joint posterior of (graph, unobserved count) on an integer grid, computed without
 * evaluating a log-gamma function at every grid point.
 *
 * For a decomposable graph G with cliques C and non-empty separators S, and the unobserved count
 * x = N₀, the unnormalised joint posterior is (Madigan & York 1997, eq. 3)
 *
 *   h_G(x) = π(G) · p(n + x) · (n + x)! / x! · Π_C ML_C(x) / Π_S ML_S(x),
 *
 * and with the component form of `_components.ts` its logarithm is
 *
 *   log h_G(x) = κ_G + log p(n + x) + Σ_l [log Γ(u_l + x) − log Γ(d_l + x)],
 *
 * with numerator offsets u = (n + 1, a_C for each clique) and denominator offsets d = (1, a_S for each
 * separator, A + n once per connected component): as many of one as of the other. Hence the ratio of
 * successive values is rational, h_G(x + 1) / h_G(x) = [p(n+x+1)/p(n+x)] · Π_l (u_l + x)/(d_l + x), and
 * the posterior is computed by this recurrence, anchored at exact log-gamma values on a coarse set of
 * nodes (spacing ⌊√x⌋), so rounding errors never accumulate over more than one node gap.
 *
 * Grid points whose joint probability is provably negligible are skipped. Between two nodes x₀ < x₁
 * the log-likelihood part f = log h_G − log p is bounded by
 *
 *   f(x) ≤ max(f(x₀), f(x₁)) + K (x₁ − x₀)² / 8,   K ≥ sup f″ on [x₀, x₁],
 *
 * and f″(x) = Σ_l ψ′(u_l + x) − ψ′(d_l + x) < Σ_l ψ′(u_l + x) < L·ψ′(x₀) < L (1/x₀ + 1/x₀²) for
 * x ≥ x₀ ≥ 1 (ψ′ is positive and decreasing, and u_l > 0), L the number of factors; segments with
 * interior points start at x₀ ≥ 4, where this adds at most about L/8 to the bound. The prior's
 * largest value on the segment is added. A segment is evaluated exactly unless this bound,
 * times the segment's length, summed over every skipped segment of every graph, stays below a set
 * fraction of the total (1e-10 by default). The bound actually skipped is returned.
 */
import { logGamma } from "../../_lib/distributions.js";
import { forwardKernel } from "./_kernels.js";

/** One graph's terms: log h_G(x) = constant + log p(n + x) + Σ_l log Γ(u_l + x) − log Γ(d_l + x). */
export interface GraphTerms {
  readonly numerator: Float64Array;
  readonly denominator: Float64Array;
  /** κ_G: the component constants and the graph's log prior weight. */
  readonly constant: number;
}

/** The grid of unobserved counts, `from … to` (integers), with the log prior of N at each point. */
export interface PriorOnGrid {
  readonly from: number;
  readonly to: number;
  /** log p(n + x) for x = from … to (index x − from); −Infinity allowed. */
  readonly logPrior: Float64Array;
}

/** Shared per-grid tables: nodes, prior scales, and log-gamma / trigamma-bound values per offset. */
export interface GridTables {
  readonly prior: PriorOnGrid;
  /** Node positions (integers), the first `from`, the last `to`. */
  readonly nodes: Int32Array;
  /** Largest log prior over each segment [nodes[j], nodes[j+1]) (and the last node alone). */
  readonly segmentPriorMax: Float64Array;
  /** exp(log p(n+x) − segmentPriorMax of x's segment). */
  readonly priorScale: Float64Array;
  /** (1/x₀ + 1/x₀²)·h²/8 for each segment with interior points (0 otherwise): the bound's bump per factor. */
  readonly bumpPerTerm: Float64Array;
  /**
   * Weight of each segment in the skipping budget: max(1, (N at its right end / centre)²), so that
   * what is skipped is small for the second moment of N too, not only for the probabilities.
   */
  readonly segmentWeight: Float64Array;
  /** log Γ(offset + node) at every node (cached per offset). */
  logGammaAt(offset: number): Float64Array;
}

/** Nodes from `from` to `to` with gaps max(1, ⌊√x⌋). */
export function gridNodes(from: number, to: number): Int32Array {
  const nodes: number[] = [];
  let x = from;
  while (x < to) {
    nodes.push(x);
    x += Math.max(1, Math.floor(Math.sqrt(x)));
  }
  nodes.push(to);
  return Int32Array.from(nodes);
}

/**
 * Build the shared tables for a grid. `observed` and `centre` (a central value of N, e.g. a rough
 * median) set the segments' weights in the skipping budget; without them every weight is 1.
 */
export function gridTables(prior: PriorOnGrid, observed = 0, centre = 0): GridTables {
  const { from, to, logPrior } = prior;
  const nodes = gridNodes(from, to);
  const k = nodes.length;
  const segmentPriorMax = new Float64Array(k);
  const priorScale = new Float64Array(to - from + 1);
  for (let j = 0; j < k; j++) {
    const start = nodes[j];
    const end = j + 1 < k ? nodes[j + 1] : to + 1;
    let max = -Infinity;
    for (let x = start; x < end; x++) if (logPrior[x - from] > max) max = logPrior[x - from];
    segmentPriorMax[j] = max;
    for (let x = start; x < end; x++) priorScale[x - from] = max === -Infinity ? 0 : Math.exp(logPrior[x - from] - max);
  }
  const bumpPerTerm = new Float64Array(k);
  for (let j = 0; j + 1 < k; j++) {
    const x0 = nodes[j];
    const h = nodes[j + 1] - x0;
    if (h > 1) bumpPerTerm[j] = ((1 / x0 + 1 / (x0 * x0)) * h * h) / 8;
  }
  const segmentWeight = new Float64Array(k).fill(1);
  if (centre > 0) {
    for (let j = 0; j < k; j++) {
      const ratio = (observed + (j + 1 < k ? nodes[j + 1] : nodes[j])) / centre;
      if (ratio > 1) segmentWeight[j] = ratio * ratio;
    }
  }
  const logGammaCache = new Map<number, Float64Array>();
  return {
    prior,
    nodes,
    segmentPriorMax,
    priorScale,
    bumpPerTerm,
    segmentWeight,
    logGammaAt(offset) {
      let v = logGammaCache.get(offset);
      if (v === undefined) {
        v = new Float64Array(k);
        for (let j = 0; j < k; j++) v[j] = logGamma(offset + nodes[j]);
        logGammaCache.set(offset, v);
      }
      return v;
    },
  };
}

/** Scratch arrays reused across graphs (one value per node). */
export interface NodeScratch {
  /** f_G at each node, without the prior. */
  readonly logValue: Float64Array;
  /** Upper bound of log h_G (prior included) over segment j's points (the last node alone for j = k − 1); −Infinity where the prior is 0. */
  readonly bound: Float64Array;
}

export function nodeScratch(tables: GridTables): NodeScratch {
  return { logValue: new Float64Array(tables.nodes.length), bound: new Float64Array(tables.nodes.length) };
}

/** Fill `scratch.logValue[j]` = f_G(node j), without the prior. */
export function nodeValues(terms: GraphTerms, tables: GridTables, scratch: NodeScratch): void {
  const f = scratch.logValue;
  const k = f.length;
  f.fill(terms.constant);
  const { numerator, denominator } = terms;
  for (let l = 0; l < numerator.length; l++) {
    const up = tables.logGammaAt(numerator[l]);
    const down = tables.logGammaAt(denominator[l]);
    for (let j = 0; j < k; j++) f[j] += up[j] - down[j];
  }
}

/** Fill the node values and each segment's bound; return the largest bound. */
export function segmentBounds(terms: GraphTerms, tables: GridTables, scratch: NodeScratch): number {
  nodeValues(terms, tables, scratch);
  const f = scratch.logValue;
  const bound = scratch.bound;
  const { nodes, segmentPriorMax, prior, bumpPerTerm } = tables;
  const k = nodes.length;
  const bump = terms.numerator.length;
  let max = -Infinity;
  for (let j = 0; j < k - 1; j++) {
    const f0 = f[j];
    const f1 = f[j + 1];
    const b = (f0 > f1 ? f0 : f1) + bump * bumpPerTerm[j] + segmentPriorMax[j];
    bound[j] = b;
    if (b > max) max = b;
  }
  const last = f[k - 1] + prior.logPrior[nodes[k - 1] - prior.from];
  bound[k - 1] = last;
  if (last > max) max = last;
  return max;
}

/**
 * Add each segment's bound on its mass, Σ_x h_G(x)/e^reference ≤ (points) · e^(bound − reference),
 * times the segment's weight, into `histogram`: bin i holds the segments whose bound − reference
 * lies below BIN_FLOOR + (i+1)·BIN_WIDTH (and at or above the bin's lower edge, except bin 0, which
 * also holds everything lower), each counted at its bin's upper edge — a bound without an exp per
 * segment. Segments above the last bin are counted exactly there. Returns the unweighted sum of the
 * counted bounds. Needs {@link segmentBounds} first.
 */
export function addToBoundHistogram(tables: GridTables, scratch: NodeScratch, reference: number, histogram: Float64Array): number {
  const { nodes, segmentWeight } = tables;
  const bound = scratch.bound;
  const k = nodes.length;
  const bins = histogram.length;
  const edges = upperEdges(bins);
  let total = 0;
  for (let j = 0; j < k; j++) {
    const b = bound[j] - reference;
    if (b === -Infinity) continue;
    const points = j < k - 1 ? nodes[j + 1] - nodes[j] : 1;
    let bin = Math.floor((b - BIN_FLOOR) / BIN_WIDTH);
    let mass: number;
    if (bin >= bins) {
      bin = bins - 1;
      mass = points * Math.exp(b);
    } else {
      if (bin < 0) bin = 0;
      mass = points * edges[bin];
    }
    histogram[bin] += mass * segmentWeight[j];
    total += mass;
  }
  return total;
}

const edgeCache = new Map<number, Float64Array>();

/** e^(BIN_FLOOR + (i+1)·BIN_WIDTH) for each bin i (computed once per histogram length). */
function upperEdges(bins: number): Float64Array {
  let e = edgeCache.get(bins);
  if (e === undefined) {
    e = Float64Array.from({ length: bins }, (_, i) => Math.exp(BIN_FLOOR + (i + 1) * BIN_WIDTH));
    edgeCache.set(bins, e);
  }
  return e;
}

/** Lowest bin edge of the bound histogram, relative to the reference (log scale). */
export const BIN_FLOOR = -120;
/** Width of a bound histogram bin (log scale). */
export const BIN_WIDTH = 0.25;

/**
 * The highest threshold (relative to the reference) such that the segments with a bound below it
 * carry at most `budget` (relative to e^reference) in total, from the histogram.
 */
export function thresholdFromHistogram(histogram: Float64Array, budget: number): number {
  let cumulative = 0;
  for (let i = 0; i < histogram.length; i++) {
    if (cumulative + histogram[i] > budget) return BIN_FLOOR + i * BIN_WIDTH;
    cumulative += histogram[i];
  }
  return BIN_FLOOR + histogram.length * BIN_WIDTH;
}

/** Coarse summary of one graph: the largest node value (prior included) and a trapezoid estimate of log Σ_x h_G(x). */
export function coarseSummary(terms: GraphTerms, tables: GridTables, scratch: NodeScratch): { max: number; logMass: number } {
  nodeValues(terms, tables, scratch);
  const f = scratch.logValue;
  const { nodes, prior } = tables;
  const k = nodes.length;
  let max = -Infinity;
  for (let j = 0; j < k; j++) {
    const v = f[j] + prior.logPrior[nodes[j] - prior.from];
    if (v > max) max = v;
  }
  if (max === -Infinity) return { max, logMass: -Infinity };
  let mass = 0;
  for (let j = 0; j < k; j++) {
    const v = Math.exp(f[j] + prior.logPrior[nodes[j] - prior.from] - max);
    const left = j > 0 ? (nodes[j] - nodes[j - 1]) / 2 : 0.5;
    const right = j + 1 < k ? (nodes[j + 1] - nodes[j]) / 2 : 0.5;
    mass += v * (left + right);
  }
  return { max, logMass: max + Math.log(mass) };
}

/** What {@link evaluateGraph} adds up. */
export interface GraphEvaluation {
  /** Σ_x h_G(x) / exp(reference) over the points evaluated. */
  mass: number;
  /** Bound on Σ_x h_G(x) / exp(reference) over the points skipped. */
  neglected: number;
  /** Points evaluated exactly. */
  points: number;
  /** First and last grid index (x − from) evaluated; first > last when none. */
  first: number;
  last: number;
}

/**
 * Evaluate h_G(x) / exp(reference) exactly at every grid point of every segment whose bound reaches
 * `threshold` (on the log scale), adding the values into `out[x − from]`. Needs {@link segmentBounds}
 * for this graph first (its node values and bounds are read from `scratch`). With `segmentMass`,
 * each segment's evaluated mass is written there (0 for skipped segments).
 */
export function evaluateGraph(
  terms: GraphTerms,
  tables: GridTables,
  scratch: NodeScratch,
  reference: number,
  threshold: number,
  out: Float64Array,
  segmentMass?: Float64Array,
): GraphEvaluation {
  const f = scratch.logValue;
  const bounds = scratch.bound;
  const { nodes, segmentPriorMax, priorScale, prior } = tables;
  const from = prior.from;
  const k = nodes.length;
  const u = terms.numerator;
  const d = terms.denominator;
  const terms0 = u.length;
  const kernel = forwardKernel(terms0);
  let mass = 0;
  let neglected = 0;
  let points = 0;
  let first = Number.MAX_SAFE_INTEGER;
  let last = -1;
  for (let j = 0; j < k; j++) {
    const x0 = nodes[j];
    const lpMax = segmentPriorMax[j];
    if (lpMax === -Infinity) {
      if (segmentMass !== undefined) segmentMass[j] = 0;
      continue;
    }
    if (j === k - 1) {
      // the last node, alone
      const v = f[j] + prior.logPrior[x0 - from];
      if (v < threshold) {
        neglected += v - reference > -60 ? Math.exp(v - reference) : 8.8e-27;
        if (segmentMass !== undefined) segmentMass[j] = 0;
        continue;
      }
      const c = Math.exp(v - reference);
      out[x0 - from] += c;
      mass += c;
      if (segmentMass !== undefined) segmentMass[j] = c;
      points++;
      if (x0 - from < first) first = x0 - from;
      last = x0 - from;
      continue;
    }
    const x1 = nodes[j + 1];
    const h = x1 - x0;
    const f0 = f[j];
    const f1 = f[j + 1];
    const bound = bounds[j];
    if (segmentMass !== undefined) segmentMass[j] = 0;
    if (bound < threshold) {
      // below e^-60 of the scale, count it as e^-60 (a bound, without an exp per segment)
      neglected += h * (bound - reference > -60 ? Math.exp(bound - reference) : 8.8e-27);
      continue;
    }
    points += h;
    if (x0 - from < first) first = x0 - from;
    last = x1 - 1 - from;
    const before = mass;
    if (f1 <= f0 + 600 || h === 1) {
      // forward from x0: W(x0) = 1, W(x + 1) = W(x) · R(x)
      mass += kernel(u, d, x0, x1, Math.exp(f0 + lpMax - reference), priorScale, out, from);
    } else {
      // backward from x1 (the larger end): W(x) = W(x + 1) / R(x)
      let w = Math.exp(f1 + lpMax - reference);
      for (let x = x1 - 1; x >= x0; x--) {
        let num = 1;
        let den = 1;
        for (let l = 0; l < terms0; l++) {
          num *= u[l] + x;
          den *= d[l] + x;
        }
        w *= den / num;
        const c = w * priorScale[x - from];
        out[x - from] += c;
        mass += c;
      }
    }
    if (segmentMass !== undefined) segmentMass[j] = mass - before;
  }
  return { mass, neglected, points, first, last };
}

/**
 * Exact values h_G(x)/e^reference at the points of segment j (x = nodes[j] … nodes[j+1] − 1, or the
 * last node alone), written to `out[0 …]`; returns how many. The anchor comes from the cached
 * log-gamma values at the node, so no full pass over the graph is needed.
 */
export function segmentValues(terms: GraphTerms, tables: GridTables, j: number, reference: number, out: Float64Array): number {
  const { nodes, prior, priorScale, segmentPriorMax } = tables;
  const k = nodes.length;
  const u = terms.numerator;
  const d = terms.denominator;
  let f0 = terms.constant;
  for (let l = 0; l < u.length; l++) f0 += tables.logGammaAt(u[l])[j] - tables.logGammaAt(d[l])[j];
  const x0 = nodes[j];
  const x1 = j + 1 < k ? nodes[j + 1] : x0 + 1;
  let w = Math.exp(f0 + segmentPriorMax[j] - reference);
  for (let x = x0; x < x1; x++) {
    out[x - x0] = w * priorScale[x - prior.from];
    let num = 1;
    let den = 1;
    for (let l = 0; l < u.length; l++) {
      num *= u[l] + x;
      den *= d[l] + x;
    }
    w *= num / den;
  }
  return x1 - x0;
}
