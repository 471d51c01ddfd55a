/**
 * Change over time, checked against the truth, on simulated data (`synthetic_regions_years`).
 *
 * Run: npx tsx examples/trend.ts        (a couple of seconds)
 *
 * The true population grows from 3,000 (2021) to 3,300 (2022) and 3,800 (2023): +300, +500, and
 * +800 over two years; the least-squares slope of the truth is 400 a year
 * (datasets/synthetic_regions_years/README.md). Each year is estimated on its own with the model
 * `police:ngo`; the changes and the slope are computed from the same bootstrap replicates as the
 * yearly estimates, so their intervals carry the uncertainty of every year involved.
 * Intervals: 95% BCa, 1000 replicates resampled within each year, seed 1234.
 *
 * Each year pools the two regions, which the lists reach at different rates, so a yearly estimate
 * can fall short of the truth (heterogeneity bias; see `stratified.ts`). Estimating by region and
 * year (`by: ["region", "year"]`) would avoid it at the cost of thinner strata.
 */
import { estimateTrend } from "../src/index.js";
import { loadDataset } from "../src/datasets/index.js";
import { covers, int, pick, range, slope, truthOfYear } from "./_shared.js";

const data = loadDataset("synthetic_regions_years");
const trend = await estimateTrend(data, { period: "year", model: "police:ngo", seed: 1234 });

console.log("year   observed   estimate   95% BCa           truth   inside   estimated/observed (true)");
for (const p of trend.periods) {
  const truth = truthOfYear(p.period);
  const ci = pick(p.intervals);
  console.log(`${p.period}   ${int(p.observed).padStart(8)} ${int(p.estimate).padStart(10)}   ${range(ci).padEnd(17)} ${int(truth).padStart(6)}   ${(covers(ci, truth) ? "yes" : "NO").padEnd(6)}   ${p.ratio?.toFixed(2)} (${(truth / p.observed).toFixed(2)})`);
}

console.log("\nchange        estimate   95% BCa          truth   inside");
for (const c of trend.changes) {
  const truth = truthOfYear(c.to) - truthOfYear(c.from);
  const ci = pick(c.intervals);
  console.log(`${c.from}→${c.to}   ${int(c.difference).padStart(8)}   ${range(ci).padEnd(16)} ${int(truth).padStart(5)}   ${covers(ci, truth) ? "yes" : "NO"}`);
}

const years = trend.periods.map((p) => Number(p.period));
const trueSlope = slope(years, years.map((y) => truthOfYear(String(y))));
const slopeCi = pick(trend.slope.intervals);
console.log(`\nslope (people per year): ${int(trend.slope.estimate)} ${range(slopeCi)}; truth ${int(trueSlope)}; inside: ${covers(slopeCi, trueSlope) ? "yes" : "NO"}`);
for (const w of trend.warnings) console.log(`warning [${w.code}]: ${w.message}`);
