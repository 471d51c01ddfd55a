/**
 * What the reviewer's commands (compare, sensitivity, consistency) share: reading the table (a file
 * or a bundled dataset), the interval and bootstrap flags, and writing the report.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { OptionError, formatReport, readCaptureCsv, type CaptureData, type ReportResult, type ResamplingScheme } from "../index.js";
import { datasetCsv } from "../datasets/index.js";

/** A misuse of the command line (exit code 2). */
export class CommandUsageError extends OptionError {}

/** Flags every review command takes. */
export const REVIEW_FLAGS = {
  help: { type: "boolean", short: "h" },
  method: { type: "string", multiple: true },
  ci: { type: "string" },
  replicates: { type: "string" },
  seed: { type: "string" },
  threads: { type: "string" },
  resampling: { type: "string" },
  level: { type: "string", multiple: true },
  format: { type: "string" },
  output: { type: "string", short: "o" },
  dataset: { type: "string" },
  count: { type: "string" },
  lists: { type: "string" },
  "merge-duplicates": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
} as const satisfies ParseArgsConfig["options"];

/** Help text of the shared flags. */
export const REVIEW_FLAGS_HELP = `  --method M          a method (route) to run; may be repeated or comma-separated
  --ci METHOD         bca (default), percentile or none: bootstrap routes re-run their whole
                      procedure in every replicate; Bayesian and closed-population routes keep
                      their own intervals
  --replicates N      bootstrap replicates per route (default 1000)
  --seed S            seed of every random stream (default 1234)
  --threads N         worker threads for the bootstraps (the numbers do not depend on it)
  --resampling R      poisson, nonparametric or parametric
  --level L           interval level, may be repeated (default 0.95)
  --format FORMAT     text (default), json, markdown, csv or html
  -o, --output FILE   write the report to FILE instead of stdout
  --dataset NAME      a bundled dataset instead of a file
  --count COLUMN      name of the count column
  --lists A,B,C       list columns (default: every other column)
  --merge-duplicates  add up rows with the same capture history
  --quiet             no progress on stderr`;

export type ReviewValues = { [K in keyof typeof REVIEW_FLAGS]?: (typeof REVIEW_FLAGS)[K] extends { multiple: true } ? string[] : (typeof REVIEW_FLAGS)[K] extends { type: "boolean" } ? boolean : string };

/** Parse the command's arguments with the shared flags and its own. */
export function parseReviewArgs(
  argv: string[],
  extra: ParseArgsConfig["options"],
): { values: ReviewValues & Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...REVIEW_FLAGS, ...extra } });
    return { values: parsed.values as ReviewValues & Record<string, string | boolean | (string | boolean)[] | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new CommandUsageError((error as Error).message);
  }
}

/** A number flag, or undefined. */
export function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x)) throw new CommandUsageError(`--${name} must be a number; received ${value}`);
  return x;
}

/** The table: the one positional file, or --dataset. */
export function readTable(command: string, values: ReviewValues, positionals: readonly string[]): { data: CaptureData; source: string } {
  const fromDataset = values.dataset !== undefined;
  if (fromDataset ? positionals.length !== 0 : positionals.length !== 1) {
    throw new CommandUsageError(`${command} takes exactly one CSV file, or --dataset NAME`);
  }
  let text: string;
  if (fromDataset) text = datasetCsv(values.dataset as string);
  else {
    try {
      text = readFileSync(positionals[0], "utf8");
    } catch (error) {
      throw new CommandUsageError(`cannot read ${positionals[0]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const split = (v: string | undefined) => v?.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const data = readCaptureCsv(text, {
    count: values.count,
    lists: split(values.lists),
    duplicates: values["merge-duplicates"] ? "merge" : "reject",
  });
  return { data, source: fromDataset ? `dataset ${values.dataset}` : positionals[0] };
}

/** The interval and bootstrap options of the shared flags. */
export function runOptions(values: ReviewValues) {
  const ci = values.ci ?? "bca";
  if (ci !== "bca" && ci !== "percentile" && ci !== "none") throw new CommandUsageError(`--ci must be bca, percentile or none; received ${ci}`);
  const seed = values.seed === undefined ? undefined : /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  return {
    ci: ci as "bca" | "percentile" | "none",
    ...(values.level ? { level: values.level.map((l) => numberFlag("level", l) as number) } : {}),
    ...(values.replicates !== undefined ? { replicates: numberFlag("replicates", values.replicates) } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(values.threads !== undefined ? { threads: numberFlag("threads", values.threads) } : {}),
    ...(values.resampling !== undefined ? { resampling: values.resampling as ResamplingScheme } : {}),
  };
}

/** The methods named by --method (repeatable, comma-separated), or undefined. */
export function methodsFlag(values: ReviewValues): string[] | undefined {
  const methods = values.method?.flatMap((m) => m.split(",").map((s) => s.trim()).filter((s) => s.length > 0));
  return methods && methods.length > 0 ? methods : undefined;
}

/** Render the result in the asked format and write it to --output or stdout. */
export async function writeReport(result: ReportResult, values: ReviewValues, title: string): Promise<void> {
  const format = values.format ?? "text";
  if (!["text", "json", "markdown", "csv", "html"].includes(format)) {
    throw new CommandUsageError(`--format must be text, json, markdown, csv or html; received ${format}`);
  }
  const report = await formatReport(result, { format: format as "text", title });
  const output = report.endsWith("\n") ? report : `${report}\n`;
  if (values.output !== undefined) writeFileSync(values.output, output);
  else process.stdout.write(output);
}
