/** Private: the LCMCR family's plots: trace plots of N per chain and the posterior of N. */
import type { EstimateResult } from "../_resultKind.js";
import type { LcmcrEstimate } from "../../models/lcmcr/estimateLcmcr.js";
import { percent } from "../_cells.js";
import { BLUE, RED, WIDTH, type Plot } from "./_plot.js";

const CHAIN_COLOURS = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac", "#eeca3b"];

function lcmcrOf(result: EstimateResult): LcmcrEstimate | undefined {
  return result.family === "lcmcr" ? (result as unknown as LcmcrEstimate) : undefined;
}

/** The draws of N against the draw number, one line per chain (needs `draws`). */
export function lcmcrTracePlot(result: EstimateResult): Plot | null {
  const fit = lcmcrOf(result);
  if (fit?.draws === undefined) return null;
  const values = fit.draws.population.flatMap((chain, c) => chain.map((N, draw) => ({ chain: `chain ${c + 1}`, draw: draw + 1, N })));
  const chains = fit.draws.population.map((_, c) => `chain ${c + 1}`);
  return {
    kind: "lcmcr-trace",
    caption:
      `Trace of N in each of the ${chains.length} chains (${fit.settings.samples} kept draws each, one every ${fit.settings.thinning} sweeps ` +
      "after the burn-in). Chains that sample the same posterior overlap; a chain apart from the others, or jumps between levels, signal poor mixing or several modes.",
    spec: {
      width: WIDTH,
      height: 260,
      data: { values },
      mark: { type: "line" as const, strokeWidth: 1, opacity: 0.8 },
      encoding: {
        x: { field: "draw", type: "quantitative" as const, title: "Kept draw" },
        y: { field: "N", type: "quantitative" as const, title: "Population size N", scale: { zero: false, type: "log" as const } },
        color: {
          field: "chain",
          type: "nominal" as const,
          scale: { domain: chains, range: chains.map((_, c) => CHAIN_COLOURS[c % CHAIN_COLOURS.length]) },
          legend: { title: null, orient: "bottom" as const },
        },
      },
    },
  };
}

/** Histogram of the pooled draws of N with the median and the interval limits (needs `draws`). */
export function lcmcrPosteriorPlot(result: EstimateResult): Plot | null {
  const fit = lcmcrOf(result);
  if (fit?.draws === undefined) return null;
  const values = fit.draws.population.flat().map((N) => ({ N }));
  const rules = [
    { value: fit.estimate, label: "posterior median" },
    ...fit.intervals.flatMap((i) => [
      { value: i.lower, label: `${percent(i.level)} posterior interval` },
      { value: i.upper, label: `${percent(i.level)} posterior interval` },
    ]),
  ];
  const labels = [...new Set(rules.map((r) => r.label))];
  return {
    kind: "lcmcr-posterior",
    caption: `Posterior of N: the ${values.length} draws of all chains, with the posterior median (solid) and the interval limits (dashed).`,
    spec: {
      width: WIDTH,
      height: 240,
      layer: [
        {
          data: { values },
          mark: { type: "bar" as const, color: BLUE, opacity: 0.6 },
          encoding: {
            x: { field: "N", type: "quantitative" as const, bin: { maxbins: 50 }, title: "Population size N" },
            y: { aggregate: "count" as const, type: "quantitative" as const, title: "Draws" },
          },
        },
        {
          data: { values: rules },
          mark: { type: "rule" as const, strokeWidth: 2 },
          encoding: {
            x: { field: "value", type: "quantitative" as const },
            color: { field: "label", type: "nominal" as const, scale: { domain: labels, range: labels.map((_, k) => (k === 0 ? RED : "#222222")) }, legend: { title: null, orient: "bottom" as const } },
            strokeDash: { condition: { test: "datum.label === 'posterior median'", value: [1, 0] }, value: [6, 3] },
          },
        },
      ],
    },
  };
}
