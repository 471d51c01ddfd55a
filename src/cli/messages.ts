/**
 * How the command line reports problems: one line per problem on stderr, in the command line's own
 * words (`--select`, not the library's `select`), and the exit code.
 */
import { CaptureDataError, MissingDependencyError, PrevalenceError, formatIssueLocation } from "../errors.js";

/** A usage problem of the command line itself (exit code 2). */
export class UsageError extends Error {}

/** The library's DEFAULT_SEED as the help shows it (a test checks that they agree). */
export const DEFAULT_SEED_TEXT = "1234";

/** At most this many problems of a file are printed, then a count of the rest. */
export const PRINTED_ISSUES = 50;

/** Library argument names → the command line's options. */
const OPTION_NAMES: Record<string, string> = {
  select: "--select",
  model: "--model",
  covariateModel: "--model",
  maxOrder: "--max-order",
  pThreshold: "--p-threshold",
  level: "--level",
  ci: "--ci",
  replicates: "--replicates",
  seed: "--seed",
  threads: "--threads",
  top: "--top",
  nested: "--nested",
  resampling: "--resampling",
  format: "--format",
  by: "--strata",
  random: "--random",
  structure: "--structure",
  period: "--trend",
  "options.lists": "--lists",
  "options.count": "--count",
  "options.covariates": "--covariates (or --strata, --trend)",
  "options.duplicates": "--merge-duplicates",
  "options.sheet": "--sheet",
  text: "the file",
};

/** A library message in the command line's words: `` `select` `` → `--select`, `` `options.lists` `` → `--lists`. */
export function cliMessage(message: string): string {
  return message
    .replace(/`([\w.]+)`/g, (whole, name: string) => OPTION_NAMES[name] ?? whole)
    .replace(/use duplicates: "merge"/g, "use --merge-duplicates");
}

/** Writes the error to stderr and returns the exit code. */
export function printError(error: unknown): number {
  const write = (text: string): void => void process.stderr.write(text);
  if (error instanceof CaptureDataError) {
    const total = error.total;
    write(`prevalence: ${total} problem${total === 1 ? "" : "s"} in the input:\n`);
    for (const issue of error.issues.slice(0, PRINTED_ISSUES)) {
      write(`  ${formatIssueLocation(issue)}${cliMessage(issue.message)} [${issue.code}]\n`);
    }
    const shown = Math.min(PRINTED_ISSUES, error.issues.length);
    if (total > shown) write(`  ... and ${total - shown} more\n`);
    const hint = hintFor(error);
    if (hint) write(`${hint}\n`);
    return 2;
  }
  if (error instanceof MissingDependencyError) {
    write(`prevalence: ${error.message}\n`);
    return 2;
  }
  if (error instanceof UsageError || error instanceof PrevalenceError) {
    write(`prevalence: ${cliMessage(error.message)}\n`);
    return 2;
  }
  write(`prevalence: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}

/** The fix for the commonest problems of a file. */
function hintFor(error: CaptureDataError): string | undefined {
  const codes = new Set(error.issues.map((i) => i.code));
  if (codes.has("TOO_FEW_LISTS") || codes.has("TOO_MANY_LISTS") || (codes.has("NOT_BINARY") && error.issues.some((i) => i.message.includes("looks like a list")))) {
    return "To choose the list columns yourself: --lists A,B,C (and --strata or --covariates for a region or year column).";
  }
  if (codes.has("NOT_BINARY") && error.total > 10) {
    return "Many cells are not 0/1: if some columns are not lists (an id, a region), name the lists with --lists A,B,C.";
  }
  if (codes.has("DUPLICATE_HISTORY")) return "To add up rows with the same capture history: --merge-duplicates.";
  return undefined;
}

/** A one-line reason for a file-system error: `EISDIR (is a directory)`. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reasons: Record<string, string> = {
    ENOENT: "no such file or folder",
    EISDIR: "is a directory",
    EACCES: "permission denied",
    EPERM: "permission denied",
    ENOTDIR: "a part of the path is not a folder",
    EROFS: "read-only file system",
    ENOSPC: "no space left on the device",
  };
  if (code !== undefined) return reasons[code] ? `${code} (${reasons[code]})` : code;
  return (error as Error)?.message ?? String(error);
}
