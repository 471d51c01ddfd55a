/**
 * `prevalence estimate`: read the data (a CSV file, standard input, an .xlsx file or a bundled
 * dataset), reshape the lists (--lists, --omit, --merge), estimate, and write the report. Heavy parts
 * (the bootstrap, strata, trends, HTML plots, the spreadsheet reader) are imported only when asked for.
 */
import { accessSync, closeSync, constants, openSync, readSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, extname } from "node:path";
import type { parseArgs } from "node:util";
import type { CaptureReading } from "../data/readCaptureCsvStream.js";
import type { CaptureData } from "../types.js";
import type { EstimateWithIntervalOptions } from "../estimateWithInterval.js";
import type { IntervalMethod } from "../types.js";
import type { HeterogeneityForm } from "../index.js";
import type { SelectionMethod } from "../selection/selectModel.js";
import { PrevalenceError } from "../errors.js";
import { UsageError, fileErrorReason } from "./messages.js";
import { createProgress, type Progress } from "./progress.js";
import type { OPTIONS } from "./options.js";
import { bayesianOptions } from "./bayesianFlags.js";

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function note(quiet: boolean | undefined, text: string): void {
  if (!quiet) process.stderr.write(`prevalence: ${text}\n`);
}

const plural = (n: number, word: string): string => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/** The first bytes of a file, to tell a spreadsheet from text. */
function magic(path: string): Buffer {
  const buffer = Buffer.alloc(8);
  const fd = openSync(path, "r");
  try {
    const n = readSync(fd, buffer, 0, 8, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Reads the input named on the command line. */
async function readInput(values: Values, file: string | undefined, covariates: string[]): Promise<{ reading: CaptureReading; source: string }> {
  const options = {
    count: values.count,
    lists: splitList(values.lists),
    ...(covariates.length > 0 ? { covariates } : {}),
    duplicates: values["merge-duplicates"] ? ("merge" as const) : ("reject" as const),
  };
  if (values.sheet !== undefined && (file === undefined || file === "-")) throw new UsageError("--sheet applies to an .xlsx file");
  const { readCaptureCsvStream } = await import("../data/readCaptureCsvStream.js");
  if (file === undefined) {
    const { datasetCsv } = await import("../datasets/index.js");
    let text: string;
    try {
      text = datasetCsv(values.dataset as string);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    return { reading: await readCaptureCsvStream([text], options), source: `dataset ${values.dataset}` };
  }
  if (file === "-") return { reading: await readCaptureCsvStream(process.stdin, options), source: "standard input" };

  let head: Buffer;
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    head = magic(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${fileErrorReason(error)}`);
  }
  const zip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  const oldExcel = head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0;
  if (oldExcel) throw new UsageError(`${file} is an old Excel .xls workbook: save it as CSV (or .xlsx) and give that file`);
  if (zip || extname(file).toLowerCase() === ".xlsx") {
    if (!zip) throw new UsageError(`${file} is not an .xlsx workbook (no zip header): save the sheet as CSV and give that file`);
    const [{ readFile }, { readCaptureXlsx }] = await Promise.all([import("node:fs/promises"), import("../data/readCaptureXlsx.js")]);
    const sheetText = values.sheet;
    const sheet = sheetText === undefined ? undefined : /^\d+$/.test(sheetText) ? Number(sheetText) : sheetText;
    return { reading: await readCaptureXlsx(await readFile(file), { ...options, sheet }), source: file };
  }
  if (values.sheet !== undefined) throw new UsageError("--sheet applies to an .xlsx file");
  const { readCaptureCsvFile } = await import("../data/readCaptureCsvFile.js");
  try {
    return { reading: await readCaptureCsvFile(file, options), source: file };
  } catch (error) {
    if (error instanceof PrevalenceError) throw error;
    throw new UsageError(`cannot read ${file}: ${fileErrorReason(error)}`);
  }
}

/** Applies --omit and --merge, with a note of what they did. */
async function reshape(data: CaptureData, values: Values): Promise<CaptureData> {
  const omit = splitList(values.omit) ?? [];
  const merges = (values.merge ?? []).map((group) =>
    group
      .split("+")
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );
  if (omit.length === 0 && merges.length === 0) return data;
  for (const group of merges) {
    if (group.length < 2) throw new UsageError(`--merge must join at least two lists with +, e.g. --merge A+B; received ${group.join("+") || '""'}`);
  }
  const named = [...omit, ...merges.flat()];
  const twice = named.find((name, index) => named.indexOf(name) !== index);
  if (twice !== undefined) throw new UsageError(`list ${twice} is named twice in --omit and --merge`);
  const unknown = named.filter((name) => !data.lists.includes(name));
  if (unknown.length > 0) throw new UsageError(`--omit and --merge must name lists of the data (${data.lists.join(", ")}); received ${unknown.join(", ")}`);
  const [{ omitLists }, { mergeLists }] = await Promise.all([import("../data/omitLists.js"), import("../data/mergeLists.js")]);
  let next = data;
  if (omit.length > 0) {
    next = omitLists(next, omit);
    const gone = data.observed - next.observed;
    note(values.quiet, `left out ${omit.join(", ")}${gone > 0 ? `: ${plural(gone, "person")} on no other list become${gone === 1 ? "s" : ""} unobserved` : ""}`);
  }
  for (const group of merges) next = mergeLists(next, group, { name: group.join("+") });
  return next;
}

/** Checks -o early (before a long run): its folder exists and it is not a folder itself. */
function checkOutput(path: string): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    const folder = statSync(dirname(path));
    if (!folder.isDirectory()) throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
    accessSync(dirname(path), constants.W_OK);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${fileErrorReason(error)}`);
  }
}

const number = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x)) throw new UsageError(`--${name} must be a number; received ${value}`);
  return x;
};

