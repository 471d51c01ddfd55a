import { describe, expect, it } from "vitest";
import { estimateBayesthresh } from "../../../src/models/bayesthresh/estimateBayesthresh.js";
import { loadDataset, mse, referenceJson } from "../../fixtures.js";

// Ours over seeds 1–5 against MultipleSystemsEstimation's bayesthresh over R's seeds 1–5 (like with
// like: the spread of single runs on both sides). Tolerances: for each quantile of N, the two means
// over seeds within 3 standard errors of their difference, sqrt(sd_R²/5 + sd_ours²/5), plus 1% (the
// two samplers differ in proposal scale, so their Monte Carlo errors differ); interactions that every
// R run keeps (or none does) kept (or dropped) in every one of ours. On datasets with one R run (the
// default seed), R's quantiles must lie within the range of ours widened by 3 of our sds, and the
// interactions whose R statistic is more than 0.5 away from the threshold must agree.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const seeds: any = referenceJson("r2026/bayesthresh_seeds.json");
const SEEDS = [1, 2, 3, 4, 5];
const KEYS: [number, string, string][] = [
  [0.025, "q2.5%", "2.5%"],
  [0.1, "q10%", "10%"],
  [0.5, "q50%", "50%"],
  [0.9, "q90%", "90%"],
  [0.975, "q97.5%", "97.5%"],
];
const pairKey = (name: string): string => name.split(":").sort().join(":");
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]): number => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1));

describe("bayesthresh over seeds against R's spread over seeds", () => {
  const names = Object.keys(seeds.datasets);
  it("has R's five seeds on four datasets", () => expect(names).toHaveLength(4));
  for (const name of names) {
    it(`${name}: quantiles of N and the retained interactions`, () => {
      const ref = seeds.datasets[name];
      const runs = SEEDS.map((seed) => estimateBayesthresh(loadDataset(name), { seed }));
      for (const [p, key] of KEYS) {
        const ours = runs.map((r) => r.posterior?.quantiles.find((q) => q.probability === p)?.value ?? Number.NaN);
        const r = ref.across_seeds[key];
        const tolerance = 3 * Math.sqrt(r.sd ** 2 / 5 + sd(ours) ** 2 / 5) + 0.01 * r.mean;
        expect(Math.abs(mean(ours) - r.mean), `${name} quantile ${p}: ours ${mean(ours).toFixed(0)} ± ${sd(ours).toFixed(0)}, R ${r.mean.toFixed(0)} ± ${r.sd.toFixed(0)}`).toBeLessThan(tolerance);
      }
      const rRuns = [...ref.runs, ref.anchor_default_seed] as { retained_interactions: string[] }[];
      for (const pair of Object.keys(ref.runs[0].threshold_statistics).map(pairKey)) {
        const inR = rRuns.filter((x) => x.retained_interactions.map(pairKey).includes(pair)).length;
        const inOurs = runs.filter((x) => x.retainedInteractions.map(pairKey).includes(pair)).length;
        if (inR === rRuns.length) expect(inOurs, `${pair}`).toBe(runs.length);
        if (inR === 0) expect(inOurs, `${pair}`).toBe(0);
      }
    });
  }
});

describe("bayesthresh against R's default-seed run on the other datasets", () => {
  const others = ["UKdat", "Ned", "NewOrl_5", "Artificial_3"];
  it("covers four datasets (NewOrl left out: R's chain never moves there)", () => expect(others.every((n) => mse.datasets[n].bayesthresh.popest > 0)).toBe(true));
  for (const name of others) {
    it(`${name}: R's quantiles within our spread, clear-cut interactions the same`, () => {
      const ref = mse.datasets[name].bayesthresh;
      const runs = SEEDS.map((seed) => estimateBayesthresh(loadDataset(name), { seed }));
      for (const [p, , rKey] of KEYS) {
        const ours = runs.map((r) => r.posterior?.quantiles.find((q) => q.probability === p)?.value ?? Number.NaN);
        const width = 3 * sd(ours) + 0.01 * mean(ours);
        expect(ref.quantiles[rKey]).toBeGreaterThan(Math.min(...ours) - width);
        expect(ref.quantiles[rKey]).toBeLessThan(Math.max(...ours) + width);
      }
      let clear = 0;
      for (const [pair, statistic] of Object.entries(ref.threshold_statistics as Record<string, number | null>)) {
        if (statistic === null || Math.abs(statistic - 2) <= 0.5) continue;
        clear++;
        const kept = statistic >= 2;
        for (const r of runs) expect(r.retainedInteractions.map(pairKey).includes(pairKey(pair)), `${name} ${pair}`).toBe(kept);
      }
      expect(clear).toBeGreaterThan(0);
    });
  }
});
