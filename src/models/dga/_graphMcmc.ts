/**
 * Model averaging over decomposable graphs by a Markov chain over graphs, for lists too many to
 * enumerate every graph (617,675 at 7, about 3·10^7 at 8).
 *
 * The chain's target is the posterior probability of each graph, p(G | y) ∝ π(G) Σ_x h_G(x): the
 * unobserved count is summed out exactly over the grid (`_exact.ts`), so the chain moves on graphs
 * only. Each step proposes to add or remove one edge, the pair drawn uniformly among the t(t−1)/2
 * (Giudici & Green 1999); a proposal that is not decomposable is rejected, and otherwise accepted with
 * probability min(1, p(G′ | y) / p(G | y)) — a Metropolis step with a symmetric proposal on the
 * decomposable graphs. After each step an N is drawn from p(N | G, y) (inverse distribution function
 * over the grid), so the chain is one over (G, N).
 *
 * Chain c draws from the stream (seed, "dga-chain", c); chains start in turn from the graph without
 * edges, the complete graph and a random decomposable graph (c mod 3). Each chain runs parallel
 * tempering: replicas at β = 1 … 1/8 with swaps between neighbours; only β = 1 is kept. The graphs'
 * marginal likelihoods are deterministic, so the draws do not depend on how the chains are scheduled
 * (worker threads included, see `_graphMcmcWorkers.ts`).
 *
 * Reported: graph probabilities = the share of the kept draws in each graph (pooled over chains);
 * the posterior of N = the mixture of the visited graphs' exact posteriors with those shares (the
 * Rao–Blackwellised estimate); diagnostics from the draws (split R-hat and effective sample size of N,
 * of every edge indicator and of the reported graphs' indicators).
 */
import type { CaptureData, EstimateWarning } from "../../types.js";
import { randomStream, type RandomStream } from "../../_lib/random.js";
import { effectiveSampleSize, splitRhat } from "../../_lib/mcmcDiagnostics.js";
import { validateInteger } from "../../_lib/validate.js";
import { OptionError } from "../../errors.js";
import type { ComponentTable } from "./_components.js";
import {
  addToBoundHistogram,
  BIN_FLOOR,
  BIN_WIDTH,
  coarseSummary,
  evaluateGraph,
  gridTables,
  nodeScratch,
  segmentBounds,
  segmentValues,
  thresholdFromHistogram,
  type GraphTerms,
  type GridTables,
  type NodeScratch,
} from "./_exact.js";
import { junctionTree, type JunctionTree } from "./_graph.js";
import { averagedPosterior, graphPosterior } from "./_posterior.js";
import { graphLogPrior, graphTerms, priorExponent, type ResolvedDgaOptions } from "./_setup.js";
import { summariseGrid } from "./_summary.js";
import { tailProfile } from "./_tail.js";
import type { DgaEstimate, GraphMcmcDiagnostics } from "./types.js";
import { assembleResult, curveIndices, priorOnGrid, reportedModel, roundUp } from "./_result.js";
import { availableCores, runChainsInWorkers } from "./_graphMcmcWorkers.js";

/**
 * Share of a graph's own mass that its evaluation inside the chain may skip (a proven bound): the
 * chain's target and the N draws are exact to this relative error, far below the Monte Carlo error.
 * The reported posterior is recomputed with the exhaustive route's budget (1e-10).
 */
export const CHAIN_NEGLECTED_MASS = 1e-7;

/** Default seed of the chains (the bootstrap's default too). */
export const DEFAULT_GRAPH_SEED = 1234;

/** Resolved chain settings. */
export interface GraphMcmcSettings {
  readonly seed: number | string;
  readonly chains: number;
  readonly iterations: number;
  readonly burnIn: number;
  readonly temperatures: number;
  /** Worker threads for the chains (the numbers do not depend on it). */
  readonly threads: number;
}

