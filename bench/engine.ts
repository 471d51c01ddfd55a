/**
 * Benchmark of the Newton engine and the existence check on the tables of issue 9, item 6: the
 * sparse six-list table (21 people in 11 cells) under BIC, the two real six-list tables (Ned, UKdat)
 * under BIC, a four-list table with 36 million people in one cell, and stepwise selection on twenty
 * lists (2^20 cells). Every case checks its answer before it is timed (model, number of valid models,
 * estimate), so a fast wrong answer cannot pass. Run: `npx tsx bench/engine.ts [--only name]`.
 *
 * The twenty-list tables are drawn here by a fixed generator (an independent-lists population with
 * a person effect on the logit scale), so that the benchmark is the same on any version of the code.
 */
import { readFileSync } from "node:fs";
import { readCaptureCsv } from "../src/data/readCaptureCsv.js";
import { selectModel } from "../src/selection/selectModel.js";
import { fitLoglinear } from "../src/models/loglinear/fitLoglinear.js";
import type { CaptureData } from "../src/types.js";

const load = (name: string): CaptureData =>
  readCaptureCsv(readFileSync(new URL(`../tests/fixtures/reference/datasets/${name}.csv`, import.meta.url), "utf8"));

/** Median wall-clock and CPU (user + system) milliseconds, and the minimum wall-clock. */
function time(fn: () => unknown, warmup: number, runs: number): { median: number; min: number; cpu: number } {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], cpu: cpu[Math.floor(cpu.length / 2)] };
}

function check(label: string, ok: boolean, detail = ""): void {
  if (!ok) {
    console.error(`benchmark ${label}: wrong answer ${detail}`);
    process.exit(1);
  }
}

function table(lists: readonly string[], rows: readonly [string, number][]): CaptureData {
  const t = lists.length;
  const counts = new Array<number>(2 ** t - 1).fill(0);
  for (const [history, count] of rows) {
    let h = 0;
    for (let j = 0; j < t; j++) if (history[j] === "1") h |= 1 << j;
    counts[h - 1] += count;
  }
  return { lists: [...lists], counts, observed: counts.reduce((a, b) => a + b, 0) };
}

/**
 * Twenty lists: N people, person effect u ~ Normal(0, sd), each list catches a person with
 * probability logistic(logit(p) + u). Park–Miller generator and Box–Muller, seeded.
 */
function twentyLists(population: number, p: number, sd: number, seed: number): CaptureData {
  let state = seed;
  const uniform = (): number => (state = (state * 16807) % 2147483647) / 2147483647;
  const t = 20;
  const counts = new Array<number>(2 ** t - 1).fill(0);
  const logit = Math.log(p / (1 - p));
  for (let i = 0; i < population; i++) {
    const u = sd * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const q = 1 / (1 + Math.exp(-(logit + u)));
    let h = 0;
    for (let j = 0; j < t; j++) if (uniform() < q) h |= 1 << j;
    if (h !== 0) counts[h - 1]++;
  }
  return { lists: Array.from({ length: t }, (_, j) => `L${j}`), counts, observed: counts.reduce((a, b) => a + b, 0) };
}

const six = ["A", "B", "C", "D", "E", "F"];
const sparse = table(six, [
  ["101010", 1], ["010100", 2], ["101000", 4], ["111111", 1], ["101011", 1], ["001011", 2],
  ["111000", 2], ["101101", 1], ["110101", 3], ["101111", 3], ["010110", 1],
]);
const large = table(["A", "B", "C", "D"], [
  ["1000", 1], ["0100", 1], ["1110", 4], ["1101", 1], ["1011", 1], ["1111", 36251257],
]);
const ned = load("Ned");
const ukdat = load("UKdat");
const twentySparse = twentyLists(300, 0.1, 0, 3);
const twentyDense = twentyLists(5000, 0.1, 1, 3);

interface Case {
  name: string;
  run: () => unknown;
  verify: () => void;
  warmup: number;
  runs: number;
  target: string;
}

