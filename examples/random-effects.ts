/**
 * Forty sparse regions: post-stratification against a random-effects model, checked against the
 * truth on simulated data.
 *
 * Run: npx tsx examples/random-effects.ts        (under a minute on two cores)
 *
 * 40 regions of 20–500 people; four lists whose reach differs by region (each region's lists reach
 * further or less far together, and each list by itself); lists A and B share cases (odds ratio 2).
 * Post-stratification fits every region on its own; the random-effects model fits one Poisson
 * log-linear mixed model over all regions (fixed A:B, a random intercept, a reach shared by the lists
 * and each list's own random effect), by Laplace maximum likelihood as lme4's glmer, and its 95%
 * intervals come from a parametric bootstrap of the whole fit (200 replicates, seed 1234).
 */
import { estimateByStratum, estimateRandomEffects, simulateCaptureData } from "../src/index.js";
import { randomStream } from "../src/_lib/random.js";

const random = randomStream(7, "example regions");
const logit = (p: number) => Math.log(p / (1 - p));
const expit = (x: number) => 1 / (1 + Math.exp(-x));
const levels = Array.from({ length: 40 }, (_, i) => {
  const common = 0.4 * random.normal();
  return {
    name: `r${String(i + 1).padStart(2, "0")}`,
    population: Math.round(20 * 25 ** random.uniform()),
    captureProbabilities: [0.2, 0.15, 0.25, 0.12].map((p) => expit(logit(p) + common + 0.3 * random.normal())),
  };
});
const sim = simulateCaptureData({ lists: ["A", "B", "C", "D"], seed: 7, strata: [{ column: "region", levels }], dependence: [{ lists: ["A", "B"], oddsRatio: 2 }] });
const truth = sim.truth.strata.map((s) => s.population);

const post = await estimateByStratum(sim.data, { by: ["region"], model: "A:B", ci: "lognormal" });
const mixed = await estimateRandomEffects(sim.data, { by: "region", model: "A:B", random: "reach", replicates: 200, seed: 1234 });

const rmse = (estimates: (number | null)[], small: boolean) => {
  const errors = estimates.flatMap((e, i) => (e === null || (truth[i] <= 100) !== small ? [] : [(e - truth[i]) ** 2]));
  return Math.sqrt(errors.reduce((a, b) => a + b, 0) / errors.length).toFixed(1);
};
const covered = (r: typeof mixed.strata | typeof post.strata) =>
  r.filter((s, i) => s.intervals[0] !== undefined && s.intervals[0].lower <= truth[i] && truth[i] <= s.intervals[0].upper).length;

console.log("                         RMSE small (≤100)  RMSE large  regions without estimate  truth inside 95%");
for (const [name, r] of [["post-stratification", post], ["random effects (reach)", mixed]] as const) {
  const estimates = r.strata.map((s) => s.estimate);
  console.log(
    `${name.padEnd(25)}${rmse(estimates, true).padStart(17)}${rmse(estimates, false).padStart(12)}${String(estimates.filter((e) => e === null).length).padStart(26)}${`${covered(r.strata)} of 40`.padStart(18)}`,
  );
}
const total = truth.reduce((a, b) => a + b, 0);
const t = mixed.total.intervals[0];
console.log(`\ntotal: truth ${total}; random effects ${mixed.total.estimate?.toFixed(0)} [${t.lower.toFixed(0)}, ${t.upper.toFixed(0)}]; post-stratification ${post.total.estimate?.toFixed(0) ?? "none (some region has no estimate)"}`);
console.log(`variance components: ${Object.entries(mixed.variance).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(", ")}`);