/** Check the `mcmc` options; `nLists` sets the default number of threads (several from 7 lists). */
export function resolveGraphMcmc(options: ResolvedDgaOptions["mcmc"], nLists = 0): GraphMcmcSettings {
  const seed = options?.seed ?? DEFAULT_GRAPH_SEED;
  if (!((typeof seed === "number" && Number.isFinite(seed)) || typeof seed === "string")) {
    throw new OptionError(`\`mcmc.seed\` must be a finite number or a string; received ${String(seed)}`);
  }
  const chains = validateInteger("mcmc.chains", options?.chains ?? 4, 2, 64);
  const iterations = validateInteger("mcmc.iterations", options?.iterations ?? 10000, 10);
  const burnIn = validateInteger("mcmc.burnIn", options?.burnIn ?? 5000, 0);
  const temperatures = validateInteger("mcmc.temperatures", options?.temperatures ?? 4, 1, 32);
  const threads = validateInteger("mcmc.threads", options?.threads ?? (nLists >= 7 ? Math.min(chains, availableCores()) : 1), 1, 256);
  return { seed, chains, iterations, burnIn, temperatures, threads };
}

/** A visited graph: its terms, log marginal (prior weight included) and cumulative segment masses for drawing N. */
export interface VisitedGraph {
  /** The adjacency masks joined by commas: the graph's identity. */
  readonly key: string;
  readonly tree: JunctionTree;
  readonly terms: GraphTerms;
  /** log Σ_x h_G(x) over the chain's grid; −Infinity when the graph has prior weight 0. */
  readonly logMarginal: number;
  /** Cumulative mass by segment, normalised to end at 1. */
  readonly cumulative: Float64Array;
  /** Reference of the segment masses (log scale). */
  readonly reference: number;
  /** 1 for each pair (i < j, in the order (0,1), (0,2), …) joined in the graph. */
  readonly edges: Uint8Array;
  /** Grid points evaluated for it. */
  readonly points: number;
}

/** What a thread sends back about a graph it evaluated (the rest is rebuilt from the key). */
export interface GraphSummary {
  readonly key: string;
  readonly logMarginal: number;
  readonly reference: number;
  readonly cumulative: Float64Array;
  readonly points: number;
}

/** The graph space of one run: the cache of evaluated graphs, shared by the chains of one thread. */
export class GraphSpace {
  private readonly byKey = new Map<string, VisitedGraph>();
  private readonly scratch: NodeScratch;
  private readonly buffer: Float64Array;
  private readonly segments: Float64Array;

  constructor(
    readonly tables: GridTables,
    private readonly table: ComponentTable,
    private readonly resolved: ResolvedDgaOptions,
    private readonly lists: readonly string[],
  ) {
    this.scratch = nodeScratch(tables);
    this.buffer = new Float64Array(tables.prior.to - tables.prior.from + 1);
    this.segments = new Float64Array(tables.nodes.length);
  }

  /** The graph with this adjacency, evaluated on first sight; null when it is not decomposable. */
  get(adjacency: Int32Array): VisitedGraph | null {
    const key = adjacency.join(",");
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const tree = junctionTree(adjacency);
    if (tree === null) return null;
    const entry = this.evaluate(key, tree, adjacency);
    this.byKey.set(key, entry);
    return entry;
  }

  /** A graph already evaluated, by key. */
  entry(key: string): VisitedGraph | undefined {
    return this.byKey.get(key);
  }

  /** Take in a graph another thread evaluated (the same numbers: the computation is deterministic). */
  adopt(summary: GraphSummary): void {
    if (this.byKey.has(summary.key)) return;
    const adjacency = Int32Array.from(summary.key.split(","), Number);
    const tree = junctionTree(adjacency);
    if (tree === null) throw new Error("internal: a summarised graph is not decomposable");
    this.byKey.set(summary.key, { ...this.describe(summary.key, tree, adjacency), logMarginal: summary.logMarginal, reference: summary.reference, cumulative: summary.cumulative, points: summary.points });
  }

  /** The summary of a graph this thread evaluated. */
  summary(key: string): GraphSummary {
    const g = this.byKey.get(key);
    if (g === undefined) throw new Error("internal: no such graph");
    return { key, logMarginal: g.logMarginal, reference: g.reference, cumulative: g.cumulative, points: g.points };
  }

