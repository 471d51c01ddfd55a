/**
 * Coverage of bootstrap intervals for trend changes and slopes (docs/methodology/bootstrap.md):
 * 3 years of simulated capture data on 3 independent lists with known yearly populations; the
 * main-effects model per year; 95% BCa and percentile intervals of every change and of the slope,
 * under each resampling scheme. Prints a markdown table (coverage ± Monte Carlo standard error).
 *
 *   npx tsx scripts/coverage-trend.ts [replications=200] [replicates=400]
 */
import { estimateTrend, simulateCaptureData, type ResamplingScheme } from "../src/index.js";

const replications = Number(process.argv[2] ?? 200);
const replicates = Number(process.argv[3] ?? 400);
const years = [
  { name: "2021", population: 280, captureProbabilities: [0.2, 0.25, 0.2] },
  { name: "2022", population: 320, captureProbabilities: [0.3, 0.3, 0.35] },
  { name: "2023", population: 300, captureProbabilities: [0.5, 0.45, 0.55] },
];
const truth = years.map((y) => y.population);
const trueChanges = [truth[1] - truth[0], truth[2] - truth[1], truth[2] - truth[0]];
const trueSlope = (truth[2] - truth[0]) / 2;
const schemes: ResamplingScheme[] = ["nonparametric", "binomial", "poisson", "parametric"];
const counts: Record<string, { covered: number; total: number }> = {};
const tally = (key: string, interval: { lower: number; upper: number } | undefined, value: number) => {
  const c = (counts[key] ??= { covered: 0, total: 0 });
  if (!interval) return;
  c.total++;
  if (interval.lower <= value && value <= interval.upper) c.covered++;
};
const started = Date.now();
for (let r = 0; r < replications; r++) {
  const sim = simulateCaptureData({ lists: ["A", "B", "C"], seed: `trend/${r}`, strata: [{ column: "year", levels: years }] });
  for (const resampling of schemes) {
    for (const ci of ["bca", "percentile"] as const) {
      const t = await estimateTrend(sim.data, { period: "year", model: "main", ci, resampling, replicates, seed: `trend/${r}`, threads: 1 });
      t.periods.forEach((p, i) => tally(`${resampling}|${ci}|year ${p.period}`, p.intervals[0], truth[i]));
      t.changes.forEach((c, i) => tally(`${resampling}|${ci}|change ${c.from}→${c.to}`, c.intervals[0], trueChanges[i]));
      tally(`${resampling}|${ci}|slope`, t.slope.intervals[0], trueSlope);
    }
  }
  if ((r + 1) % 20 === 0) console.error(`${r + 1}/${replications} replications, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const statistics = [...new Set(Object.keys(counts).map((k) => k.split("|")[2]))];
console.log(`| statistic | ${schemes.flatMap((s) => [`${s} BCa`, `${s} percentile`]).join(" | ")} |`);
console.log(`|---|${schemes.flatMap(() => ["---:", "---:"]).join("|")}|`);
for (const s of statistics) {
  const cells = schemes.flatMap((scheme) =>
    ["bca", "percentile"].map((ci) => {
      const c = counts[`${scheme}|${ci}|${s}`];
      const p = c.covered / c.total;
      return `${p.toFixed(3)} ± ${Math.sqrt((p * (1 - p)) / c.total).toFixed(3)}`;
    }),
  );
  console.log(`| ${s} | ${cells.join(" | ")} |`);
}
console.log(`\n${replications} replications, ${replicates} bootstrap replicates, ${((Date.now() - started) / 1000).toFixed(0)} s`);
