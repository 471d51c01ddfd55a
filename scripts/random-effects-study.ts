// The simulation study of docs/methodology/random-effects.md: many sparse strata, comparing
// post-stratification, covariate models and random-effects models on the mean squared error of the
// stratum estimates and of the total, and on the coverage of their 95% intervals.
//
// Run: npx tsx scripts/random-effects-study.ts [datasets] [bootstrap datasets] [replicates]
// (defaults 200, 60, 200: about 75 minutes on two busy cores; writes bench/random-effects-study.json
// and prints the markdown table; `--table` prints the table of the last run from that file).
// tests/models/random-effects/study.slow.test.ts runs a smaller version and checks its findings.
import { writeFileSync } from "node:fs";
import { simulateCaptureData } from "../src/simulate/simulateCaptureData.js";
import { randomStream } from "../src/_lib/random.js";
import { estimateByStratum } from "../src/strata/estimateByStratum.js";
import { fitCovariateModel } from "../src/models/covariate/fitCovariateModel.js";
import { fitRandomEffects } from "../src/models/random-effects/fitRandomEffects.js";
import { estimateRandomEffects } from "../src/models/random-effects/estimateRandomEffects.js";
import type { StratifiedEstimate } from "../src/strata/types.js";

/** The setting: 40 regions of 20–500 people (log-uniform), 4 lists whose reach varies by region. */
export interface StudySetting {
  readonly regions: number;
  readonly smallest: number;
  readonly largest: number;
  /** Capture probability of each list in a typical region. */
  readonly base: readonly number[];
  /** Standard deviation of a region's common shift of every list's logit (its overall reach). */
  readonly commonSd: number;
  /** Standard deviation of each list's own logit shift by region. */
  readonly listSd: number;
  /** Odds ratio of lists A and B (a dependence the fixed part models). */
  readonly oddsRatio: number;
}

export const SETTING: StudySetting = { regions: 40, smallest: 20, largest: 500, base: [0.2, 0.15, 0.25, 0.12], commonSd: 0.4, listSd: 0.3, oddsRatio: 2 };

/** Strata up to this size count as small. */
export const SMALL = 100;

const LISTS = ["A", "B", "C", "D"];
const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));

/** One dataset of the study: regions drawn afresh (sizes and reach), then the capture data. */
export function drawDataset(setting: StudySetting, seed: number | string, index: number) {
  const random = randomStream(seed, "regions", index);
  const levels = Array.from({ length: setting.regions }, (_, i) => {
    const population = Math.round(Math.exp(Math.log(setting.smallest) + random.uniform() * (Math.log(setting.largest) - Math.log(setting.smallest))));
    const common = setting.commonSd * random.normal();
    const captureProbabilities = setting.base.map((p) => expit(logit(p) + common + setting.listSd * random.normal()));
    return { name: `r${String(i + 1).padStart(2, "0")}`, population, captureProbabilities };
  });
  return simulateCaptureData({
    lists: LISTS,
    seed: `${seed}/capture/${index}`,
    strata: [{ column: "region", levels }],
    dependence: [{ lists: ["A", "B"], oddsRatio: setting.oddsRatio }],
  });
}

/** The approaches compared. */
export const METHODS = [
  "post-stratification",
  "covariate: shared list effects",
  "covariate: list effects by region",
  "random intercept",
  "random lists",
  "random reach",
] as const;
export type Method = (typeof METHODS)[number];

interface Accumulator {
  /** Per dataset: sum of squared errors of small and large strata (over strata with an estimate), counts, covered. */
  readonly perDataset: { smallSe: number; smallN: number; largeSe: number; largeN: number; failed: number; covered: number; coveredN: number; totalSe: number | null; totalCovered: number | null }[];
}

/** Mean and Monte Carlo standard error of per-dataset values. */
function meanAndError(values: readonly number[]): { mean: number; error: number; n: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  return { mean, error: sd / Math.sqrt(n), n };
}

