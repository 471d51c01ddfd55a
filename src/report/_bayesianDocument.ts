/** Private: the report sections of the Bayesian families (dga and bayesthresh). */
import type { DgaEstimate } from "../models/dga/types.js";
import type { BayesthreshEstimate } from "../models/bayesthresh/types.js";
import { count, fixed, percent, whole, type Cell } from "./_cells.js";
import type { Block, Section } from "./_document.js";

/** A probability shown with four significant digits (exponent notation when tiny). */
function probability(p: number): Cell {
  return { value: p, text: p !== 0 && p < 1e-3 ? p.toExponential(2) : p.toPrecision(4) };
}

/** Posterior summaries of N as label–value rows. */
function posteriorRows(p: { mean: number; sd: number; median: number; mode?: number; quantiles: readonly { probability: number; value: number }[] }): [string, Cell][] {
  return [
    ["Posterior median", count(p.median)],
    ["Posterior mean", count(p.mean)],
    ["Posterior standard deviation", count(p.sd)],
    ...(p.mode !== undefined ? ([["Posterior mode", count(p.mode)]] as [string, Cell][]) : []),
    ...p.quantiles.map((q): [string, Cell] => [`Quantile ${percent(q.probability)}`, count(q.value)]),
  ];
}

/** Sections of a dga result: the posterior of N, the graphs, the computation. */
export function dgaSections(result: DgaEstimate): Section[] {
  const d = result.diagnostics;
  const s = result.settings;
  const mcmc = d.mcmc;
  const sections: Section[] = [
    {
      heading: "Posterior of N (averaged over graphs)",
      blocks: [
        {
          kind: "paragraph",
          text: `Bayesian model averaging over the ${d.search === "exhaustive" ? `${d.graphs} decomposable graphs on the lists` : `${d.graphs} decomposable graphs the chains visited`} (Madigan & York 1997), with hyper-Dirichlet prior counts ${s.delta === "per-cell" ? "given per cell" : `δ = ${s.delta} per cell`}, a${s.priorN === "inverse" ? " 1/N" : s.priorN === "uniform" ? " uniform" : " user-given"} prior on N, and a ${typeof s.graphPrior === "object" ? `prior with each edge present with probability ${s.graphPrior.edgeProbability}` : `${s.graphPrior} prior`} over graphs, on the unobserved counts ${s.grid.from}–${s.grid.to} (${s.grid.rule === "automatic" ? "chosen automatically" : "given"}).`,
        },
        { kind: "fields", rows: posteriorRows(result.posterior) },
      ],
      plots: ["posterior"],
    },
    {
      heading: "Graphs",
      blocks: [
        {
          kind: "table",
          headers: ["Graph (cliques)", "Probability", ...(mcmc ? ["Monte Carlo error"] : []), "Median of N", "Lower", "Upper"],
          rows: result.models.map((m) => [
            m.name,
            probability(m.probability),
            ...(mcmc ? [probability(m.monteCarloError ?? 0)] : []),
            count(m.estimate),
            count(m.intervals[0]?.lower),
            count(m.intervals[0]?.upper),
          ]),
        },
        {
          kind: "paragraph",
          text: `The ${result.models.length} most probable graphs, each with the median and ${percent(result.models[0]?.intervals[0]?.level ?? 0.95)} interval of N under that graph alone.`,
        },
      ],
      plots: ["models"],
    },
  ];
  const rows: [string, Cell][] = [
    ["Search", d.search === "exhaustive" ? "every decomposable graph" : "Markov chain over graphs (edge moves, parallel tempering)"],
    ["Graphs", whole(d.graphs)],
    ["Posterior mass beyond the grid (estimated)", d.massAboveGrid === null ? "infinite (improper posterior)" : probability(d.massAboveGrid)],
    ["Posterior mass below the grid (estimated)", probability(d.massBelowGrid)],
    ["Mass of the grid points skipped (bound)", probability(d.neglectedMass)],
    ["Grid points evaluated", whole(d.pointsEvaluated)],
  ];
  if (mcmc) {
    rows.push(
      ["Chains × kept iterations (burn-in)", `${mcmc.chains} × ${mcmc.iterations} (${mcmc.burnIn})`],
      ["Acceptance of edge moves", fixed(mcmc.acceptance, 3)],
      ["Split R-hat of N", mcmc.rhatN === null ? "undefined" : fixed(mcmc.rhatN, 3)],
      ["Effective sample size of N", count(mcmc.essN)],
      ["Largest split R-hat, edge and graph indicators", mcmc.rhatModels === null ? "undefined" : fixed(mcmc.rhatModels, 3)],
      ["Smallest effective sample size, graph indicators", count(mcmc.essModels)],
      ["Monte Carlo error of the median", mcmc.medianStandardError === null ? "–" : count(mcmc.medianStandardError)],
    );
  }
  sections.push({ heading: "Computation", blocks: [{ kind: "fields", rows }] });
  return sections;
}

