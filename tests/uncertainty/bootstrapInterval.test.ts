import { describe, expect, it } from "vitest";
import { bootstrapInterval, type BootstrapResult } from "../../src/uncertainty/bootstrapInterval.js";
import { bcaInterval } from "../../src/uncertainty/bcaInterval.js";
import { captureDataFromCounts } from "../../src/data/captureDataFromCounts.js";
import { fixtureCases, loadDataset, mse, referenceJson, rPackages, relativeError } from "../fixtures.js";
import { acceleration, bicAccelerationTitle, checkBicAcceleration, EXACT, SOLVER } from "./_acceleration.js";

const bootreps = referenceJson("bootreps/MultipleSystemsEstimation.json");

describe("the jackknife acceleration equals MultipleSystemsEstimation's ahat", () => {
  const names = Object.keys(mse.datasets) as string[];
  fixtureCases("datasets with a stepwise bootstrap block", names.filter((n) => mse.datasets[n].stepwise?.bootstrap), 9);
  fixtureCases("datasets with a main-effects bootstrap block", names.filter((n) => mse.datasets[n].fixed_main?.bootstrap), 9);
  fixtureCases("datasets with a BIC bootstrap block", names.filter((n) => mse.datasets[n].bic?.bootstrap), 8);
  for (const name of names) {
    const ref = mse.datasets[name];
    if (ref.stepwise?.bootstrap) {
      it(`${name}, stepwise: â = ${ref.stepwise.bootstrap.ahat}`, async () => {
        const glm = await acceleration(name, { select: "stepwise", stopping: "glm" });
        expect(relativeError(glm.acceleration as number, ref.stepwise.bootstrap.ahat)).toBeLessThan(EXACT);
        const tight = await acceleration(name, { select: "stepwise" });
        expect(relativeError(tight.acceleration as number, ref.stepwise.bootstrap.ahat)).toBeLessThan(SOLVER);
      });
    }
    if (ref.fixed_main?.bootstrap) {
      it(`${name}, main effects: â = ${ref.fixed_main.bootstrap.ahat}`, async () => {
        const glm = await acceleration(name, { model: "main", stopping: "glm" });
        expect(relativeError(glm.acceleration as number, ref.fixed_main.bootstrap.ahat)).toBeLessThan(EXACT);
      });
    }
    // the BIC top-100 jackknives of the two 6-list tables run in bootstrapInterval.slow.test.ts
    const bic = ref.bic?.bootstrap;
    if (bic && loadDataset(name).lists.length < 6) it(bicAccelerationTitle(name), () => checkBicAcceleration(name));
  }
});

describe("the jackknife acceleration equals SparseMSE's ahat", () => {
  const names = (Object.keys(rPackages.datasets) as string[]).filter((name) => typeof rPackages.datasets[name].methods.sparsemse_bootstrap_bca?.ahat === "number");
  for (const name of fixtureCases("SparseMSE bootstrap runs", names, 11)) {
    const ref = rPackages.datasets[name].methods.sparsemse_bootstrap_bca;
    it(`${name}, stepwise: â = ${ref.ahat}`, async () => {
      const r = await acceleration(name, { select: "stepwise", stopping: "glm" });
      expect(relativeError(r.acceleration as number, ref.ahat)).toBeLessThan(EXACT);
    });
  }
});

describe("BCa limits from the reference replicates and our own â equal the reference limits", () => {
  const names = (Object.keys(mse.datasets) as string[]).filter((name) => mse.datasets[name].stepwise?.bootstrap && bootreps[`${name}/stepwise`]);
  for (const name of fixtureCases("stepwise blocks with their replicates", names, 9)) {
    const block = mse.datasets[name].stepwise.bootstrap;
    const reps = bootreps[`${name}/stepwise`] as (number | null)[];
    it(`${name}, stepwise`, async () => {
      const { acceleration: ahat } = await acceleration(name, { select: "stepwise", stopping: "glm" });
      const finite = reps.filter((x): x is number => x !== null && Number.isFinite(x));
      const [i95, i80] = bcaInterval(finite, block.popest, ahat as number, { level: [0.95, 0.8] }).intervals;
      expect(relativeError(i95.lower, block.BCa["0.025"])).toBeLessThan(EXACT);
      expect(relativeError(i80.lower, block.BCa["0.1"])).toBeLessThan(EXACT);
      expect(relativeError(i80.upper, block.BCa["0.9"])).toBeLessThan(EXACT);
      expect(relativeError(i95.upper, block.BCa["0.975"])).toBeLessThan(EXACT);
    });
  }
});

