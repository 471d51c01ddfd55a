import { CaptureDataError, type DataIssue } from "../errors.js";
import type { CaptureData } from "../types.js";
import { assertCaptureData, assertStringArray, pushListCountIssues, recodeLists, unknownListIssues } from "./_capture.js";

/**
 * Drops lists from capture data, returning new data (the input is not changed).
 *
 * Each capture history is re-coded on the remaining lists. People who were only on dropped lists
 * vanish: they are no longer observed, so `observed` falls by their number, and their `records`
 * are removed. The remaining lists keep their order; `records` and `covariates` are carried along
 * with re-coded histories.
 *
 * @param data - Capture data.
 * @param lists - Names of the lists to drop (repeats are ignored; an empty array drops nothing).
 * @returns New capture data without those lists.
 * @throws {@link CaptureDataError} UNKNOWN_LIST for every name that is not a list of `data`,
 *   TOO_FEW_LISTS when fewer than 2 lists would remain, NO_OBSERVATIONS when nobody would remain.
 * @throws {@link OptionError} when `data` is not capture data or `lists` not an array of strings.
 * @example
 * ```ts
 * const data = { lists: ["A", "B", "C"], counts: [5, 4, 2, 3, 1, 0, 1], observed: 16 };
 * omitLists(data, ["C"]);
 * // => { lists: ["A", "B"], counts: [6, 4, 3], observed: 13 }  (the 3 people only on C vanish)
 * ```
 */
export function omitLists(data: CaptureData, lists: readonly string[]): CaptureData {
  assertCaptureData(data);
  assertStringArray(lists, "lists");
  const issues: DataIssue[] = unknownListIssues(data.lists, lists, "lists");
  const kept = data.lists.map((name, j) => ({ name, j })).filter(({ name }) => !lists.includes(name));
  if (issues.length === 0) pushListCountIssues(kept.map(({ name }) => name), issues);
  if (issues.length > 0) throw new CaptureDataError(issues);
  return recodeLists(
    data,
    kept.map(({ name }) => name),
    kept.map(({ j }) => [j]),
  );
}
