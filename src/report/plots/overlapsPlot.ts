/** Private: heat map of the people on both lists of every pair. */
import { listOverlaps } from "../../data/listOverlaps.js";
import type { CaptureData } from "../../types.js";
import { listSizes } from "../_dataDocument.js";
import type { Plot } from "./_plot.js";

/** A list × list heat map: off the diagonal, people on both lists; on it (grey), people on the list. */
export function overlapsPlot(data: CaptureData): Plot {
  const sizes = listSizes(data);
  const cells = data.lists.map((l, i) => ({ row: l, column: l, count: sizes[i], diagonal: true }));
  for (const o of listOverlaps(data)) {
    cells.push({ row: o.lists[0], column: o.lists[1], count: o.count, diagonal: false });
    cells.push({ row: o.lists[1], column: o.lists[0], count: o.count, diagonal: false });
  }
  const largest = Math.max(1, ...cells.filter((c) => !c.diagonal).map((c) => c.count));
  const step = data.lists.length > 8 ? 44 : 64;
  const x = { field: "column", type: "nominal" as const, sort: [...data.lists], title: null, axis: { orient: "top" as const, labelAngle: 0, labelLimit: step - 4 } };
  const y = { field: "row", type: "nominal" as const, sort: [...data.lists], title: null, axis: { labelLimit: 200 } };
  return {
    kind: "overlaps",
    caption: "Overlaps between lists: people on both lists of each pair (shaded by count); on the diagonal, in grey, the people on each list.",
    spec: {
      data: { values: cells },
      width: { step },
      height: { step: 36 },
      encoding: { x, y },
      layer: [
        {
          transform: [{ filter: "!datum.diagonal" }],
          mark: { type: "rect" as const },
          encoding: { color: { field: "count", type: "quantitative" as const, scale: { scheme: "blues", domainMin: 0 }, title: "On both" } },
        },
        { transform: [{ filter: "datum.diagonal" }], mark: { type: "rect" as const, color: "#e6e6e6" } },
        {
          mark: { type: "text" as const, fontSize: 12 },
          encoding: {
            text: { field: "count", type: "quantitative" as const, format: ",d" },
            color: { condition: { test: `!datum.diagonal && datum.count > ${largest / 2}`, value: "white" }, value: "black" },
          },
        },
      ],
    },
  };
}
