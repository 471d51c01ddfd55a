import { OptionError } from "../errors.js";
import type { CaptureData } from "../types.js";
import { quote } from "./_capture.js";
import { CaptureTableBuilder } from "./_captureTable.js";
import { createCsvRowReader } from "./_csvRows.js";

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
   * Default: in an aggregated file, every column that is not the count column and not a covariate, in
   * header order; in a file of one row per person, the columns whose values are all 0/1 (or yes/no,
   * true/false), so that an id or a region column is not taken for a list. Columns in none of
   * `lists`, `count` and `covariates` are ignored. Naming some of a file's lists analyses those only:
   * rows on none of them but on another 0/1 column are unobserved under the chosen lists and are
   * dropped.
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

/**
 * Reads capture data from CSV text, aggregated (one row per capture history, with a count) or as
 * records (one row per person).
 *
 * The first non-empty line is the header; blank lines are skipped and every field is trimmed. The
 * delimiter is detected (comma by default; semicolon and tab work too). Rules:
 *
 * - List columns hold membership: exactly `0` or `1` after trimming in an aggregated file (`TRUE`,
 *   `yes`, `2` or a blank cell are NOT_BINARY); in a file of one row per person, also `yes`/`no`,
 *   `true`/`false`, `y`/`n` in any case.
 * - Lists of a person-level file, when `lists` is not given: the columns whose values are all 0/1 (or
 *   yes/no, true/false); the others (an id, a region) are not lists. A column that is mostly 0/1 but
 *   not all (90% or more) is taken for a list with mistakes: NOT_BINARY at each odd value (the first
 *   ten per column), with a message suggesting `lists`. Fewer than two such columns is TOO_FEW_LISTS.
 * - A subset of the lists (`lists` naming some of the 0/1 columns): a row on none of the named lists
 *   but on another 0/1 column is unobserved under them and is dropped (see
 *   {@link readCaptureCsvStream}, whose summary counts them).
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
 * - TOTAL_TOO_LARGE: the counts of one capture history (added over rows, covariate values or
 *   duplicates) or all of them together exceed 2^53 − 1, past which whole numbers are not exact.
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
 *   ALL_ZERO_HISTORY, DUPLICATE_HISTORY, NO_OBSERVATIONS, TOTAL_TOO_LARGE).
 * @throws {@link OptionError} when `text` is not a string or an option is malformed or
 *   contradictory (a column named in two roles, `count` with `format: "records"`).
 * @example
 * ```ts
 * const data = readCaptureCsv("A,B,count\n1,0,30\n0,1,20\n1,1,10\n");
 * // => { lists: ["A", "B"], counts: [30, 20, 10], observed: 60 }
 * const people = readCaptureCsv("id,A,B,region\n7,1,0,north\n8,1,1,south\n", { covariates: ["region"] });
 * // lists A and B (all 0/1; id is not); people.counts => [1, 0, 1]
 * // people.records[1] => { history: 3, count: 1, values: { region: "south" } }
 * ```
 */
export function readCaptureCsv(text: string, options: ReadCaptureCsvOptions = {}): CaptureData {
  if (typeof text !== "string") throw new OptionError(`\`text\` must be a string of CSV; received ${quote(text)}`);
  const builder = new CaptureTableBuilder(options, { recordPerRow: true, maxIssues: Infinity, inputName: "`text`" });
  const reader = createCsvRowReader(
    (fields, line, repeatable) => builder.row(fields, line, repeatable),
    (message, line) => builder.parseError(message, line),
  );
  reader.push(text);
  reader.end();
  return builder.finish().data;
}
