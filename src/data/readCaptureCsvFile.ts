import { OptionError } from "../errors.js";
import { quote } from "./_capture.js";
import { readCaptureCsvStream, type CaptureReading, type ReadCaptureCsvStreamOptions } from "./readCaptureCsvStream.js";

/**
 * Reads capture data from a CSV file (Node only), streaming it through {@link readCaptureCsvStream}:
 * memory is bounded by the number of distinct (capture history, covariate values), not by the size
 * of the file.
 *
 * @param path - The file's path.
 * @param options - As {@link readCaptureCsvStream}'s; see {@link ReadCaptureCsvStreamOptions}.
 * @returns The capture data with how the columns were used; see {@link CaptureReading}.
 * @throws {@link CaptureDataError} listing the problems in the file; see {@link readCaptureCsv}.
 * @throws {@link OptionError} when `path` is not a string or an option is malformed.
 * @throws The file system's error (code `ENOENT`, `EACCES`, `EISDIR`…) when the file cannot be read.
 * @example
 * ```ts
 * const { data, columns } = await readCaptureCsvFile("people.csv", { covariates: ["region"] });
 * ```
 * @see docs/methodology/data.md
 */
export async function readCaptureCsvFile(path: string, options: ReadCaptureCsvStreamOptions = {}): Promise<CaptureReading> {
  if (typeof path !== "string" || path === "") throw new OptionError(`\`path\` must be a file path; received ${quote(path)}`);
  const { createReadStream } = await import("node:fs");
  return readCaptureCsvStream(createReadStream(path, { highWaterMark: 1 << 20 }), options);
}
