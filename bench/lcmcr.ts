/**
 * LCMCR benchmark (issue 12) on the built package (`dist/`, so that worker threads load the
 * compiled worker): UKdat_5 with LCMCR's default iterations (burn-in 10,000, 1,000 samples,
 * thinning 100, K = 10). Each run first checks its answer: a finite posterior median between the
 * two modes R's seeds land in (11,000 – 25,000) and finite diagnostics, so a fast wrong answer
 * cannot pass. One warm-up run, then 3 timed runs per case; the median and minimum are reported
 * with the machine's load. Run: `npm run build && tsx bench/lcmcr.ts`.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { estimateLcmcr, readCaptureCsv, type LcmcrOptions } from "../dist/index.js";

const data = readCaptureCsv(readFileSync(new URL("../datasets/UKdat_5/data.csv", import.meta.url), "utf8"));
const cases: { name: string; options: LcmcrOptions; target: number; r: string }[] = [
  { name: "UKdat_5, one chain, 1 thread", options: { chains: 1, threads: 1, seed: 1 }, target: 1.4, r: "1.4 s (LCMCR 0.4.14, one chain)" },
  { name: "UKdat_5, 4 chains, 2 threads", options: { chains: 4, threads: 2, seed: 1 }, target: 3, r: "≈ 5.6 s (4 chains run one after the other)" },
];

async function check(options: LcmcrOptions): Promise<void> {
  const fit = await estimateLcmcr(data, options);
  const d = fit.diagnostics;
  const finite = [fit.estimate, fit.intervals[0].lower, fit.intervals[0].upper, d.rhat.population, d.essBulk.population].every(Number.isFinite);
  if (!finite || fit.estimate < 11_000 || fit.estimate > 25_000) {
    console.error(`wrong answer: ${JSON.stringify({ estimate: fit.estimate, interval: fit.intervals[0], rhat: d.rhat })}`);
    process.exit(1);
  }
}

console.log(`Node ${process.version}, load average before: ${loadavg().map((x) => x.toFixed(2)).join(", ")}`);
console.log("| case | median s | min s | target s | | R on this machine |");
console.log("|---|---:|---:|---:|---|---|");
for (const c of cases) {
  await check(c.options); // warm-up and answer check
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    await check(c.options);
    times.push((performance.now() - started) / 1000);
  }
  times.sort((a, b) => a - b);
  const median = times[1];
  console.log(`| ${c.name} | ${median.toFixed(2)} | ${times[0].toFixed(2)} | ≤ ${c.target} | ${median <= c.target ? "met" : "NOT met"} | ${c.r} |`);
}
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(", ")}`);
