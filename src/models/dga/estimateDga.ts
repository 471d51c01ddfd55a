import type { CaptureData } from "../../types.js";
import { OptionError } from "../../errors.js";
import type { GraphTerms } from "./_exact.js";
import type { JunctionTree } from "./_graph.js";
import { averagedPosterior, graphPosterior } from "./_posterior.js";
import { dataComponents, graphLogPrior, graphTerms, logPriorOfUnobserved, resolveDgaOptions, type ResolvedDgaOptions } from "./_setup.js";
import { assembleResult, chooseGrid, curveIndices, priorOnGrid, reportedModel, type ReportedModel } from "./_result.js";
import { decomposableJunctionTrees } from "./decomposableGraphs.js";
import { runGraphMcmc } from "./_graphMcmc.js";
import type { DgaDiagnostics, DgaEstimate, DgaOptions } from "./types.js";

/**
 * Estimates the population by Bayesian model averaging over decomposable graphical models
 * (Madigan & York 1997), as the R package dga computes it, for any number of lists.
 *
 * Every decomposable graph on the lists is a log-linear model whose interactions are its cliques. With
 * a hyper-Dirichlet prior on the cell probabilities (δ per cell), a prior on N and a prior over
 * graphs, the joint posterior of (graph, unobserved count) is computed exactly at every integer of a
 * grid; summing over graphs gives the model-averaged posterior of N, summing over the grid the
 * posterior probability of each graph. Up to 6 lists every graph is visited (18,154 at 6); from 7 a
 * Markov chain over graphs (edge moves that keep the graph decomposable) replaces the enumeration.
 *
 * The estimate is the posterior median; intervals are equal-tailed quantiles (the smallest N whose
 * posterior distribution function reaches q). The default grid runs from 0 to the smallest round
 * number beyond which the estimated posterior mass is below 1e-7, capped at 100 × observed with a
 * `GRID_CAPPED` warning.
 *
 * @param data - capture data (any number of lists from 2).
 * @param options - see {@link DgaOptions}.
 * @returns the model-averaged posterior of N, the top graphs with their probabilities and own
 *   posteriors, diagnostics and settings.
 * @throws {OptionError} for invalid options (a non-positive δ, a grid that is not integers, …).
 * @example
 * const result = estimateDga(loadDataset("UKdat_5"));
 * result.estimate; // 22990 (posterior median)
 * result.intervals; // [{ method: "posterior", level: 0.95, lower: 10387, upper: 33510 }]
 * result.models[0].name; // "[LA:NG:PFNCA, NG:GP, PFNCA:GO]" (probability 0.443)
 * @see docs/methodology/dga.md
 */
export function estimateDga(data: CaptureData, options: DgaOptions = {}): DgaEstimate {
  const resolved = resolveDgaOptions(data, options);
  const table = dataComponents(data, resolved.delta);
  const lists = data.lists;
  const logPrior = logPriorOfUnobserved(resolved.priorN, data.observed);
  if (resolved.search === "mcmc") return runGraphMcmc(data, resolved, table, logPrior);

  const trees = decomposableJunctionTrees(lists.length);
  const graphs: GraphTerms[] = trees.map((tree) => graphTerms(tree, table, graphLogPrior(tree, resolved.graphPrior, lists)));
  const { from, to, rule, profile, warnings } = chooseGrid(graphs, resolved, logPrior);
  const prior = priorOnGrid(from, to, logPrior);
  const averaged = averagedPosterior(graphs, prior, profile.logMassBetween(from, to), {
    observed: data.observed,
    centre: data.observed + Math.min(Math.max(profile.median(), from), to),
  });

  if (!(averaged.total > 0)) {
    throw new OptionError("the priors give every graph and every N on the grid probability 0 (`graphPrior` excludes every graph, or `priorN` is −Infinity on the whole grid)");
  }
  const models = topModels(trees, graphs, averaged, resolved, data);
  const diagnostics: DgaDiagnostics = {
    graphs: graphs.length,
    search: "exhaustive",
    massAboveGrid: profile.improper ? null : profile.massAbove(to),
    massBelowGrid: profile.massBelow(from),
    neglectedMass: averaged.neglected,
    pointsEvaluated: averaged.points,
  };
  return assembleResult(data, resolved, averaged.values, from, models, diagnostics, warnings, { from, to, rule });
}

/**
 * Top models by probability, each evaluated on its own to full relative accuracy, in one reused
 * buffer (only the summaries and the shares at the curve's points are kept).
 */
function topModels(
  trees: readonly JunctionTree[],
  graphs: readonly GraphTerms[],
  averaged: ReturnType<typeof averagedPosterior>,
  resolved: ResolvedDgaOptions,
  data: CaptureData,
): ReportedModel[] {
  const order = [...graphs.keys()].sort((a, b) => averaged.probabilities[b] - averaged.probabilities[a] || a - b);
  const wanted = Math.min(resolved.models, graphs.length);
  // candidates: the first `wanted`, plus any whose upper bound could overtake the last of them
  const cut = averaged.probabilities[order[wanted - 1]];
  const candidates = order.filter((g, rank) => rank < wanted || averaged.probabilities[g] + averaged.neglectedByGraph[g] >= cut);
  const indices = curveIndices(averaged.values, averaged.total);
  const from = averaged.tables.prior.from;
  const buffer = new Float64Array(averaged.values.length);
  const evaluated = candidates.map((g) => {
    const own = graphPosterior(graphs[g], averaged.tables, buffer);
    const scale = Math.exp(own.logScale - averaged.logScale) / averaged.total;
    const probability = own.mass * scale;
    const entry = reportedModel(trees[g], data.lists, own, from, data.observed, probability, scale, indices, resolved);
    if (own.last >= own.first) buffer.fill(0, own.first, own.last + 1);
    return { g, probability, entry };
  });
  evaluated.sort((a, b) => b.probability - a.probability || a.g - b.g);
  return evaluated.slice(0, wanted).map((e) => e.entry);
}
