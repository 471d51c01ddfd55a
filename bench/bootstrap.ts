/**
 * Bootstrap benchmarks (issue 3) on the built package (`dist/`, so that worker threads load the
 * compiled worker): 1000 replicates, seed 1234, the model re-selected in every replicate. Each case
 * first checks that the estimate equals the reference and that the BCa limits are within ±20% of
 * the R package's (Monte Carlo error at 1000 replicates is a few per cent), so a fast wrong answer
 * cannot pass. Run: `npm run bench` (builds first).
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { bootstrapInterval, readCaptureCsv, type BootstrapIntervalOptions } from "../dist/index.js";

const reference = JSON.parse(
  readFileSync(new URL("../tests/fixtures/reference/MultipleSystemsEstimation.json", import.meta.url), "utf8"),
);
const load = (name: string) => readCaptureCsv(readFileSync(new URL(`../datasets/${name}/data.csv`, import.meta.url), "utf8"));

interface Case {
  name: string;
  dataset: string;
  options: BootstrapIntervalOptions;
  target: number;
  r: string;
  ref: { popest: number; limits?: Record<string, number> };
  runs: number;
}

const ds = reference.datasets;
const cases: Case[] = [
  {
    name: "stepwise + BCa, UKdat",
    dataset: "UKdat",
    options: { select: "stepwise" },
    target: 3,
    r: "125 s (MultipleSystemsEstimation), 201 s (SparseMSE)",
    ref: { popest: ds.UKdat.stepwise.popest, limits: ds.UKdat.stepwise.bootstrap.BCa },
    runs: 3,
  },
  {
    name: "BIC + BCa, top 100 models, UKdat_5",
    dataset: "UKdat_5",
    options: { select: "bic", top: 100 },
    target: 2,
    r: "100 s (MultipleSystemsEstimation)",
    ref: { popest: ds.UKdat_5.bic.popest, limits: ds.UKdat_5.bic.bootstrap.BCa_final },
    runs: 3,
  },
  {
    name: "stepwise + BCa, NewOrl (8 lists)",
    dataset: "NewOrl",
    options: { select: "stepwise" },
    target: 10,
    r: "≈ 587 s (MultipleSystemsEstimation)",
    ref: { popest: ds.NewOrl.stepwise.popest, limits: ds.NewOrl.stepwise.bootstrap.BCa },
    runs: 3,
  },
  {
    name: "BIC + BCa over the whole catalogue (6,212 models), UKdat_5",
    dataset: "UKdat_5",
    options: { select: "bic" },
    target: 60,
    r: "no R package can afford it",
    ref: { popest: ds.UKdat_5.bic.popest, limits: ds.UKdat_5.bic.bootstrap.BCa_final },
    runs: 1,
  },
];

console.log(`Node ${process.version}, ${availableParallelism()} cores, ${new Date().toISOString().slice(0, 10)}; 1000 replicates, seed 1234`);
console.log("| case | seconds (median) | target s | | 95% BCa ours | 95% BCa R | R on this machine |");
console.log("|---|---:|---:|---|---|---|---|");
for (const c of cases) {
  const data = load(c.dataset);
  const times: number[] = [];
  let last;
  for (let i = 0; i < c.runs; i++) {
    const t0 = performance.now();
    // compared with R's limits: the R packages' scheme (n fixed)
    last = await bootstrapInterval(data, { ...c.options, replicates: 1000, seed: 1234, methods: ["bca"], resampling: "nonparametric" });
    times.push((performance.now() - t0) / 1000);
  }
  const r = last!;
  const [bca] = r.intervals;
  const ok =
    Math.abs(r.estimate / c.ref.popest - 1) < 1e-6 &&
    bca !== undefined &&
    Math.abs(bca.lower / (c.ref.limits as Record<string, number>)["0.025"] - 1) < 0.2 &&
    Math.abs(bca.upper / (c.ref.limits as Record<string, number>)["0.975"] - 1) < 0.2;
  if (!ok) {
    console.error(`benchmark ${c.name}: wrong answer ${JSON.stringify(r.intervals)}`);
    process.exit(1);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const refLimits = c.ref.limits as Record<string, number>;
  console.log(
    `| ${c.name} | ${median.toFixed(2)} | ≤ ${c.target} | ${median <= c.target ? "met" : "MISSED"} | [${Math.round(bca.lower)}, ${Math.round(bca.upper)}] | [${Math.round(refLimits["0.025"])}, ${Math.round(refLimits["0.975"])}] | ${c.r} |`,
  );
}
