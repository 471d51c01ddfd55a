import { describe, expect, it } from "vitest";
import { estimate } from "../../../src/estimate.js";
import { estimateWithInterval } from "../../../src/estimateWithInterval.js";
import { estimateByStratum } from "../../../src/strata/estimateByStratum.js";
import { estimateTrend } from "../../../src/strata/estimateTrend.js";
import { formatReport } from "../../../src/report/formatReport.js";
import { listFamilies } from "../../../src/families/registry.js";
import { fitClosedPopulationModel } from "../../../src/models/heterogeneity/fitClosedPopulationModel.js";
import { simulateCaptureData } from "../../../src/simulate/simulateCaptureData.js";
import { OptionError } from "../../../src/errors.js";
import { loadDataset, referenceJson, relativeError } from "../../fixtures.js";

const heterogeneity = referenceJson("r2026/rcapture_heterogeneity.json");

describe("the closed-population family in the registry", () => {
  it("is a built-in table family", () => {
    expect(listFamilies().find((f) => f.name === "closed-population")).toMatchObject({ scope: "table", builtIn: true });
  });

  it("estimate({ method: 'closed-population' }) gives the fit of fitClosedPopulationModel, with the shared core", () => {
    const data = loadDataset("Kosovo");
    const r = estimate(data, { method: "closed-population", model: "Mth", heterogeneity: "darroch" });
    const direct = fitClosedPopulationModel(data, { model: "Mth", heterogeneity: "darroch" });
    expect(r.family).toBe("closed-population");
    expect(r.kind).toBe("estimate");
    expect(r.fitted).toBe(true);
    expect(r.estimate).toBe(direct.estimate);
    expect(r.model).toEqual({ name: "Mth Darroch", terms: [], hierarchy: "Mth" });
    expect(r.closedPopulation.fit!.deviance).toBe(direct.fit!.deviance);
    expect(r.settings).toMatchObject({ method: "fixed", heterogeneity: { form: "darroch" } });
    const ll = estimate(data, { method: "closed-population", model: "[12,13,14]", heterogeneity: "poisson" });
    expect(ll.model!.terms).toEqual(["EXH:ABA", "EXH:OSCE", "EXH:HRW"]);
  });

  it("estimateWithInterval with ci profile reproduces closedpCI.t, unbounded limits marked truncated", async () => {
    const data = loadDataset("Western");
    const r = await estimateWithInterval(data, { method: "closed-population", model: "Mh", heterogeneity: "darroch", ci: "profile" });
    const ref = heterogeneity.datasets.Western.closedpCI_t.Mh_Darroch;
    expect(relativeError(r.intervals[0].lower, ref.ci_low)).toBeLessThan(1e-4);
    expect(r.intervals[0].truncated).toBe(true);
    expect(r.warnings.map((w) => w.code)).toContain("PROFILE_UNBOUNDED");
  });

  it("is bootstrapped through the registry (seeded, same numbers for any thread count)", async () => {
    const data = loadDataset("Kosovo");
    const options = { method: "closed-population", model: "Mth", heterogeneity: "poisson", ci: "percentile", replicates: 40, seed: 11 } as const;
    const one = await estimateWithInterval(data, { ...options, threads: 1 });
    const two = await estimateWithInterval(data, { ...options, threads: 2 });
    expect(one.intervals[0].lower).toBe(two.intervals[0].lower);
    expect(one.intervals[0].lower).toBeLessThan(one.estimate!);
    expect(one.intervals[0].upper).toBeGreaterThan(one.estimate!);
    expect(one.settings.seed).toBe(11);
  });

  it("serves post-stratification, trends and reports", async () => {
    const sim = simulateCaptureData({
      lists: ["A", "B", "C", "D"],
      strata: [{ column: "region", levels: [{ name: "north", population: 1500 }, { name: "south", population: 1200 }] }],
      captureProbabilities: [0.3, 0.25, 0.35, 0.2],
      heterogeneity: { sd: 1 },
      seed: 3,
    });
    const r = await estimateByStratum(sim.data, { by: ["region"], method: "closed-population", model: "Mth", heterogeneity: "darroch", ci: "none" });
    expect(r.strata).toHaveLength(2);
    expect(r.total.estimate).toBeGreaterThan(sim.data.observed);
    const years = simulateCaptureData({
      lists: ["A", "B", "C", "D"],
      strata: [{ column: "year", levels: [{ name: "2020", population: 1000 }, { name: "2021", population: 1300 }, { name: "2022", population: 1600 }] }],
      captureProbabilities: [0.3, 0.25, 0.35, 0.2],
      seed: 4,
    });
    const trend = await estimateTrend(years.data, { period: "year", method: "closed-population", model: "Mt", ci: "none" });
    expect(trend.periods.map((p) => p.estimate! > 0)).toEqual([true, true, true]);
    const text = await formatReport(estimate(loadDataset("Kosovo"), { method: "closed-population", model: "Mh", heterogeneity: "chao" }), { format: "text" });
    expect(text).toMatch(/Mh Chao \(LB\)/);
  });

  it("selects with select: 'bic' and a heterogeneity column, and rejects bad options", () => {
    const data = loadDataset("Kosovo");
    const r = estimate(data, { method: "closed-population", select: "bic", heterogeneity: "darroch", maxOrder: 2 });
    expect(r.selection!.considered).toBe(64);
    expect(r.model!.name).toBe(r.selection!.top[0].name);
    expect(() => estimate(data, { method: "closed-population", select: "stepwise" })).toThrow(OptionError);
    expect(() => estimate(data, { method: "closed-population", model: "Mb", heterogeneity: "chao" })).toThrow(OptionError);
  });
});