/** Writes the report to -o FILE or standard output. */
function writeReport(values: Values, report: string): void {
  const output = report.endsWith("\n") ? report : `${report}\n`;
  if (values.output === undefined) {
    process.stdout.write(output);
    return;
  }
  try {
    writeFileSync(values.output, output);
  } catch (error) {
    throw new UsageError(`cannot write ${values.output}: ${fileErrorReason(error)}`);
  }
}

/** The whole text of the input, for the closed-population commands (which read it whole). */
async function inputText(values: Values, file: string | undefined): Promise<string> {
  if (file === undefined) {
    const { datasetCsv } = await import("../datasets/index.js");
    try {
      return datasetCsv(values.dataset as string);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const { readFileSync } = await import("node:fs");
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${fileErrorReason(error)}`);
  }
}

/**
 * Closed-population models: `prevalence closed`, and `estimate` with Rcapture's model names, a
 * heterogeneity form or counts by number of captures, answered by ./closed.ts when the interval is
 * profile or none; with a bootstrap interval, strata or a trend, the registry's closed-population
 * family serves them through the general path. Returns undefined when the general path is to run.
 */
async function closedCommand(values: Values, file: string | undefined, command: string): Promise<number | undefined> {
  const closed = await import("./closed.js");
  const closedValues = values as import("./closed.js").ClosedCliValues;
  const flavour = closed.wantsClosedFamily(closedValues) || values.method === "closed-population";
  const direct =
    flavour &&
    values.strata === undefined &&
    values.covariates === undefined &&
    values.trend === undefined &&
    (values.ci === undefined || values.ci === "profile" || values.ci === "none") &&
    (values.format === undefined || values.format === "text" || values.format === "json");
  if (!(command === "closed" || direct || values["counts-by-captures"])) return undefined;
  if (values.model !== undefined && values.select !== undefined) throw new UsageError("give either --model or --select, not both");
  if (values.output !== undefined) checkOutput(values.output);
  const text = await inputText(values, file);
  let report: string;
  try {
    report = command === "closed" ? closed.runClosedTable(text, closedValues) : closed.runClosedEstimate(text, closedValues);
  } catch (error) {
    if (error instanceof closed.ClosedUsageError) throw new UsageError(error.message);
    throw error;
  }
  writeReport(values, report);
  return 0;
}

/** Whether the flags ask for the closed-population family (cheap: no import). */
function closedFlavour(values: Values): boolean {
  const rcapture = ["m0", "mt", "mh", "mth", "mb", "mbh"];
  return (
    values.method === "closed-population" ||
    values.heterogeneity !== undefined ||
    values["counts-by-captures"] === true ||
    values.occasions !== undefined ||
    (values.model !== undefined && rcapture.includes(values.model.trim().toLowerCase()))
  );
}

/** Runs `prevalence estimate` (and `prevalence closed`); returns the exit code. */
export async function estimateCommand(values: Values, positionals: string[], command = "estimate"): Promise<number> {
  if (values.link !== undefined) {
    if (command !== "estimate") throw new UsageError(`--link is an option of estimate, not of ${command}`);
    const { estimateLinkCommand } = await import("./link.js");
    return estimateLinkCommand(values, positionals);
  }
  const { LINK_OPTIONS } = await import("./options.js");
  const linkOnly = LINK_OPTIONS.find((name) => values[name] !== undefined);
  if (linkOnly !== undefined) throw new UsageError(`--${linkOnly} goes with --link CONFIG (record linkage)`);
  const fromDataset = values.dataset !== undefined;
  if (fromDataset ? positionals.length !== 0 : positionals.length !== 1) {
    throw new UsageError(
      positionals.length > 1
        ? `${command} takes exactly one file (or --dataset NAME); received ${positionals.join(" ")}`
        : `${command} takes exactly one CSV file (or - for standard input), or --dataset NAME`,
    );
  }
  const flavour = closedFlavour(values);
  if (command === "closed" || flavour) {
    const done = await closedCommand(values, positionals[0], command);
    if (done !== undefined) return done;
  }
  const format = values.format ?? "text";
  if (!["text", "json", "markdown", "csv", "html"].includes(format)) {
    throw new UsageError(`--format must be text, json, markdown, csv or html; received ${format}`);
  }
  if (values.model !== undefined && values.select !== undefined) throw new UsageError("give either --model or --select, not both");
  if (values.nested && values.top === undefined) throw new UsageError("--nested needs --top K (the nested intervals of the top 1, 2, ..., K models)");
  const strata = splitList(values.strata);
  const covariates = splitList(values.covariates);
  const trend = values.trend;
  if (strata && covariates) throw new UsageError("give either --strata (one model per stratum) or --covariates (one model over all strata)");
  if (values.random !== undefined && !strata && !trend) throw new UsageError("--random needs the strata: --strata X[,Y] or --trend PERIOD");
  if (values.structure !== undefined && values.random === undefined) throw new UsageError("--structure goes with --random");
  if (trend && strata && !strata.every((c) => c === trend)) {
    throw new UsageError("--trend takes one period column; combine it with --covariates PERIOD for a covariate model");
  }
  const ci = values.ci as IntervalMethod | undefined;
  if ((strata || covariates || trend) && ci === "profile") {
    throw new UsageError("--ci profile is for a single model; stratified and trend analyses take bca, percentile, lognormal, posterior or none");
  }
  let threads = number("threads", values.threads);
  if (threads !== undefined) {
    if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`--threads must be a whole number of at least 1; received ${values.threads}`);
    const cores = Math.max(1, availableParallelism());
    if (threads > cores) {
      process.stderr.write(`prevalence: --threads ${threads} is more than the ${cores} core${cores === 1 ? "" : "s"} available; using ${cores}\n`);
      threads = cores;
    }
  }
  if (values.output !== undefined) checkOutput(values.output);

  // The input.
  const declared = fromDataset
    ? ((await import("../datasets/index.js")).listDatasets().find((d) => d.name === values.dataset)?.covariates ?? [])
    : [];
  const extraColumns = [...new Set([...declared, ...(strata ?? []), ...(covariates ?? []), ...(trend ? [trend] : [])])];
  const { reading, source } = await readInput(values, positionals[0], extraColumns);
  if (reading.columns.listsInferred) {
    note(
      values.quiet,
      `lists: ${reading.columns.lists.join(", ")} (the columns of 0/1 values)` +
        (reading.columns.ignored.length > 0 ? `; not lists: ${reading.columns.ignored.join(", ")}` : "") +
        ". To choose them: --lists A,B,C",
    );
  }
  if (reading.dropped.people > 0) {
    note(
      values.quiet,
      `${plural(reading.dropped.people, "person")} (${plural(reading.dropped.rows, "row")}) on none of the lists ${reading.columns.lists.join(", ")} ` +
        `but on other lists of the file: unobserved under the lists chosen, so not counted`,
    );
  }
  const data = await reshape(reading.data, values);

  // Options.
  const seedText = values.seed;
  const seed = seedText === undefined ? undefined : /^-?\d+$/.test(seedText) && Number.isSafeInteger(Number(seedText)) ? Number(seedText) : seedText;
  const progress: Progress = createProgress({ quiet: values.quiet === true });
  const replicates = number("replicates", values.replicates);
  const method = values.method ?? (covariates ? "covariate" : flavour ? "closed-population" : undefined);
  if (method !== undefined) {
    const { listFamilies } = await import("../families/registry.js");
    if (!listFamilies().some((f) => f.name === method)) {
      throw new UsageError(`--method must be one of ${listFamilies().map((f) => f.name).join(", ")}; received ${method}`);
    }
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
    ci,
    replicates,
    seed,
    threads,
    top: number("top", values.top),
    nested: values.nested,
    resampling: values.resampling as EstimateWithIntervalOptions["resampling"],
    keepReplicates: format === "html",
    sensitivity: format === "html",
    onProgress: (done, total) => progress.update(done, total),
    ...bayesianOptions(method, values, number, (message) => new UsageError(message)),
  };
  progress.counting(replicates ?? 1000);
  const stratifiedCi = ci === "profile" ? undefined : (ci as "bca" | "percentile" | "lognormal" | "posterior" | "none" | undefined);

  // --covariates: one covariate model (the covariate family); without --model it chooses the list
  // part on the pooled data, then the list × covariate terms by BIC (AIC with --select aic).
  const { LCMCR_OPTIONS } = await import("./options.js");
  // --chains, --burnin and --samples also set the chains of dga and the fits of bayesthresh
  const shared: readonly string[] = method === "dga" ? ["chains", "burnin", "samples"] : method === "bayesthresh" ? ["burnin", "samples"] : [];
  const stray =
    method === "lcmcr" ? undefined : LCMCR_OPTIONS.find((name) => (values as Record<string, unknown>)[name] !== undefined && !shared.includes(name));
  if (stray !== undefined) throw new UsageError(`--${stray} is an option of --method lcmcr${["chains", "burnin", "samples"].includes(stray) ? " (and of dga or bayesthresh)" : ""}`);
  let result;
  if (values.random !== undefined) {
    const { runRandomEffects, RandomEffectsUsageError } = await import("./randomEffects.js");
    progress.start("random-effects fit");
    try {
      result = await runRandomEffects(data, {
        random: values.random,
        structure: values.structure,
        strata,
        trend,
        model: values.model,
        select: values.select,
        covariates,
        ci: values.ci,
        level: options.level,
        replicates,
        seed,
        threads,
        resampling: options.resampling,
        onProgress: (done, total) => progress.update(done, total),
      });
    } catch (error) {
      if (error instanceof RandomEffectsUsageError) throw new UsageError(error.message);
      throw error;
    }
  } else if (method === "lcmcr" && !trend && !strata && !covariates) {
    if (ci !== undefined && ci !== "posterior") throw new UsageError(`--method lcmcr gives a posterior interval: --ci must be posterior; received ${ci}`);
    const { runLcmcr } = await import("./lcmcr.js");
    result = await runLcmcr(data, values as Record<string, unknown>, { seed, threads, level: options.level, draws: format === "html" }, number, progress);
  } else if (trend) {
    const { estimateTrend } = await import("../strata/estimateTrend.js");
    progress.start("model search");
    result = await estimateTrend(data, { ...options, ci: stratifiedCi, period: trend });
  } else if (strata || covariates) {
    const { estimateByStratum } = await import("../strata/estimateByStratum.js");
    progress.start("model search");
    result = await estimateByStratum(data, { ...options, ci: stratifiedCi, by: (strata ?? covariates) as string[] });
  } else {
    const { estimateWithInterval } = await import("../estimateWithInterval.js");
    progress.start("model search");
    result = await estimateWithInterval(data, options);
  }
  progress.finish();
  const { formatReport } = await import("../report/formatReport.js");
  const report = await formatReport(result, { format: format as "text", data, title: `prevalence: ${source}` });
  writeReport(values, report);
  return 0;
}