/** The selected model's estimate, refitted: the stepwise result must be a converged fit. */
function stepwiseEstimate(data: CaptureData): { name: string; steps: number; estimate: number } {
  const selection = selectModel(data, { select: "stepwise" });
  check("stepwise", selection.model !== undefined);
  const terms = selection.model!.terms;
  const fit = fitLoglinear(data, terms.length > 0 ? terms : "main");
  check("stepwise fit", fit.fitted && Number.isFinite(fit.estimate) && fit.estimate >= data.observed);
  return { name: selection.model!.name, steps: selection.steps!.length, estimate: fit.fitted ? fit.estimate : Number.NaN };
}

const cases: Case[] = [
  {
    name: "BIC, sparse six-list table (21 people in 11 cells, 32,768 models)",
    run: () => selectModel(sparse, { select: "bic" }),
    verify: () => {
      const s = selectModel(sparse, { select: "bic" });
      check("sparse", s.valid === 6272 && s.model?.name === "[A:C, B:D, B:E, C:E, D:F, E:F]", JSON.stringify([s.valid, s.model?.name]));
    },
    warmup: 1,
    runs: 3,
    target: "< 3 s",
  },
  {
    name: "BIC, Ned (6 lists, 32,768 models)",
    run: () => selectModel(ned, { select: "bic" }),
    verify: () => {
      const s = selectModel(ned, { select: "bic" });
      check("Ned", s.valid === 32768 && s.model?.hierarchy === "[12,16,25,34,36,45,46]" && Math.abs(s.ranking![0].estimate / 116667.02 - 1) < 1e-6);
    },
    warmup: 1,
    runs: 3,
    target: "< 3 s",
  },
  {
    name: "BIC, UKdat (6 lists, 32,768 models)",
    run: () => selectModel(ukdat, { select: "bic" }),
    verify: () => {
      const s = selectModel(ukdat, { select: "bic" });
      check("UKdat", s.valid === 32768 && s.model?.hierarchy === "[12,13,25,35,36,45]" && Math.abs(s.ranking![0].estimate / 12349.59 - 1) < 1e-6);
    },
    warmup: 1,
    runs: 3,
    target: "< 3 s",
  },
  {
    name: "BIC, four lists with 36,251,257 people in one cell",
    run: () => selectModel(large, { select: "bic" }),
    verify: () => {
      const s = selectModel(large, { select: "bic" });
      check("large", s.model !== undefined && s.valid === 8, JSON.stringify([s.valid, s.model?.name]));
    },
    warmup: 2,
    runs: 5,
    target: "—",
  },
  {
    name: `stepwise, twenty lists, ${twentySparse.observed} people in ${twentySparse.counts.filter((c) => c > 0).length} cells`,
    run: () => stepwiseEstimate(twentySparse),
    verify: () => console.log("  ", JSON.stringify(stepwiseEstimate(twentySparse))),
    warmup: 0,
    runs: 1,
    target: "reasonable",
  },
  {
    name: `stepwise, twenty lists, ${twentyDense.observed} people in ${twentyDense.counts.filter((c) => c > 0).length} cells (heterogeneous)`,
    run: () => stepwiseEstimate(twentyDense),
    verify: () => console.log("  ", JSON.stringify(stepwiseEstimate(twentyDense))),
    warmup: 0,
    runs: 1,
    target: "reasonable",
  },
];

const only = process.argv.indexOf("--only") >= 0 ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
console.log(`Node ${process.version}; load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(", ")}`);
console.log("| case | median CPU s | median wall s | min wall s | target |");
console.log("|---|---:|---:|---:|---|");
for (const c of cases) {
  if (only !== undefined && !c.name.includes(only)) continue;
  try {
    c.verify();
  } catch (error) {
    console.log(`| ${c.name} | error: ${String(error).split("\n")[0]} | | | ${c.target} |`);
    continue;
  }
  const r = time(c.run, c.warmup, c.runs);
  console.log(`| ${c.name} | ${(r.cpu / 1000).toFixed(2)} | ${(r.median / 1000).toFixed(2)} | ${(r.min / 1000).toFixed(2)} | ${c.target} |`);
  console.log(`   peak RSS so far ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
}
