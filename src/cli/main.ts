/**
 * The `prevalence` command line. It uses the public API only.
 *
 * Exit codes: 0 success; 2 bad input or usage (every problem on stderr, nothing on stdout);
 * 1 an unexpected failure.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  CaptureDataError,
  DEFAULT_SEED,
  PrevalenceError,
  VERSION,
  estimateByStratum,
  estimateTrend,
  estimateWithInterval,
  listFamilies,
  formatReport,
  readCaptureCsv,
  type CaptureData,
  type EstimateWithIntervalOptions,
  type IntervalMethod,
  type SelectionMethod,
  type HeterogeneityForm,
} from "../index.js";
import { datasetCsv, listDatasets } from "../datasets/index.js";
import { createProgressBar } from "./progress.js";
import { ClosedUsageError, runClosedEstimate, runClosedTable, wantsClosedFamily, type ClosedCliValues } from "./closed.js";

const HELP = `prevalence ${VERSION}: estimate hidden populations from overlapping lists (multiple systems estimation)

Usage:
  prevalence estimate <file.csv> [options]
  prevalence estimate --dataset NAME [options]
  prevalence closed <file.csv> [--format text|json] [--counts-by-captures --occasions T|inf [--t0 K]]
  prevalence datasets
  prevalence --help | --version

The CSV has one 0/1 column per list and a count column (aggregated), or one row per person
(records, no count column).

Options for estimate:
  --method FAMILY     estimator family: loglinear (default), lincoln-petersen (two lists), covariate
                      (with --covariates), closed-population (Rcapture's models; implied by
                      --heterogeneity or --model M0|Mt|Mh|Mth|Mb|Mbh), or another registered family
  --estimator E       lincoln-petersen family: lincoln-petersen (default) or chapman
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
  --strata X[,Y]      estimate each stratum (region, sector, year...) on its own with the chosen
                      method; the total is the sum; intervals resample within strata
  --covariates X[,Y]  fit one covariate log-linear model over all strata; --model may then name
                      list x covariate terms, e.g. "A:B + A:region"; without --model the list
                      terms are selected on the pooled data and the list x covariate terms by BIC
  --trend PERIOD      estimates per ordered period, changes between periods and a linear trend
                      (with --covariates PERIOD: through one covariate model)
  --format FORMAT     text (default), json, markdown, csv or html
  -o, --output FILE   write the report to FILE instead of stdout
  --dataset NAME      a bundled dataset instead of a file (see prevalence datasets)
  --count COLUMN      name of the count column (default: count, n, freq or frequency)
  --lists A,B,C       list columns (default: every other column)
  --merge-duplicates  add up rows with the same capture history instead of rejecting them

Closed-population models (Rcapture's family; docs/methodology/heterogeneity.md):
  prevalence closed FILE          the whole closedp table: M0, Mt, Mh and Mth with Chao (LB),
                                  Poisson2, Darroch and Gamma3.5 heterogeneity, Mb, Mbh
  --counts-by-captures            FILE is in the nbcap,freq format (people seen exactly k times)
  --occasions T|inf               number of lists/occasions for --counts-by-captures (inf: continuous time)
  --t0 K                          fit only the people seen 1..K times
  estimate FILE --model M0|Mt|Mh|Mth|Mb|Mbh|SPEC --heterogeneity chao|poisson|darroch|gamma
                                  one model (a log-linear SPEC gets the heterogeneity column);
                                  Mh and Mth default to chao; --ci profile adds the multinomial
                                  profile-likelihood interval (--max-ratio R: search up to R x the
                                  estimate, default 3 as Rcapture)
  estimate FILE --select bic|aic --heterogeneity FORM
                                  every hierarchical model (up to --max-order) with the column
  --theta X                       Poisson's (default 2) or Gamma's (default 3.5) parameter

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
        method: { type: "string" },
        estimator: { type: "string" },
        model: { type: "string" },
        select: { type: "string" },
        "max-order": { type: "string" },
        "p-threshold": { type: "string" },
        level: { type: "string", multiple: true },
        format: { type: "string" },
        output: { type: "string", short: "o" },
        dataset: { type: "string" },
        strata: { type: "string" },
        trend: { type: "string" },
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
        heterogeneity: { type: "string" },
        theta: { type: "string" },
        "counts-by-captures": { type: "boolean" },
        occasions: { type: "string" },
        t0: { type: "string" },
        "max-ratio": { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    // a usage error: the help goes to stderr, stdout stays empty
    process.stderr.write(HELP);
    return 2;
  }
  const [command, ...rest] = positionals;
  if (command === "datasets") {
    const rows = listDatasets().map((d) => `${d.name.padEnd(26)}${d.title}`);
    process.stdout.write(`${rows.join("\n")}\n`);
    return 0;
  }
  if (command !== "estimate" && command !== "closed") throw new UsageError(`unknown command "${command}"; try prevalence --help`);
  const fromDataset = values.dataset !== undefined;
  if (fromDataset ? rest.length !== 0 : rest.length !== 1) {
    throw new UsageError(`${command} takes exactly one CSV file, or --dataset NAME`);
  }
  // Closed-population models: `prevalence closed`, and `estimate` with Rcapture's model names, a
  // heterogeneity form or counts by number of captures, answered by src/cli/closed.ts when the
  // interval is profile or none; with a bootstrap interval, strata or a trend, the registry's
  // closed-population family below serves them.
  const closedFlavour = wantsClosedFamily(values as ClosedCliValues) || values.method === "closed-population";
  const closedDirect =
    closedFlavour &&
    values.strata === undefined &&
    values.covariates === undefined &&
    values.trend === undefined &&
    (values.ci === undefined || values.ci === "profile" || values.ci === "none") &&
    (values.format === undefined || values.format === "text" || values.format === "json");
  if (command === "closed" || closedDirect || values["counts-by-captures"]) {
    if (values.model !== undefined && values.select !== undefined) throw new UsageError("give either --model or --select, not both");
    let input: string;
    try {
      input = fromDataset ? datasetCsv(values.dataset as string) : readFileSync(rest[0], "utf8");
    } catch (error) {
      throw new UsageError(fromDataset ? (error as Error).message : `cannot read ${rest[0]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    let report: string;
    try {
      report = command === "closed" ? runClosedTable(input, values as ClosedCliValues) : runClosedEstimate(input, values as ClosedCliValues);
    } catch (error) {
      if (error instanceof ClosedUsageError) throw new UsageError(error.message);
      throw error;
    }
    if (values.output !== undefined) writeFileSync(values.output, report);
    else process.stdout.write(report);
    return 0;
  }
  const format = values.format ?? "text";
  if (!["text", "json", "markdown", "csv", "html"].includes(format)) {
    throw new UsageError(`--format must be text, json, markdown, csv or html; received ${format}`);
  }
  if (values.model !== undefined && values.select !== undefined) {
    throw new UsageError("give either --model or --select, not both");
  }
  const number = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const x = Number(value);
    if (value.trim() === "" || !Number.isFinite(x)) throw new UsageError(`--${name} must be a number; received ${value}`);
    return x;
  };
  const strata = splitList(values.strata);
  const covariates = splitList(values.covariates);
  const trend = values.trend;
  if (strata && covariates) throw new UsageError("give either --strata (one model per stratum) or --covariates (one model over all strata)");

  let text: string;
  const source = fromDataset ? `dataset ${values.dataset}` : rest[0];
  if (fromDataset) {
    try {
      text = datasetCsv(values.dataset as string);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  } else {
    try {
      text = readFileSync(rest[0], "utf8");
    } catch (error) {
      throw new UsageError(`cannot read ${rest[0]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const declared = fromDataset ? (listDatasets().find((d) => d.name === values.dataset)?.covariates ?? []) : [];
  const extraColumns = [...new Set([...declared, ...(strata ?? []), ...(covariates ?? []), ...(trend ? [trend] : [])])];
  const data: CaptureData = readCaptureCsv(text, {
    count: values.count,
    lists: splitList(values.lists),
    ...(extraColumns.length > 0 ? { covariates: extraColumns } : {}),
    duplicates: values["merge-duplicates"] ? "merge" : "reject",
  });
  const progress = createProgressBar("bootstrap", !values.quiet);
  const seedValue = values.seed === undefined ? undefined : /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  const method = values.method ?? (covariates ? "covariate" : closedFlavour ? "closed-population" : undefined);
  if (method !== undefined && !listFamilies().some((f) => f.name === method)) {
    throw new UsageError(`--method must be one of ${listFamilies().map((f) => f.name).join(", ")}; received ${method}`);
  }
  if (method === "covariate" && !covariates) throw new UsageError("--method covariate needs --covariates X[,Y]");
  const options: EstimateWithIntervalOptions = {
    ...(method !== undefined ? { method } : {}),
    ...(values.estimator !== undefined ? { estimator: values.estimator as EstimateWithIntervalOptions["estimator"] } : {}),
    ...(values.heterogeneity !== undefined
      ? {
          heterogeneity:
            values.theta === undefined
              ? (values.heterogeneity.toLowerCase() as HeterogeneityForm)
              : { form: values.heterogeneity.toLowerCase() as HeterogeneityForm, theta: number("theta", values.theta) as number },
        }
      : {}),
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
    keepReplicates: format === "html",
    sensitivity: format === "html",
    onProgress: (done, total) => progress.update(done, total),
  };
  const stratifiedCi = options.ci === "profile" ? undefined : (options.ci as "bca" | "percentile" | "lognormal" | "none" | undefined);
  if ((strata || covariates || trend) && options.ci === "profile") {
    throw new UsageError("--ci profile is for a single model; stratified and trend analyses take bca, percentile, lognormal or none");
  }
  // --covariates: one covariate model (the covariate family); without --model it chooses the list
  // part on the pooled data, then the list × covariate terms by BIC (AIC with --select aic).
  let result;
  if (trend) {
    if (strata && !strata.every((c) => c === trend)) throw new UsageError("--trend takes one period column; combine it with --covariates PERIOD for a covariate model");
    result = await estimateTrend(data, { ...options, ci: stratifiedCi, period: trend });
  } else if (strata || covariates) {
    result = await estimateByStratum(data, { ...options, ci: stratifiedCi, by: (strata ?? covariates) as string[] });
  } else {
    result = await estimateWithInterval(data, options);
  }
  progress.finish();
  const report = await formatReport(result, { format: format as "text", data, title: `prevalence: ${source}` });
  const output = report.endsWith("\n") ? report : `${report}\n`;
  if (values.output !== undefined) writeFileSync(values.output, output);
  else process.stdout.write(output);
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
