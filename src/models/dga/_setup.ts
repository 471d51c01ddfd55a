/**
 * Option validation and the pieces every dga route shares: the component table, each graph's terms,
 * the prior on N over a grid.
 */
import { OptionError } from "../../errors.js";
import type { CaptureData } from "../../types.js";
import { validateInteger, validateLevels } from "../../_lib/validate.js";
import { componentTable, type ComponentTable } from "./_components.js";
import type { GraphTerms } from "./_exact.js";
import type { JunctionTree } from "./_graph.js";
import { describeGraph } from "./decomposableGraphs.js";
import type { DgaOptions, GraphPrior, PopulationPrior } from "./types.js";

/** Options with defaults applied and checked. */
export interface ResolvedDgaOptions {
  readonly delta: number | Float64Array;
  readonly priorN: PopulationPrior;
  readonly graphPrior: GraphPrior;
  readonly grid: "auto" | { readonly from: number; readonly to: number };
  readonly tailMass: number;
  readonly maxUnobserved: number;
  readonly levels: number[];
  readonly models: number;
  readonly search: "exhaustive" | "mcmc";
  readonly mcmc: DgaOptions["mcmc"];
  readonly keepGrid: boolean;
}

/** Largest grid the exact computation accepts (points). */
export const MAX_GRID_POINTS = 50_000_000;

/** Check the options of {@link estimateDga} against the data, applying the defaults. */
export function resolveDgaOptions(data: CaptureData, options: DgaOptions): ResolvedDgaOptions {
  if (options === null || typeof options !== "object") {
    throw new OptionError(`options must be an object; received ${String(options)}`);
  }
  const t = data.lists.length;
  const size = 2 ** t;
  let delta: number | Float64Array;
  if (options.delta === undefined) delta = 2 ** -t;
  else if (typeof options.delta === "number") {
    if (!(Number.isFinite(options.delta) && options.delta > 0)) {
      throw new OptionError(`\`delta\` must be a positive finite number; received ${String(options.delta)}`);
    }
    delta = options.delta;
  } else if (Array.isArray(options.delta)) {
    const given = options.delta as readonly number[];
    if (given.length !== size) {
      throw new OptionError(`\`delta\` as an array must hold one prior count per cell (2^${t} = ${size}, the unobserved cell first); received ${given.length}`);
    }
    given.forEach((v, h) => {
      if (typeof v !== "number" || !(Number.isFinite(v) && v > 0)) {
        throw new OptionError(`\`delta[${h}]\` must be a positive finite number; received ${String(v)}`);
      }
    });
    delta = Float64Array.from(given);
  } else {
    throw new OptionError(`\`delta\` must be a positive number or an array of them; received ${String(options.delta)}`);
  }

  const priorN = options.priorN ?? "inverse";
  if (priorN !== "inverse" && priorN !== "uniform" && typeof priorN !== "function") {
    throw new OptionError(`\`priorN\` must be "inverse", "uniform" or a function of N; received ${String(priorN)}`);
  }
  const graphPrior = options.graphPrior ?? "uniform";
  if (graphPrior !== "uniform" && typeof graphPrior !== "function") {
    const rho = typeof graphPrior === "object" && graphPrior !== null ? graphPrior.edgeProbability : undefined;
    if (typeof rho !== "number" || !(rho > 0 && rho < 1)) {
      throw new OptionError(`\`graphPrior\` must be "uniform", { edgeProbability } strictly between 0 and 1, or a function; received ${JSON.stringify(graphPrior)}`);
    }
  }

  const tailMass = options.tailMass ?? 1e-7;
  if (typeof tailMass !== "number" || !(tailMass > 0 && tailMass < 1)) {
    throw new OptionError(`\`tailMass\` must be strictly between 0 and 1; received ${String(tailMass)}`);
  }
  const maxUnobserved = options.maxUnobserved ?? Math.max(1000, 100 * data.observed);
  validateInteger("maxUnobserved", maxUnobserved, 1, MAX_GRID_POINTS - 1);

  let grid: ResolvedDgaOptions["grid"] = "auto";
  if (options.grid !== undefined && options.grid !== "auto") {
    if (typeof options.grid !== "object" || options.grid === null) {
      throw new OptionError(`\`grid\` must be "auto" or { from, to }; received ${String(options.grid)}`);
    }
    const from = options.grid.from ?? 0;
    validateInteger("grid.from", from, 0);
    validateInteger("grid.to", options.grid.to, from);
    if (options.grid.to - from + 1 > MAX_GRID_POINTS) {
      throw new OptionError(`\`grid\` must hold at most ${MAX_GRID_POINTS} points; received ${options.grid.to - from + 1}`);
    }
    grid = { from, to: options.grid.to };
  }

  const levels = validateLevels(options.level);
  const models = validateInteger("models", options.models ?? 10, 1);
  const requested = options.search ?? "auto";
  if (requested !== "auto" && requested !== "exhaustive" && requested !== "mcmc") {
    throw new OptionError(`\`search\` must be "auto", "exhaustive" or "mcmc"; received ${String(requested)}`);
  }
  if (requested === "exhaustive" && t > 7) {
    throw new OptionError(`\`search: "exhaustive"\` handles at most 7 lists; the data have ${t}: use "mcmc"`);
  }
  const search = requested === "auto" ? (t <= 6 ? "exhaustive" : "mcmc") : requested;
  return { delta, priorN, graphPrior, grid, tailMass, maxUnobserved, levels, models, search, mcmc: options.mcmc, keepGrid: options.keepGrid === true };
}

