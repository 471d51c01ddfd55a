import { describe, expect, it } from "vitest";
import { fitClosedPopulationModel } from "../../../src/models/heterogeneity/fitClosedPopulationModel.js";
import { closedPopulationModels } from "../../../src/models/heterogeneity/closedPopulationModels.js";
import { parseHeterogeneity } from "../../../src/models/heterogeneity/heterogeneityColumn.js";
import { captureDataFromCounts } from "../../../src/data/captureDataFromCounts.js";
import { ModelSpecError, OptionError } from "../../../src/errors.js";
import { loadDataset } from "../../fixtures.js";

describe("closed-population options", () => {
  const kosovo = loadDataset("Kosovo");
  const cases: [string, () => unknown, new (...args: never[]) => Error, RegExp][] = [
    ["an unknown heterogeneity form", () => fitClosedPopulationModel(kosovo, { model: "Mh", heterogeneity: "weibull" as "chao" }), OptionError, /`heterogeneity` must be one of chao, poisson, darroch, gamma; received weibull/],
    ["Poisson θ ≤ 1", () => fitClosedPopulationModel(kosovo, { model: "Mh", heterogeneity: { form: "poisson", theta: 1 } }), OptionError, /`theta` of the poisson heterogeneity must be a finite number greater than 1; received 1/],
    ["Gamma θ ≤ 0", () => fitClosedPopulationModel(kosovo, { model: "Mh", heterogeneity: { form: "gamma", theta: -2 } }), OptionError, /greater than 0; received -2/],
    ["θ with Darroch", () => fitClosedPopulationModel(kosovo, { model: "Mh", heterogeneity: { form: "darroch", theta: 2 } }), OptionError, /`theta` applies to the poisson and gamma heterogeneity only/],
    ["heterogeneity with Mb", () => fitClosedPopulationModel(kosovo, { model: "Mb", heterogeneity: "chao" }), OptionError, /does not apply to Mb/],
    ["a bad interval option", () => fitClosedPopulationModel(kosovo, { interval: "bca" as "profile" }), OptionError, /`interval` must be "profile" or "none"/],
    ["a bad maxRatio", () => fitClosedPopulationModel(kosovo, { interval: "profile", maxRatio: 1 }), OptionError, /`maxRatio` must be a finite number greater than 1/],
    ["a bad level", () => fitClosedPopulationModel(kosovo, { interval: "profile", level: 1.5 }), OptionError, /`level` must be strictly between 0 and 1; received 1.5/],
    ["an unknown list in a log-linear model", () => fitClosedPopulationModel(kosovo, { model: "EXH:XYZ", heterogeneity: "darroch" }), ModelSpecError, /unknown list "XYZ"/],
  ];
  for (const [label, run, type, message] of cases) {
    it(`rejects ${label}`, () => {
      expect(run).toThrow(type);
      expect(run).toThrow(message);
    });
  }

  it("reads forms in any case, LB as Chao, and fills Rcapture's default θ", () => {
    expect(parseHeterogeneity("Poisson")).toEqual({ form: "poisson", theta: 2 });
    expect(parseHeterogeneity("GAMMA")).toEqual({ form: "gamma", theta: 3.5 });
    expect(parseHeterogeneity("LB")).toEqual({ form: "chao" });
    expect(fitClosedPopulationModel(kosovo, { model: "mth", heterogeneity: { form: "poisson", theta: 3 } }).name).toBe("Mth Poisson3");
  });
});

describe("closed-population models on two lists", () => {
  it("fit M0, Mt and Mb; the heterogeneity models and Mbh are not identifiable and give no estimate", () => {
    // Seber (1982) p. 107
    const data = captureDataFromCounts(["A", "B"], [
      { history: "11", count: 167 },
      { history: "10", count: 781 },
      { history: "01", count: 254 },
    ]);
    const table = closedPopulationModels(data);
    const byName = Object.fromEntries(table.models.map((m) => [m.name, m]));
    expect(byName.Mt.estimate).toBeCloseTo((948 * 421) / 167, 6); // Lincoln–Petersen
    expect(byName.M0.estimate).not.toBeNull();
    for (const name of ["Mh Poisson2", "Mh Darroch", "Mh Gamma3.5", "Mth Poisson2", "Mth Darroch", "Mth Gamma3.5", "Mbh"]) {
      expect(byName[name].estimate, name).toBeNull();
      expect(byName[name].fit, name).toBeNull();
      expect(byName[name].warnings.map((w) => w.code), name).toContain("NOT_IDENTIFIABLE");
    }
    // Chao with two lists has no eta column: it is M0 (resp. Mt)
    expect(byName["Mh Chao (LB)"].estimate).toBe(byName.M0.estimate);
    expect(JSON.parse(JSON.stringify(table))).toEqual(table);
  });
});
