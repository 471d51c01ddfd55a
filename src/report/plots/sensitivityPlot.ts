/** Private: the estimate and lognormal interval under every candidate model. */
import type { EstimateWithInterval } from "../../estimateWithInterval.js";
import { fitLoglinear } from "../../models/loglinear/fitLoglinear.js";
import type { CaptureData } from "../../types.js";
import { percent } from "../_cells.js";
import { BLUE, RED, WIDTH, type Plot } from "./_plot.js";

interface Candidate {
  /** Axis label; the model's name is used when absent. */
  readonly label?: string;
  readonly prefix: string;
  readonly terms: readonly string[];
}

/** The models the selection weighed: the ranking of an exhaustive search, or the stepwise path. */
function candidates(result: EstimateWithInterval): Candidate[] {
  const s = result.selection;
  if (s.method === "fixed") return [];
  if (s.method === "stepwise") {
    const steps = s.steps ?? [];
    return [
      { prefix: "start:", label: "main effects", terms: [] },
      ...steps.map((step, k) => ({ prefix: `step ${k + 1}:`, label: `+ ${step.term}`, terms: steps.slice(0, k + 1).map((x) => x.term) })),
    ];
  }
  return (s.ranking ?? []).map((r, k) => ({ prefix: `${k + 1}.`, terms: r.model.terms }));
}

/**
 * Refit every candidate model on `data` and plot its estimate with its lognormal interval, the
 * chosen model in red, the reported interval shaded. Null when there are fewer than 2 candidates.
 */
export function sensitivityPlot(result: EstimateWithInterval, data: CaptureData): Plot | null {
  const level = result.settings.level[0] ?? 0.95;
  const chosen = result.model?.name;
  const rows = candidates(result).flatMap((c) => {
    const fit = fitLoglinear(data, c.terms.length > 0 ? c.terms : "main", { level });
    if (!fit.fitted) return [];
    const i = fit.intervals[0];
    return [
      {
        label: `${c.prefix} ${c.label ?? fit.model.name}`,
        estimate: fit.estimate,
        lower: i.lower,
        upper: i.upper,
        role: fit.model.name === chosen ? "chosen model" : "other candidates",
      },
    ];
  });
  if (rows.length < 2) return null;
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
