import Papa from "papaparse";

import { CaptureDataError, OptionError, type DataIssue } from "../errors.js";
import type { CaptureData } from "../types.js";
import {
  assembleCaptureData,
  assertOneOf,
  assertStringArray,
  checkCountText,
  pushListCountIssues,
  quote,
  type Entry,
} from "./_capture.js";

/** Options of {@link readCaptureCsv}. */
export interface ReadCaptureCsvOptions {
  /**
   * `"aggregated"`: one row per capture history with a count column. `"records"`: one row per
   * person, no count column. `"auto"` (default): aggregated when a count column is found.
   */
  readonly format?: "auto" | "aggregated" | "records";
  /**
   * Name of the count column. Default: the first column, not named in `lists` or `covariates`, whose
   * name is `count`, `n`, `freq` or `frequency` (any case). Not allowed with `format: "records"`.
   */
  readonly count?: string;
  /**
   * The list columns, in the order that numbers them (`lists[j]` is bit `j` of a capture history).
   * Default: every column that is not the count column and not a covariate, in header order. Columns
   * in none of `lists`, `count` and `covariates` are ignored.
   */
  readonly lists?: readonly string[];
  /** Other columns to keep per row in `records` (strata, covariates). Default: none. */
  readonly covariates?: readonly string[];
  /**
   * What to do with aggregated rows that repeat a capture history with the same covariate values:
   * `"reject"` (default) reports DUPLICATE_HISTORY, `"merge"` adds their counts.
   */
  readonly duplicates?: "reject" | "merge";
}

const COUNT_NAMES = ["count", "n", "freq", "frequency"];

interface RawRow {
  readonly fields: string[];
  readonly line: number;
  readonly errors: readonly Papa.ParseError[];
}

/**
 * Reads capture data from CSV text, aggregated (one row per capture history, with a count) or as
 * records (one row per person).
 *
 * The first non-empty line is the header; blank lines are skipped and every field is trimmed. The
 * delimiter is detected (comma by default; semicolon and tab work too). Rules:
 *
 * - List columns hold membership: exactly `0` or `1` after trimming. `TRUE`, `yes`, `2` or a blank
 *   cell are NOT_BINARY.
 * - Counts are non-negative whole numbers; `12.0` and `1e3` are whole and accepted, `12.5` is
 *   FRACTIONAL_COUNT, `-1` NEGATIVE_COUNT, `abc` INVALID_COUNT, a blank cell MISSING_COUNT.
 * - All-zero rows (on no list): in aggregated data a row with count 0 is accepted and ignored
 *   (some tools write the whole 2^t table), a positive count is ALL_ZERO_HISTORY (the unobserved are
 *   estimated, never data); in records every row is a person and must be on a list, so an all-zero
 *   row is always ALL_ZERO_HISTORY.
 * - Duplicates: two aggregated rows with the same capture history and the same values in every
 *   covariate column are duplicates, rejected with DUPLICATE_HISTORY (naming both rows) by default
 *   or added together with `duplicates: "merge"`. Rows with the same history but different
 *   covariate values are different strata, not duplicates. Records never have duplicates: each row
 *   is a person.
 * - NO_OBSERVATIONS is reported only when the file has no other problem and every count is 0.
 *
 * Every problem is collected before anything is returned: the function either returns complete
 * data or throws one {@link CaptureDataError} listing them all. An issue's `row` is the line of the
 * file (the header is usually row 1; blank lines and line breaks inside quoted fields are counted)
 * and its `column` the header name.
 *
 * With `covariates`, `records` holds one `CaptureRecord` per data row (`count` 1 for records)
 * with those columns' values, and `covariates` their names in header order; `counts` still
 * aggregate all rows. Without covariates, `records` and `covariates` are absent.
 *
 * @param text - The CSV text (a leading byte-order mark is ignored).
 * @param options - Format, column names and duplicate handling; see {@link ReadCaptureCsvOptions}.
 * @returns The capture data: list names, counts indexed by `history − 1`, observed total.
 * @throws {@link CaptureDataError} listing every problem in the file (codes EMPTY_INPUT,
 *   PARSE_ERROR, MISSING_COLUMN, DUPLICATE_COLUMN, INVALID_COLUMN_NAME, TOO_FEW_LISTS,
 *   TOO_MANY_LISTS, NOT_BINARY, MISSING_COUNT, NEGATIVE_COUNT, FRACTIONAL_COUNT, INVALID_COUNT,
 *   ALL_ZERO_HISTORY, DUPLICATE_HISTORY, NO_OBSERVATIONS).
 * @throws {@link OptionError} when `text` is not a string or an option is malformed or
 *   contradictory (a column named in two roles, `count` with `format: "records"`).
 * @example
 * ```ts
 * const data = readCaptureCsv("A,B,count\n1,0,30\n0,1,20\n1,1,10\n");
 * // => { lists: ["A", "B"], counts: [30, 20, 10], observed: 60 }
 * const people = readCaptureCsv("A,B,region\n1,0,north\n1,1,south\n", { covariates: ["region"] });
 * // people.counts => [1, 0, 1]; people.records[1] => { history: 3, count: 1, values: { region: "south" } }
 * ```
 */
