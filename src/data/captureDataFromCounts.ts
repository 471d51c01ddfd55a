import { OptionError, type DataIssue } from "../errors.js";
import type { CaptureData } from "../types.js";
import {
  assembleCaptureData,
  assertOneOf,
  assertStringArray,
  checkCountNumber,
  checkListNames,
  quote,
  type Entry,
} from "./_capture.js";

/** One capture history and how many people have it, as given to {@link captureDataFromCounts}. */
export interface CountRow {
  /**
   * Membership per list: an array of 0/1 with one entry per list (`[1, 0, 1]`), or a string of
   * `0`/`1` characters (`"101"`). Entry/character `j` is list `lists[j]`.
   */
  readonly history: readonly number[] | string;
  /** Number of people with this history: a non-negative whole number. */
  readonly count: number;
}

/** Options of {@link captureDataFromCounts}. */
export interface CaptureDataFromCountsOptions {
  /**
   * What to do with rows that repeat a capture history: `"reject"` (default) reports
   * DUPLICATE_HISTORY naming both rows, `"merge"` adds their counts.
   */
  readonly duplicates?: "reject" | "merge";
}

/**
 * Builds capture data from a count per capture history given as plain objects, with the same checks
 * as {@link readCaptureCsv}'s aggregated format.
 *
 * Histories not given have count 0. A row on no list is accepted and ignored when its count is 0,
 * and is ALL_ZERO_HISTORY otherwise. Every problem is collected first and thrown together; an
 * issue's `row` is the 1-based index of the entry in `rows` and its `column` the list name.
 *
 * @param lists - List names, at least 2, unique and non-blank; `lists[j]` is bit `j` of a history.
 * @param rows - One `{ history, count }` per capture history; see {@link CountRow}.
 * @param options - Duplicate handling; see {@link CaptureDataFromCountsOptions}.
 * @returns The capture data (without `records`/`covariates`).
 * @throws {@link CaptureDataError} listing every problem (codes EMPTY_INPUT, INVALID_COLUMN_NAME,
 *   DUPLICATE_COLUMN, TOO_FEW_LISTS, TOO_MANY_LISTS, INVALID_ENTRY, INVALID_HISTORY, NOT_BINARY,
 *   MISSING_COUNT, NEGATIVE_COUNT, FRACTIONAL_COUNT, INVALID_COUNT, ALL_ZERO_HISTORY,
 *   DUPLICATE_HISTORY, NO_OBSERVATIONS).
 * @throws {@link OptionError} when `lists` is not an array of strings, `rows` is not an array, or
 *   `options.duplicates` is not `"reject"` or `"merge"`.
 * @example
 * ```ts
 * captureDataFromCounts(["A", "B"], [
 *   { history: "10", count: 30 },
 *   { history: [0, 1], count: 20 },
 *   { history: "11", count: 10 },
 * ]);
 * // => { lists: ["A", "B"], counts: [30, 20, 10], observed: 60 }
 * ```
 */
export function captureDataFromCounts(
  lists: readonly string[],
  rows: readonly CountRow[],
  options: CaptureDataFromCountsOptions = {},
): CaptureData {
  assertStringArray(lists, "lists");
  if (!Array.isArray(rows)) throw new OptionError(`\`rows\` must be an array of { history, count }; received ${quote(rows)}`);
  const { duplicates = "reject" } = options;
  assertOneOf(duplicates, ["reject", "merge"], "options.duplicates");

  const issues: DataIssue[] = [];
  checkListNames(lists, issues);
  if (rows.length === 0) issues.push({ code: "EMPTY_INPUT", message: "`rows` must hold at least one capture history; it is empty" });

  const entries: Entry[] = rows.map((item: unknown, index): Entry => {
    const row = index + 1;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      issues.push({ code: "INVALID_ENTRY", row, message: `each row must be an object { history, count }; received ${quote(item)}` });
      return { row, history: null, count: null };
    }
    const { history: given, count: rawCount } = item as { history?: unknown; count?: unknown };
    return { row, history: readHistory(given, lists, row, issues), count: readCount(rawCount, row, issues) };
  });

  return assembleCaptureData(lists, entries, { duplicates, personRows: false, issues });
}

/** The bit mask of a 0/1 array or string history, or null after adding issues. */
function readHistory(given: unknown, lists: readonly string[], row: number, issues: DataIssue[]): number | null {
  const values: unknown[] | null =
    typeof given === "string"
      ? [...given].map((c) => (c === "1" ? 1 : c === "0" ? 0 : c))
      : Array.isArray(given)
        ? given
        : null;
  if (values === null || values.length !== lists.length) {
    issues.push({
      code: "INVALID_HISTORY",
      row,
      message:
        `history must be a 0/1 array or string with one entry per list (${lists.length}); received ` +
        (values === null ? quote(given) : `${quote(given)} with ${values.length}`),
    });
    return null;
  }
  let history: number | null = 0;
  values.forEach((value, j) => {
    if (value === 1) {
      if (history !== null) history += 2 ** j;
    } else if (value !== 0) {
      history = null;
      issues.push({
        code: "NOT_BINARY",
        row,
        column: lists[j],
        message: `membership of list ${quote(lists[j])} must be 0 or 1; received ${quote(value)}`,
      });
    }
  });
  return history;
}

/** The count as a whole number, or null after adding an issue. */
function readCount(value: unknown, row: number, issues: DataIssue[]): number | null {
  if (value === undefined || value === null) {
    issues.push({ code: "MISSING_COUNT", row, message: `count must be given; received ${quote(value)}` });
    return null;
  }
  if (typeof value !== "number") {
    issues.push({ code: "INVALID_COUNT", row, message: `count must be a number; received ${quote(value)}` });
    return null;
  }
  const checked = checkCountNumber(value);
  if (typeof checked === "number") return checked;
  issues.push({ code: checked.code, row, message: `count ${checked.requirement}; received ${String(value)}` });
  return null;
}
