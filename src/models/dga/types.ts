/** Options and result of decomposable-graph model averaging (the `dga` family). */
import type { EstimateCore, EstimateSettings, EstimateWarning, Interval } from "../../types.js";
import type { PosteriorQuantile, PosteriorSummary } from "./_summary.js";
import type { DecomposableGraph } from "./decomposableGraphs.js";

export type { PosteriorQuantile, PosteriorSummary };

/** Prior on the total population N. */
export type PopulationPrior =
  /** p(N) ∝ 1/N (the default, as dga's). */
  | "inverse"
  /** p(N) constant on the grid. */
  | "uniform"
  /** log p(N) up to a constant, for every N on the grid (−Infinity allowed: N excluded). */
  | ((total: number) => number);

/** A prior over graphs in which each edge is present independently, restricted to decomposable graphs. */
export interface EdgeProbabilityPrior {
  /** Probability of each edge, strictly between 0 and 1 (1/2 is the uniform prior). */
  readonly edgeProbability: number;
}

/** Prior over graphs. */
export type GraphPrior =
  /** Every decomposable graph equally likely (the default, as dga's). */
  | "uniform"
  /** Each edge present independently with this probability, restricted to decomposable graphs. */
  | EdgeProbabilityPrior
  /** log prior weight of a graph, up to a constant (−Infinity excludes it). */
  | ((graph: DecomposableGraph, lists: readonly string[]) => number);

/** A grid of unobserved counts: the integers from `from` to `to`. */
export interface UnobservedGrid {
  /** Smallest unobserved count (default 0). */
  readonly from?: number;
  /** Largest unobserved count. */
  readonly to: number;
}

/** Settings of the Markov chain over graphs (7 or more lists, or `search: "mcmc"`). */
export interface GraphMcmcOptions {
  /** Seed of the random streams (chain c draws from the stream (seed, "dga-chain", c)). Default 1234. */
  readonly seed?: number | string;
  /** Independent chains (default 4), started in turn from the graph without edges, the complete graph and a random graph. */
  readonly chains?: number;
  /** Iterations per chain kept after the burn-in (default 10,000). */
  readonly iterations?: number;
  /** Iterations per chain discarded first (default 5,000: the chains start far apart, at the empty and the complete graph). */
  readonly burnIn?: number;
  /**
   * Replicas per chain for parallel tempering (default 4): replica r targets p(G | y)^β_r with
   * β = 1, …, 1/8 spaced geometrically, and neighbouring replicas propose to swap graphs once per
   * iteration; only the β = 1 replica is kept. 1 turns tempering off.
   */
  readonly temperatures?: number;
  /**
   * Worker threads for the chains (Node ≥ 20.16; elsewhere the chains run in this thread). Default:
   * from 7 lists as many as there are cores (at most one per chain), 1 below. The numbers do not
   * depend on it: each chain draws from its own stream.
   */
  readonly threads?: number;
}

/** Options of {@link estimateDga}. */
export interface DgaOptions {
  /**
   * Prior count δ of the hyper-Dirichlet prior, per cell of the complete 2^t table: one number for
   * every cell (default 2^−t, dga's suggestion), or one per cell indexed by capture history (index 0
   * is the unobserved cell), as dga's array `delta`.
   */
  readonly delta?: number | readonly number[];
  /** Prior on N (default `"inverse"`: p(N) ∝ 1/N). */
  readonly priorN?: PopulationPrior;
  /** Prior over graphs (default `"uniform"`). */
  readonly graphPrior?: GraphPrior;
  /**
   * Grid of unobserved counts. Default `"auto"`: from 0 to the smallest round number beyond which the
   * estimated posterior mass is below `tailMass`, capped at `maxUnobserved`.
   */
  readonly grid?: "auto" | UnobservedGrid;
  /** Automatic grid: the posterior mass it may leave beyond its end (default 1e-7). */
  readonly tailMass?: number;
  /** Automatic grid: the largest unobserved count it may reach (default max(1000, 100 × observed)). */
  readonly maxUnobserved?: number;
  /** Level(s) of the posterior intervals (equal-tailed quantiles). Default 0.95. */
  readonly level?: number | readonly number[];
  /** How many of the most probable graphs to report with their own posterior (default 10). */
  readonly models?: number;
  /**
   * `"exhaustive"`: every decomposable graph (up to 7 lists); `"mcmc"`: a Markov chain over graphs;
   * `"auto"` (default): exhaustive up to 6 lists, the chain from 7.
   */
  readonly search?: "auto" | "exhaustive" | "mcmc";
  /** Settings of the chain over graphs. */
  readonly mcmc?: GraphMcmcOptions;
  /** Keep the whole posterior on the grid in the result (`posterior.grid`), e.g. to sum strata. Default false. */
  readonly keepGrid?: boolean;
}

