import { describe, expect, it } from "vitest";
import { estimateBayesthresh } from "../../../src/models/bayesthresh/estimateBayesthresh.js";
import { posteriorMode, samplePosterior } from "../../../src/models/bayesthresh/_poissonPosterior.js";
import { fitLoglinear } from "../../../src/models/loglinear/fitLoglinear.js";
import { prepareCounts } from "../../../src/_lib/prepared.js";
import { randomStream } from "../../../src/_lib/random.js";
import { captureDataFromCounts } from "../../../src/data/captureDataFromCounts.js";
import { OptionError } from "../../../src/errors.js";
import type { CaptureData } from "../../../src/types.js";
import { loadDataset, referenceJson } from "../../fixtures.js";

/** R's bayesthresh over seeds 1–5 (MultipleSystemsEstimation 1.2.0; see the fixtures README). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const seeds: any = referenceJson("r2026/bayesthresh_seeds.json");
const seeded = Object.keys(seeds.datasets);

interface RRun {
  popest: number;
  quantiles: Record<string, number>;
  retained_interactions: string[];
}

const QUANTILE_KEYS: [number, string][] = [
  [0.025, "q2.5%"],
  [0.1, "q10%"],
  [0.5, "q50%"],
  [0.9, "q90%"],
  [0.975, "q97.5%"],
];

/** The same pair named in either list order ("A:B" = "B:A"). */
const pairKey = (name: string): string => name.split(":").sort().join(":");

describe("estimateBayesthresh against MultipleSystemsEstimation's bayesthresh over R's seeds", () => {
  it("covers the four datasets R was run on with five seeds", () => {
    expect(seeded.sort()).toEqual(["Kosovo", "Ned_5", "UKdat_5", "Western"]);
  });
  for (const name of seeded) {
    const ref = seeds.datasets[name];
    const runs: RRun[] = [...ref.runs, ref.anchor_default_seed];
    it(`${name}: keeps the pairs all R runs keep, drops those none keeps, and its quantiles lie within 4 R-sds of R's mean`, () => {
      expect(runs).toHaveLength(6);
      const data = loadDataset(name);
      const result = estimateBayesthresh(data);
      const ours = new Set(result.retainedInteractions.map(pairKey));
      const pairs = Object.keys(ref.runs[0].threshold_statistics).map(pairKey);
      expect(Object.keys(result.thresholdStatistics).map(pairKey).sort()).toEqual([...pairs].sort());
      let decided = 0;
      for (const pair of pairs) {
        const kept = runs.filter((r) => r.retained_interactions.map(pairKey).includes(pair)).length;
        if (kept === runs.length) {
          expect(ours.has(pair), `${pair} is kept by every R run`).toBe(true);
          decided++;
        } else if (kept === 0) {
          expect(ours.has(pair), `${pair} is kept by no R run`).toBe(false);
          decided++;
        }
      }
      expect(decided).toBeGreaterThanOrEqual(pairs.length - 2);
      // like with like: one of our runs against the spread of R's single runs (its sd over seeds)
      for (const [p, key] of QUANTILE_KEYS) {
        const q = result.posterior?.quantiles.find((e) => e.probability === p)?.value ?? Number.NaN;
        const { mean, sd } = ref.across_seeds[key];
        expect(Math.abs(q - mean), `quantile ${p}: ours ${q}, R ${mean} ± ${sd}`).toBeLessThan(4 * sd);
      }
      expect(result.estimate).toBe(result.posterior?.median);
      expect(result.intervals[0]).toEqual({
        method: "posterior",
        level: 0.95,
        lower: result.posterior?.quantiles.find((e) => e.probability === 0.025)?.value,
        upper: result.posterior?.quantiles.find((e) => e.probability === 0.975)?.value,
      });
    });
  }
});

