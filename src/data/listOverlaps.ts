import type { CaptureData } from "../types.js";
import { assertCaptureData, intersects } from "./_capture.js";

/** The number of people on both of two lists. */
export interface ListOverlap {
  /** The two lists, in the data's list order. */
  readonly lists: readonly [string, string];
  /** People on both lists (whatever other lists they are on). */
  readonly count: number;
}

/**
 * Counts the people on both lists of every pair of lists: the two-way margins whose zeros make a
 * log-linear interaction inestimable.
 *
 * Pairs come in the order (1,2), (1,3), …, (1,t), (2,3), …, (t−1,t): `t(t−1)/2` of them. Cost:
 * `O(t² · 2^t)`.
 *
 * @param data - Capture data.
 * @returns One {@link ListOverlap} per pair of lists `i < j`, zeros included.
 * @throws {@link OptionError} when `data` is not capture data with `2^t − 1` counts.
 * @example
 * ```ts
 * listOverlaps({ lists: ["A", "B", "C"], counts: [5, 4, 2, 3, 1, 0, 1], observed: 16 });
 * // => [{ lists: ["A", "B"], count: 3 },   // A and B only (2) + on all three (1)
 * //     { lists: ["A", "C"], count: 2 },
 * //     { lists: ["B", "C"], count: 1 }]
 * ```
 */
export function listOverlaps(data: CaptureData): ListOverlap[] {
  assertCaptureData(data);
  const { lists, counts } = data;
  const overlaps: ListOverlap[] = [];
  for (let i = 0; i < lists.length; i++) {
    for (let j = i + 1; j < lists.length; j++) {
      let count = 0;
      counts.forEach((c, index) => {
        const history = index + 1;
        if (intersects(history, 2 ** i) && intersects(history, 2 ** j)) count += c;
      });
      overlaps.push({ lists: [lists[i], lists[j]], count });
    }
  }
  return overlaps;
}
