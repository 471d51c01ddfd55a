/**
 * Estimates by region, checked against the truth, on simulated data (`synthetic_regions_years`).
 *
 * Run: npx tsx examples/stratified.ts        (a couple of seconds)
 *
 * Four agencies (police, ngo, shelter, labour) see victims in two regions over three years. The
 * table was simulated (datasets/synthetic_regions_years/README.md), so the true population is
 * known: north 6,100, south 4,000, total 10,100. Each list reaches the north more often than the
 * south, and police and NGO share cases (odds ratio 2) in both; the model `police:ngo` holds in
 * every region.
 *
 * Two ways to estimate by region:
 *   - post-stratification: each region analysed on its own, with its own parameters;
 *   - a covariate model: one log-linear model over both regions in which each list's capture rate
 *     differs by region (`list:region`) but the police–NGO dependence is shared, so sparse regions
 *     borrow strength from the others.
 * Intervals: 95% BCa, 1000 replicates resampled within each region, seed 1234.
 */
import { estimate, estimateByStratum, type StratifiedEstimate } from "../src/index.js";
import { loadDataset } from "../src/datasets/index.js";
import { covers, int, pick, range, truthOfRegion } from "./_shared.js";

// The region and year columns come in as covariates; a region's table sums over its years.
const data = loadDataset("synthetic_regions_years");
const seed = 1234;

const post = await estimateByStratum(data, { by: ["region"], model: "police:ngo", seed });
const covariate = await estimateByStratum(data, {
  by: ["region"],
  covariateModel: "police:ngo + police:region + ngo:region + shelter:region + labour:region",
  seed,
});

function table(title: string, r: StratifiedEstimate): void {
  console.log(`${title}\n  region   observed   estimate   95% BCa            truth    truth inside`);
  const rows = [
    ...r.strata.map((s) => ({ name: s.stratum.region, ...s, truth: truthOfRegion(s.stratum.region) })),
    { name: "total", ...r.total, truth: truthOfRegion("north") + truthOfRegion("south") },
  ];
  for (const row of rows) {
    const ci = pick(row.intervals);
    console.log(`  ${row.name.padEnd(8)} ${int(row.observed).padStart(8)} ${int(row.estimate).padStart(10)}   ${range(ci).padEnd(18)} ${int(row.truth).padStart(6)}    ${covers(ci, row.truth) ? "yes" : "NO"}`);
  }
  for (const w of r.warnings) console.log(`  warning [${w.code}]: ${w.message}`);
}

table("Post-stratified, model police:ngo in each region", post);
table("\nCovariate model (lists × region, police:ngo shared)", covariate);
if (covariate.fit) console.log(`  fit: deviance ${covariate.fit.deviance.toFixed(2)} on ${covariate.fit.df} df, ${covariate.fit.parameters} parameters`);

// Ignoring the regions: pooling people whom the lists reach at different rates makes the lists
// look positively dependent, and the pooled estimate falls short of the truth (heterogeneity bias).
const pooled = estimate(data, { model: "police:ngo" });
console.log(`\nPooled, ignoring region (same model): ${int(pooled.estimate)} against a true 10,100`);