describe("estimateBayesthresh: the Metropolis sampler targets the posterior it states", () => {
  it("with flat priors, the posterior mode is the Poisson MLE of the all-pairs model", () => {
    const data = loadDataset("Kosovo");
    const prepared = prepareCounts(data.counts, 4);
    const parameters = [0, 1, 2, 4, 8, 3, 5, 6, 9, 10, 12];
    const keptCells = new Uint8Array(16).fill(1);
    keptCells[0] = 0;
    const mode = posteriorMode({ nLists: 4, y: prepared.y, margins: prepared.margins, keptCells, parameters, precision: new Float64Array(parameters.length) });
    expect(mode.converged).toBe(true);
    const fit = fitLoglinear(data, "pairwise");
    if (!fit.fitted) throw new Error("the all-pairs model should fit Kosovo");
    // both Newton fits stop at a relative decrement near 1e-10: agreement to 1e-6 on the log scale
    expect(Math.abs(mode.beta[0] - (fit.coefficients[0].estimate ?? Number.NaN))).toBeLessThan(1e-6);
  });

  it("the draws' means and sds match the normal approximation at the mode on a large table (within 5 Monte Carlo errors)", () => {
    const data = loadDataset("Kosovo");
    const prepared = prepareCounts(data.counts, 4);
    const parameters = [0, 1, 2, 4, 8, 3, 5, 6, 9, 10, 12];
    const keptCells = new Uint8Array(16).fill(1);
    keptCells[0] = 0;
    const precision = Float64Array.from(parameters, (m) => (m === 0 || (m & (m - 1)) === 0 ? 1e-4 : 1));
    const problem = { nLists: 4, y: prepared.y, margins: prepared.margins, keptCells, parameters, precision };
    const mode = posteriorMode(problem);
    const sample = samplePosterior(problem, mode, randomStream(7, "test"), { burnIn: 2000, iterations: 40000, tune: 0.7 });
    expect(sample.acceptance).toBeGreaterThan(0.15);
    // Laplace sds: sqrt of the diagonal of H⁻¹ from the Cholesky factor
    const p = parameters.length;
    const l = mode.hessianFactor;
    for (const j of [0, 5]) {
      const e = new Float64Array(p);
      e[j] = 1;
      // solve L y = e, then variance_j = Σ y² over the inverse of Lᵀ L… use H⁻¹ = L⁻ᵀ L⁻¹
      const y = new Float64Array(p);
      for (let i = 0; i < p; i++) {
        let s = e[i];
        for (let k = 0; k < i; k++) s -= l[i * p + k] * y[k];
        y[i] = s / l[i * p + i];
      }
      const x = new Float64Array(p);
      for (let i = p - 1; i >= 0; i--) {
        let s = y[i];
        for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
        x[i] = s / l[i * p + i];
      }
      const laplaceSd = Math.sqrt(x[j]);
      let mean = 0;
      for (let k = 0; k < sample.kept; k++) mean += sample.draws[k * p + j] / sample.kept;
      let variance = 0;
      for (let k = 0; k < sample.kept; k++) variance += (sample.draws[k * p + j] - mean) ** 2 / (sample.kept - 1);
      // Monte Carlo error with an effective sample size of at least 1/100 of the draws
      const mcse = laplaceSd / Math.sqrt(sample.kept / 100);
      expect(Math.abs(mean - mode.beta[j])).toBeLessThan(5 * mcse);
      expect(Math.abs(Math.sqrt(variance) / laplaceSd - 1)).toBeLessThan(0.1);
    }
  });
});

/** Capture data from a count per history (index history − 1; bit j = list j). */
function fromCounts(lists: readonly string[], counts: readonly number[]): CaptureData {
  return captureDataFromCounts(
    lists,
    counts.map((count, i) => ({ history: lists.map((_, j) => ((i + 1) >> j) & 1), count })),
  );
}

