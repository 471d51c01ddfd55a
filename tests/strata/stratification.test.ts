import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { readCaptureCsv } from "../../src/data/readCaptureCsv.js";
import { captureDataFromCounts } from "../../src/data/captureDataFromCounts.js";
import { estimate } from "../../src/estimate.js";
import { estimateByStratum } from "../../src/strata/estimateByStratum.js";
import { fitCovariateModel } from "../../src/models/covariate/fitCovariateModel.js";
import { selectCovariateModel } from "../../src/models/covariate/selectCovariateModel.js";
import { splitStrata } from "../../src/strata/splitStrata.js";
import type { CaptureData } from "../../src/types.js";
import { loadDataset, referenceJson, relativeError } from "../fixtures.js";

// regions4: synthetic, 4 lists, 3 regions, truth 1500/700/250; reference fits by base R glm
// (tests/fixtures/reference/strata/gen-strata.R). R prints 12 significant digits: 1e-6 relative.
const TOL = 1e-6;
const ref = referenceJson("strata/regions4.reference.json");
const regions = readCaptureCsv(readFileSync(new URL("../fixtures/reference/strata/regions4.csv", import.meta.url), "utf8"), {
  covariates: ["region"],
});

/** R's formula right-hand sides in our syntax (main effects of lists and region are implied). */
const rhs: Record<string, string> = {
  "(A + B + C + D) * region + A:B": "A:region + B:region + C:region + D:region + A:B",
  "A + B + C + D + region + A:B": "A:B",
  "(A + B + C + D) * region + A:B + A:B:region": "A:region + B:region + C:region + D:region + A:B:region",
};

describe("stratified estimates reproduce base R glm on regions4", () => {
  it(`separate fits per region with ${ref.separate.interactions.join(", ")}: each region and the total`, async () => {
    const r = await estimateByStratum(regions, { by: ["region"], model: ref.separate.interactions, ci: "none" });
    expect(r.strata.map((s) => s.stratum.region)).toEqual(["north", "south", "west"]);
    for (const s of r.strata) expect(relativeError(s.estimate as number, ref.separate.by[s.stratum.region])).toBeLessThan(TOL);
    expect(relativeError(r.total.estimate as number, ref.separate.total)).toBeLessThan(TOL);
  });

  for (const model of ref.covariate) {
    it(`covariate model ${model.rhs}: regions, total, deviance, df, AIC`, () => {
      const r = fitCovariateModel(regions, rhs[model.rhs]);
      for (const s of r.strata) expect(relativeError(s.estimate as number, model.by[s.stratum.region])).toBeLessThan(TOL);
      expect(relativeError(r.total.estimate as number, model.total)).toBeLessThan(TOL);
      expect(relativeError(r.fit?.deviance as number, model.deviance)).toBeLessThan(TOL);
      expect(r.fit?.df).toBe(model.df);
      expect(relativeError(r.fit?.aic as number, model.aic)).toBeLessThan(TOL);
      // stratum estimates sum to the model's total
      expect(r.strata.reduce((a, s) => a + (s.estimate as number), 0)).toBeCloseTo(r.total.estimate as number, 6);
    });
  }

  it("a covariate model with every term interacting with region equals the separate fits", () => {
    const covariate = fitCovariateModel(regions, rhs["(A + B + C + D) * region + A:B + A:B:region"]);
    covariate.strata.forEach((s) => expect(relativeError(s.estimate as number, ref.separate.by[s.stratum.region])).toBeLessThan(TOL));
  });
});

