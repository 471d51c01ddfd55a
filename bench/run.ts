/**
 * Benchmarks of the point-estimate engine. Each case checks its answer against the reference before
 * it is timed, so a fast wrong answer cannot pass. Run: `npm run bench`.
 *
 * Timing: a few warm-up runs (JIT), then the median and the minimum of `runs` timed runs, in
 * milliseconds, single thread.
 */
import { readFileSync } from "node:fs";
import { readCaptureCsv } from "../src/data/readCaptureCsv.js";
import { rankModels } from "../src/selection/rankModels.js";
import { selectStepwise } from "../src/selection/stepwise.js";
import { estimate } from "../src/estimate.js";
import { selectModel } from "../src/selection/selectModel.js";
import type { CaptureData } from "../src/types.js";

const reference = JSON.parse(
  readFileSync(new URL("../tests/fixtures/reference/MultipleSystemsEstimation.json", import.meta.url), "utf8"),
);

function load(name: string): CaptureData {
  return readCaptureCsv(readFileSync(new URL(`../datasets/${name}/data.csv`, import.meta.url), "utf8"));
}

function time(fn: () => unknown, warmup: number, runs: number): { median: number; min: number } {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

function check(label: string, ok: boolean): void {
  if (!ok) {
    console.error(`benchmark ${label}: wrong answer`);
    process.exit(1);
  }
}

interface Case {
  name: string;
  target: number;
  r: string;
  run: () => void;
  verify: () => boolean;
  warmup: number;
  runs: number;
}

const ukdat5 = load("UKdat_5");
const ukdat = load("UKdat");
const newOrl = load("NewOrl");

const cases: Case[] = [
  {
    name: "BIC search, UKdat_5 (6,212 models, order ≤ 3): selectModel",
    target: 150,
    r: "14.7 s (MultipleSystemsEstimation)",
    run: () => selectModel(ukdat5, { select: "bic" }),
    verify: () => {
      const s = selectModel(ukdat5, { select: "bic" });
      const ref = reference.datasets.UKdat_5.bic;
      return s.model?.hierarchy === ref.model && s.valid === ref.n_models_valid;
    },
    warmup: 3,
    runs: 15,
  },
  {
    name: "the same, with every valid model described: rankModels",
    target: 300,
    r: "",
    run: () => rankModels(ukdat5),
    verify: () => {
      const best = rankModels(ukdat5).models[0];
      const ref = reference.datasets.UKdat_5.bic;
      return best.model.hierarchy === ref.model && Math.abs(best.estimate / ref.popest - 1) < 1e-6;
    },
    warmup: 3,
    runs: 15,
  },
  {
    name: "BIC search, UKdat (6 lists, 32,768 models, order ≤ 2): selectModel",
    target: Number.POSITIVE_INFINITY,
    r: "not timed in the reference",
    run: () => selectModel(ukdat, { select: "bic" }),
    verify: () => {
      const s = selectModel(ukdat, { select: "bic" });
      const ref = reference.datasets.UKdat.bic;
      return s.model?.hierarchy === ref.model && s.valid === ref.n_models_valid;
    },
    warmup: 1,
    runs: 5,
  },
  {
    name: "stepwise, UKdat (6 lists)",
    target: 5,
    r: "0.12 s (MultipleSystemsEstimation)",
    run: () => selectStepwise(ukdat),
    verify: () => {
      const r = estimate(ukdat, { select: "stepwise" });
      return Math.abs((r.estimate as number) / reference.datasets.UKdat.stepwise.popest - 1) < 1e-6;
    },
    warmup: 20,
    runs: 101,
  },
  {
    name: "stepwise, NewOrl (8 lists)",
    target: 20,
    r: "0.52 s (MultipleSystemsEstimation)",
    run: () => selectStepwise(newOrl),
    verify: () => {
      const r = estimate(newOrl, { select: "stepwise" });
      return Math.abs((r.estimate as number) / reference.datasets.NewOrl.stepwise.popest - 1) < 1e-6;
    },
    warmup: 20,
    runs: 101,
  },
];

const rows: string[] = [];
for (const c of cases) {
  check(c.name, c.verify());
  const { median, min } = time(c.run, c.warmup, c.runs);
  rows.push(
    `| ${c.name} | ${median.toFixed(2)} | ${min.toFixed(2)} | ${Number.isFinite(c.target) ? `< ${c.target}` : "—"} | ${Number.isFinite(c.target) ? (median < c.target ? "met" : "MISSED") : ""} | ${c.r} |`,
  );
}
console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log("| case | median ms | min ms | target ms | | R on this machine |");
console.log("|---|---:|---:|---:|---|---|");
for (const row of rows) console.log(row);