/** Sections of a bayesthresh result: the thresholding, the refitted model, the posterior of N, the fits. */
export function bayesthreshSections(result: BayesthreshEstimate): Section[] {
  const s = result.settings;
  const blocks: Block[] = [
    {
      kind: "paragraph",
      text: `Every two-list interaction fitted with a ${s.prior === "proper" ? `N(0, ${s.priorVariance}) prior` : "flat prior"}; those with |posterior mean| / posterior sd ≥ ${s.threshold} are kept (Silverman 2020, §6)${s.maxOrder === 3 ? ", then the triples whose pairs were all kept are thresholded the same way" : ""}, and the kept model is refitted.`,
    },
    {
      kind: "table",
      headers: ["Interaction", "|mean| / sd", "Kept"],
      rows: Object.entries(result.thresholdStatistics).map(([term, v]) => [term, fixed(v, 3), result.retainedInteractions.includes(term) ? "yes" : "no"]),
    },
  ];
  if (result.tripleThresholdStatistics && Object.keys(result.tripleThresholdStatistics).length > 0) {
    blocks.push({
      kind: "table",
      headers: ["Triple", "|mean| / sd", "Kept"],
      rows: Object.entries(result.tripleThresholdStatistics).map(([term, v]) => [term, fixed(v, 3), result.retainedTriples?.includes(term) ? "yes" : "no"]),
    });
  }
  if (result.minusInfiniteInteractions.length > 0) {
    blocks.push({ kind: "fields", rows: [["At −∞ (nobody on both lists)", result.minusInfiniteInteractions.join(", ")]] });
  }
  const sections: Section[] = [{ heading: "Thresholding", blocks, plots: ["thresholds"] }];
  if (result.model) {
    sections.push({
      heading: "Refitted model",
      blocks: [
        {
          kind: "fields",
          rows: [
            ["Name", result.model.name],
            ["Interactions", result.model.terms.length > 0 ? result.model.terms.join(", ") : "none (main effects only)"],
          ],
        },
      ],
    });
  }
  if (result.posterior) sections.push({ heading: "Posterior of N", blocks: [{ kind: "fields", rows: posteriorRows(result.posterior) }] });
  sections.push({
    heading: "Metropolis fits",
    blocks: [
      {
        kind: "table",
        headers: ["Fit", "Model", "Proposal scale", "Acceptance", "Split R-hat (intercept)", "ESS (intercept)"],
        rows: result.fits.map((f) => [f.stage, f.model.name, fixed(f.tune, 3), fixed(f.acceptance, 3), f.rhat === null ? "–" : fixed(f.rhat, 3), count(f.ess)]),
      },
      {
        kind: "paragraph",
        text: `Each fit: ${s.burnIn} iterations discarded, ${s.iterations} kept; seed ${String(s.seed)}.`,
      },
    ],
  });
  return sections;
}
