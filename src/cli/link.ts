/**
 * The record-linkage commands of the command line: `prevalence link` (its own flags) and
 * `prevalence estimate --link` (the estimate flags of options.ts). Loaded only when one of them runs;
 * they use the public API of `prevalence/linkage` only, which loads DuckDB when a linkage runs.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import {
  clericalReviewCsv,
  clustersCsv,
  estimateWithLinkage,
  formatLinkageReport,
  historiesCsv,
  linkRecords,
  familyLinkageEstimator,
  readLinkageConfig,
  type Linkage,
  type LinkageConfig,
} from "../linkage/index.js";
import type { ResamplingScheme, SelectionMethod } from "../index.js";
import { UsageError, fileErrorReason } from "./messages.js";
import { createProgress } from "./progress.js";
import type { OPTIONS } from "./options.js";

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

export const LINK_HELP = `Usage:
  prevalence link <config.json> [-o histories.csv] [--clusters clusters.csv] [--report link.html]
                  [--review review.csv] [--threshold W] [--quiet]
  prevalence estimate --link <config.json> [estimate options] [--draws N] [--histories FILE]
                  [--clusters FILE] [--review FILE]

link reads one file per agency (CSV or Parquet) as the configuration says, links the records into
persons (Fellegi–Sunter with EM, in DuckDB) and writes the capture histories (an aggregated capture
CSV: 0/1 per list, the covariates, count) to -o (default stdout).

  --clusters FILE   one row per input record: list, row (1-based data row), person
  --report FILE     the match report; .html (with plots), .md, .json or text by the extension
  --review FILE     the borderline pairs for clerical review (CSV)
  --threshold W     match-weight threshold (log2 posterior odds), overriding the configuration's
  --quiet           no progress on stderr

estimate --link links, then estimates with an interval that carries the linkage error: --draws
linkage draws (default 50), each with --replicates bootstrap replicates (default 200), pooled.
It takes the estimate options --method (a one-table family), --model/--select/--max-order/
--p-threshold, --estimator, --seed, --level, --resampling, --threads, --format (text, json,
markdown, html) and -o.

The configuration (paths relative to it):
  { "lists": [{ "name": "police", "file": "police.csv" }, ...],
    "fields": { "first_name": "given", "last_name": "surname", "birth_date": "dob", "sex": "sex" },
    "covariates": ["region"] }
and optionally every linkage setting (blocking, comparisons, threshold, dateFormats, ...; see
docs/methodology/linkage.md).
`;

/** Write every output at once: each to a temporary file first, then renamed, so nothing is half-written. */
function writeAll(outputs: readonly { path: string; text: string }[]): void {
  const temporary = outputs.map((o, k) => `${o.path}.prevalence-${process.pid}-${k}.tmp`);
  try {
    outputs.forEach((o, k) => writeFileSync(temporary[k], o.text));
  } catch (error) {
    for (const t of temporary) rmSync(t, { force: true });
    throw new UsageError(`cannot write ${(error as NodeJS.ErrnoException).path ?? "an output"}: ${fileErrorReason(error)}`);
  }
  outputs.forEach((o, k) => renameSync(temporary[k], o.path));
}

function reportFormat(path: string): "html" | "markdown" | "json" | "text" {
  if (/\.html?$/i.test(path)) return "html";
  if (/\.(md|markdown)$/i.test(path)) return "markdown";
  if (/\.json$/i.test(path)) return "json";
  return "text";
}

/** Read the configuration and link, with the stages on stderr (when a terminal and not quiet). */
async function linkFrom(path: string, threshold: string | undefined, quiet: boolean): Promise<Linkage> {
  const { config, baseDirectory } = readLinkageConfig(path);
  let effective: LinkageConfig = config;
  if (threshold !== undefined) {
    const w = Number(threshold);
    if (threshold.trim() === "" || !Number.isFinite(w)) throw new UsageError(`--threshold must be a number (a match weight); received ${threshold}`);
    effective = { ...config, threshold: w };
  }
  const show = !quiet && process.stderr.isTTY;
  const linkage = await linkRecords(effective, {
    baseDirectory,
    onStage: show ? (stage) => process.stderr.write(`\rlinking: ${stage}…\x1b[K`) : undefined,
  });
  if (show) process.stderr.write("\r\x1b[K");
  return linkage;
}

