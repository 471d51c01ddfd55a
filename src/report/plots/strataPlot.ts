/** Private: per-stratum estimates with intervals, and the total. */
import type { StratifiedEstimate } from "../../strata/types.js";
import { percent } from "../_cells.js";
import { stratumLabel } from "../_strataDocument.js";
import { BLUE, RED, WIDTH, intervalRows, plottedKey, pointRangeLayers, type Plot } from "./_plot.js";

/** Two panels: each stratum's estimate with its interval, then the total. Null when nothing was estimated. */
export function strataPlot(result: StratifiedEstimate): Plot | null {
  const key = plottedKey([...result.strata.map((s) => s.intervals), result.total.intervals]);
  const strata = intervalRows(
    result.strata.map((s) => ({ label: stratumLabel(s.stratum, result.by), estimate: s.estimate, intervals: s.intervals })),
    key,
  );
  if (strata.length === 0) return null;
  const total = intervalRows([{ label: "total", estimate: result.total.estimate, intervals: result.total.intervals }], key);
  const xTitle = `Population estimate${key ? ` (${percent(key.level)} ${key.method} interval)` : ""}`;
  const panel = (rows: typeof strata, color: string, title: string) => ({
    data: { values: rows },
    width: WIDTH,
    height: { step: 24 },
    encoding: { y: { field: "label", type: "nominal" as const, sort: null, title, axis: { labelLimit: 400 } } },
    layer: pointRangeLayers(xTitle, color),
  });
  const skipped = result.strata.length - strata.length;
  return {
    kind: "strata",
    caption: `Estimates by ${result.by.join(", ")}${key ? ` with their ${percent(key.level)} ${key.method} intervals` : ""}${total.length > 0 ? "; below, the total" : ""}${skipped > 0 ? `; ${skipped} ${skipped === 1 ? "stratum has" : "strata have"} no estimate` : ""}.`,
    spec: {
      vconcat: [panel(strata, BLUE, result.by.join(" · ")), ...(total.length > 0 ? [panel(total, RED, "")] : [])],
      resolve: { scale: { x: "independent" } },
    },
  };
}