describe("bootstrap reproducibility", () => {
  const data = loadDataset("Western");
  const options = { select: "stepwise" as const, replicates: 400, seed: "reproducible", level: [0.8, 0.95] };
  const withoutThreads = (r: BootstrapResult): string => JSON.stringify({ ...r, settings: { ...r.settings, threads: 0 } });

  it("the same seed gives byte-identical JSON in two runs, and the seed is recorded", async () => {
    const a = await bootstrapInterval(data, { ...options, threads: 1 });
    const b = await bootstrapInterval(data, { ...options, threads: 1 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.settings.seed).toBe("reproducible");
  });

  it("1 and 2 worker threads give byte-identical results (only settings.threads differs)", async () => {
    const one = await bootstrapInterval(data, { ...options, threads: 1, keepReplicates: true });
    const two = await bootstrapInterval(data, { ...options, threads: 2, keepReplicates: true });
    expect(two.settings.threads).toBe(2);
    expect(withoutThreads(two)).toBe(withoutThreads(one));
  });

  it("a BIC top-k search also gives identical results on 1 and 2 threads", async () => {
    const bic = { select: "bic" as const, top: 20, replicates: 64, seed: 5 };
    const one = await bootstrapInterval(loadDataset("Kosovo"), { ...bic, threads: 1 });
    const two = await bootstrapInterval(loadDataset("Kosovo"), { ...bic, threads: 2 });
    expect(withoutThreads(two)).toBe(withoutThreads(one));
  });

  it("another seed gives other replicates", async () => {
    const a = await bootstrapInterval(data, { ...options, threads: 1, keepReplicates: true });
    const b = await bootstrapInterval(data, { ...options, seed: "other", threads: 1, keepReplicates: true });
    expect(a.replicateEstimates).not.toEqual(b.replicateEstimates);
  });

  it("reports progress up to the total of replicates and jackknife deletions", async () => {
    const seen: [number, number][] = [];
    await bootstrapInterval(data, { ...options, replicates: 50, threads: 1, onProgress: (d, t) => seen.push([d, t]) });
    const total = 50 + data.counts.filter((c) => c > 0).length;
    expect(seen.at(-1)).toEqual([total, total]);
  });
});

describe("bootstrap behaviour", () => {
  it("intervals contain the estimate and widen with the level", async () => {
    const r = await bootstrapInterval(loadDataset("Kosovo"), { model: "main", replicates: 300, threads: 1, level: [0.8, 0.95] });
    const bca = r.intervals.filter((i) => i.method === "bca");
    expect(bca[0].lower).toBeLessThan(r.estimate);
    expect(bca[0].upper).toBeGreaterThan(r.estimate);
    expect(bca[1].lower).toBeLessThanOrEqual(bca[0].lower);
    expect(bca[1].upper).toBeGreaterThanOrEqual(bca[0].upper);
  });

  it("parametric resampling draws from the fitted model and gives an interval around the estimate", async () => {
    const r = await bootstrapInterval(loadDataset("Kosovo"), { model: "main", replicates: 300, threads: 1, resampling: "parametric" });
    expect(r.settings.resampling).toBe("parametric");
    const [bca] = r.intervals;
    expect(bca.lower).toBeLessThan(r.estimate);
    expect(bca.upper).toBeGreaterThan(r.estimate);
  });

  it("replicates and deletions with no valid model come back as coded warnings, never NaN", async () => {
    // One person is on two lists; without them nothing overlaps and no model has an extended MLE.
    const data = captureDataFromCounts(["A", "B", "C"], [
      { history: "100", count: 10 },
      { history: "010", count: 8 },
      { history: "001", count: 4 },
      { history: "110", count: 1 },
    ]);
    const r = await bootstrapInterval(data, { model: "main", replicates: 200, threads: 1 });
    const codes = r.warnings.map((w) => w.code);
    expect(codes).toContain("BOOTSTRAP_INVALID_REPLICATES");
    expect(codes).toContain("JACKKNIFE_FAILED");
    expect(r.acceleration).toBeNull();
    expect(r.intervals.map((i) => i.method)).toEqual(["percentile"]);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it.each([
    [{ replicates: 0 }, /replicates/],
    [{ threads: 0 }, /threads/],
    [{ level: 1 }, /level/],
    [{ select: "stepwise" as const, top: 3 }, /top/],
    [{ resampling: "jackknife" as never }, /resampling/],
  ])("rejects %j", async (options, message) => {
    await expect(bootstrapInterval(loadDataset("Kosovo"), options)).rejects.toThrow(message);
  });
});

describe("bootstrap refusals", () => {
  it("a fixed model that fails the check on the data is refused, not bootstrapped", async () => {
    await expect(bootstrapInterval(loadDataset("Artificial_3"), { model: "[12,3]" })).rejects.toThrow(/existence/);
  });
});
