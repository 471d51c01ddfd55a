/** Private: what every plot of an HTML report shares. */
import type { TopLevelSpec } from "vega-lite";
import type { PlotKind } from "../_document.js";
import type { Interval } from "../../types.js";
import { intervalKeys, findInterval, type IntervalKey } from "../_cells.js";

/** A plot: where it goes, its caption, and its vega-lite specification (data inline). */
export interface Plot {
  readonly kind: PlotKind;
  readonly caption: string;
  readonly spec: TopLevelSpec;
}

/** Width of the plotting area in pixels. */
export const WIDTH = 560;
/** The colour of ordinary marks. */
export const BLUE = "#4c78a8";
/** The colour of the chosen model, the estimate, the total. */
export const RED = "#c0392b";
export const GREY = "#888888";

/** A point with its interval, as plotted. */
export interface IntervalRow {
  readonly label: string;
  readonly estimate: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** The interval to plot among several rows: the first (method, level) met. */
export function plottedKey(lists: readonly (readonly Interval[])[]): IntervalKey | undefined {
  return intervalKeys(lists)[0];
}

/** Point-and-bar layers for rows `{ [y]: label, estimate, lower, upper }` on a horizontal axis. */
export function pointRangeLayers(xTitle: string, color: string) {
  return [
    {
      mark: { type: "rule" as const, color, strokeWidth: 2 },
      encoding: {
        x: { field: "lower", type: "quantitative" as const, title: xTitle, scale: { zero: false } },
        x2: { field: "upper" },
      },
    },
    {
      mark: { type: "point" as const, filled: true, size: 70, color, opacity: 1 },
      encoding: { x: { field: "estimate", type: "quantitative" as const } },
    },
  ];
}

/** Rows with an estimate, and their interval of `key` when there is one. */
export function intervalRows(
  items: readonly { readonly label: string; readonly estimate: number | null; readonly intervals: readonly Interval[] }[],
  key: IntervalKey | undefined,
): IntervalRow[] {
  return items.flatMap((item) => {
    if (item.estimate === null) return [];
    const i = key ? findInterval(item.intervals, key) : undefined;
    return [{ label: item.label, estimate: item.estimate, lower: i?.lower ?? null, upper: i?.upper ?? null }];
  });
}
