/**
 * Benchmark of the closed-population family (issue 10): the whole closedp table (12 models) on
 * UKdat, against Rcapture's closedp.t (45 ms on this kind of machine). The table is first checked
 * against Rcapture's numbers (every estimate and BIC within 1e-6), so a fast wrong answer cannot
 * pass. Run: `npx tsx bench/closedp.ts`.
 */
import { readFileSync } from "node:fs";
import { readCaptureCsv } from "../src/data/readCaptureCsv.js";
import { closedPopulationModels } from "../src/models/heterogeneity/closedPopulationModels.js";
import { fitClosedPopulationModel } from "../src/models/heterogeneity/fitClosedPopulationModel.js";
import { selectClosedPopulationModel } from "../src/models/heterogeneity/selectClosedPopulationModel.js";

const reference = JSON.parse(readFileSync(new URL("../tests/fixtures/reference/RPackages.json", import.meta.url), "utf8"));
const load = (name: string) => readCaptureCsv(readFileSync(new URL(`../tests/fixtures/reference/datasets/${name}.csv`, import.meta.url), "utf8"));

/**
 * Wall-clock median and minimum, and the median CPU time of this process (user + system), which a
 * loaded machine does not inflate the way it inflates wall-clock time.
 */
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

function fail(label: string): never {
  console.error(`benchmark ${label}: wrong answer`);
  process.exit(1);
}

const ukdat = load("UKdat");
const table = closedPopulationModels(ukdat);
const ref = reference.datasets.UKdat.methods.rcapture_closedp_t.models;
for (const m of table.models) {
  const r = ref[m.name];
  if (m.estimate === null || !Number.isFinite(m.estimate) || Math.abs(m.estimate / r.abundance - 1) > 1e-6 || Math.abs(m.fit!.bic / r.BIC - 1) > 1e-6) fail(`closedp UKdat ${m.name}`);
}
const western = load("Western");
const profiled = fitClosedPopulationModel(western, { model: "Mth", heterogeneity: "poisson", interval: "profile" });
if (!(profiled.intervals[0].upper! > profiled.estimate!)) fail("profile");
const ukdat5 = load("UKdat_5");
const ms = selectClosedPopulationModel(ukdat5, { maxOrder: 2 });
if (ms.best!.model !== reference.datasets.UKdat_5.methods.rcapture_closedpMS_t.best_model) fail("closedpMS");

const rows = [
  { name: "closedp table, UKdat (6 lists, 12 models)", ...time(() => closedPopulationModels(ukdat), 20, 101), target: "< 5", r: "45 ms (Rcapture closedp.t)" },
  { name: "Mth Poisson2 + profile interval, Western", ...time(() => fitClosedPopulationModel(western, { model: "Mth", heterogeneity: "poisson", interval: "profile" }), 5, 21), target: "—", r: "not timed" },
  { name: "closedpMS, UKdat_5 (1,024 models, order ≤ 2)", ...time(() => selectClosedPopulationModel(ukdat5, { maxOrder: 2 }), 1, 5), target: "—", r: "not timed" },
];
console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log("| case | median ms | min ms | median CPU ms | target ms | R |");
console.log("|---|---:|---:|---:|---:|---|");
for (const r of rows) console.log(`| ${r.name} | ${r.median.toFixed(2)} | ${r.min.toFixed(2)} | ${r.cpu.toFixed(2)} | ${r.target} | ${r.r} |`);
