/** Pieces of a dga result shared by the exhaustive and the MCMC routes: grid choice, names, summaries. */
import type { CaptureData, EstimateWarning, Interval } from "../../types.js";
import { VERSION } from "../../version.js";
import type { GraphTerms, PriorOnGrid } from "./_exact.js";
import type { JunctionTree } from "./_graph.js";
import { priorExponent, type ResolvedDgaOptions } from "./_setup.js";
import { quantileIndex, summariseGrid, type PosteriorSummary } from "./_summary.js";
import { tailProfile, type TailProfile } from "./_tail.js";
import type { DgaDiagnostics, DgaEstimate, DgaModel, DgaSettings } from "./types.js";

/** Quantile probabilities always reported (the interval limits are added). */
const REPORTED_QUANTILES = [0.025, 0.05, 0.1, 0.5, 0.9, 0.95, 0.975];

/** The grid and the warnings about it. */
export function chooseGrid(
  graphs: readonly GraphTerms[],
  resolved: ResolvedDgaOptions,
  logPrior: (x: number) => number,
): { from: number; to: number; rule: "automatic" | "given"; profile: TailProfile; warnings: EstimateWarning[] } {
  const warnings: EstimateWarning[] = [];
  const horizon = resolved.grid === "auto" ? resolved.maxUnobserved : Math.max(resolved.grid.to, 1);
  const profile = tailProfile({ graphs, logPrior, priorExponent: priorExponent(resolved.priorN), horizon });
  if (profile.improper) {
    warnings.push({
      code: "IMPROPER_POSTERIOR",
      message:
        "the posterior of N is improper under this prior (some graph's posterior decays no faster than 1/N, e.g. the saturated graph with a uniform prior on N): the results are normalised over the grid and depend on where it ends",
    });
  }
  if (resolved.grid !== "auto") {
    const { from, to } = resolved.grid;
    const above = profile.massAbove(to);
    const below = profile.massBelow(from);
    if (!profile.improper && above + below >= resolved.tailMass) {
      warnings.push({
        code: "GRID_TRUNCATED",
        message: `the grid ${from}…${to} of unobserved counts leaves out an estimated ${formatMass(above + below)} of the posterior mass (${formatMass(below)} below, ${formatMass(above)} above); widen it`,
      });
    }
    return { from, to, rule: "given", profile, warnings };
  }
  const cap = resolved.maxUnobserved;
  const end = profile.endFor(resolved.tailMass, cap);
  let to: number;
  if (end > cap) {
    to = cap;
    if (!profile.improper) {
      const needed = Number.isFinite(end) ? ` (about ${Math.ceil(end)} would be needed)` : "";
      warnings.push({
        code: "GRID_CAPPED",
        message: `the automatic grid stopped at its cap of ${cap} unobserved (maxUnobserved, 100 × observed by default), leaving an estimated ${formatMass(profile.massAbove(cap))} of the posterior mass beyond it${needed}; the mean and sd depend on where the grid ends`,
      });
    } else {
      warnings.push({
        code: "GRID_CAPPED",
        message: `the automatic grid stopped at its cap of ${cap} unobserved (maxUnobserved) because the posterior is improper`,
      });
    }
  } else {
    to = Math.min(cap, roundUp(Math.max(end, 1)));
  }
  return { from: 0, to, rule: "automatic", profile, warnings };
}

/** Round up to two significant digits: 34,217 → 35,000; 187 → 190; 7 → 7. */
export function roundUp(x: number): number {
  if (x < 100) return Math.ceil(x);
  const step = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / step) * step;
}

export function formatMass(m: number): string {
  return Number.isFinite(m) ? m.toExponential(1) : "infinite share";
}

/** The prior on N tabulated over the grid. */
export function priorOnGrid(from: number, to: number, logPrior: (x: number) => number): PriorOnGrid {
  const values = new Float64Array(to - from + 1);
  for (let x = from; x <= to; x++) values[x - from] = logPrior(x);
  return { from, to, logPrior: values };
}

/** Reported quantile probabilities: the fixed set and each level's two tails. */
export function quantileProbabilities(levels: readonly number[]): number[] {
  // rounded to 12 decimals, so that (1 − 0.95)/2 is the 0.025 already listed
  const set = new Set(REPORTED_QUANTILES);
  for (const level of levels) {
    set.add(Number(((1 - level) / 2).toFixed(12)));
    set.add(Number(((1 + level) / 2).toFixed(12)));
  }
  return [...set].sort((a, b) => a - b);
}

/** Posterior intervals from a summary: the (1 ± level)/2 quantiles. */
export function intervalsOfSummary(summary: PosteriorSummary, levels: readonly number[]): Interval[] {
  const at = (p: number): number => {
    const q = summary.quantiles.find((e) => Math.abs(e.probability - p) < 1e-12);
    if (q === undefined) throw new Error(`internal: quantile ${p} was not computed`);
    return q.value;
  };
  return levels.map((level) => ({ method: "posterior", level, lower: at((1 - level) / 2), upper: at((1 + level) / 2) }));
}