export function readCaptureCsv(text: string, options: ReadCaptureCsvOptions = {}): CaptureData {
  if (typeof text !== "string") throw new OptionError(`\`text\` must be a string of CSV; received ${quote(text)}`);
  const { format = "auto", duplicates = "reject" } = options;
  assertOneOf(format, ["auto", "aggregated", "records"], "options.format");
  assertOneOf(duplicates, ["reject", "merge"], "options.duplicates");
  if (options.lists !== undefined) assertStringArray(options.lists, "options.lists");
  if (options.covariates !== undefined) assertStringArray(options.covariates, "options.covariates");
  if (options.count !== undefined && typeof options.count !== "string") {
    throw new OptionError(`\`options.count\` must be a column name; received ${quote(options.count)}`);
  }
  checkRoles(options, format);

  const rows = parseRows(text);
  const issues: DataIssue[] = [];
  if (rows.length === 0) {
    throw new CaptureDataError([{ code: "EMPTY_INPUT", message: "`text` must hold a header and data rows; it is empty" }]);
  }
  const [headerRow, ...dataRows] = rows;
  const headerLine = headerRow.line;
  for (const error of headerRow.errors) issues.push(parseIssue(error, headerLine));
  if (dataRows.length === 0) {
    issues.push({ code: "EMPTY_INPUT", row: headerLine, message: "`text` must hold data rows after the header; it has none" });
  }

  // Header: names, blanks and repeats.
  const header = headerRow.fields;
  const columnIndex = new Map<string, number>();
  header.forEach((name, index) => {
    if (name === "") {
      issues.push({
        code: "INVALID_COLUMN_NAME",
        row: headerLine,
        message: `header column ${index + 1} must have a name; it is blank`,
      });
    } else if (columnIndex.has(name)) {
      const first = (columnIndex.get(name) ?? 0) + 1;
      if (!issues.some((i) => i.code === "DUPLICATE_COLUMN" && i.column === name)) {
        issues.push({
          code: "DUPLICATE_COLUMN",
          row: headerLine,
          column: name,
          message: `column names must be unique; ${quote(name)} is header columns ${first} and ${index + 1}`,
        });
      }
    } else {
      columnIndex.set(name, index);
    }
  });

  const missing = (name: string, role: string): void => {
    issues.push({
      code: "MISSING_COLUMN",
      row: headerLine,
      column: name,
      message: `${role} ${quote(name)} must be a column of the header (${header.join(", ")}); it is not`,
    });
  };

  // Covariates, in header order.
  const covariateNames = options.covariates ?? [];
  for (const name of covariateNames) if (!columnIndex.has(name)) missing(name, "covariate column");
  const covariates = header.filter((name, index) => covariateNames.includes(name) && columnIndex.get(name) === index);

  // Count column.
  const countLike = header.find(
    (name, index) =>
      columnIndex.get(name) === index &&
      COUNT_NAMES.includes(name.toLowerCase()) &&
      !(options.lists ?? []).includes(name) &&
      !covariateNames.includes(name),
  );
  let countName: string | undefined;
  // Not a list by default: the count column, or when the named count column is missing, the column
  // that looks like one (so that the missing column is one issue, not one per row).
  let notList: string | undefined;
  if (options.count !== undefined) {
    if (columnIndex.has(options.count)) countName = options.count;
    else missing(options.count, "count column");
    notList = countName ?? countLike;
  } else if (format !== "records") {
    countName = countLike;
    notList = countName;
    if (countName === undefined && format === "aggregated") {
      issues.push({
        code: "MISSING_COLUMN",
        row: headerLine,
        column: "count",
        message: `format "aggregated" needs a count column (named count, n, freq or frequency, or given as \`options.count\`); the header has ${header.join(", ")}`,
      });
    }
  }
  const aggregated = countName !== undefined || options.count !== undefined || format === "aggregated";

  // List columns.
  let lists: string[];
  if (options.lists !== undefined) {
    for (const name of options.lists) if (!columnIndex.has(name)) missing(name, "list column");
    lists = [...options.lists];
  } else {
    lists = header.filter(
      (name, index) =>
        name !== "" && columnIndex.get(name) === index && name !== notList && !covariateNames.includes(name),
    );
  }
  pushListCountIssues(lists, issues);

  // Data rows.
  const countIndex = countName === undefined ? undefined : columnIndex.get(countName);
  const entries: Entry[] = [];
  for (const { fields, line, errors } of dataRows) {
    if (errors.length > 0) {
      for (const error of errors) issues.push(parseIssue(error, line));
      continue;
    }
    if (fields.length !== header.length) {
      issues.push({
        code: "PARSE_ERROR",
        row: line,
        message: `every row must have as many fields as the header (${header.length}); this row has ${fields.length}`,
      });
      continue;
    }
    let history: number | null = 0;
    for (const [j, name] of lists.entries()) {
      const index = columnIndex.get(name);
      if (index === undefined) {
        history = null;
        continue;
      }
      const value = fields[index];
      if (value === "1") {
        if (history !== null) history += 2 ** j;
      } else if (value !== "0") {
        history = null;
        issues.push({
          code: "NOT_BINARY",
          row: line,
          column: name,
          message: `membership of list ${quote(name)} must be 0 or 1; received ${value === "" ? '"" (blank)' : quote(value)}`,
        });
      }
    }
    let count: number | null = 1;
    if (aggregated) {
      if (countIndex === undefined) {
        count = null;
      } else {
        const checked = checkCountText(fields[countIndex]);
        if (typeof checked === "number") {
          count = checked;
        } else {
          count = null;
          issues.push({
            code: checked.code,
            row: line,
            column: countName,
            message: `count ${checked.requirement}; received ${fields[countIndex] === "" ? '"" (blank)' : quote(fields[countIndex])}`,
          });
        }
      }
    }
    const entry: Entry =
      options.covariates === undefined
        ? { row: line, history, count }
        : {
            row: line,
            history,
            count,
            values: Object.fromEntries(covariates.map((name) => [name, fields[columnIndex.get(name) ?? 0]])),
          };
    entries.push(entry);
  }

  return assembleCaptureData(lists, entries, {
    covariates: options.covariates === undefined ? undefined : covariates,
    duplicates,
    personRows: !aggregated,
    issues,
  });
}

