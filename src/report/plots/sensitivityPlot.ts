/** Private: the estimate and lognormal interval under every candidate model (rows computed by `modelSensitivity`). */
import { percent } from "../_cells.js";
import { isLoglinear, type EstimateResult } from "../_resultKind.js";
import { BLUE, RED, WIDTH, type Plot } from "./_plot.js";

/**
 * Plot every candidate model's estimate with its lognormal interval (the rows of `sensitivity`,
 * from `estimateWithInterval(…, { sensitivity: true })`), the chosen model in red, the reported
 * interval shaded. Null when there are fewer than 2 candidates.
 */
export function sensitivityPlot(result: EstimateResult): Plot | null {
  if (!isLoglinear(result) || result.sensitivity === undefined) return null;
  const rows = result.sensitivity.map((r) => ({ ...r, role: r.chosen ? "chosen model" : "other candidates" }));
  if (rows.length < 2) return null;
  const level = rows[0].level;
  const reported = result.fitted ? result.intervals[0] : undefined;
  const color = {
    field: "role",
    type: "nominal" as const,
    scale: { domain: ["chosen model", "other candidates"], range: [RED, BLUE] },
    legend: { title: null, orient: "bottom" as const },
  };
  const how = result.selection.method === "stepwise" ? "along the stepwise path" : `of the ${result.selection.method.toUpperCase()} ranking`;
  return {
    kind: "sensitivity",
    caption: `Sensitivity to the model: estimate and ${percent(level)} lognormal interval under each candidate model ${how}, refitted on the data; the chosen model in red${reported ? `, the reported ${percent(reported.level)} ${reported.method} interval shaded` : ""}.`,
    spec: {
      width: WIDTH,
      height: { step: 24 },
      layer: [
        ...(reported
          ? [
              {
                data: { values: [{ lower: reported.lower, upper: reported.upper }] },
                mark: { type: "rect" as const, color: RED, opacity: 0.12 },
                encoding: { x: { field: "lower", type: "quantitative" as const }, x2: { field: "upper" } },
              },
            ]
          : []),
        {
          data: { values: rows },
          encoding: {
            y: { field: "label", type: "nominal" as const, sort: null, title: null, axis: { labelLimit: 520 } },
            color,
          },
          layer: [
            {
              mark: { type: "rule" as const, strokeWidth: 2 },
              encoding: {
                x: { field: "lower", type: "quantitative" as const, title: "Population estimate", scale: { zero: false } },
                x2: { field: "upper" },
              },
            },
            {
              mark: { type: "point" as const, filled: true, size: 70, opacity: 1 },
              encoding: { x: { field: "estimate", type: "quantitative" as const } },
            },
          ],
        },
      ],
    },
  };
}
