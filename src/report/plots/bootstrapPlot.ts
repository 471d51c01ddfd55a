/** Private: the histogram of bootstrap replicate estimates. */
import type { EstimateResult } from "../_resultKind.js";
import { percent } from "../_cells.js";
import { BLUE, RED, WIDTH, type Plot } from "./_plot.js";

/**
 * Histogram of the replicate estimates kept by `keepReplicates: true`, with the estimate (solid) and
 * the interval limits (dashed) as rules. Null without replicates.
 */
export function bootstrapPlot(result: EstimateResult): Plot | null {
  const u = result.uncertainty?.method === "bootstrap" ? result.uncertainty : undefined;
  const replicates = (u?.replicateEstimates ?? []).filter((x): x is number => x !== null && Number.isFinite(x));
  if (replicates.length < 2 || !result.fitted || result.estimate === null) return null;
  const rules = [
    { value: result.estimate, label: "estimate", kind: "estimate" },
    ...result.intervals.flatMap((i) => {
      const label = `${percent(i.level)} ${i.method} interval`;
      return [
        { value: i.lower, label, kind: "limit" },
        { value: i.upper, label, kind: "limit" },
      ];
    }),
  ];
  const labels = [...new Set(rules.map((r) => r.label))];
  const palette = [RED, "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"];
  return {
    kind: "bootstrap",
    caption: `Bootstrap distribution: the estimates of ${replicates.length} valid replicates${u ? ` (of ${u.replicateSummary.requested})` : ""}, with the estimate (solid line) and the interval limits (dashed lines).`,
    spec: {
      width: WIDTH,
      height: 240,
      layer: [
        {
          data: { values: replicates.map((value) => ({ value })) },
          mark: { type: "bar" as const, color: BLUE, opacity: 0.6 },
          encoding: {
            x: { field: "value", type: "quantitative" as const, bin: { maxbins: 40 }, title: "Population estimate in a replicate" },
            y: { aggregate: "count" as const, type: "quantitative" as const, title: "Replicates" },
          },
        },
        {
          data: { values: rules },
          mark: { type: "rule" as const, strokeWidth: 2 },
          encoding: {
            x: { field: "value", type: "quantitative" as const },
            color: {
              field: "label",
              type: "nominal" as const,
              scale: { domain: labels, range: labels.map((_, k) => (k === 0 ? "#222222" : palette[(k - 1) % palette.length])) },
              legend: { title: null, orient: "bottom" as const },
            },
            strokeDash: {
              field: "kind",
              type: "nominal" as const,
              scale: { domain: ["estimate", "limit"], range: [[1, 0], [6, 3]] },
              legend: null,
            },
          },
        },
      ],
    },
  };
}
