import { CaptureDataError } from "../errors.js";
import type { CaptureData } from "../types.js";
import { assertCaptureData, intersects, recodeLists } from "./_capture.js";

/** A list dropped by {@link dropNoninformativeLists} and why. */
export interface DroppedList {
  /** The dropped list's name. */
  readonly list: string;
  /**
   * `"empty"`: nobody is on it. `"all"`: every observed person is on it. `"duplicate"`: exactly the
   * same people are on it as on the list named in `of`.
   */
  readonly reason: "empty" | "all" | "duplicate";
  /** For `"duplicate"`: the earlier list it repeats. */
  readonly of?: string;
}

/** Result of {@link dropNoninformativeLists}. */
export interface NoninformativeListsResult {
  /** The data without the dropped lists: always a new object, a copy when nothing was dropped. */
  readonly data: CaptureData;
  /** The dropped lists in data order, empty when none. */
  readonly dropped: readonly DroppedList[];
}

/**
 * Drops the lists that carry no information about the unobserved: lists that are empty, lists that
 * hold every observed person (nobody can be missed by it, so the overlap says nothing), and lists
 * with exactly the same members as an earlier list (identical membership for every observed
 * person). The checks are repeated until no list qualifies; when a list qualifies for several
 * reasons, the first of empty, all, duplicate is given. Nobody vanishes: `observed` does not change.
 *
 * @param data - Capture data.
 * @returns The remaining data and the dropped lists with their reasons.
 * @throws {@link CaptureDataError} TOO_FEW_LISTS when fewer than 2 lists would remain.
 * @throws {@link OptionError} when `data` is not capture data.
 * @example
 * ```ts
 * // B is on nobody, C repeats A.
 * const data = { lists: ["A", "B", "C", "D"], counts: [0, 0, 0, 0, 7, 0, 0, 5, 0, 0, 0, 0, 3, 0, 0], observed: 15 };
 * dropNoninformativeLists(data);
 * // => { data: { lists: ["A", "D"], counts: [7, 5, 3], observed: 15 },
 * //      dropped: [{ list: "B", reason: "empty" }, { list: "C", reason: "duplicate", of: "A" }] }
 * ```
 */
export function dropNoninformativeLists(data: CaptureData): NoninformativeListsResult {
  assertCaptureData(data);
  const dropped: DroppedList[] = [];
  let current = data;
  for (;;) {
    const found = findNoninformative(current);
    if (found.length === 0) break;
    const remaining = current.lists.filter((list) => !found.some((d) => d.list === list));
    if (remaining.length < 2) {
      const all = [...dropped, ...found].map((d) => `${d.list} (${d.reason}${d.of === undefined ? "" : ` of ${d.of}`})`);
      throw new CaptureDataError([
        {
          code: "TOO_FEW_LISTS",
          message: `capture data needs at least 2 informative lists; dropping ${all.join(", ")} leaves ${remaining.length}`,
        },
      ]);
    }
    current = recodeLists(
      current,
      remaining,
      remaining.map((list) => [current.lists.indexOf(list)]),
    );
    dropped.push(...found);
  }
  if (current === data) current = recodeLists(data, data.lists, data.lists.map((_, j) => [j]));
  const order = new Map(data.lists.map((list, j) => [list, j]));
  dropped.sort((a, b) => (order.get(a.list) ?? 0) - (order.get(b.list) ?? 0));
  return { data: current, dropped };
}

function findNoninformative(data: CaptureData): DroppedList[] {
  const { lists, counts, observed } = data;
  const seen = counts.map((count, index) => ({ history: index + 1, count })).filter(({ count }) => count > 0);
  const on = (history: number, j: number): boolean => intersects(history, 2 ** j);
  const found: DroppedList[] = [];
  const kept: number[] = [];
  lists.forEach((list, j) => {
    const size = seen.reduce((sum, { history, count }) => sum + (on(history, j) ? count : 0), 0);
    if (size === 0) {
      found.push({ list, reason: "empty" });
      return;
    }
    if (size === observed) {
      found.push({ list, reason: "all" });
      return;
    }
    const twin = kept.find((k) => seen.every(({ history }) => on(history, k) === on(history, j)));
    if (twin !== undefined) {
      found.push({ list, reason: "duplicate", of: lists[twin] });
      return;
    }
    kept.push(j);
  });
  return found;
}