describe("stratification properties", () => {
  const kosovo = loadDataset("Kosovo");
  const oneStratum: CaptureData = {
    ...kosovo,
    covariates: ["all"],
    records: kosovo.counts.map((count, i) => ({ history: i + 1, count, values: { all: "x" } })).filter((r) => r.count > 0),
  };

  it("one stratum equals no stratification, with the same BCa interval for the stratum and the total", async () => {
    const plain = estimate(kosovo, { model: "main" });
    const strat = await estimateByStratum(oneStratum, { by: ["all"], model: "main", replicates: 200, seed: 3, threads: 1 });
    expect(strat.strata[0].estimate).toBeCloseTo(plain.estimate as number, 8);
    expect(strat.total.estimate).toBeCloseTo(plain.estimate as number, 8);
    expect(strat.total.intervals).toEqual(strat.strata[0].intervals);
  });

  it("stratum estimates sum to the total, and BCa intervals are given for each and for the total", async () => {
    const r = await estimateByStratum(regions, { by: ["region"], model: "A:B", replicates: 300, seed: 9, threads: 1 });
    const sum = r.strata.reduce((a, s) => a + (s.estimate as number), 0);
    expect(r.total.estimate).toBeCloseTo(sum, 8);
    for (const s of [...r.strata, r.total]) {
      expect(s.intervals).toHaveLength(1);
      expect(s.intervals[0].method).toBe("bca");
      expect(s.intervals[0].lower).toBeLessThan(s.estimate as number);
      expect(s.intervals[0].upper).toBeGreaterThan(s.estimate as number);
    }
    expect(r.settings).toMatchObject({ seed: 9, replicates: 300, ci: "bca" });
  });

  it("permuting the stratum labels permutes the results", async () => {
    const relabel: Record<string, string> = { north: "west", south: "north", west: "south" };
    const permuted: CaptureData = {
      ...regions,
      records: (regions.records ?? []).map((r) => ({ ...r, values: { region: relabel[r.values.region] } })),
    };
    const a = await estimateByStratum(regions, { by: ["region"], model: "A:B", ci: "none" });
    const b = await estimateByStratum(permuted, { by: ["region"], model: "A:B", ci: "none" });
    for (const s of a.strata) {
      const twin = b.strata.find((x) => x.stratum.region === relabel[s.stratum.region]);
      expect(twin?.estimate).toBeCloseTo(s.estimate as number, 8);
    }
    expect(b.total.estimate).toBeCloseTo(a.total.estimate as number, 8);
  });

  it("the same seed gives identical stratified results", async () => {
    const options = { by: ["region"], model: "A:B", replicates: 100, seed: "s", threads: 1 };
    expect(JSON.stringify(await estimateByStratum(regions, options))).toBe(JSON.stringify(await estimateByStratum(regions, options)));
  });

  it("splitStrata orders numeric strata as numbers", () => {
    const data = captureDataFromCounts(["A", "B"], [{ history: "11", count: 1 }]);
    const withYears: CaptureData = {
      ...data,
      covariates: ["year"],
      records: ["10", "9", "2020"].map((year) => ({ history: 3, count: 1, values: { year } })),
    };
    expect(splitStrata(withYears, ["year"]).map((s) => s.stratum.year)).toEqual(["9", "10", "2020"]);
  });
});

describe("sparse strata give coded warnings with remedies, never errors, NaN or infinities", () => {
  // north: fine; east: nobody overlaps; south: only lists A and B carry anyone
  const rows: [string, string, number][] = [
    ["1000", "north", 40], ["0100", "north", 30], ["0010", "north", 20], ["0001", "north", 25],
    ["1100", "north", 8], ["1010", "north", 6], ["0110", "north", 5], ["0011", "north", 4], ["1001", "north", 3],
    ["1000", "east", 12], ["0100", "east", 9], ["0010", "east", 4],
    ["1000", "south", 10], ["0100", "south", 7], ["1100", "south", 3],
  ];
  const csv = ["A,B,C,D,region,count", ...rows.map(([h, r, c]) => `${h.split("").join(",")},${r},${c}`)].join("\n");
  const sparse = readCaptureCsv(csv, { covariates: ["region"] });

  it("flags each sparse stratum with its code and a remedy, and gives no total", async () => {
    const r = await estimateByStratum(sparse, { by: ["region"], model: "main", ci: "none" });
    const byRegion = Object.fromEntries(r.strata.map((s) => [s.stratum.region, s]));
    expect(byRegion.north.estimate).toBeGreaterThan(0);
    expect(byRegion.east.estimate).toBeNull();
    expect(byRegion.east.warnings.map((w) => w.code)).toContain("STRATUM_NO_OVERLAP");
    expect(byRegion.south.warnings.map((w) => w.code)).toContain("STRATUM_TOO_FEW_LISTS");
    for (const w of [...byRegion.east.warnings, ...byRegion.south.warnings].filter((x) => x.code.startsWith("STRATUM_"))) {
      expect(w.message).toMatch(/merge/);
    }
    expect(r.total.estimate).toBeNull();
    expect(r.total.warnings.map((w) => w.code)).toContain("STRATUM_NO_VALID_MODEL");
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it("with bootstrap intervals too", async () => {
    const r = await estimateByStratum(sparse, { by: ["region"], model: "main", replicates: 100, threads: 1 });
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it("rejects an unknown stratum column", async () => {
    await expect(estimateByStratum(sparse, { by: ["sector"] })).rejects.toThrow(/sector/);
  });
});

describe("selectCovariateModel", () => {
  it("ranks every distinct covariate model by BIC, consistent with fitCovariateModel's BIC", () => {
    const s = selectCovariateModel(regions, { listModel: "A:B" });
    // 4 list × region terms and A:B × region: 32 subsets, 20 distinct hierarchical models
    expect(s.considered).toBe(20);
    for (let i = 1; i < s.models.length; i++) expect(s.models[i].bic).toBeGreaterThanOrEqual(s.models[i - 1].bic);
    for (const m of s.models.slice(0, 3)) {
      expect(relativeError(fitCovariateModel(regions, m.terms).fit?.bic as number, m.bic)).toBeLessThan(1e-12);
    }
    // the reference model (A + B + C + D) * region + A:B is among them with R's deviance
    const full = s.models.find((m) => m.model.name === "[A:B, A:region, B:region, C:region, D:region]");
    expect(full).toBeDefined();
  });
});
