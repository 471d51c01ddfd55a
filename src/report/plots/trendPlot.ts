/** Private: estimates per period with intervals, the observed counts and the linear trend. */
import type { TrendEstimate } from "../../strata/types.js";
import { findInterval, percent } from "../_cells.js";
import { BLUE, GREY, RED, WIDTH, plottedKey, type Plot } from "./_plot.js";

/** The least-squares line through the estimates, on the period index, with the reported slope. */
function trendLine(result: TrendEstimate): { period: string; fitted: number }[] {
  const slope = result.slope.estimate;
  const points = result.periods.flatMap((p, k) => (p.estimate === null ? [] : [{ k, y: p.estimate }]));
  if (slope === null || points.length < 2) return [];
  const meanK = points.reduce((s, p) => s + p.k, 0) / points.length;
  const meanY = points.reduce((s, p) => s + p.y, 0) / points.length;
  return result.periods.map((p, k) => ({ period: p.period, fitted: meanY + slope * (k - meanK) }));
}

/** Estimate per period (line and points) with intervals, observed counts, and the dashed trend. */
export function trendPlot(result: TrendEstimate): Plot | null {
  const key = plottedKey(result.periods.map((p) => p.intervals));
  const rows = result.periods.flatMap((p) => {
    if (p.estimate === null) return [];
    const i = key ? findInterval(p.intervals, key) : undefined;
    return [{ period: p.period, estimate: p.estimate, observed: p.observed, lower: i?.lower ?? null, upper: i?.upper ?? null }];
  });
  if (rows.length === 0) return null;
  const order = result.periods.map((p) => p.period);
  const x = { field: "period", type: "ordinal" as const, sort: order, title: result.period, axis: { labelAngle: 0 } };
  const line = trendLine(result);
  return {
    kind: "trend",
    caption: `Estimates by ${result.period}${key ? ` with their ${percent(key.level)} ${key.method} intervals` : ""} (blue), the observed counts (grey triangles)${line.length > 0 ? " and the least-squares trend (dashed)" : ""}.`,
    spec: {
      width: WIDTH,
      height: 260,
      layer: [
        {
          data: { values: rows },
          encoding: { x },
          layer: [
            {
              mark: { type: "rule" as const, color: BLUE, strokeWidth: 2 },
              encoding: { y: { field: "lower", type: "quantitative" as const, title: "Population" }, y2: { field: "upper" } },
            },
            { mark: { type: "line" as const, color: BLUE, point: { filled: true, size: 60, color: BLUE } }, encoding: { y: { field: "estimate", type: "quantitative" as const } } },
            { mark: { type: "point" as const, shape: "triangle-up", filled: true, color: GREY, size: 50 }, encoding: { y: { field: "observed", type: "quantitative" as const } } },
          ],
        },
        ...(line.length > 0
          ? [
              {
                data: { values: line },
                mark: { type: "line" as const, color: RED, strokeDash: [6, 3], strokeWidth: 1.5 },
                encoding: { x, y: { field: "fitted", type: "quantitative" as const } },
              },
            ]
          : []),
      ],
    },
  };
}
