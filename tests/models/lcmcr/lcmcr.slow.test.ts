import { describe, expect, it } from "vitest";
import { referenceJson, loadDataset, fixtureCases } from "../../fixtures.js";
import { estimateLcmcr, type LcmcrEstimate } from "../../../src/models/lcmcr/estimateLcmcr.js";
import { prepareLcmcrData, runChain, LcmcrSampler } from "../../../src/models/lcmcr/_sampler.js";
import { quantileSorted } from "../../../src/_lib/convergence.js";
import { randomStream } from "../../../src/_lib/random.js";
import { simulateCaptureData } from "../../../src/simulate/simulateCaptureData.js";
import type { CaptureData } from "../../../src/types.js";

// LCMCR 0.4.14's posterior of N for seeds 1–10 (tests/fixtures/reference/r2026/lcmcr_seeds.json).
// R's draws cannot be reproduced (LCMCR has its own GSL generator), so we compare like with like:
// our seeds 1–10, one chain of R's length (burn-in 10,000, 1,000 samples, thinning 100, K = 10,
// a = b = 0.25), against R's seeds 1–10, statistic by statistic (median, 2.5%, 97.5%):
//   z = (mean over our seeds − mean over R's) / √(sd_ours²/10 + sd_R²/10),  |z| < 3.
// The spreads over seeds (the Monte Carlo error of one run) are printed beside it.
const seeds = referenceJson("r2026/lcmcr_seeds.json");
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const STATISTICS = [
  ["median", "median"],
  ["q025", "q0.025"],
  ["q975", "q0.975"],
] as const;

interface RunSummary {
  readonly median: number;
  readonly q025: number;
  readonly q975: number;
}

function oneChain(data: CaptureData, seed: number): RunSummary {
  const trace = runChain(prepareLcmcrData(data.counts, data.lists.length), {
    classes: 10,
    alphaShape: 0.25,
    alphaRate: 0.25,
    burnin: 10_000,
    samples: 1000,
    thinning: 100,
    seed,
    chain: 0,
    classDraws: false,
  });
  const sorted = Float64Array.from(trace.population).sort();
  return { median: quantileSorted(sorted, 0.5), q025: quantileSorted(sorted, 0.025), q975: quantileSorted(sorted, 0.975) };
}

function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return { mean, sd };
}

/** Fisher's exact test (two-sided) of k1/n1 against k2/n2. */
function fisherExact(k1: number, n1: number, k2: number, n2: number): number {
  const logChoose = (n: number, k: number): number => {
    let s = 0;
    for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
    return s;
  };
  const total = k1 + k2;
  const p = (k: number): number => Math.exp(logChoose(n1, k) + logChoose(n2, total - k) - logChoose(n1 + n2, total));
  const observed = p(k1);
  let sum = 0;
  for (let k = Math.max(0, total - n2); k <= Math.min(total, n1); k++) if (p(k) <= observed * (1 + 1e-9)) sum += p(k);
  return Math.min(1, sum);
}

describe("LCMCR against LCMCR 0.4.14, like with like (one chain of R's length, seeds 1–10)", () => {
  const wellBehaved = fixtureCases("well-behaved tables", ["Kosovo", "Western", "MY5", "NewOrl_5_185"], 4);
  for (const name of wellBehaved) {
    it(`${name}: the mean over seeds of the median, 2.5% and 97.5% quantiles agree with R's (|z| < 3)`, () => {
      const data = loadDataset(name);
      const ours = SEEDS.map((seed) => oneChain(data, seed));
      const runs = seeds.datasets[name].runs as Record<string, number>[];
      expect(runs).toHaveLength(10);
      for (const [key, rKey] of STATISTICS) {
        const a = meanSd(ours.map((r) => r[key]));
        const b = meanSd(runs.map((r) => r[rKey]));
        const z = (a.mean - b.mean) / Math.sqrt(a.sd ** 2 / 10 + b.sd ** 2 / 10);
        console.log(`${name} ${key}: ours ${a.mean.toFixed(0)} (sd ${a.sd.toFixed(0)}), R ${b.mean.toFixed(0)} (sd ${b.sd.toFixed(0)}), z ${z.toFixed(2)}`);
        expect(Math.abs(z), `${name} ${key}`).toBeLessThan(3);
      }
    });
  }

  // Multimodal tables: compare how often a seed lands in the minor mode (Fisher's exact test,
  // p > 0.01), and the main mode's medians (|z| < 3).
  const multimodal = fixtureCases(
    "multimodal tables",
    [
      { name: "UKdat_5", minor: (median: number) => median < 16_000 },
      { name: "Ned_5", minor: (median: number) => median > 100_000 },
    ],
    2,
  );
  for (const { name, minor } of multimodal) {
    it(`${name}: seeds land in the minor mode about as often as R's, and the main mode's medians agree`, () => {
      const data = loadDataset(name);
      const ours = SEEDS.map((seed) => oneChain(data, seed));
      const runs = seeds.datasets[name].runs as Record<string, number>[];
      const oursMinor = ours.filter((r) => minor(r.median)).length;
      const rMinor = runs.filter((r) => minor(r.median)).length;
      const p = fisherExact(oursMinor, 10, rMinor, 10);
      const a = meanSd(ours.filter((r) => !minor(r.median)).map((r) => r.median));
      const b = meanSd(runs.filter((r) => !minor(r.median)).map((r) => r.median));
      const nA = ours.filter((r) => !minor(r.median)).length;
      const nB = runs.filter((r) => !minor(r.median)).length;
      const z = (a.mean - b.mean) / Math.sqrt(a.sd ** 2 / nA + b.sd ** 2 / nB);
      console.log(`${name}: minor mode in ${oursMinor}/10 of our seeds, ${rMinor}/10 of R's (Fisher p ${p.toFixed(3)}); main-mode median ours ${a.mean.toFixed(0)} (sd ${a.sd.toFixed(0)}), R ${b.mean.toFixed(0)} (sd ${b.sd.toFixed(0)}), z ${z.toFixed(2)}`);
      expect(p).toBeGreaterThan(0.01);
      expect(Math.abs(z)).toBeLessThan(3);
    });
  }
});