/** `prevalence link <config.json> ...`; returns the exit code. */
export async function linkCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        output: { type: "string", short: "o" },
        clusters: { type: "string" },
        report: { type: "string" },
        review: { type: "string" },
        threshold: { type: "string" },
        quiet: { type: "boolean", short: "q" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(LINK_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("link takes exactly one configuration file: prevalence link <config.json> -o histories.csv");
  const linkage = await linkFrom(positionals[0], values.threshold, values.quiet === true);
  const outputs: { path: string; text: string }[] = [];
  const histories = historiesCsv(linkage.data);
  if (values.output !== undefined) outputs.push({ path: values.output, text: histories });
  if (values.clusters !== undefined) outputs.push({ path: values.clusters, text: clustersCsv(linkage) });
  if (values.review !== undefined) outputs.push({ path: values.review, text: clericalReviewCsv(linkage) });
  if (values.report !== undefined) {
    outputs.push({ path: values.report, text: await formatLinkageReport(linkage, { format: reportFormat(values.report), title: `Record linkage: ${positionals[0]}` }) });
  }
  writeAll(outputs);
  if (values.output === undefined) process.stdout.write(histories);
  for (const w of linkage.warnings) process.stderr.write(`prevalence: warning [${w.code}] ${w.message}\n`);
  return 0;
}

/** The estimate flags that do not apply to `estimate --link` (the data come from the linkage). */
const NOT_WITH_LINK = [
  "dataset", "strata", "covariates", "trend", "random", "structure", "ci", "top", "nested", "count", "lists", "omit", "merge",
  "merge-duplicates", "sheet", "heterogeneity", "theta", "counts-by-captures", "occasions", "t0", "max-ratio",
] as const;

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x)) throw new UsageError(`--${name} must be a number; received ${value}`);
  return x;
}

/**
 * `prevalence estimate --link <config.json> ...`: link, estimate with an interval that carries the
 * linkage error (any one-table family, `--method`), report; returns the exit code.
 */
export async function estimateLinkCommand(values: Values, positionals: readonly string[]): Promise<number> {
  if (positionals.length !== 0) throw new UsageError(`estimate --link takes the linkage configuration instead of a capture file; received ${positionals.join(" ")}`);
  for (const option of NOT_WITH_LINK) {
    if ((values as Record<string, unknown>)[option] !== undefined) throw new UsageError(`--${option} does not apply to estimate --link`);
  }
  if (values.model !== undefined && values.select !== undefined) throw new UsageError("give either --model or --select, not both");
  const format = values.format ?? "text";
  if (!["text", "json", "markdown", "html"].includes(format)) {
    throw new UsageError(`with --link, --format must be text, json, markdown or html; received ${format}`);
  }
  const resampling = values.resampling;
  if (resampling !== undefined && !["binomial", "poisson", "nonparametric", "parametric"].includes(resampling)) {
    throw new UsageError(`--resampling must be binomial, poisson, nonparametric or parametric; received ${resampling}`);
  }
  let threads = number("threads", values.threads);
  if (threads !== undefined) {
    if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`--threads must be a whole number of at least 1; received ${values.threads}`);
    threads = Math.min(threads, Math.max(1, availableParallelism()));
  }
  const seedText = values.seed;
  const seed = seedText === undefined ? undefined : /^-?\d+$/.test(seedText) && Number.isSafeInteger(Number(seedText)) ? Number(seedText) : seedText;
  const quiet = values.quiet === true;
  const linkage = await linkFrom(values.link as string, undefined, quiet);
  const progress = createProgress({ quiet });
  progress.counts("linkage draws");
  const estimate = await estimateWithLinkage(linkage, {
    estimator: familyLinkageEstimator({
      ...(values.method !== undefined ? { method: values.method } : {}),
      ...(values.estimator !== undefined ? { estimator: values.estimator as "lincoln-petersen" | "chapman" } : {}),
      model: values.model,
      select: values.select as SelectionMethod | undefined,
      maxOrder: number("max-order", values["max-order"]),
      pThreshold: number("p-threshold", values["p-threshold"]),
      resampling: resampling as ResamplingScheme | undefined,
      threads,
    }),
    draws: number("draws", values.draws),
    replicates: number("replicates", values.replicates),
    level: values.level?.map((l) => number("level", l) as number),
    seed,
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.finish();
  const report = await formatLinkageReport(linkage, {
    format: format as "text" | "json" | "markdown" | "html",
    estimate,
    title: `Population estimate from linked records: ${values.link}`,
  });
  const text = report.endsWith("\n") ? report : `${report}\n`;
  const outputs: { path: string; text: string }[] = [];
  if (values.output !== undefined) outputs.push({ path: values.output, text });
  if (values.histories !== undefined) outputs.push({ path: values.histories, text: historiesCsv(linkage.data) });
  if (values.clusters !== undefined) outputs.push({ path: values.clusters, text: clustersCsv(linkage) });
  if (values.review !== undefined) outputs.push({ path: values.review, text: clericalReviewCsv(linkage) });
  writeAll(outputs);
  if (values.output === undefined) process.stdout.write(text);
  return 0;
}
