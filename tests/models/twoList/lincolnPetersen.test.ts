import { describe, expect, it } from "vitest";
import { lincolnPetersen } from "../../../src/models/twoList/lincolnPetersen.js";
import { fitLoglinear } from "../../../src/models/loglinear/fitLoglinear.js";
import { estimate } from "../../../src/estimate.js";
import { captureDataFromCounts } from "../../../src/data/captureDataFromCounts.js";
import { omitLists } from "../../../src/data/omitLists.js";
import { loadDataset } from "../../fixtures.js";

// n1 = 60 + 40 = 100 on A, n2 = 20 + 40 = 60 on B, m = 40 on both.
const data = captureDataFromCounts(["A", "B"], [
  { history: "10", count: 60 },
  { history: "01", count: 20 },
  { history: "11", count: 40 },
]);

describe("lincolnPetersen", () => {
  it("gives n1·n2/m exactly, with the large-sample variance", () => {
    const r = lincolnPetersen(data);
    expect(r.lincolnPetersen?.estimate).toBe(150);
    expect(r.lincolnPetersen?.variance).toBe((100 * 60 * 60 * 20) / 40 ** 3);
  });

  it("gives Chapman's estimate and Seber's variance", () => {
    const r = lincolnPetersen(data);
    expect(r.chapman.estimate).toBeCloseTo((101 * 61) / 41 - 1, 12);
    expect(r.chapman.variance).toBeCloseTo((101 * 61 * 60 * 20) / (41 * 41 * 42), 9);
  });

  it("equals the independence log-linear model on two lists to rounding", () => {
    const fit = fitLoglinear(data, "main");
    expect(fit.fitted && fit.estimate).toBeCloseTo(150, 9);
    const uk = omitLists(loadDataset("UKdat"), ["PF", "GO", "GP", "NCA"]);
    const lp = lincolnPetersen(uk).lincolnPetersen?.estimate as number;
    const ll = fitLoglinear(uk, "main");
    expect(ll.fitted && Math.abs(ll.estimate / lp - 1)).toBeLessThan(1e-12);
  });

  it("estimate() on two lists reports the two-list estimators next to the log-linear fit", () => {
    const r = estimate(data);
    expect(r.estimate).toBeCloseTo(150, 9);
    expect(r.twoList?.lincolnPetersen?.estimate).toBe(150);
  });

  it("without overlap Lincoln–Petersen is absent with a NO_OVERLAP warning; Chapman stays finite", () => {
    const none = captureDataFromCounts(["A", "B"], [
      { history: "10", count: 5 },
      { history: "01", count: 7 },
    ]);
    const r = lincolnPetersen(none);
    expect(r.lincolnPetersen).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(["NO_OVERLAP"]);
    expect(Number.isFinite(r.chapman.estimate)).toBe(true);
  });

  it("refuses data that do not have two lists", () => {
    expect(() => lincolnPetersen(loadDataset("Kosovo"))).toThrow(/exactly 2 lists/);
  });
});
