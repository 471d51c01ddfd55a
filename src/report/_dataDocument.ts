/** Private: the section describing the capture data (list sizes and overlaps). */
import { listOverlaps } from "../data/listOverlaps.js";
import type { CaptureData } from "../types.js";
import { count, whole } from "./_cells.js";
import type { Section } from "./_document.js";

/** People on each list (whatever other lists they are on). */
export function listSizes(data: CaptureData): number[] {
  return data.lists.map((_, j) => data.counts.reduce((sum, c, index) => ((index + 1) & (2 ** j) ? sum + c : sum), 0));
}

/** The data section: list sizes and the people on both lists of each pair. */
export function dataSections(data: CaptureData): Section[] {
  const sizes = listSizes(data);
  return [
    {
      heading: "Data",
      blocks: [
        { kind: "fields", rows: [["Lists", whole(data.lists.length)], ["Observed", count(data.observed)]] },
        { kind: "table", headers: ["List", "People on the list"], rows: data.lists.map((l, j) => [l, count(sizes[j])]) },
        {
          kind: "table",
          headers: ["List", "List", "People on both"],
          rows: listOverlaps(data).map((o) => [o.lists[0], o.lists[1], count(o.count)]),
        },
      ],
      plots: ["overlaps"],
    },
  ];
}
