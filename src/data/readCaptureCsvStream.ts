import { OptionError } from "../errors.js";
import type { CaptureData } from "../types.js";
import { quote } from "./_capture.js";
import { CaptureTableBuilder, type CaptureColumns } from "./_captureTable.js";
import { createCsvRowReader } from "./_csvRows.js";
import type { ReadCaptureCsvOptions } from "./readCaptureCsv.js";

export type { CaptureColumns } from "./_captureTable.js";

/** Options of {@link readCaptureCsvStream} and {@link readCaptureCsvFile}: those of {@link readCaptureCsv} and a cap on the problems kept. */
export interface ReadCaptureCsvStreamOptions extends ReadCaptureCsvOptions {
  /**
   * How many problems the {@link CaptureDataError} keeps in `issues` (its `total` counts them all), so
   * that a large file with a problem in every row does not fill the memory. Default 1000.
   */
  readonly maxIssues?: number;
}

/** Capture data read from a file, with how its columns were used. */
export interface CaptureReading {
  /** The capture data: `records`, when covariates are kept, hold one record per distinct (capture history, covariate values) with its count. */
  readonly data: CaptureData;
  /** Which columns were the lists (and whether they were inferred), the count, the covariates, and which were not used. */
  readonly columns: CaptureColumns;
  /** Data rows read (blank rows not counted). */
  readonly rows: number;
  /**
   * Rows on none of the chosen lists but on another 0/1 column of the file (a list left out of
   * `lists`), and the people they stand for: unobserved under the chosen lists, so not in `data`.
   */
  readonly dropped: { readonly rows: number; readonly people: number };
}

/** What {@link readCaptureCsvStream} reads: a Node readable stream, a web `ReadableStream`, or any (async) iterable of text or bytes. */
export type CsvSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/**
 * Reads capture data from CSV arriving in pieces (a file stream, standard input, a fetch body),
 * aggregating as it reads: memory is bounded by the number of distinct (capture history, covariate
 * values) keys, not by the number of rows, so files of tens of millions of people are read in a few
 * hundred megabytes.
 *
 * The rules are {@link readCaptureCsv}'s (the header, list inference for one row per person, counts,
 * duplicates, subsets of the lists), with two differences that bound the memory: `data.records` holds
 * one record per distinct (capture history, covariate values) with its count rather than one per
 * person, and the error keeps the first `maxIssues` problems (all are counted in its `total`). Bytes
 * are decoded as UTF-8, and pieces may split rows, quoted fields and characters anywhere. Nothing
 * half-read is returned: the promise resolves with complete data or rejects with one
 * {@link CaptureDataError} listing the problems with their rows and columns.
 *
 * @param source - The CSV text or bytes, in pieces.
 * @param options - Format, column names, duplicate handling and the cap on problems kept; see
 *   {@link ReadCaptureCsvStreamOptions}.
 * @returns The capture data with how the columns were used (`columns.listsInferred` says when the
 *   lists were inferred), the number of rows read and the rows dropped as on no chosen list.
 * @throws {@link CaptureDataError} (as a rejection) listing the problems; see {@link readCaptureCsv}.
 * @throws {@link OptionError} when `source` is not iterable or an option is malformed.
 * @example
 * ```ts
 * import { createReadStream } from "node:fs";
 * const { data, columns, dropped } = await readCaptureCsvStream(createReadStream("people.csv"), { covariates: ["region"] });
 * // columns.lists => ["police", "ngo", "health"] (inferred: their values are all 0/1)
 * // columns.ignored => ["id"]; data.observed => 35000000
 * ```
 * @see docs/methodology/data.md
 */
export async function readCaptureCsvStream(source: CsvSource, options: ReadCaptureCsvStreamOptions = {}): Promise<CaptureReading> {
  const maxIssues = options.maxIssues ?? 1000;
  if (!(Number.isInteger(maxIssues) && maxIssues >= 1) && maxIssues !== Infinity) {
    throw new OptionError(`\`options.maxIssues\` must be a whole number of at least 1; received ${quote(maxIssues)}`);
  }
  const iterable = source as Partial<AsyncIterable<unknown> & Iterable<unknown>> | null;
  if (
    typeof source === "string" ||
    iterable === null ||
    typeof iterable !== "object" ||
    (typeof iterable[Symbol.asyncIterator] !== "function" && typeof iterable[Symbol.iterator] !== "function")
  ) {
    throw new OptionError(`\`source\` must be a stream or an iterable of text or bytes (for a string, use readCaptureCsv); received ${quote(source)}`);
  }
  const builder = new CaptureTableBuilder(options, { recordPerRow: false, maxIssues, inputName: "the CSV" });
  const reader = createCsvRowReader(
    (fields, line, repeatable) => builder.row(fields, line, repeatable),
    (message, line) => builder.parseError(message, line),
  );
  const decoder = new TextDecoder("utf-8");
  for await (const piece of source) {
    if (typeof piece === "string") reader.push(piece);
    else if (piece instanceof Uint8Array) reader.push(decoder.decode(piece, { stream: true }));
    else throw new OptionError(`\`source\` must yield text or bytes; received ${quote(piece)}`);
  }
  reader.push(decoder.decode());
  reader.end();
  const { data, summary } = builder.finish();
  return { data, columns: summary.columns, rows: summary.rows, dropped: summary.dropped };
}
