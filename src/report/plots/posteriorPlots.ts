/** Private: plots of the Bayesian families — the posterior of N, graph probabilities, threshold statistics. */
import type { EstimateResult } from "../_resultKind.js";
import type { DgaEstimate } from "../../models/dga/types.js";
import type { BayesthreshEstimate } from "../../models/bayesthresh/types.js";
import { BLUE, GREY, RED, WIDTH, type Plot } from "./_plot.js";

function isDga(result: EstimateResult): result is EstimateResult & DgaEstimate {
  return result.family === "dga" && "posterior" in result;
}

function isBayesthresh(result: EstimateResult): result is EstimateResult & BayesthreshEstimate {
  return result.family === "bayesthresh" && "thresholdStatistics" in result;
}

/**
 * dga: the model-averaged posterior density of N, and each of the most probable graphs' share of it
 * (P(graph, N)), so that the averaged curve is seen as the sum of the graphs' curves.
 */
export function dgaPosteriorPlot(result: EstimateResult): Plot | null {
  if (!isDga(result)) return null;
  const { curve } = result.posterior;
  if (curve.total.length < 2) return null;
  const shown = Math.min(5, result.models.length);
  const labels = ["averaged over graphs", ...result.models.slice(0, shown).map((m, k) => `${k + 1}. ${m.name} (${m.probability.toPrecision(3)})`)];
  const values = [
    ...curve.total.map((n, i) => ({ n, density: curve.density[i], curve: labels[0] })),
    ...curve.models.slice(0, shown).flatMap((share, k) => curve.total.map((n, i) => ({ n, density: share[i], curve: labels[k + 1] }))),
  ];
  const palette = [RED, BLUE, "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"];
  const interval = result.intervals[0];
  return {
    kind: "posterior",
    caption: `Posterior of the population N averaged over graphs (red) and the shares of the ${shown} most probable graphs (P(graph, N); they add up to the average with the other graphs), with the posterior median (solid) and the ${interval ? `${Math.round(interval.level * 100)}% ` : ""}interval limits (dashed).`,
    spec: {
      width: WIDTH,
      height: 260,
      layer: [
        {
          data: { values },
          mark: { type: "line" as const, strokeWidth: 2 },
          encoding: {
            x: { field: "n", type: "quantitative" as const, title: "Population N", scale: { zero: false } },
            y: { field: "density", type: "quantitative" as const, title: "Posterior probability of N" },
            color: { field: "curve", type: "nominal" as const, scale: { domain: labels, range: palette.slice(0, labels.length) }, legend: { title: null, orient: "bottom" as const, columns: 1, labelLimit: 560 } },
          },
        },
        {
          data: {
            values: [
              { value: result.estimate, kind: "median" },
              ...(interval ? [{ value: interval.lower, kind: "limit" }, { value: interval.upper, kind: "limit" }] : []),
            ],
          },
          mark: { type: "rule" as const, color: "#222222" },
          encoding: {
            x: { field: "value", type: "quantitative" as const },
            strokeDash: { field: "kind", type: "nominal" as const, scale: { domain: ["median", "limit"], range: [[1, 0], [6, 3]] }, legend: null },
          },
        },
      ],
    },
  };
}

/** dga: the posterior probabilities of the most probable graphs. */
export function dgaModelsPlot(result: EstimateResult): Plot | null {
  if (!isDga(result) || result.models.length === 0) return null;
  const values = result.models.map((m) => ({ graph: m.name, probability: m.probability, error: m.monteCarloError ?? 0 }));
  return {
    kind: "models",
    caption: `Posterior probabilities of the ${values.length} most probable decomposable graphs${result.diagnostics.mcmc ? " (shares of the chains' draws, with ±2 Monte Carlo errors)" : ""}.`,
    spec: {
      width: WIDTH - 200,
      height: Math.max(120, 22 * values.length),
      data: { values },
      layer: [
        {
          mark: { type: "bar" as const, color: BLUE },
          encoding: {
            y: { field: "graph", type: "nominal" as const, sort: null, title: null, axis: { labelLimit: 360 } },
            x: { field: "probability", type: "quantitative" as const, title: "Posterior probability" },
          },
        },
        ...(result.diagnostics.mcmc
          ? [
              {
                transform: [
                  { calculate: "datum.probability - 2 * datum.error", as: "lo" },
                  { calculate: "datum.probability + 2 * datum.error", as: "hi" },
                ],
                mark: { type: "rule" as const, color: GREY, strokeWidth: 2 },
                encoding: {
                  y: { field: "graph", type: "nominal" as const, sort: null },
                  x: { field: "lo", type: "quantitative" as const },
                  x2: { field: "hi" },
                },
              },
            ]
          : []),
      ],
    },
  };
}

/** bayesthresh: each interaction's |posterior mean| / sd against the threshold. */
export function thresholdsPlot(result: EstimateResult): Plot | null {
  if (!isBayesthresh(result)) return null;
  const entries = Object.entries(result.thresholdStatistics);
  if (entries.length === 0) return null;
  const values = entries.map(([term, statistic]) => ({ term, statistic, kept: result.retainedInteractions.includes(term) ? "kept" : "dropped" }));
  return {
    kind: "thresholds",
    caption: `|posterior mean| / posterior sd of every two-list interaction in the all-pairs fit; those at or beyond the threshold ${result.settings.threshold} (dashed) are kept.`,
    spec: {
      width: WIDTH,
      height: Math.max(120, 20 * values.length),
      layer: [
        {
          data: { values },
          mark: { type: "bar" as const },
          encoding: {
            y: { field: "term", type: "nominal" as const, sort: null, title: null },
            x: { field: "statistic", type: "quantitative" as const, title: "|posterior mean| / posterior sd" },
            color: { field: "kept", type: "nominal" as const, scale: { domain: ["kept", "dropped"], range: [RED, GREY] }, legend: { title: null, orient: "bottom" as const } },
          },
        },
        {
          data: { values: [{ threshold: result.settings.threshold }] },
          mark: { type: "rule" as const, color: "#222222", strokeDash: [6, 3] },
          encoding: { x: { field: "threshold", type: "quantitative" as const } },
        },
      ],
    },
  };
}
