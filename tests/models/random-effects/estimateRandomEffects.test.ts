import { describe, expect, it } from "vitest";
import { estimateRandomEffects } from "../../../src/models/random-effects/estimateRandomEffects.js";
import { estimateRandomEffectsTrend } from "../../../src/models/random-effects/estimateRandomEffectsTrend.js";
import { fitRandomEffects } from "../../../src/models/random-effects/fitRandomEffects.js";
import { OptionError } from "../../../src/errors.js";
import { regions36, relative, years12 } from "./_fixtures.js";

describe("the parametric bootstrap of a random-effects fit", () => {
  const data = regions36();
  const options = { by: "region", model: "A:B", replicates: 40, seed: 11 } as const;

  it("gives identical intervals with the same seed for 1 and 2 threads, and different ones for another seed", async () => {
    const one = await estimateRandomEffects(data, { ...options, threads: 1 });
    const two = await estimateRandomEffects(data, { ...options, threads: 2 });
    expect(two.strata.map((s) => s.intervals)).toEqual(one.strata.map((s) => s.intervals));
    expect(two.total.intervals).toEqual(one.total.intervals);
    expect(one.settings).toMatchObject({ ci: "parametric-bootstrap", seed: 11, replicates: 40, resampling: "parametric", validReplicates: 40 });
    const other = await estimateRandomEffects(data, { ...options, seed: 12, threads: 1 });
    expect(other.total.intervals[0].lower).not.toBe(one.total.intervals[0].lower);
    // the point estimates are those of the fit
    const fit = fitRandomEffects(data, { by: "region", model: "A:B" });
    expect(one.total.estimate).toBe(fit.total.estimate);
  });

  it("brackets every estimate, keeps lower limits at or above the observed, and is wider than the conditional interval for the strata", async () => {
    const boot = await estimateRandomEffects(data, { ...options, threads: 1, level: [0.8, 0.95] });
    const conditional = fitRandomEffects(data, { by: "region", model: "A:B", level: [0.8, 0.95] });
    let wider = 0;
    boot.strata.forEach((s, i) => {
      const [narrow, wide] = s.intervals;
      expect(narrow.method).toBe("parametric-bootstrap");
      expect(wide.lower).toBeLessThanOrEqual(narrow.lower);
      expect(wide.upper).toBeGreaterThanOrEqual(narrow.upper);
      expect(wide.lower).toBeGreaterThanOrEqual(s.observed);
      expect(wide.lower).toBeLessThan(s.estimate as number);
      expect(wide.upper).toBeGreaterThan(s.estimate as number);
      const c = conditional.strata[i].intervals[1];
      if (wide.upper - wide.lower > c.upper - c.lower) wider++;
    });
    // the bootstrap adds the variance components' uncertainty and the dark figure's Poisson variation
    expect(wider).toBeGreaterThanOrEqual(30);
    const t = boot.total.intervals[1];
    expect(t.lower).toBeLessThan(boot.total.estimate as number);
    expect(t.upper).toBeGreaterThan(boot.total.estimate as number);
  });

  it("rejects bad options", async () => {
    await expect(estimateRandomEffects(data, { by: "region", ci: "bca" as never })).rejects.toThrow(OptionError);
    await expect(estimateRandomEffects(data, { by: "region", replicates: 0 })).rejects.toThrow(OptionError);
    await expect(estimateRandomEffects(data, { by: "region", threads: 0 })).rejects.toThrow(OptionError);
    await expect(estimateRandomEffects(data, { by: "region", seed: Number.NaN })).rejects.toThrow(OptionError);
  });
});

describe("trends through a random walk over periods", () => {
  const data = years12();

  it("periods, changes and the slope follow from the period estimates; intervals bracket them", async () => {
    const trend = await estimateRandomEffectsTrend(data, { period: "year", model: "A:B", replicates: 30, seed: 2, threads: 1 });
    expect(trend.periods.map((p) => p.period)).toEqual(Array.from({ length: 12 }, (_, i) => String(2010 + i)));
    expect(trend.fit.random.structure).toBe("random-walk");
    const values = trend.periods.map((p) => p.estimate as number);
    expect(trend.changes).toHaveLength(12);
    for (const change of trend.changes) {
      const a = values[trend.periods.findIndex((p) => p.period === change.from)];
      const b = values[trend.periods.findIndex((p) => p.period === change.to)];
      expect(change.difference).toBeCloseTo(b - a, 8);
      expect(change.intervals[0].lower).toBeLessThan(change.difference as number);
      expect(change.intervals[0].upper).toBeGreaterThan(change.difference as number);
    }
    const xs = values.map((_, i) => 2010 + i);
    const mx = xs.reduce((a, b) => a + b) / 12;
    const my = values.reduce((a, b) => a + b) / 12;
    const slope = xs.reduce((a, x, i) => a + (x - mx) * (values[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
    expect(relative(trend.slope.estimate as number, slope)).toBeLessThan(1e-10);
    expect(trend.slope.intervals[0].lower).toBeLessThan(slope);
    expect(trend.slope.intervals[0].upper).toBeGreaterThan(slope);
    expect(trend.settings).toMatchObject({ period: "year", structure: "random-walk", ci: "parametric-bootstrap", seed: 2, replicates: 30, slopeUnit: "per unit of year" });
  });

  it("the random walk borrows strength: its period intervals are narrower than exchangeable periods' conditional ones", async () => {
    const walk = await estimateRandomEffectsTrend(data, { period: "year", model: "A:B", ci: "conditional" });
    const exchangeable = await estimateRandomEffectsTrend(data, { period: "year", model: "A:B", ci: "conditional", structure: "independent" });
    const width = (t: typeof walk) => t.periods.reduce((a, p) => a + p.intervals[0].upper - p.intervals[0].lower, 0);
    expect(width(walk)).toBeLessThan(width(exchangeable));
    expect(walk.slope.intervals[0].method).toBe("conditional");
  });
});
