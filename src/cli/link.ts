/**
 * The record-linkage commands of the command line: `prevalence link` and `prevalence estimate
 * --link`. They use the public API of `prevalence/linkage` only.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
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
import { createProgressBar } from "./progress.js";

/** A usage problem: the message goes to stderr and the exit code is 2. */
export class LinkUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LinkUsageError";
  }
}

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
    throw new LinkUsageError(`cannot write ${(error as NodeJS.ErrnoException).path ?? "an output"}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
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
    if (threshold.trim() === "" || !Number.isFinite(w)) throw new LinkUsageError(`--threshold must be a number (a match weight); received ${threshold}`);
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
export async function runLink(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
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
    throw new LinkUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(LINK_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new LinkUsageError("link takes exactly one configuration file: prevalence link <config.json> -o histories.csv");
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

/** The estimate options `prevalence estimate --link` understands (already parsed by the main command). */
export interface EstimateLinkValues {
  readonly link: string;
  /** The estimator family (`--method`), default loglinear. */
  readonly method?: string;
  /** The family's estimator choice (`--estimator`, lincoln-petersen family). */
  readonly estimator?: string;
  readonly model?: string;
  readonly select?: string;
  readonly maxOrder?: number;
  readonly pThreshold?: number;
  readonly level?: readonly number[];
  readonly seed?: number | string;
  readonly replicates?: number;
  readonly draws?: number;
  readonly resampling?: string;
  readonly threads?: number;
  readonly format: string;
  readonly output?: string;
  readonly histories?: string;
  readonly clusters?: string;
  readonly review?: string;
  readonly quiet?: boolean;
}

/** `prevalence estimate --link <config.json> ...`: link, estimate with linkage uncertainty, report; returns the exit code. */
export async function runEstimateLink(values: EstimateLinkValues): Promise<number> {
  if (!["text", "json", "markdown", "html"].includes(values.format)) {
    throw new LinkUsageError(`with --link, --format must be text, json, markdown or html; received ${values.format}`);
  }
  if (values.resampling !== undefined && values.resampling !== "nonparametric" && values.resampling !== "parametric") {
    throw new LinkUsageError(`--resampling must be nonparametric or parametric; received ${values.resampling}`);
  }
  const linkage = await linkFrom(values.link, undefined, values.quiet === true);
  const progress = createProgressBar("linkage draws", values.quiet !== true);
  const estimate = await estimateWithLinkage(linkage, {
    estimator: familyLinkageEstimator({
      ...(values.method !== undefined ? { method: values.method } : {}),
      ...(values.estimator !== undefined ? { estimator: values.estimator as "lincoln-petersen" | "chapman" } : {}),
      model: values.model,
      select: values.select as "auto" | "bic" | "aic" | "stepwise" | undefined,
      maxOrder: values.maxOrder,
      pThreshold: values.pThreshold,
      resampling: values.resampling as "nonparametric" | "parametric" | undefined,
      threads: values.threads,
    }),
    draws: values.draws,
    replicates: values.replicates,
    level: values.level,
    seed: values.seed,
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.finish();
  const report = await formatLinkageReport(linkage, {
    format: values.format as "text" | "json" | "markdown" | "html",
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