  private describe(key: string, tree: JunctionTree, adjacency: Int32Array): { key: string; tree: JunctionTree; terms: GraphTerms; edges: Uint8Array } {
    const terms = graphTerms(tree, this.table, graphLogPrior(tree, this.resolved.graphPrior, this.lists));
    const t = adjacency.length;
    const edges = new Uint8Array((t * (t - 1)) / 2);
    for (let i = 0, k = 0; i < t; i++) for (let j = i + 1; j < t; j++, k++) edges[k] = (adjacency[i] >>> j) & 1;
    return { key, tree, terms, edges };
  }

  private evaluate(key: string, tree: JunctionTree, adjacency: Int32Array): VisitedGraph {
    const { tables, scratch, buffer, segments } = this;
    const described = this.describe(key, tree, adjacency);
    const terms = described.terms;
    const { max } = coarseSummary(terms, tables, scratch);
    if (max === -Infinity) return { ...described, logMarginal: -Infinity, cumulative: new Float64Array(0), reference: 0, points: 0 };
    segmentBounds(terms, tables, scratch);
    const histogram = new Float64Array(Math.ceil((40 - BIN_FLOOR) / BIN_WIDTH));
    addToBoundHistogram(tables, scratch, max, histogram);
    const threshold = max + thresholdFromHistogram(histogram, CHAIN_NEGLECTED_MASS);
    const e = evaluateGraph(terms, tables, scratch, max, threshold, buffer, segments);
    buffer.fill(0);
    const cumulative = new Float64Array(segments.length);
    let running = 0;
    for (let j = 0; j < segments.length; j++) {
      running += segments[j];
      cumulative[j] = running;
    }
    for (let j = 0; j < cumulative.length; j++) cumulative[j] /= running;
    return { ...described, logMarginal: max + Math.log(e.mass), cumulative, reference: max, points: e.points };
  }

  /**
   * P(N₀ ≤ x | G, y) on the chain's grid, from the cumulative segment masses (linear within a
   * segment): for Monte Carlo errors only.
   */
  probabilityAtMost(graph: VisitedGraph, x: number): number {
    const nodes = this.tables.nodes;
    const c = graph.cumulative;
    if (c.length === 0) return 0;
    if (x < nodes[0]) return 0;
    if (x >= nodes[nodes.length - 1]) return 1;
    let j = 0;
    let hi = nodes.length - 1;
    while (hi - j > 1) {
      const mid = (j + hi) >> 1;
      if (nodes[mid] <= x) j = mid;
      else hi = mid;
    }
    const before = j > 0 ? c[j - 1] : 0;
    const fraction = (x - nodes[j] + 1) / (nodes[j + 1] - nodes[j]);
    return before + fraction * (c[j] - before);
  }

  /** Draw an unobserved count from p(N₀ | G, y) on the grid. */
  drawUnobserved(graph: VisitedGraph, stream: RandomStream): number {
    const u = stream.uniform();
    const c = graph.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    const j = lo;
    const before = j > 0 ? c[j - 1] : 0;
    const count = segmentValues(graph.terms, this.tables, j, graph.reference, this.buffer);
    let total = 0;
    for (let i = 0; i < count; i++) total += this.buffer[i];
    const target = ((u - before) / (c[j] - before)) * total;
    let running = 0;
    let pick = count - 1;
    for (let i = 0; i < count; i++) {
      running += this.buffer[i];
      if (running > target) {
        pick = i;
        break;
      }
    }
    this.buffer.fill(0, 0, count);
    return this.tables.nodes[j] + pick;
  }
}

/** A chain's kept draws with graph ids of the whole run. */
interface ChainDraws extends Omit<ChainOutput, "keys"> {
  /** Id (index into the run's visited graphs) of the cold replica's graph at each kept iteration. */
  readonly graphs: Int32Array;
}