describe("LCMCR with its defaults (4 chains) against R", () => {
  // The tolerance of one R run is R's spread over its ten seeds (shared/reference/README.md): the
  // mean over our seeds 1–5 of each pooled statistic must lie within 3 of R's sds of R's mean. The
  // z of the difference of means is printed too. Measured (2026-11-29): Kosovo median 10,416 (sd 33
  // over our seeds) against R's 10,468 (sd 72), 2.5% 8,989 (sd 75) against 9,120 (sd 61): our 4
  // pooled chains put the 2.5% quantile about 1.4% lower, within one R run's tolerance but not
  // within the error of R's mean (z ≈ −3.4); a single chain of 10⁶ sweeps gives 9,071.
  it("Kosovo and Western, seeds 1–5: the pooled median and quantiles lie within the Monte Carlo tolerance of one R run", async () => {
    for (const name of ["Kosovo", "Western"]) {
      const data = loadDataset(name);
      const fits: LcmcrEstimate[] = [];
      for (const seed of [1, 2, 3, 4, 5]) fits.push(await estimateLcmcr(data, { seed }));
      const runs = seeds.datasets[name].runs as Record<string, number>[];
      const pick = { median: (f: LcmcrEstimate) => f.estimate, q025: (f: LcmcrEstimate) => f.intervals[0].lower, q975: (f: LcmcrEstimate) => f.intervals[0].upper };
      for (const [key, rKey] of STATISTICS) {
        const a = meanSd(fits.map(pick[key]));
        const b = meanSd(runs.map((r) => r[rKey]));
        const z = (a.mean - b.mean) / Math.sqrt(a.sd ** 2 / 5 + b.sd ** 2 / 10);
        console.log(`${name} defaults ${key}: ours ${a.mean.toFixed(0)} (sd over seeds ${a.sd.toFixed(0)}), R one chain ${b.mean.toFixed(0)} (sd ${b.sd.toFixed(0)}), difference ${(a.mean - b.mean).toFixed(0)} = ${((a.mean - b.mean) / b.sd).toFixed(2)} R sds, z ${z.toFixed(2)}`);
        expect(Math.abs(a.mean - b.mean), `${name} ${key}`).toBeLessThan(3 * b.sd);
      }
    }
  });
});

describe("LCMCR's multimodality check with the default settings", () => {
  it("flags Ned_5 and UKdat_5, and none of Kosovo, Western, MY5", async () => {
    const flagged: Record<string, boolean> = {};
    for (const name of ["Ned_5", "UKdat_5", "Kosovo", "Western", "MY5"]) {
      const fit = await estimateLcmcr(loadDataset(name));
      flagged[name] = fit.warnings.some((w) => w.code === "MCMC_MULTIMODAL");
      console.log(
        `${name}: median ${fit.estimate}, R-hat ${fit.diagnostics.rhat.population.toFixed(3)}, modes ${JSON.stringify(fit.diagnostics.multimodality.modes)}, ` +
          `chain medians ${fit.diagnostics.chains.map((c) => c.median).join(", ")}, warnings ${fit.warnings.map((w) => w.code).join(", ")}`,
      );
    }
    expect(flagged).toEqual({ Ned_5: true, UKdat_5: true, Kosovo: false, Western: false, MY5: false });
  });
});