describe("estimateBayesthresh: options and edge cases", () => {
  const kosovo = loadDataset("Kosovo");

  it("is reproducible: the same seed gives the same numbers, another seed other draws", () => {
    const a = estimateBayesthresh(kosovo, { seed: 3, iterations: 2000 });
    const b = estimateBayesthresh(kosovo, { seed: 3, iterations: 2000 });
    const c = estimateBayesthresh(kosovo, { seed: 4, iterations: 2000 });
    expect(b).toEqual(a);
    expect(c.estimate).not.toBe(a.estimate);
    expect(a.settings.seed).toBe(3);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it("keeps the draws of N on request; their median is the estimate", () => {
    const result = estimateBayesthresh(kosovo, { keepDraws: true, iterations: 2000 });
    const draws = result.posterior?.draws ?? [];
    expect(draws).toHaveLength(2000);
    const sorted = [...draws].sort((x, y) => x - y);
    expect(result.estimate).toBeCloseTo((sorted[999] + sorted[1000]) / 2, 8);
    expect(Math.min(...draws)).toBeGreaterThan(kosovo.observed);
  });

  it("with maxOrder 3 thresholds the triples whose three pairs were kept", () => {
    const result = estimateBayesthresh(kosovo, { maxOrder: 3 });
    expect(result.retainedInteractions.map(pairKey).sort()).toEqual(["ABA:EXH", "ABA:OSCE", "EXH:HRW", "EXH:OSCE", "HRW:OSCE"]);
    expect(result.eligibleTriples).toEqual(["EXH:ABA:OSCE", "EXH:OSCE:HRW"]);
    expect(Object.keys(result.tripleThresholdStatistics ?? {})).toEqual(["EXH:ABA:OSCE", "EXH:OSCE:HRW"]);
    expect(result.fits.map((f) => f.stage)).toEqual(["pairs", "triples", "refit"]);
    for (const triple of result.retainedTriples ?? []) expect(result.tripleThresholdStatistics?.[triple]).toBeGreaterThanOrEqual(2);
    for (const triple of result.retainedTriples ?? []) expect(result.model?.terms).toContain(triple);
  });

  it("with the improper prior, sets a pair nobody is on to −∞ (the extended MLE) and still estimates", () => {
    // lists A and B never overlap
    const counts = new Array(15).fill(0);
    const set = (history: number, count: number): void => {
      counts[history - 1] = count;
    };
    set(0b0001, 120);
    set(0b0010, 95);
    set(0b0100, 140);
    set(0b1000, 80);
    set(0b0101, 30);
    set(0b0110, 25);
    set(0b1001, 20);
    set(0b1010, 18);
    set(0b1100, 35);
    set(0b1101, 9);
    set(0b1110, 7);
    const data = fromCounts(["A", "B", "C", "D"], counts);
    const result = estimateBayesthresh(data, { prior: "improper", iterations: 4000 });
    expect(result.minusInfiniteInteractions).toEqual(["A:B"]);
    expect(Object.keys(result.thresholdStatistics)).not.toContain("A:B");
    expect(result.estimate).toBeGreaterThan(data.observed);
    expect(result.warnings.filter((w) => w.code !== "MCMC_NOT_CONVERGED")).toEqual([]);
  });

  it("with the improper prior, reports no estimate when the all-pairs MLE does not exist (Korea; R stops with an error)", () => {
    const result = estimateBayesthresh(loadDataset("Korea"), { prior: "improper" });
    expect(result.estimate).toBeNull();
    expect(result.intervals).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toContain("MLE_DOES_NOT_EXIST");
    const proper = estimateBayesthresh(loadDataset("Korea"));
    expect(proper.estimate).toBeGreaterThan(123);
  });

  it("moves on the 8-list New Orleans table, where MCMCpoisson's chain never leaves its start", () => {
    const result = estimateBayesthresh(loadDataset("NewOrl"), { iterations: 3000 });
    expect(Object.keys(result.thresholdStatistics)).toHaveLength(28);
    expect(result.fits[0].acceptance).toBeGreaterThan(0.1);
    const q = result.posterior?.quantiles ?? [];
    expect(q[q.length - 1].value).toBeGreaterThan(q[0].value);
  });

  const bad: [string, Parameters<typeof estimateBayesthresh>[1], string][] = [
    ["an unknown prior", { prior: "flat" as never }, "`prior` must be"],
    ["a zero prior variance", { priorVariance: 0 }, "`priorVariance` must be a positive finite number; received 0"],
    ["a negative threshold", { threshold: -1 }, "`threshold` must be a non-negative finite number; received -1"],
    ["maxOrder 4", { maxOrder: 4 as never }, "`maxOrder` must be 2 or 3; received 4"],
    ["a fractional burn-in", { burnIn: 10.5 }, "`burnIn` must be an integer"],
    ["too few iterations", { iterations: 5 }, "`iterations` must be an integer at least 10; received 5"],
    ["a zero tune", { tune: 0 }, "`tune` must be \"auto\" or a positive finite number; received 0"],
    ["a level of 0", { level: 0 }, "`level` must be strictly between 0 and 1; received 0"],
  ];
  for (const [label, options, message] of bad) {
    it(`throws OptionError for ${label}`, () => {
      expect(() => estimateBayesthresh(kosovo, options)).toThrow(OptionError);
      expect(() => estimateBayesthresh(kosovo, options)).toThrow(message);
    });
  }
});