/** One chain's output: the graphs it asked for (in first-request order) and its kept draws. */
export interface ChainOutput {
  /** Keys of the decomposable graphs the chain asked for, each once, in the order first asked. */
  readonly keys: readonly string[];
  /** Index into `keys` of the cold replica's graph at each kept iteration. */
  readonly graphs: Int32Array;
  /** Unobserved count drawn at each kept iteration. */
  readonly unobserved: Float64Array;
  /** Accepted edge moves of the cold replica. */
  readonly accepted: number;
  /** Proposed edge moves of the cold replica. */
  readonly proposed: number;
  /** Accepted swaps between neighbouring temperatures, and swaps proposed. */
  readonly swapsAccepted: number;
  readonly swapsProposed: number;
}

/** The inverse temperatures of the replicas: 1, 2^(−3/(R−1)), …, 1/8 (one replica: 1). */
export function temperatureLadder(replicas: number): number[] {
  if (replicas === 1) return [1];
  return Array.from({ length: replicas }, (_, r) => 2 ** ((-3 * r) / (replicas - 1)));
}

/** A replica's state: its graph as adjacency masks and the visited entry. */
interface Replica {
  adjacency: Int32Array;
  current: VisitedGraph;
}

/**
 * Run chain `chain`: its draws come from the stream (seed, "dga-chain", chain) alone and the graphs'
 * marginals are deterministic, so its output does not depend on which thread runs it or on which
 * graphs the thread's cache already holds.
 */
export function runChain(space: GraphSpace, nLists: number, settings: GraphMcmcSettings, chain: number): ChainOutput {
  const stream = randomStream(settings.seed, "dga-chain", chain);
  const keys: string[] = [];
  const local = new Map<string, number>();
  const ask = (adjacency: Int32Array): VisitedGraph | null => {
    const g = space.get(adjacency);
    if (g !== null && !local.has(g.key)) {
      local.set(g.key, keys.length);
      keys.push(g.key);
    }
    return g;
  };
  const pairs: [number, number][] = [];
  for (let i = 0; i < nLists; i++) for (let j = i + 1; j < nLists; j++) pairs.push([i, j]);
  const pick = (): number => Math.min(pairs.length - 1, Math.floor(stream.uniform() * pairs.length));
  const toggle = (adjacency: Int32Array, k: number): void => {
    const [i, j] = pairs[k];
    adjacency[i] ^= 1 << j;
    adjacency[j] ^= 1 << i;
  };
  const start = (): Replica => {
    const adjacency = new Int32Array(nLists);
    if (chain % 3 === 1) for (let k = 0; k < pairs.length; k++) toggle(adjacency, k);
    else if (chain % 3 === 2) {
      // a random walk on decomposable graphs, every decomposable proposal taken
      for (let step = 0; step < 4 * pairs.length; step++) {
        const k = pick();
        toggle(adjacency, k);
        if (junctionTree(adjacency) === null) toggle(adjacency, k);
      }
    }
    let current = ask(adjacency);
    if (current === null) throw new Error("internal: the starting graph is not decomposable");
    // a start with prior weight 0: walk until a graph with positive weight
    for (let guard = 0; current.logMarginal === -Infinity && guard < 100_000; guard++) {
      const k = pick();
      toggle(adjacency, k);
      const next = ask(adjacency);
      if (next === null) toggle(adjacency, k);
      else current = next;
    }
    return { adjacency, current };
  };
  const ladder = temperatureLadder(settings.temperatures);
  const replicas = ladder.map(() => start());
  const total = settings.burnIn + settings.iterations;
  const graphs = new Int32Array(settings.iterations);
  const unobserved = new Float64Array(settings.iterations);
  let accepted = 0;
  let swapsAccepted = 0;
  let swapsProposed = 0;
  for (let step = 0; step < total; step++) {
    // an edge move in every replica
    for (let r = 0; r < replicas.length; r++) {
      const replica = replicas[r];
      const k = pick();
      toggle(replica.adjacency, k);
      const proposal = ask(replica.adjacency);
      const u = stream.uniform();
      if (proposal !== null && proposal.logMarginal > -Infinity && Math.log(u) < ladder[r] * (proposal.logMarginal - replica.current.logMarginal)) {
        replica.current = proposal;
        if (r === 0) accepted++;
      } else {
        toggle(replica.adjacency, k);
      }
    }
    // a swap between two neighbouring temperatures
    if (replicas.length > 1) {
      const r = Math.min(replicas.length - 2, Math.floor(stream.uniform() * (replicas.length - 1)));
      const a = replicas[r];
      const b = replicas[r + 1];
      swapsProposed++;
      if (Math.log(stream.uniform()) < (ladder[r] - ladder[r + 1]) * (b.current.logMarginal - a.current.logMarginal)) {
        replicas[r] = b;
        replicas[r + 1] = a;
        swapsAccepted++;
      }
    }
    if (step >= settings.burnIn) {
      const i = step - settings.burnIn;
      graphs[i] = local.get(replicas[0].current.key) as number;
      unobserved[i] = space.drawUnobserved(replicas[0].current, stream);
    }
  }
  return { keys, graphs, unobserved, accepted, proposed: total, swapsAccepted, swapsProposed };
}

