import { OptionError, type DataIssue } from "../errors.js";
import type { CaptureData } from "../types.js";
import { assembleCaptureData, assertStringArray, checkListNames, quote, type Entry } from "./_capture.js";

/** Options of {@link captureDataFromRecords}. */
export interface CaptureDataFromRecordsOptions {
  /**
   * Fields to keep per person in `records` (strata, covariates), stored as strings: numbers and
   * booleans are written with `String`, a missing, `null` or `undefined` value becomes `""`.
   * Default: none, and `records`/`covariates` are then absent from the result.
   */
  readonly covariates?: readonly string[];
}

/**
 * Builds capture data from one plain object per person, such as the rows of a database query.
 *
 * Each list field holds membership: `1`, `"1"` or `true` for on the list, `0`, `"0"` or `false` for
 * not on it (strings are trimmed); anything else, a missing field included, is NOT_BINARY. Every
 * person must be on at least one list (else ALL_ZERO_HISTORY). A field named in `lists` or
 * `covariates` that no record has is one MISSING_COLUMN issue. Records never have duplicates: each
 * is a person. Every problem is collected first and thrown together; an issue's `row` is the 1-based
 * index of the record and its `column` the field name.
 *
 * @param lists - List fields, at least 2, unique and non-blank; `lists[j]` is bit `j` of a history.
 * @param records - One object per person.
 * @param options - Covariate fields to keep; see {@link CaptureDataFromRecordsOptions}.
 * @returns The capture data; with `covariates`, `records` holds one record per person (`count` 1).
 * @throws {@link CaptureDataError} listing every problem (codes EMPTY_INPUT, INVALID_COLUMN_NAME,
 *   DUPLICATE_COLUMN, TOO_FEW_LISTS, TOO_MANY_LISTS, MISSING_COLUMN, INVALID_ENTRY, NOT_BINARY,
 *   ALL_ZERO_HISTORY).
 * @throws {@link OptionError} when `lists` or `options.covariates` is not an array of strings, a
 *   field is both a list and a covariate, or `records` is not an array.
 * @example
 * ```ts
 * const data = captureDataFromRecords(
 *   ["police", "ngo"],
 *   [
 *     { police: 1, ngo: 0, region: "north" },
 *     { police: true, ngo: true, region: "south" },
 *     { police: "0", ngo: "1", region: "north" },
 *   ],
 *   { covariates: ["region"] },
 * );
 * // data.counts => [1, 1, 1]; data.observed => 3
 * // data.records[1] => { history: 3, count: 1, values: { region: "south" } }
 * ```
 */
export function captureDataFromRecords(
  lists: readonly string[],
  records: readonly Record<string, unknown>[],
  options: CaptureDataFromRecordsOptions = {},
): CaptureData {
  assertStringArray(lists, "lists");
  if (!Array.isArray(records)) throw new OptionError(`\`records\` must be an array of objects; received ${quote(records)}`);
  const covariates = options.covariates;
  if (covariates !== undefined) {
    assertStringArray(covariates, "options.covariates");
    const both = covariates.find((name) => lists.includes(name));
    if (both !== undefined) {
      throw new OptionError(`a field must be a list or a covariate, not both; ${quote(both)} is in \`lists\` and \`options.covariates\``);
    }
    const repeated = covariates.find((name, index) => covariates.indexOf(name) !== index);
    if (repeated !== undefined) {
      throw new OptionError(`\`options.covariates\` must not repeat a field; received ${quote(repeated)} twice`);
    }
  }

  const issues: DataIssue[] = [];
  checkListNames(lists, issues);
  if (records.length === 0) issues.push({ code: "EMPTY_INPUT", message: "`records` must hold at least one person; it is empty" });

  const objects = records.filter((item) => typeof item === "object" && item !== null && !Array.isArray(item));
  const absent = new Set<string>();
  if (objects.length > 0) {
    for (const name of [...new Set(lists), ...(covariates ?? [])]) {
      if (name.trim() !== "" && objects.every((item) => !Object.hasOwn(item, name))) {
        absent.add(name);
        issues.push({
          code: "MISSING_COLUMN",
          column: name,
          message: `field ${quote(name)} must be present in the records; no record has it`,
        });
      }
    }
  }

  const entries: Entry[] = records.map((item: unknown, index): Entry => {
    const row = index + 1;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      issues.push({ code: "INVALID_ENTRY", row, message: `each record must be an object; received ${quote(item)}` });
      return { row, history: null, count: null };
    }
    const fields = item as Record<string, unknown>;
    let history: number | null = 0;
    for (const [j, name] of lists.entries()) {
      if (absent.has(name)) {
        history = null;
        continue;
      }
      const member = readMembership(fields[name]);
      if (member === null) {
        history = null;
        issues.push({
          code: "NOT_BINARY",
          row,
          column: name,
          message: `membership of list ${quote(name)} must be 0, 1, "0", "1", true or false; received ${quote(fields[name])}`,
        });
      } else if (member && history !== null) {
        history += 2 ** j;
      }
    }
    if (covariates === undefined) return { row, history, count: 1 };
    const values = Object.fromEntries(covariates.map((name) => [name, covariateText(fields[name])]));
    return { row, history, count: 1, values };
  });

  return assembleCaptureData(lists, entries, { covariates, duplicates: "merge", personRows: true, issues });
}

function readMembership(value: unknown): boolean | null {
  if (value === 1 || value === true) return true;
  if (value === 0 || value === false) return false;
  if (typeof value === "string") {
    const text = value.trim();
    if (text === "1") return true;
    if (text === "0") return false;
  }
  return null;
}

function covariateText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "object") {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
