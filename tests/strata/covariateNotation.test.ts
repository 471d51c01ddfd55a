import { describe, expect, it } from "vitest";
import { fitCovariateModel } from "../../src/models/covariate/fitCovariateModel.js";
import { estimateTrend } from "../../src/strata/estimateTrend.js";
import { loadDataset } from "../../src/datasets/index.js";

const data = loadDataset("synthetic_regions_years"); // lists police, ngo, shelter, labour; region, year

describe("covariate models in R notation", () => {
  it("numbers the lists from 1 as the log-linear models do, and names the covariates", () => {
    const fit = fitCovariateModel(data, "police:ngo + police:region + ngo:shelter:region", { covariates: ["region"] });
    expect(fit.model).toEqual({
      name: "[ngo:shelter:region, police:ngo, police:region, labour]",
      terms: ["ngo:shelter:region", "police:ngo", "police:region"],
      hierarchy: "[23:region,12,1:region,4]",
    });
  });
});

describe("trend periods name their models", () => {
  it("each period's own model after post-stratification, the shared one with a covariate model", async () => {
    const own = await estimateTrend(data, { period: "year", model: "police:ngo", ci: "none" });
    expect(own.periods.length).toBeGreaterThan(1);
    expect(own.periods.map((p) => p.model?.hierarchy)).toEqual(own.periods.map(() => "[12,3,4]"));
    const shared = await estimateTrend(data, { period: "year", covariateModel: "police:ngo + police:year", ci: "none" });
    expect(new Set(shared.periods.map((p) => p.model?.hierarchy))).toEqual(new Set(["[12,1:year,3,4]"]));
  });
});
