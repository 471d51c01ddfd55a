import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CaptureDataError, OptionError } from "../../../src/errors.js";
import {
  countsByCapturesFromCaptureData,
  countsByCapturesFromFrequencies,
  readCountsByCapturesCsv,
} from "../../../src/models/heterogeneity/countsByCaptures.js";
import {
  closedPopulationModelsFromCounts,
  fitCountsByCapturesModel,
} from "../../../src/models/heterogeneity/closedPopulationModelsFromCounts.js";
import { closedPopulationModels } from "../../../src/models/heterogeneity/closedPopulationModels.js";
import { issuesOf, loadDataset, relativeError } from "../../fixtures.js";

const nbcap = (name: string) =>
  readCountsByCapturesCsv(readFileSync(new URL(`../../fixtures/reference/datasets/rcapture/${name}_nbcap.csv`, import.meta.url), "utf8"));

describe("readCountsByCapturesCsv", () => {
  it("reads Rcapture's nbcap,freq files (BBS2001, cbird, ill)", () => {
    const ill = nbcap("ill");
    expect(ill.frequencies).toEqual([1645, 183, 37, 13, 1, 1]);
    expect(ill.observed).toBe(1880);
    expect(nbcap("cbird").frequencies).toEqual([6, 4, 5, 2, 0, 2]);
    const bbs = nbcap("BBS2001");
    expect(bbs.frequencies).toHaveLength(36);
    expect(bbs.observed).toBe(bbs.frequencies.reduce((a, b) => a + b, 0));
  });

  it("lists every bad row with its row and column", () => {
    const issues = issuesOf(() => readCountsByCapturesCsv("nbcap,freq\n0,3\n2,-1\n2,4\n3,1.5"));
    expect(issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["INVALID_HISTORY", 2, "nbcap"],
      ["NEGATIVE_COUNT", 3, "freq"],
      ["FRACTIONAL_COUNT", 5, "freq"],
    ]);
    expect(issuesOf(() => readCountsByCapturesCsv("k,freq\n1,2")).map((i) => i.code)).toEqual(["MISSING_COLUMN"]);
    expect(() => countsByCapturesFromFrequencies([0, 0])).toThrow(CaptureDataError);
  });
});

describe("closedPopulationModelsFromCounts (Rcapture's closedp.0)", () => {
  it("gives the closedp.t estimates of M0 and the Mh models for t occasions (the frequencies are sufficient)", () => {
    let checked = 0;
    for (const name of ["UKdat_5", "Kosovo", "Western", "MY5"]) {
      const data = loadDataset(name);
      const histories = closedPopulationModels(data).models;
      const counts = closedPopulationModelsFromCounts(countsByCapturesFromCaptureData(data), { occasions: data.lists.length }).models;
      expect(counts.map((m) => m.name)).toEqual(["M0", "Mh Chao (LB)", "Mh Poisson2", "Mh Darroch", "Mh Gamma3.5"]);
      for (const m of counts) {
        const h = histories.find((x) => x.name === m.name)!;
        // same likelihood in the model's parameters; glm's iterations differ, so agreement is to its convergence
        expect(relativeError(m.estimate!, h.estimate!), `${name} ${m.name}`).toBeLessThan(1e-5);
        expect(m.fit!.df).toBe(data.lists.length - m.fit!.parameters);
        checked++;
      }
    }
    expect(checked).toBe(20);
  });

  it("in continuous time M0 is the zero-truncated Poisson MLE: λ/(1 − e^−λ) = mean captures, N = n/(1 − e^−λ)", () => {
    const ill = nbcap("ill");
    const fit = fitCountsByCapturesModel(ill, { occasions: Infinity, model: "M0" });
    const n = ill.observed;
    const mean = ill.frequencies.reduce((s, f, i) => s + f * (i + 1), 0) / n;
    // solve λ/(1 − e^−λ) = mean by bisection
    let lo = 1e-9;
    let hi = 2 * mean;
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (mid / (1 - Math.exp(-mid)) < mean) lo = mid;
      else hi = mid;
    }
    const lambda = (lo + hi) / 2;
    // the fit stops as glm.fit does (relative deviance change < 1e-8), which leaves ~1e-5 here
    expect(relativeError(fit.estimate!, n / (1 - Math.exp(-lambda)))).toBeLessThan(2e-5);
    // the table is plain JSON: continuous time is "continuous", never Infinity
    const table = closedPopulationModelsFromCounts(ill, { occasions: Infinity });
    expect(table.occasions).toBe("continuous");
    expect(JSON.parse(JSON.stringify(table))).toEqual(table);
  });

  it("in continuous time Chao's model is Chao's moment estimator n + f1²/(2 f2) when no eta is negative", () => {
    const ill = nbcap("ill");
    const fit = fitCountsByCapturesModel(ill, { occasions: Infinity, model: "Mh", heterogeneity: "chao" });
    const [f1, f2] = ill.frequencies;
    if (fit.constrainedToZero.length === 0) expect(relativeError(fit.estimate!, ill.observed + (f1 * f1) / (2 * f2))).toBeLessThan(1e-7);
    else expect(fit.estimate!).toBeGreaterThan(ill.observed + (f1 * f1) / (2 * f2) - 1e-6);
  });

  it("with t0 fits f1 … f_t0 only and adds the people seen more often to the estimate", () => {
    const bbs = nbcap("BBS2001");
    const table = closedPopulationModelsFromCounts(bbs, { occasions: 50, t0: 20 });
    expect(table.models).toHaveLength(5);
    for (const m of table.models) {
      expect(m.observed).toBe(bbs.observed);
      if (m.estimate !== null) expect(m.estimate).toBeGreaterThanOrEqual(bbs.observed);
      if (m.fit) expect(m.fit.df).toBe(20 - m.fit.parameters);
    }
  });

  it("rejects a missing or too small number of occasions and a bad t0", () => {
    const ill = nbcap("ill");
    expect(() => fitCountsByCapturesModel(ill, { occasions: undefined as unknown as number })).toThrow(OptionError);
    expect(() => fitCountsByCapturesModel(ill, { occasions: 5 })).toThrow(/at least the largest number of captures observed \(6\)/);
    expect(() => fitCountsByCapturesModel(ill, { occasions: 10, t0: 11 })).toThrow(OptionError);
    expect(() => fitCountsByCapturesModel(ill, { occasions: 10, model: "Mt" as "M0" })).toThrow(OptionError);
  });

  it("profiles count-by-captures fits, including Chao's constrained model", () => {
    const data = loadDataset("Kosovo");
    const counts = countsByCapturesFromCaptureData(data);
    for (const h of ["chao", "poisson", "darroch", "gamma"] as const) {
      const fit = fitCountsByCapturesModel(counts, { occasions: 4, model: "Mh", heterogeneity: h, interval: "profile" });
      const [interval] = fit.intervals;
      expect(interval.lower).toBeLessThan(fit.profileEstimate!);
      expect(interval.upper!).toBeGreaterThan(fit.profileEstimate!);
    }
  });
});