/** A graph with its posterior probability and its own posterior of N. */
export interface DgaModel {
  /** Readable name: the cliques joined, e.g. `"[LA:NG:PFNCA, NG:GP, PFNCA:GO]"`. */
  readonly name: string;
  /** Cliques by list names: the generators of the graphical log-linear model. */
  readonly cliques: readonly (readonly string[])[];
  /** Posterior probability of the graph (over the grid). With MCMC, the share of the draws. */
  readonly probability: number;
  /** MCMC only: Monte Carlo standard error of `probability`, sqrt(p(1 − p)/ESS of the graph's indicator). */
  readonly monteCarloError?: number;
  /** Posterior median of N under this graph alone. */
  readonly estimate: number;
  /** Posterior intervals of N under this graph alone. */
  readonly intervals: readonly Interval[];
  /** Posterior summaries of N under this graph alone. */
  readonly posterior: PosteriorSummary;
}

/** Posterior summaries of N, model-averaged, with a thinned density for plots. */
export interface DgaPosterior extends PosteriorSummary {
  /**
   * The averaged posterior density of N (probability per unit of N) at about 200 points spanning its
   * 0.05%–99.95% quantiles, and each reported model's share of it (P(graph, N)), for plots.
   */
  readonly curve: {
    /** Values of N, increasing. */
    readonly total: readonly number[];
    /** Averaged posterior probability of each N. */
    readonly density: readonly number[];
    /** For each reported model, in `models` order: P(graph, N) at each N. */
    readonly models: readonly (readonly number[])[];
  };
  /** With `keepGrid`: the normalised posterior of the unobserved count on the grid. */
  readonly grid?: PosteriorGrid;
}

/** The normalised posterior of the unobserved count at from, from + 1, …. */
export interface PosteriorGrid {
  /** The first unobserved count of the grid. */
  readonly from: number;
  /** Posterior probability of each unobserved count from `from` on (they sum to 1). */
  readonly probabilities: readonly number[];
}

/** The grid a dga result used. */
export interface GridSetting {
  /** Smallest unobserved count. */
  readonly from: number;
  /** Largest unobserved count. */
  readonly to: number;
  /** `"automatic"` (chosen from the tail mass) or `"given"`. */
  readonly rule: "automatic" | "given";
}

/** The chain settings a dga result used (MCMC only). */
export interface GraphMcmcSettingsRecord {
  /** Seed of the chains' streams. */
  readonly seed: number | string;
  /** Chains run. */
  readonly chains: number;
  /** Iterations kept per chain. */
  readonly iterations: number;
  /** Iterations discarded per chain. */
  readonly burnIn: number;
  /** Replicas per chain (parallel tempering). */
  readonly temperatures: number;
}

/** Diagnostics of the computation. */
export interface DgaDiagnostics {
  /** Graphs in the model space (all decomposable graphs, or those the chain visited). */
  readonly graphs: number;
  /** `"exhaustive"` or `"mcmc"`. */
  readonly search: "exhaustive" | "mcmc";
  /** Estimated posterior mass beyond the grid's end; null when the posterior is improper (`IMPROPER_POSTERIOR`). */
  readonly massAboveGrid: number | null;
  /** Estimated posterior mass below the grid's start (0 when it starts at 0). */
  readonly massBelowGrid: number;
  /** Proven bound on the posterior mass of the grid points skipped as negligible. */
  readonly neglectedMass: number;
  /** Grid points evaluated exactly, over all graphs. */
  readonly pointsEvaluated: number;
  /** MCMC only: convergence diagnostics. */
  readonly mcmc?: GraphMcmcDiagnostics;
}