describe("LCMCR coverage on a simulated latent-class population", () => {
  it("the 95% posterior interval covers N in at least 90 of 100 seeded repetitions", async () => {
    // Two latent classes (the simulator's strata, pooled): 1,200 people less often listed, 800 more
    // often. Measured: 98/100 (2026-11-29). With a harder population (the
    // hidden class listed with probability 0.10–0.20, so half of it is never seen) the figure was
    // 82/100, every miss an interval below N: the posterior then underestimates, with short or long
    // chains alike (26/30 with 5,000 + 20,000 sweeps).
    const N = 2000;
    let covered = 0;
    const reps = 100;
    for (let rep = 0; rep < reps; rep++) {
      const sim = simulateCaptureData({
        lists: ["A", "B", "C", "D"],
        seed: `coverage-${rep}`,
        strata: [
          {
            column: "class",
            levels: [
              { name: "hidden", population: 1200, captureProbabilities: [0.3, 0.25, 0.35, 0.3] },
              { name: "visible", population: 800, captureProbabilities: [0.6, 0.55, 0.7, 0.65] },
            ],
          },
        ],
      });
      const data: CaptureData = { lists: sim.data.lists, counts: sim.data.counts, observed: sim.data.observed };
      // Short chains in this thread: worker start-up would cost more than the chains.
      const fit = await estimateLcmcr(data, { seed: rep, chains: 2, burnin: 2000, samples: 500, thinning: 10, threads: 1 });
      if (fit.intervals[0].lower <= N && N <= fit.intervals[0].upper) covered++;
    }
    console.log(`coverage of the 95% posterior interval: ${covered}/${reps}`);
    expect(covered).toBeGreaterThanOrEqual(90);
  });
});

describe("Geweke's joint-distribution test of the class steps (N fixed)", () => {
  it("alternating a Gibbs sweep with data drawn from the model keeps α, λ and π₁ at their prior (|z| < 4, batch means)", () => {
    // Prior: α ~ Gamma(1, 1), λ ~ U(0, 1), π₁ = V₁ ~ Beta(1, α): E α = 1, E λ = 1/2, E π₁ = e·E₁(1).
    const t = 3;
    const K = 4;
    const population = 60;
    const rng = randomStream(99, "geweke");
    const data = prepareLcmcrData(new Array(2 ** t - 1).fill(1), t);
    const counts = data.counts as Float64Array;
    const sampler = new LcmcrSampler(data, { classes: K, alphaShape: 1, alphaRate: 1 }, randomStream(99, "sampler"));
    const regenerate = (lambda: Float64Array, byClass: Float64Array): void => {
      counts.fill(0);
      sampler.listCount.fill(0);
      let unobserved = 0;
      for (let k = 0; k < K; k++) {
        for (let i = 0; i < byClass[k]; i++) {
          let h = 0;
          for (let j = 0; j < t; j++) {
            if (rng.uniform() < lambda[j * K + k]) {
              h |= 1 << j;
              sampler.listCount[j * K + k]++;
            }
          }
          if (h === 0) unobserved++;
          else counts[h - 1]++;
        }
      }
      sampler.classCount.set(byClass);
      sampler.unobserved = unobserved;
    };
    // Start from the prior.
    sampler.alpha = rng.gamma(1, 1);
    const lambda0 = Float64Array.from({ length: t * K }, () => rng.uniform());
    const weights = new Float64Array(K);
    let remaining = 1;
    for (let k = 0; k < K - 1; k++) {
      const v = rng.beta(1, sampler.alpha);
      weights[k] = remaining * v;
      remaining *= 1 - v;
    }
    weights[K - 1] = remaining;
    regenerate(lambda0, rng.multinomial(population, weights));
    const iterations = 300_000;
    const batch = 10_000;
    const targets = { alpha: 1, lambda: 0.5, weight: 0.596347362323194 };
    const batches: Record<keyof typeof targets, number[]> = { alpha: [], lambda: [], weight: [] };
    const sums = { alpha: 0, lambda: 0, weight: 0 };
    for (let it = 1; it <= iterations; it++) {
      sampler.drawCaptureProbabilities();
      sampler.drawWeights();
      sampler.allocateObserved(false);
      sampler.allocateUnobserved();
      sums.alpha += sampler.alpha;
      sums.lambda += sampler.lambda[0];
      sums.weight += sampler.weight[0];
      if (it % batch === 0) {
        for (const key of ["alpha", "lambda", "weight"] as const) {
          batches[key].push(sums[key] / batch);
          sums[key] = 0;
        }
      }
      regenerate(sampler.lambda, Float64Array.from(sampler.classCount));
    }
    for (const key of ["alpha", "lambda", "weight"] as const) {
      const { mean, sd } = meanSd(batches[key]);
      const z = (mean - targets[key]) / (sd / Math.sqrt(batches[key].length));
      console.log(`Geweke ${key}: mean ${mean.toFixed(4)} (prior ${targets[key].toFixed(4)}), z ${z.toFixed(2)}`);
      expect(Math.abs(z), key).toBeLessThan(4);
    }
  });
});