/** Rejects options that give one column two roles. */
function checkRoles(options: ReadCaptureCsvOptions, format: string): void {
  const { lists = [], covariates = [], count } = options;
  if (count !== undefined && format === "records") {
    throw new OptionError(`\`options.count\` must not be given with format "records" (each row is one person); received ${quote(count)}`);
  }
  for (const [values, name] of [
    [lists, "options.lists"],
    [covariates, "options.covariates"],
  ] as const) {
    const repeated = values.find((value, index) => values.indexOf(value) !== index);
    if (repeated !== undefined) {
      throw new OptionError(`\`${name}\` must not repeat a column; received ${quote(repeated)} twice`);
    }
  }
  const both = lists.find((name) => covariates.includes(name));
  if (both !== undefined) {
    throw new OptionError(`a column must be a list or a covariate, not both; ${quote(both)} is in \`options.lists\` and \`options.covariates\``);
  }
  if (count !== undefined && (lists.includes(count) || covariates.includes(count))) {
    throw new OptionError(`the count column must not also be a list or a covariate; received ${quote(count)} in both roles`);
  }
}

/**
 * Parses CSV text into rows of trimmed fields with the file line each row starts on, skipping rows
 * whose fields are all blank.
 */
function parseRows(input: string): RawRow[] {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const lineStarts: number[] = [0];
  const breaks = /\r\n|\r|\n/g;
  for (let match = breaks.exec(text); match !== null; match = breaks.exec(text)) {
    lineStarts.push(match.index + match[0].length);
  }
  let lineIndex = 0;
  const lineOf = (offset: number): number => {
    while (lineIndex + 1 < lineStarts.length && lineStarts[lineIndex + 1] <= offset) lineIndex++;
    return lineIndex + 1;
  };

  const rows: RawRow[] = [];
  let start = 0;
  Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    step: (result) => {
      const line = lineOf(start);
      start = result.meta.cursor;
      const fields = result.data.map((field) => field.trim());
      if (fields.every((field) => field === "")) return;
      const errors = result.errors.filter((error) => error.code !== "UndetectableDelimiter");
      rows.push({ fields, line, errors });
    },
  });
  return rows;
}

function parseIssue(error: Papa.ParseError, line: number): DataIssue {
  return { code: "PARSE_ERROR", row: line, message: `the CSV cannot be parsed here: ${error.message} (${error.code})` };
}