export interface StudyRow {
  readonly method: string;
  readonly intervals: string;
  /** Datasets the row was computed on. */
  readonly datasets?: number;
  /** Root mean squared error of small strata (≤ SMALL people) and large ones, with Monte Carlo errors. */
  readonly rmseSmall: { mean: number; error: number };
  readonly rmseLarge: { mean: number; error: number };
  /** Root mean squared error of the total over datasets where it exists. */
  readonly rmseTotal: { mean: number; error: number; n: number };
  /** Share of strata without an estimate. */
  readonly failedStrata: number;
  /** Coverage of 95% stratum intervals (strata with an interval) and of the total's. */
  readonly coverageStrata: { mean: number; error: number };
  readonly coverageTotal: { mean: number; error: number; n: number };
}

/** RMSE with a delta-method Monte Carlo error from the per-dataset mean squared errors. */
function rmse(values: readonly number[]): { mean: number; error: number; n: number } {
  const m = meanAndError(values);
  const root = Math.sqrt(m.mean);
  return { mean: root, error: m.error / (2 * root), n: m.n };
}

function summarise(method: string, intervals: string, acc: Accumulator): StudyRow {
  const rows = acc.perDataset;
  const small = rows.filter((r) => r.smallN > 0).map((r) => r.smallSe / r.smallN);
  const large = rows.filter((r) => r.largeN > 0).map((r) => r.largeSe / r.largeN);
  const totals = rows.filter((r) => r.totalSe !== null).map((r) => r.totalSe as number);
  const failed = rows.reduce((a, r) => a + r.failed, 0) / rows.reduce((a, r) => a + r.failed + r.smallN + r.largeN, 0);
  const coverage = meanAndError(rows.filter((r) => r.coveredN > 0).map((r) => r.covered / r.coveredN));
  const totalCoverage = meanAndError(rows.filter((r) => r.totalCovered !== null).map((r) => r.totalCovered as number));
  return {
    method,
    intervals,
    datasets: rows.length,
    rmseSmall: rmse(small),
    rmseLarge: rmse(large),
    rmseTotal: rmse(totals),
    failedStrata: failed,
    coverageStrata: coverage,
    coverageTotal: totalCoverage,
  };
}

function record(acc: Accumulator, result: StratifiedEstimate, truth: readonly number[], level: number): void {
  let smallSe = 0;
  let smallN = 0;
  let largeSe = 0;
  let largeN = 0;
  let failed = 0;
  let covered = 0;
  let coveredN = 0;
  result.strata.forEach((s, i) => {
    const t = truth[i];
    if (s.estimate === null || !Number.isFinite(s.estimate)) {
      failed++;
      return;
    }
    const e2 = (s.estimate - t) ** 2;
    if (t <= SMALL) {
      smallSe += e2;
      smallN++;
    } else {
      largeSe += e2;
      largeN++;
    }
    const interval = s.intervals.find((x) => x.level === level);
    if (interval) {
      coveredN++;
      if (interval.lower <= t && t <= interval.upper) covered++;
    }
  });
  const total = truth.reduce((a, b) => a + b, 0);
  const totalInterval = result.total.intervals.find((x) => x.level === level);
  acc.perDataset.push({
    smallSe,
    smallN,
    largeSe,
    largeN,
    failed,
    covered,
    coveredN,
    totalSe: result.total.estimate === null ? null : (result.total.estimate - total) ** 2,
    totalCovered: totalInterval ? (totalInterval.lower <= total && total <= totalInterval.upper ? 1 : 0) : null,
  });
}

export interface StudyOptions {
  readonly setting?: StudySetting;
  readonly datasets: number;
  /** Datasets (the first ones) on which the parametric bootstrap also runs. */
  readonly bootstrapDatasets: number;
  readonly replicates: number;
  readonly seed?: number;
  readonly threads?: number;
  readonly onDataset?: (index: number) => void;
}

export interface StudyResult {
  readonly setting: StudySetting;
  readonly options: Omit<StudyOptions, "onDataset" | "setting">;
  readonly rows: readonly StudyRow[];
  readonly seconds: number;
}

