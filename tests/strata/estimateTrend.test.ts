import { describe, expect, it } from "vitest";
import { simulateCaptureData } from "../../src/simulate/simulateCaptureData.js";
import { estimateTrend } from "../../src/strata/estimateTrend.js";
import { estimateByStratum } from "../../src/strata/estimateByStratum.js";

// Known truth: 4 lists, an A–B dependence (odds ratio 2.5), populations 4000 / 5000 / 6000 in
// 2019–2021 (slope 1000 a year). Large enough that the A:B model is within a few per cent.
const sim = simulateCaptureData({
  lists: ["A", "B", "C", "D"],
  seed: 11,
  captureProbabilities: [0.2, 0.15, 0.25, 0.1],
  strata: [
    {
      column: "year",
      levels: [
        { name: "2019", population: 4000 },
        { name: "2020", population: 5000 },
        { name: "2021", population: 6000 },
      ],
    },
  ],
  dependence: [{ lists: ["A", "B"], oddsRatio: 2.5 }],
});

describe("estimateTrend", () => {
  it("recovers the population of every year within 5% and the slope within its interval", async () => {
    const trend = await estimateTrend(sim.data, { period: "year", model: "A:B", replicates: 400, seed: 1, threads: 1 });
    expect(trend.periods.map((p) => p.period)).toEqual(["2019", "2020", "2021"]);
    trend.periods.forEach((p, i) => {
      const truth = sim.truth.strata[i].population;
      expect(Math.abs((p.estimate as number) / truth - 1)).toBeLessThan(0.05);
      expect(p.ratio).toBeCloseTo((p.estimate as number) / p.observed, 12);
      expect(p.intervals[0].lower).toBeLessThan(truth);
      expect(p.intervals[0].upper).toBeGreaterThan(truth);
    });
    expect(trend.settings.slopeUnit).toBe("per unit of year");
    const [slope] = trend.slope.intervals;
    expect(slope.lower).toBeLessThan(1000);
    expect(slope.upper).toBeGreaterThan(1000);
  });

  it("gives the change between consecutive years and from first to last, each with an interval", async () => {
    const trend = await estimateTrend(sim.data, { period: "year", model: "A:B", replicates: 300, seed: 2, threads: 1 });
    expect(trend.changes.map((c) => [c.from, c.to])).toEqual([
      ["2019", "2020"],
      ["2020", "2021"],
      ["2019", "2021"],
    ]);
    const estimates = trend.periods.map((p) => p.estimate as number);
    expect(trend.changes[2].difference).toBeCloseTo(estimates[2] - estimates[0], 8);
    for (const c of trend.changes) {
      expect(c.intervals).toHaveLength(1);
      expect(c.intervals[0].lower).toBeLessThan(c.difference as number);
      expect(c.intervals[0].upper).toBeGreaterThan(c.difference as number);
    }
  });

  it("with a covariate model the period estimates equal estimateByStratum's covariate fit", async () => {
    const model = "A:B + A:year + B:year + C:year + D:year";
    const trend = await estimateTrend(sim.data, { period: "year", covariateModel: model, replicates: 200, seed: 3 });
    const strata = await estimateByStratum(sim.data, { by: ["year"], covariateModel: model, ci: "none" });
    trend.periods.forEach((p, i) => expect(p.estimate).toBeCloseTo(strata.strata[i].estimate as number, 8));
    expect(trend.slope.intervals).toHaveLength(1);
    expect(trend.settings.method).toBe("covariate");
  });

  it("is reproducible with the same seed", async () => {
    const options = { period: "year", model: "A:B", replicates: 100, seed: 4, threads: 1 };
    expect(JSON.stringify(await estimateTrend(sim.data, options))).toBe(JSON.stringify(await estimateTrend(sim.data, options)));
  });

  it("rejects a missing period column", async () => {
    await expect(estimateTrend(sim.data, { period: "month" })).rejects.toThrow(/month/);
  });
});