/** Largest split R-hat (null when one is undefined), and each series' effective sample size. */
function indicatorDiagnostics(series: readonly Float64Array[][]): { rhat: number | null; ess: number[] } {
  let rhat: number | null = 1;
  const ess: number[] = [];
  for (const chains of series) {
    const r = splitRhat(chains);
    if (r === null) rhat = null;
    else if (rhat !== null && r > rhat) rhat = r;
    ess.push(effectiveSampleSize(chains));
  }
  return { rhat, ess };
}

/** The MCMC route of {@link estimateDga}. */
export function runGraphMcmc(
  data: CaptureData,
  resolved: ResolvedDgaOptions,
  table: ComponentTable,
  logPrior: (x: number) => number,
): DgaEstimate {
  const settings = resolveGraphMcmc(resolved.mcmc, data.lists.length);
  const lists = data.lists;
  const t = lists.length;
  const chainGrid = resolved.grid === "auto" ? { from: 0, to: resolved.maxUnobserved } : resolved.grid;
  const chainTables = gridTables(priorOnGrid(chainGrid.from, chainGrid.to, logPrior));
  const space = new GraphSpace(chainTables, table, resolved, lists);
  // the chains, in worker threads when allowed and possible (the same numbers either way)
  const chains = Array.from({ length: settings.chains }, (_, c) => c);
  const outputs =
    (settings.threads > 1 ? runChainsInWorkers(data, resolved, chainGrid, settings, space) : null) ?? chains.map((c) => runChain(space, t, settings, c));
  // graph ids in the order the chains (in chain order) first asked for them: independent of threads
  const visited: VisitedGraph[] = [];
  const idOf = new Map<string, number>();
  const draws: ChainDraws[] = outputs.map((o) => {
    const ids = o.keys.map((key) => {
      let id = idOf.get(key);
      if (id === undefined) {
        id = visited.length;
        idOf.set(key, id);
        visited.push(space.entry(key) as VisitedGraph);
      }
      return id;
    });
    return { ...o, graphs: Int32Array.from(o.graphs, (i) => ids[i]) };
  });
  const pointsEvaluated = visited.reduce((a, g) => a + g.points, 0);

  // shares of the kept draws, pooled and per chain
  const nGraphs = visited.length;
  const counts = new Float64Array(nGraphs);
  for (const d of draws) for (const g of d.graphs) counts[g]++;
  const kept = settings.chains * settings.iterations;
  const shown = [...counts.keys()].filter((g) => counts[g] > 0).sort((a, b) => counts[b] - counts[a] || a - b);

  // the final grid: given, or chosen from the visited graphs weighted by their shares
  const warnings: EstimateWarning[] = [];
  const weighted: GraphTerms[] = shown.map((g) => {
    const v = visited[g];
    return { ...v.terms, constant: v.terms.constant - v.logMarginal + Math.log(counts[g] / kept) };
  });
  const profile = tailProfile({ graphs: weighted, logPrior, priorExponent: priorExponent(resolved.priorN), horizon: chainGrid.to });
  let from = chainGrid.from;
  let to = chainGrid.to;
  let rule: "automatic" | "given" = "given";
  if (resolved.grid === "auto") {
    rule = "automatic";
    from = 0;
    const end = profile.endFor(resolved.tailMass, resolved.maxUnobserved);
    to = end > resolved.maxUnobserved ? resolved.maxUnobserved : Math.min(resolved.maxUnobserved, roundUp(Math.max(end, 1)));
    if (end > resolved.maxUnobserved) {
      warnings.push({
        code: "GRID_CAPPED",
        message: `the automatic grid stopped at its cap of ${resolved.maxUnobserved} unobserved (maxUnobserved), leaving an estimated ${profile.improper ? "infinite share" : profile.massAbove(resolved.maxUnobserved).toExponential(1)} of the posterior mass (over the graphs the chains visited) beyond it`,
      });
    }
  } else if (!profile.improper && profile.massAbove(to) + profile.massBelow(from) >= resolved.tailMass) {
    warnings.push({
      code: "GRID_TRUNCATED",
      message: `the grid ${from}…${to} of unobserved counts leaves out an estimated ${(profile.massAbove(to) + profile.massBelow(from)).toExponential(1)} of the posterior mass (over the graphs the chains visited); widen it`,
    });
  }
  if (profile.improper) {
    warnings.unshift({
      code: "IMPROPER_POSTERIOR",
      message: "the posterior of N is improper under this prior for some visited graph: the results are normalised over the grid and depend on where it ends",
    });
  }

  // Rao–Blackwellised posterior: the visited graphs' exact joint posteriors, each scaled to its share
  // of the draws (constant − log marginal + log share), summed by the exhaustive route's engine with
  // its global skipping budget; restricted to the final grid
  const prior = priorOnGrid(from, to, logPrior);
  const averaged = averagedPosterior(weighted, prior, 0, { observed: data.observed, centre: data.observed + Math.min(Math.max(profile.median(), from), to) });
  const values = averaged.values;
  const reported = shown.slice(0, resolved.models);
  const indices = curveIndices(values, averaged.total);
  const buffer = new Float64Array(values.length);
  const reportedModels = reported.map((g) => {
    const own = graphPosterior(visited[g].terms, averaged.tables, buffer);
    const share = counts[g] / kept;
    // the curve shows P(graph, N): the graph's normalised posterior times its share
    const entry = reportedModel(visited[g].tree, lists, own, from, data.observed, share, share / own.mass, indices, resolved);
    if (own.last >= own.first) buffer.fill(0, own.first, own.last + 1);
    return entry;
  });

  // diagnostics
  const chainsOf = (f: (d: ChainDraws, i: number) => number): Float64Array[] => draws.map((d) => Float64Array.from({ length: settings.iterations }, (_, i) => f(d, i)));
  const nDraws = draws.map((d) => Float64Array.from(d.unobserved, (x) => x + data.observed));
  const rhatN = splitRhat(nDraws);
  const essN = effectiveSampleSize(nDraws);
  // edge indicators: R-hat; the reported graphs' indicators: R-hat and ESS
  const rhatEdges: Record<string, number | null> = {};
  let rhatModels: number | null = 1;
  for (let i = 0, k = 0; i < t; i++) {
    for (let j = i + 1; j < t; j++, k++) {
      const r = splitRhat(chainsOf((d, n) => visited[d.graphs[n]].edges[k]));
      rhatEdges[`${lists[i]}:${lists[j]}`] = r;
      if (r === null) rhatModels = null;
      else if (rhatModels !== null && r > rhatModels) rhatModels = r;
    }
  }
  const models = indicatorDiagnostics(reported.map((g) => chainsOf((d, n) => (d.graphs[n] === g ? 1 : 0))));
  if (models.rhat === null) rhatModels = null;
  else if (rhatModels !== null && models.rhat > rhatModels) rhatModels = models.rhat;
  // each reported graph's probability: Monte Carlo standard error sqrt(p(1 − p)/ESS of its indicator)
  const withErrors = reportedModels.map((m, r) => ({
    ...m,
    model: { ...m.model, monteCarloError: Math.sqrt((m.model.probability * (1 - m.model.probability)) / Math.max(1, models.ess[r])) },
  }));
  // Monte Carlo error of the median. The reported posterior is the average over the kept draws of
  // p(N | G_t), so its distribution function at the median m is the average of φ(G_t) = P(N ≤ m | G_t):
  // its standard error is sd(φ)/√ESS(φ) over the chains, and the median's is that over the posterior
  // density at m (the delta method for a quantile; Vehtari et al. 2021, §4 use the same route with
  // indicators).
  const median = summariseGrid(values, from, data.observed, [0.5]).median;
  const phi = (g: VisitedGraph): number => space.probabilityAtMost(g, median - data.observed);
  const phiByGraph = new Map<number, number>();
  const phiChains = draws.map((d) =>
    Float64Array.from(d.graphs, (g) => {
      let v = phiByGraph.get(g);
      if (v === undefined) {
        v = phi(visited[g]);
        phiByGraph.set(g, v);
      }
      return v;
    }),
  );
  let phiMean = 0;
  for (const c of phiChains) for (const v of c) phiMean += v / kept;
  let phiVariance = 0;
  for (const c of phiChains) for (const v of c) phiVariance += (v - phiMean) ** 2 / (kept - 1);
  const essPhi = effectiveSampleSize(phiChains);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  const at = median - data.observed - from;
  const halfWidth = Math.max(1, Math.round(0.01 * (median - data.observed)));
  const lo = Math.max(0, at - halfWidth);
  const hi = Math.min(values.length - 1, at + halfWidth);
  let local = 0;
  for (let i = lo; i <= hi; i++) local += values[i];
  const density = local / total / (hi - lo + 1);
  const medianStandardError = phiVariance === 0 ? 0 : essPhi > 0 && density > 0 ? Math.sqrt(phiVariance / essPhi) / density : null;
  const acceptance = draws.reduce((s, d) => s + d.accepted, 0) / draws.reduce((s, d) => s + d.proposed, 0);
  const mcmc: GraphMcmcDiagnostics = {
    chains: settings.chains,
    iterations: settings.iterations,
    burnIn: settings.burnIn,
    acceptance,
    rhatN,
    essN,
    rhatModels,
    essModels: models.ess.length > 0 ? Math.min(...models.ess) : 0,
    rhatEdges,
    medianStandardError,
  };
  const problems: string[] = [];
  if (rhatN === null || rhatN > RHAT_LIMIT) problems.push(`split R-hat of N ${rhatN === null ? "undefined (chains stuck apart)" : rhatN.toFixed(3)}`);
  if (rhatModels === null || rhatModels > RHAT_LIMIT) problems.push(`largest split R-hat of the edge and graph indicators ${rhatModels === null ? "undefined (chains stuck apart)" : rhatModels.toFixed(3)}`);
  if (essN < ESS_LIMIT) problems.push(`effective sample size of N ${essN.toFixed(0)}`);
  if (problems.length > 0) {
    warnings.push({
      code: "MCMC_NOT_CONVERGED",
      message: `the chains over graphs have not converged: ${problems.join("; ")} (limits: R-hat ≤ ${RHAT_LIMIT}, ESS ≥ ${ESS_LIMIT}); run more iterations`,
    });
  }
  return assembleResult(
    data,
    resolved,
    values,
    from,
    withErrors,
    {
      graphs: nGraphs,
      search: "mcmc",
      massAboveGrid: profile.improper ? null : profile.massAbove(to),
      massBelowGrid: profile.massBelow(from),
      neglectedMass: averaged.neglected,
      pointsEvaluated,
      mcmc,
    },
    warnings,
    { from, to, rule },
    { seed: settings.seed, threads: settings.threads, mcmc: { seed: settings.seed, chains: settings.chains, iterations: settings.iterations, burnIn: settings.burnIn, temperatures: settings.temperatures } },
  );
}

/** Split R-hat above this flags non-convergence (Gelman et al. 2013). */
export const RHAT_LIMIT = 1.05;
/** Effective sample size of N below this flags too few independent draws. */
export const ESS_LIMIT = 100;