/** Run the study. */
export async function runStudy(options: StudyOptions): Promise<StudyResult> {
  const setting = options.setting ?? SETTING;
  const seed = options.seed ?? 20261205;
  const started = Date.now();
  const accumulators = new Map<string, Accumulator>();
  const add = (key: string, result: StratifiedEstimate, truth: readonly number[]) => {
    if (!accumulators.has(key)) accumulators.set(key, { perDataset: [] });
    record(accumulators.get(key) as Accumulator, result, truth, 0.95);
  };
  const fullCovariate = "A:B + A:region + B:region + C:region + D:region";
  for (let d = 0; d < options.datasets; d++) {
    const sim = drawDataset(setting, seed, d);
    const truth = sim.truth.strata.map((s) => s.population);
    const data = sim.data;
    add("post-stratification|lognormal", await estimateByStratum(data, { by: ["region"], model: "A:B", ci: "lognormal" }), truth);
    add("covariate: shared list effects|lognormal", fitCovariateModel(data, "A:B", { covariates: ["region"] }), truth);
    add("covariate: list effects by region|lognormal", fitCovariateModel(data, fullCovariate, { covariates: ["region"] }), truth);
    for (const random of ["intercept", "lists", "reach"] as const) {
      const name = `random ${random}`;
      add(`${name}|conditional`, fitRandomEffects(data, { by: "region", model: "A:B", random }), truth);
      if (d < options.bootstrapDatasets) {
        const boot = await estimateRandomEffects(data, {
          by: "region",
          model: "A:B",
          random,
          replicates: options.replicates,
          seed: `${seed}/boot/${d}`,
          threads: options.threads ?? 2,
        });
        add(`${name}|parametric-bootstrap`, boot, truth);
      }
    }
    options.onDataset?.(d);
  }
  const rows = [...accumulators.entries()].map(([key, acc]) => {
    const [method, intervals] = key.split("|");
    return summarise(method, intervals, acc);
  });
  const { onDataset: _, setting: __, ...rest } = options;
  void _;
  void __;
  return { setting, options: { ...rest, seed }, rows, seconds: (Date.now() - started) / 1000 };
}

/** The study's table in markdown. */
export function studyTable(result: StudyResult): string {
  const f = (x: { mean: number; error: number }, digits = 1) => `${x.mean.toFixed(digits)} ± ${x.error.toFixed(digits)}`;
  const p = (x: { mean: number; error: number }) => `${(100 * x.mean).toFixed(1)} ± ${(100 * x.error).toFixed(1)}`;
  const lines = [
    "| method | intervals | datasets | RMSE, strata ≤ 100 people | RMSE, larger strata | RMSE, total | strata without estimate | coverage, strata (%) | coverage, total (%) |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ...result.rows.map((r) => {
      const datasets = r.datasets ?? (r.intervals === "parametric-bootstrap" ? result.options.bootstrapDatasets : result.options.datasets);
      const totals = r.rmseTotal.n < datasets ? ` (${r.rmseTotal.n} with a total)` : "";
      return `| ${r.method} | ${r.intervals} | ${datasets} | ${f(r.rmseSmall)} | ${f(r.rmseLarge)} | ${f(r.rmseTotal)}${totals} | ${(100 * r.failedStrata).toFixed(1)}% | ${p(r.coverageStrata)} | ${p(r.coverageTotal)} |`;
    }),
  ];
  return lines.join("\n");
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain && process.argv[2] === "--table") {
  // the table of the last run, from its JSON
  const { readFileSync } = await import("node:fs");
  process.stdout.write(`${studyTable(JSON.parse(readFileSync(new URL("../bench/random-effects-study.json", import.meta.url), "utf8")))}\n`);
} else if (isMain) {
  const [datasets = "200", bootstrapDatasets = "60", replicates = "200"] = process.argv.slice(2);
  const result = await runStudy({
    datasets: Number(datasets),
    bootstrapDatasets: Number(bootstrapDatasets),
    replicates: Number(replicates),
    onDataset: (d) => process.stderr.write(`dataset ${d + 1}\r`),
  });
  writeFileSync(new URL("../bench/random-effects-study.json", import.meta.url), JSON.stringify(result, null, 2) + "\n");
  process.stdout.write(`${studyTable(result)}\n\n${result.seconds.toFixed(0)} s\n`);
}
