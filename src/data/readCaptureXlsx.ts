import { CaptureDataError, MissingDependencyError, OptionError, isModuleNotFound } from "../errors.js";
import { quote } from "./_capture.js";
import { CaptureTableBuilder } from "./_captureTable.js";
import type { CaptureReading, ReadCaptureCsvStreamOptions } from "./readCaptureCsvStream.js";

/** Options of {@link readCaptureXlsx}: those of {@link readCaptureCsvStream} and the sheet to read. */
export interface ReadCaptureXlsxOptions extends ReadCaptureCsvStreamOptions {
  /** The sheet: its number (from 1) or its name. Default: the first sheet. */
  readonly sheet?: number | string;
}

/**
 * Reads capture data from an Excel workbook (`.xlsx`), with the rules of {@link readCaptureCsv}: the
 * sheet's first non-empty row is the header, and each later row a capture history with its count or
 * one person. Cells are read as text: numbers as written in the file (`1`, `12`), booleans as `true`
 * or `false` (memberships of a person-level sheet), dates in ISO form, empty cells as blank. An issue's
 * `row` is the sheet's row number.
 *
 * The workbook is read by the optional package `read-excel-file`, imported only when this function
 * runs; without it a {@link MissingDependencyError} says what to install (or save the sheet as CSV).
 *
 * @param input - The workbook's bytes (from a file, a fetch, an upload).
 * @param options - Format, column names, duplicates, the sheet; see {@link ReadCaptureXlsxOptions}.
 * @returns The capture data with how the columns were used; see {@link CaptureReading}.
 * @throws {@link CaptureDataError} listing the problems in the sheet (PARSE_ERROR when the bytes are
 *   not a workbook or the sheet does not exist), as {@link readCaptureCsv}.
 * @throws {@link MissingDependencyError} when `read-excel-file` is not installed.
 * @throws {@link OptionError} when `input` is not bytes or an option is malformed.
 * @example
 * ```ts
 * import { readFile } from "node:fs/promises";
 * const { data, columns } = await readCaptureXlsx(await readFile("lists.xlsx"), { sheet: "2023" });
 * ```
 * @see docs/methodology/data.md
 */
export async function readCaptureXlsx(input: ArrayBuffer | Uint8Array | Blob, options: ReadCaptureXlsxOptions = {}): Promise<CaptureReading> {
  const isBlob = typeof Blob !== "undefined" && input instanceof Blob;
  if (!(input instanceof ArrayBuffer || input instanceof Uint8Array || isBlob)) {
    throw new OptionError(`\`input\` must be the workbook's bytes (an ArrayBuffer, Uint8Array or Blob); received ${quote(input)}`);
  }
  const { sheet, maxIssues = 1000 } = options;
  if (sheet !== undefined && !(typeof sheet === "string" || (Number.isInteger(sheet) && sheet >= 1))) {
    throw new OptionError(`\`options.sheet\` must be a sheet number from 1 or a sheet name; received ${quote(sheet)}`);
  }
  const builder = new CaptureTableBuilder(options, { recordPerRow: false, maxIssues, inputName: "the sheet" });
  let module: typeof import("read-excel-file/universal");
  try {
    module = await import("read-excel-file/universal");
  } catch (error) {
    if (isModuleNotFound(error)) throw new MissingDependencyError(["read-excel-file"], "reading an Excel file (or save it as CSV)");
    throw error;
  }
  const bytes: ArrayBuffer | Blob = isBlob
    ? (input as Blob)
    : input instanceof Uint8Array
      ? (input.buffer.slice(input.byteOffset, input.byteOffset + input.byteLength) as ArrayBuffer)
      : input;
  let rows: (string | boolean | Date | null | typeof Date)[][];
  try {
    rows = await module.readSheet<string>(bytes, sheet ?? 1, { parseNumber: (text: string) => text, trim: false });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CaptureDataError([{ code: "PARSE_ERROR", message: `the workbook cannot be read: ${message}` }]);
  }
  rows.forEach((cells, index) => {
    const fields = cells.map(cellText);
    if (fields.every((field) => field === "")) return;
    builder.row(fields, index + 1);
  });
  const { data, summary } = builder.finish();
  return { data, columns: summary.columns, rows: summary.rows, dropped: summary.dropped };
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().replace(/T00:00:00\.000Z$/, "");
  return String(value).trim();
}
