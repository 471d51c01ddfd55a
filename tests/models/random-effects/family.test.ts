import { describe, expect, it } from "vitest";
import { estimateByStratum } from "../../../src/strata/estimateByStratum.js";
import { estimateTrend } from "../../../src/strata/estimateTrend.js";
import { fitRandomEffects } from "../../../src/models/random-effects/fitRandomEffects.js";
import { parametricModels, randomEffectsFamily } from "../../../src/models/random-effects/family.js";
import { listFamilies } from "../../../src/families/registry.js";
import { OptionError } from "../../../src/errors.js";
import { regions4, relative, years12 } from "./_fixtures.js";

describe("the random-effects family in the registry", () => {
  const data = regions4();

  it("is a built-in stratified family served by estimateByStratum with its conditional intervals", async () => {
    expect(listFamilies().find((f) => f.name === "random-effects")).toMatchObject({ scope: "stratified", builtIn: true });
    const viaRegistry = await estimateByStratum(data, { by: ["region"], method: "random-effects", model: "A:B", random: "lists", ci: "conditional" });
    const direct = fitRandomEffects(data, { by: "region", model: "A:B", random: "lists" });
    expect(viaRegistry.family).toBe("random-effects");
    expect(viaRegistry.kind).toBe("strata");
    expect(viaRegistry.total).toEqual(direct.total);
    expect(viaRegistry.strata.map((s) => s.intervals)).toEqual(direct.strata.map((s) => s.intervals));
    expect(viaRegistry.settings).toMatchObject({ family: "random-effects", ci: "conditional", random: "lists" });
  });

  it("gets percentile intervals from the registry's bootstrap, nonparametric and parametric, reproducibly", async () => {
    for (const resampling of ["nonparametric", "parametric"] as const) {
      const options = { by: ["region"], method: "random-effects", model: "A:B", ci: "percentile", replicates: 12, seed: 3, resampling } as const;
      const one = await estimateByStratum(data, { ...options, threads: 1 });
      if (resampling === "nonparametric") {
        const two = await estimateByStratum(data, { ...options, threads: 2 });
        expect(two.total.intervals).toEqual(one.total.intervals);
      }
      expect(one.total.intervals[0].method).toBe("percentile");
      expect(one.total.intervals[0].lower).toBeLessThan(one.total.estimate as number);
      expect(one.total.intervals[0].upper).toBeGreaterThan(one.total.estimate as number);
      expect(one.settings).toMatchObject({ ci: "percentile", seed: 3, replicates: 12, resampling });
    }
  });

  it("its parametric populations put each stratum's estimate over the cells in proportion to the fitted means", () => {
    const fit = fitRandomEffects(data, { by: "region", model: "A:B", random: "lists" });
    const models = parametricModels(fit, data.lists);
    expect(models).toHaveLength(3);
    models.forEach((m, s) => {
      expect(m.population).toBe(Math.round(fit.strata[s].estimate as number));
      expect(m.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      // a one-list history against the unobserved cell: exp(β_j + b_sj), the list's fixed and random main effect
      data.lists.forEach((list, j) => {
        const beta = fit.coefficients.find((c) => c.term === list)?.estimate as number;
        const ratio = m.probabilities[1 << j] / m.probabilities[0];
        expect(relative(ratio, Math.exp(beta + fit.strata[s].randomEffects[list]))).toBeLessThan(1e-12);
      });
    });
  });

  it("serves estimateTrend with a random walk over periods", async () => {
    const trend = await estimateTrend(years12(), { period: "year", method: "random-effects", structure: "random-walk", model: "A:B", ci: "conditional" });
    expect(trend.family).toBe("random-effects");
    expect(trend.periods).toHaveLength(12);
    expect(trend.periods[0].intervals[0].method).toBe("conditional");
    expect(trend.slope.estimate).toBeGreaterThan(0);
  });

  it("rejects options it does not take", () => {
    expect(() => randomEffectsFamily.spec(data, { by: ["region"], random: "slopes" as never })).toThrow(OptionError);
    expect(() => randomEffectsFamily.spec(data, { by: ["region", "region"], structure: "random-walk" })).toThrow(OptionError);
    expect(() => randomEffectsFamily.spec(data, { by: ["county"] })).toThrow(OptionError);
    return expect(estimateByStratum(data, { by: ["region"], method: "random-effects", ci: "lognormal" })).rejects.toThrow(/bca, percentile, conditional, none/);
  });
});
