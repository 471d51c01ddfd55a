import { CaptureDataError, OptionError, type DataIssue } from "../errors.js";
import type { CaptureData } from "../types.js";
import { assertCaptureData, assertStringArray, pushListCountIssues, quote, recodeLists, unknownListIssues } from "./_capture.js";

/** Options of {@link mergeLists}. */
export interface MergeListsOptions {
  /** Name of the merged list. Default: the merged lists' names joined in data order (`PF` + `NCA` → `"PFNCA"`). */
  readonly name?: string;
}

/**
 * Replaces several lists by one, returning new data (the input is not changed): a person is on the
 * merged list when on any of the lists merged. Nobody vanishes, so `observed` does not change.
 *
 * The merged list takes the place of the first merged list in the data's order; the other lists
 * keep their order. `records` and `covariates` are carried along with re-coded histories.
 *
 * @param data - Capture data.
 * @param lists - Names of the lists to merge: at least 2 distinct lists of `data`.
 * @param options - The merged list's name; see {@link MergeListsOptions}.
 * @returns New capture data with the lists merged.
 * @throws {@link CaptureDataError} UNKNOWN_LIST for every name that is not a list of `data`,
 *   DUPLICATE_COLUMN when the new name is that of a list that stays, TOO_FEW_LISTS when fewer than 2
 *   lists would remain.
 * @throws {@link OptionError} when `data` is not capture data, `lists` names fewer than 2 distinct
 *   lists, or `options.name` is blank or not a string.
 * @example
 * ```ts
 * const data = { lists: ["A", "B", "C"], counts: [5, 4, 2, 3, 1, 0, 1], observed: 16 };
 * mergeLists(data, ["A", "C"]);
 * // => { lists: ["AC", "B"], counts: [9, 4, 3], observed: 16 }
 * ```
 */
export function mergeLists(data: CaptureData, lists: readonly string[], options: MergeListsOptions = {}): CaptureData {
  assertCaptureData(data);
  assertStringArray(lists, "lists");
  const distinct = [...new Set(lists)];
  if (distinct.length < 2) {
    throw new OptionError(`\`lists\` must name at least 2 distinct lists to merge; received ${quote(lists)}`);
  }
  if (options.name !== undefined && (typeof options.name !== "string" || options.name.trim() === "")) {
    throw new OptionError(`\`options.name\` must be a non-blank string; received ${quote(options.name)}`);
  }
  const issues: DataIssue[] = unknownListIssues(data.lists, distinct, "lists");
  if (issues.length > 0) throw new CaptureDataError(issues);

  const merged = data.lists.map((name, j) => ({ name, j })).filter(({ name }) => distinct.includes(name));
  const name = options.name ?? merged.map((list) => list.name).join("");
  const names: string[] = [];
  const groups: number[][] = [];
  data.lists.forEach((list, j) => {
    if (j === merged[0].j) {
      names.push(name);
      groups.push(merged.map((m) => m.j));
    } else if (!distinct.includes(list)) {
      names.push(list);
      groups.push([j]);
    }
  });
  if (names.indexOf(name) !== names.lastIndexOf(name)) {
    issues.push({
      code: "DUPLICATE_COLUMN",
      column: name,
      message: `the merged list's name must differ from the lists that stay; received ${quote(name)}`,
    });
  }
  pushListCountIssues(names, issues);
  if (issues.length > 0) throw new CaptureDataError(issues);
  return recodeLists(data, names, groups);
}