/** The cliques of a junction tree by list names, each sorted by list order, larger cliques first. */
export function cliqueNames(tree: JunctionTree, lists: readonly string[]): string[][] {
  const indices = tree.cliques
    .map((c) => ({ mask: c, lists: [] as number[] }))
    .map(({ mask }) => {
      const out: number[] = [];
      for (let j = 0; j < lists.length; j++) if ((mask >>> j) & 1) out.push(j);
      return out;
    })
    .sort((a, b) => b.length - a.length || compareLex(a, b));
  return indices.map((c) => c.map((j) => lists[j]));
}

function compareLex(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** A graph's readable name: its cliques joined by ":" in brackets. */
export function graphName(tree: JunctionTree, lists: readonly string[]): string {
  return `[${cliqueNames(tree, lists)
    .map((c) => c.join(":"))
    .join(", ")}]`;
}

/** Assemble the result from the averaged values on the grid. */
export function assembleResult(
  data: CaptureData,
  resolved: ResolvedDgaOptions,
  values: Float64Array,
  from: number,
  models: readonly ReportedModel[],
  diagnostics: DgaDiagnostics,
  warnings: readonly EstimateWarning[],
  grid: DgaSettings["grid"],
  extraSettings: Partial<DgaSettings> = {},
): DgaEstimate {
  const probabilities = quantileProbabilities(resolved.levels);
  const summary = summariseGrid(values, from, data.observed, probabilities);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  const indices = curveIndices(values, total);
  const curve = {
    total: indices.map((i) => data.observed + from + i),
    density: indices.map((i) => values[i] / total),
    models: models.map((m) => [...m.shares]),
  };
  const settings: DgaSettings = {
    delta: typeof resolved.delta === "number" ? resolved.delta : "per-cell",
    priorN: typeof resolved.priorN === "function" ? "custom" : resolved.priorN,
    graphPrior: typeof resolved.graphPrior === "function" ? "custom" : resolved.graphPrior,
    grid,
    tailMass: resolved.tailMass,
    maxUnobserved: resolved.maxUnobserved,
    level: resolved.levels,
    method: resolved.search,
    ...extraSettings,
    version: VERSION,
  };
  return {
    kind: "estimate",
    family: "dga",
    fitted: true,
    estimate: summary.median,
    observed: data.observed,
    unobserved: summary.median - data.observed,
    intervals: intervalsOfSummary(summary, resolved.levels),
    posterior: {
      ...summary,
      curve,
      ...(resolved.keepGrid ? { grid: { from, probabilities: Array.from(values, (v) => v / total) } } : {}),
    },
    models: models.map((m) => m.model),
    diagnostics,
    warnings,
    settings,
  };
}

/** A reported graph and its share of the averaged density at the curve's points. */
export interface ReportedModel {
  readonly model: DgaModel;
  /** P(graph, N) at each of the curve's points ({@link curveIndices}). */
  readonly shares: readonly number[];
}

/** Grid indices of about 200 points from the 0.05% to the 99.95% quantile of a posterior on the grid. */
export function curveIndices(values: Float64Array, total: number): number[] {
  const lo = quantileIndex(values, total, 0.0005);
  const hi = quantileIndex(values, total, 0.9995);
  const points = Math.min(200, hi - lo + 1);
  const step = (hi - lo) / Math.max(1, points - 1);
  const indices: number[] = [];
  for (let k = 0; k < points; k++) {
    const i = Math.round(lo + k * step);
    if (indices.length === 0 || i > indices[indices.length - 1]) indices.push(i);
  }
  return indices;
}

/**
 * A graph's entry: its summaries from its own posterior on the grid (`values`, written from index
 * `first` to `last`), its probability, and its shares at the curve's points (values × scale).
 */
export function reportedModel(
  tree: JunctionTree,
  lists: readonly string[],
  own: { readonly values: Float64Array; readonly first: number; readonly last: number },
  from: number,
  observed: number,
  probability: number,
  scale: number,
  indices: readonly number[],
  resolved: ResolvedDgaOptions,
  extra: Partial<DgaModel> = {},
): ReportedModel {
  const first = Math.max(0, Math.min(own.first, own.last));
  const last = Math.max(first, own.last);
  const summary = summariseGrid(own.values.subarray(first, last + 1), from + first, observed, quantileProbabilities(resolved.levels));
  return {
    model: {
      name: graphName(tree, lists),
      cliques: cliqueNames(tree, lists),
      probability,
      ...extra,
      estimate: summary.median,
      intervals: intervalsOfSummary(summary, resolved.levels),
      posterior: summary,
    },
    shares: indices.map((i) => own.values[i] * scale),
  };
}