/** Convergence of the chains over graphs. */
export interface GraphMcmcDiagnostics {
  /** Chains run. */
  readonly chains: number;
  /** Iterations kept per chain. */
  readonly iterations: number;
  /** Iterations discarded per chain. */
  readonly burnIn: number;
  /** Share of proposed moves accepted. */
  readonly acceptance: number;
  /** Split R-hat of the N draws (Gelman et al. 2013; near 1 when the chains agree); null when the half-chains are each constant but differ. */
  readonly rhatN: number | null;
  /** Effective sample size of the N draws over all chains. */
  readonly essN: number;
  /** Largest split R-hat over the edge indicators and the indicators of the reported graphs; null when one is undefined (chains stuck apart). */
  readonly rhatModels: number | null;
  /** Smallest effective sample size over the reported graphs' indicators. */
  readonly essModels: number;
  /** Split R-hat of each edge indicator, by "A:B". */
  readonly rhatEdges: Readonly<Record<string, number | null>>;
  /**
   * Monte Carlo standard error of the posterior median of N: the standard error of the averaged
   * distribution function at the median, sd(φ)/√ESS(φ) with φ(G) = P(N ≤ median | G) along the
   * chains, over the posterior density at the median; null when it cannot be estimated.
   */
  readonly medianStandardError: number | null;
}

/** Every setting that shaped a dga result. */
export interface DgaSettings extends EstimateSettings {
  /** `"exhaustive"` (every graph) or `"mcmc"` (a chain over graphs): the route that ran. */
  readonly method: "exhaustive" | "mcmc";
  /** Prior count per cell (a number), or `"per-cell"` when an array was given. */
  readonly delta: number | "per-cell";
  /** The prior on N: `"inverse"`, `"uniform"` or `"custom"`. */
  readonly priorN: "inverse" | "uniform" | "custom";
  /** The prior over graphs: `"uniform"`, `"custom"`, or the edge probability. */
  readonly graphPrior: "uniform" | "custom" | EdgeProbabilityPrior;
  /** The grid of unobserved counts used, and whether it was chosen automatically. */
  readonly grid: GridSetting;
  /** Automatic grid: target mass beyond the grid and the cap. */
  readonly tailMass: number;
  /** The cap of the automatic grid. */
  readonly maxUnobserved: number;
  /** MCMC only: the seed of the chains' streams. */
  readonly seed?: number | string;
  /** MCMC only: seed, chains, iterations, burn-in and replicas per chain (parallel tempering). */
  readonly mcmc?: GraphMcmcSettingsRecord;
}

/** Bayesian model averaging over decomposable graphs (Madigan & York 1997): the posterior of N. */
export interface DgaEstimate extends EstimateCore {
  /** Always `"dga"`. */
  readonly family: "dga";
  /** Always true: the posterior always has a median on the grid. */
  readonly fitted: true;
  /** Posterior median of the total population N. */
  readonly estimate: number;
  /** People observed on at least one list. */
  readonly observed: number;
  /** Posterior median of the dark figure (estimate − observed). */
  readonly unobserved: number;
  /** Equal-tailed posterior intervals (`method: "posterior"`), one per level. */
  readonly intervals: readonly Interval[];
  /** Posterior summaries of N averaged over graphs. */
  readonly posterior: DgaPosterior;
  /** The most probable graphs, most probable first. */
  readonly models: readonly DgaModel[];
  /** Diagnostics of the computation (grid tails, skipped mass, chains). */
  readonly diagnostics: DgaDiagnostics;
  /** `GRID_CAPPED`, `GRID_TRUNCATED`, `IMPROPER_POSTERIOR`, `MCMC_NOT_CONVERGED`; empty when none. */
  readonly warnings: readonly EstimateWarning[];
  /** Every setting that shaped the result. */
  readonly settings: DgaSettings;
}
