/**
 * Typed errors thrown by prevalence for misuse and bad data. Statistical trouble (an estimate that
 * does not exist, a model that is not identifiable) is never thrown: it is returned as data in the
 * result's `warnings`.
 */

/** Base class of every error that prevalence throws. `code` is stable and safe to branch on. */
export class PrevalenceError extends Error {
  /**
   * Stable code: `INVALID_DATA` (CaptureDataError, LinkageDataError), `INVALID_MODEL` (ModelSpecError),
   * `INVALID_OPTION` (OptionError), `MISSING_DEPENDENCY` (MissingDependencyError) or `NUMERICAL_FAILURE`
   * (NumericalError).
   */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "PrevalenceError";
    this.code = code;
  }
}

/** Kinds of problem found in capture data. */
export type DataIssueCode =
  | "EMPTY_INPUT"
  | "PARSE_ERROR"
  | "MISSING_COLUMN"
  | "TOO_FEW_LISTS"
  | "NOT_BINARY"
  | "MISSING_COUNT"
  | "NEGATIVE_COUNT"
  | "FRACTIONAL_COUNT"
  | "INVALID_COUNT"
  | "ALL_ZERO_HISTORY"
  | "DUPLICATE_HISTORY"
  | "DUPLICATE_COLUMN"
  | "UNKNOWN_LIST"
  | "NO_OBSERVATIONS"
  /** A column or list name is blank. */
  | "INVALID_COLUMN_NAME"
  /** More lists than prevalence handles (20: 2^20 − 1 capture histories). */
  | "TOO_MANY_LISTS"
  /** A plain-object capture history is neither a 0/1 array nor a 0/1 string, or has the wrong length. */
  | "INVALID_HISTORY"
  /** A plain-object entry (row or record) is not an object. */
  | "INVALID_ENTRY"
  /** Counts add up to more than 2^53 − 1 (`Number.MAX_SAFE_INTEGER`), past which whole numbers are not exact. */
  | "TOTAL_TOO_LARGE"
  /** Record linkage: a date (or year) that no accepted format reads. */
  | "INVALID_DATE"
  /** Record linkage: an agency file that cannot be opened or parsed. */
  | "UNREADABLE_FILE";

/**
 * One problem in capture data. `row` is the 1-based line of the CSV file (the header is row 1, the
 * first data row is row 2); for plain-object input it is the 1-based index of the entry. `column` is
 * the column name as written in the header. In an agency file read for record linkage
 * ({@link LinkageDataError}), `file` names the file and `row` is its 1-based data row (the header
 * not counted), the numbering of `clusters.csv`.
 */
export interface DataIssue {
  /** The kind of problem. */
  readonly code: DataIssueCode;
  /** What is wrong, for people. */
  readonly message: string;
  /** 1-based row: the CSV line (the header is row 1) or the plain-object entry; absent when the problem has no row. */
  readonly row?: number;
  /** The column name as written in the header; absent when the problem is not about one column. */
  readonly column?: string;
  /** The file the problem is in (record linkage's agency files); absent for a single input. */
  readonly file?: string;
}

/** Options of {@link CaptureDataError}. */
export interface CaptureDataErrorOptions {
  /**
   * How many problems were found, when `issues` keeps only the first of them (a reader of large
   * files keeps the first 1000). Default: `issues.length`.
   */
  readonly total?: number;
}

/**
 * Capture data could not be read: every problem found is listed in `issues` (up to a cap for large
 * files, with `total` counting them all), none is skipped silently.
 */
export class CaptureDataError extends PrevalenceError {
  /** The problems found, sorted by row (the message shows the first 20). */
  readonly issues: readonly DataIssue[];
  /** How many problems were found: `issues.length`, or more when only the first were kept. */
  readonly total: number;
  constructor(issues: readonly DataIssue[], options: CaptureDataErrorOptions = {}) {
    const total = Math.max(options.total ?? issues.length, issues.length);
    const head = issues
      .slice(0, 20)
      .map((i) => `  - ${formatIssueLocation(i)}${i.message}`)
      .join("\n");
    const more = total > 20 ? `\n  ... and ${total - Math.min(20, issues.length)} more` : "";
    super("INVALID_DATA", `invalid capture data: ${total} problem${total === 1 ? "" : "s"}\n${head}${more}`);
    this.name = "CaptureDataError";
    this.issues = issues;
    this.total = total;
  }
}

/** "row 4, column LA: " style prefix for an issue (empty when it has no location). */
export function formatIssueLocation(issue: DataIssue): string {
  const parts: string[] = [];
  if (issue.file !== undefined) parts.push(`file ${issue.file}`);
  if (issue.row !== undefined) parts.push(`row ${issue.row}`);
  if (issue.column !== undefined) parts.push(`column ${issue.column}`);
  return parts.length > 0 ? `${parts.join(", ")}: ` : "";
}

/**
 * Agency files given to record linkage could not be read: every problem found in every file (a
 * missing mapped column, an unreadable date, an empty or unreadable file) is listed in `issues`,
 * each with its `file`, data `row` and `column`. Nothing is linked when it is thrown.
 */
export class LinkageDataError extends CaptureDataError {
  constructor(issues: readonly DataIssue[], options: CaptureDataErrorOptions = {}) {
    super(issues, options);
    this.name = "LinkageDataError";
    this.message = this.message.replace(/^invalid capture data/, "invalid agency records");
  }
}

/** A model specification could not be parsed or does not fit the data's lists. */
export class ModelSpecError extends PrevalenceError {
  constructor(message: string) {
    super("INVALID_MODEL", message);
    this.name = "ModelSpecError";
  }
}

/** An option has a value outside its allowed range or of the wrong kind. */
export class OptionError extends PrevalenceError {
  constructor(message: string) {
    super("INVALID_OPTION", message);
    this.name = "OptionError";
  }
}

/**
 * An optional package that a feature needs is not installed: vega and vega-lite for HTML reports,
 * read-excel-file for `.xlsx` files, `@duckdb/node-api` for record linkage. The message says what to
 * install.
 */
export class MissingDependencyError extends PrevalenceError {
  /** The npm packages to install. */
  readonly packages: readonly string[];
  /**
   * @param packages - The npm packages to install.
   * @param feature - What needs them, as the singular subject of "needs", e.g. "an HTML report".
   */
  constructor(packages: readonly string[], feature: string) {
    super(
      "MISSING_DEPENDENCY",
      `${feature} needs the optional package${packages.length === 1 ? "" : "s"} ${packages.join(" and ")}, ` +
        `not installed here: npm install ${packages.join(" ")}`,
    );
    this.name = "MissingDependencyError";
    this.packages = packages;
  }
}

/**
 * True when `error` (or an error it wraps as its `cause`) says that a module could not be found:
 * Node's ERR_MODULE_NOT_FOUND / MODULE_NOT_FOUND, or a bundler's or browser's message.
 */
export function isModuleNotFound(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") return true;
    const message = current instanceof Error ? current.message : String(current);
    if (/cannot find (module|package)|failed to (resolve|fetch dynamically imported) module/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A numerical routine could not settle a question it must answer (for example the existence linear
 * programme hit its iteration limit). Never expected on valid data: it is reported rather than
 * guessed, with code `NUMERICAL_FAILURE`.
 */
export class NumericalError extends PrevalenceError {
  constructor(message: string) {
    super("NUMERICAL_FAILURE", message);
    this.name = "NumericalError";
  }
}
