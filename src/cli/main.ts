/**
 * The `prevalence` command line. It uses the public API only.
 *
 * Exit codes: 0 success; 2 bad input or usage (every problem on stderr, nothing on stdout);
 * 1 an unexpected failure.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  CaptureDataError,
  DEFAULT_SEED,
  PrevalenceError,
  VERSION,
  estimateWithInterval,
  readCaptureCsv,
  type EstimateWithIntervalOptions,
  type IntervalMethod,
  type SelectionMethod,
} from "../index.js";
import { formatEstimateText } from "../report/formatText.js";
import { createProgressBar } from "./progress.js";

const HELP = `prevalence ${VERSION}: estimate hidden populations from overlapping lists (multiple systems estimation)

Usage:
  prevalence estimate <file.csv> [options]
  prevalence --help | --version

The CSV has one 0/1 column per list and a count column (aggregated), or one row per person
(records, no count column).

Options for estimate:
  --model SPEC        fixed model: "main", "pairwise", "LA:NG + NG:GP", "[LA:NG, NG:GP]" or "[12,23]"
  --select METHOD     auto (default: BIC for up to 5 lists, stepwise for 6+), bic, aic, stepwise
  --max-order K       highest interaction order for bic/aic (default 2 for 3 or 6 lists, 3 for 4-5)
  --p-threshold P     stepwise threshold (default 0.02)
  --ci METHOD         interval: bca (default), percentile, profile, lognormal or none. bca and
                      percentile bootstrap the whole estimation, model selection included, in
                      every replicate; profile and lognormal are conditional on the chosen model
  --replicates N      bootstrap replicates (default 1000)
  --seed S            seed of the bootstrap's random streams (default ${DEFAULT_SEED}); same seed, same numbers
  --threads N         worker threads for the bootstrap (default: the available cores); the result
                      does not depend on it
  --top K             bic/aic bootstrap: re-select among the best K models of the original data
                      (default: the whole catalogue)
  --nested            with --top: also report the intervals of the top 1, 2, ..., K models
  --resampling R      nonparametric (default) or parametric
  --level L           interval level, may be repeated (default 0.95)
  --quiet             no progress bar
  --format FORMAT     text (default) or json
  --count COLUMN      name of the count column (default: count, n, freq or frequency)
  --lists A,B,C       list columns (default: every other column)
  --covariates X,Y    extra columns kept with the records (not lists)
  --merge-duplicates  add up rows with the same capture history instead of rejecting them

Exit codes: 0 success, 2 bad input or usage, 1 unexpected failure.
`;

class UsageError extends Error {}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
        model: { type: "string" },
        select: { type: "string" },
        "max-order": { type: "string" },
        "p-threshold": { type: "string" },
        level: { type: "string", multiple: true },
        format: { type: "string" },
        count: { type: "string" },
        lists: { type: "string" },
        covariates: { type: "string" },
        "merge-duplicates": { type: "boolean" },
        ci: { type: "string" },
        replicates: { type: "string" },
        seed: { type: "string" },
        threads: { type: "string" },
        top: { type: "string" },
        nested: { type: "boolean" },
        resampling: { type: "string" },
        quiet: { type: "boolean", short: "q" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command !== "estimate") throw new UsageError(`unknown command "${command}"; try prevalence --help`);
  if (rest.length !== 1) throw new UsageError("estimate takes exactly one CSV file");
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json; received ${format}`);
  if (values.model !== undefined && values.select !== undefined) {
    throw new UsageError("give either --model or --select, not both");
  }
  const number = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const x = Number(value);
    if (value.trim() === "" || !Number.isFinite(x)) throw new UsageError(`--${name} must be a number; received ${value}`);
    return x;
  };

  const file = rest[0];
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const data = readCaptureCsv(text, {
    count: values.count,
    lists: splitList(values.lists),
    covariates: splitList(values.covariates),
    duplicates: values["merge-duplicates"] ? "merge" : "reject",
  });
  const progress = createProgressBar("bootstrap", !values.quiet);
  const seedValue = values.seed === undefined ? undefined : /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  const options: EstimateWithIntervalOptions = {
    model: values.model,
    select: values.select as SelectionMethod | undefined,
    maxOrder: number("max-order", values["max-order"]),
    pThreshold: number("p-threshold", values["p-threshold"]),
    level: values.level?.map((l) => number("level", l) as number),
    ci: values.ci as IntervalMethod | undefined,
    replicates: number("replicates", values.replicates),
    seed: seedValue,
    threads: number("threads", values.threads),
    top: number("top", values.top),
    nested: values.nested,
    resampling: values.resampling as "nonparametric" | "parametric" | undefined,
    onProgress: (done, total) => progress.update(done, total),
  };
  const result = await estimateWithInterval(data, options);
  progress.finish();
  if (format === "json") process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`Data: ${file}, ${data.lists.length} lists (${data.lists.join(", ")})\n${formatEstimateText(result)}`);
  return 0;
}

async function main(): Promise<void> {
  try {
    process.exitCode = await run(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CaptureDataError) {
      process.stderr.write(`prevalence: ${error.issues.length} problem${error.issues.length === 1 ? "" : "s"} in the input:\n`);
      for (const issue of error.issues) {
        const where = [issue.row !== undefined ? `row ${issue.row}` : "", issue.column !== undefined ? `column ${issue.column}` : ""]
          .filter(Boolean)
          .join(", ");
        process.stderr.write(`  ${where ? `${where}: ` : ""}${issue.message} [${issue.code}]\n`);
      }
      process.exitCode = 2;
    } else if (error instanceof UsageError || error instanceof PrevalenceError) {
      process.stderr.write(`prevalence: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`prevalence: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  }
}

void main();
