import { OptionError } from "../errors.js";
import { quote } from "./_capture.js";
import { readCaptureCsvStream, type CaptureReading, type ReadCaptureCsvStreamOptions } from "./readCaptureCsvStream.js";

/** Files up to this size (bytes) are read in one piece. */
const SMALL_FILE = 4 << 20;

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
  const fs = await import("node:fs");
  // A small file is read in one go (a stream's round trips to the I/O threads cost more than the
  // reading); a large one is streamed, so that memory stays bounded.
  const size = fs.statSync(path).size;
  if (size <= SMALL_FILE) return readCaptureCsvStream([fs.readFileSync(path)], options);
  return readCaptureCsvStream(fs.createReadStream(path, { highWaterMark: 1 << 20 }), options);
}