/** The counts as a dense array over histories (index 0, the unobserved cell, 0). */
export function denseCounts(data: CaptureData): Float64Array {
  const size = 2 ** data.lists.length;
  const y = new Float64Array(size);
  for (let h = 1; h < size; h++) y[h] = data.counts[h - 1];
  return y;
}

/** The component table of the data under the resolved prior counts. */
export function dataComponents(data: CaptureData, delta: number | Float64Array): ComponentTable {
  return componentTable(denseCounts(data), data.lists.length, delta);
}

/** log prior weight of a graph (up to a constant). */
export function graphLogPrior(tree: JunctionTree, prior: GraphPrior, lists: readonly string[]): number {
  if (prior === "uniform") return 0;
  const graph = describeGraph(tree, lists.length);
  if (typeof prior === "function") {
    const v = prior(graph, lists);
    if (typeof v !== "number" || Number.isNaN(v) || v === Infinity) {
      throw new OptionError(`\`graphPrior\` must return a finite number or -Infinity; received ${String(v)} for a graph with cliques ${JSON.stringify(graph.cliques)}`);
    }
    return v;
  }
  const rho = prior.edgeProbability;
  return graph.edges.length * Math.log(rho / (1 - rho));
}

/**
 * The terms of a graph: numerator offsets (n + 1, a_C), denominator offsets (1, a_S, A + n per
 * connected component) and the constant Σ_C c_C − Σ_S c_S + log prior weight.
 */
export function graphTerms(tree: JunctionTree, table: ComponentTable, logPriorWeight: number): GraphTerms {
  const n = table.observed;
  const numerator = new Float64Array(1 + tree.cliques.length);
  const denominator = new Float64Array(1 + tree.cliques.length);
  numerator[0] = n + 1;
  denominator[0] = 1;
  let constant = logPriorWeight;
  tree.cliques.forEach((c, i) => {
    numerator[i + 1] = table.offset(c);
    constant += table.constant(c);
  });
  tree.separators.forEach((s, i) => {
    denominator[i + 1] = table.offset(s);
    constant -= table.constant(s);
  });
  for (let i = 1 + tree.separators.length; i < denominator.length; i++) denominator[i] = table.priorTotal + n;
  return { numerator, denominator, constant };
}

/** log p(n + x) for the prior on N, as a function of the unobserved count x. */
export function logPriorOfUnobserved(prior: PopulationPrior, observed: number): (x: number) => number {
  if (prior === "inverse") return (x) => -Math.log(observed + x);
  if (prior === "uniform") return () => 0;
  return (x) => {
    const v = prior(observed + x);
    if (typeof v !== "number" || Number.isNaN(v) || v === Infinity) {
      throw new OptionError(`\`priorN\` must return a finite number or -Infinity; received ${String(v)} at N = ${observed + x}`);
    }
    return v;
  };
}

/** Asymptotic exponent of the prior on N: −1 (inverse), 0 (uniform), null (user function). */
export function priorExponent(prior: PopulationPrior): number | null {
  return prior === "inverse" ? -1 : prior === "uniform" ? 0 : null;
}
