/**
 * Reproducers of issue 9 items 1, 2 and 6: tables with very large counts (the existence programme
 * and the fit must neither throw nor lose accuracy) and sparse tables (selection must stay fast;
 * the timings themselves are in bench/, never in a test).
 */
import { describe, expect, it } from "vitest";
import { captureDataFromCounts } from "../../src/data/captureDataFromCounts.js";
import { checkModel } from "../../src/selection/checkModel.js";
import { fitLoglinear } from "../../src/models/loglinear/fitLoglinear.js";
import { selectModel } from "../../src/selection/selectModel.js";
import { estimate } from "../../src/estimate.js";
import { PrevalenceError } from "../../src/errors.js";

const six = ["A", "B", "C", "D", "E", "F"];

/** Exact Lincoln–Petersen n + n10·n01/n11 as a rational, compared with a double in BigInt arithmetic. */
function relativeToExactLincolnPetersen(value: number, n10: bigint, n01: bigint, n11: bigint): number {
  const numerator = (n10 + n01 + n11) * n11 + n10 * n01; // N = numerator / n11
  const scale = 10n ** 30n;
  // value / N − 1 with value held as an exact BigInt of its decimal expansion (integers here)
  const exact = Number((numerator * scale) / n11) / Number(scale);
  return Math.abs(value / exact - 1);
}

describe("large counts (issue 9, item 1): the existence programme never throws a solver status", () => {
  it("six lists, one row 111111 with 10^7 people, model [12345]: the same status as with 1 person, everywhere", () => {
    const statuses = [1, 1e6, 1e7, 1e9, 1e12].map((count) => {
      const data = captureDataFromCounts(six, [{ history: "111111", count }]);
      const check = checkModel(data, "[12345]");
      const fit = fitLoglinear(data, "[12345]");
      expect(fit.diagnostics.status).toBe(check.status);
      return check.status;
    });
    expect(new Set(statuses).size).toBe(1);
    // one history only: nobody is seen on fewer lists, so the MLE of [12345] does not exist
    expect(statuses[0]).toBe(1);
  });

  it("the same table through estimate with BIC and with stepwise selection: a result, not an exception", () => {
    const data = captureDataFromCounts(six, [{ history: "111111", count: 1e7 }]);
    for (const select of ["bic", "stepwise"] as const) {
      const result = estimate(data, { select });
      expect(result.estimate).toBeNull();
      expect(result.warnings.map((w) => w.code)).toContain("NO_VALID_MODEL");
    }
  });

  it("four lists with 36,251,257 people on all four: BIC selection runs and every ranked model passes the check", () => {
    const lists = ["A", "B", "C", "D"];
    const data = captureDataFromCounts(lists, [
      { history: "1000", count: 1 },
      { history: "0100", count: 1 },
      { history: "1110", count: 4 },
      { history: "1101", count: 1 },
      { history: "1011", count: 1 },
      { history: "1111", count: 36251257 },
    ]);
    const selection = selectModel(data, { select: "bic", report: 1000 });
    expect(selection.model).toBeDefined();
    expect(selection.valid).toBeGreaterThan(0);
    for (const ranked of selection.ranking ?? []) {
      expect(checkModel(data, ranked.model.terms.length > 0 ? ranked.model.terms : "main").status).toBe(0);
      expect(Number.isFinite(ranked.estimate) && ranked.estimate >= data.observed).toBe(true);
    }
    // the same statuses as the table with 1 person in that cell: existence depends on the zero pattern only
    const small = captureDataFromCounts(lists, [
      { history: "1000", count: 1 },
      { history: "0100", count: 1 },
      { history: "1110", count: 4 },
      { history: "1101", count: 1 },
      { history: "1011", count: 1 },
      { history: "1111", count: 1 },
    ]);
    const smallSelection = selectModel(small, { select: "bic" });
    expect(smallSelection.valid).toBe(selection.valid);
    expect(smallSelection.skipped).toEqual(selection.skipped);
  });

  it("throws nothing but typed errors or results across scales 1 to 10^12 of a sparse five-list table", () => {
    const lists = ["A", "B", "C", "D", "E"];
    for (const scale of [1, 1e4, 1e7, 1e9, 1e12]) {
      const data = captureDataFromCounts(lists, [
        { history: "10000", count: 3 },
        { history: "01000", count: 1 },
        { history: "00100", count: 2 },
        { history: "11000", count: scale },
        { history: "01110", count: 1 },
        { history: "10011", count: scale },
        { history: "11111", count: 2 },
      ]);
      try {
        const result = estimate(data, { select: "bic" });
        if (result.estimate !== null) expect(result.estimate).toBeGreaterThanOrEqual(data.observed);
        else expect(result.warnings.length).toBeGreaterThan(0);
      } catch (error) {
        expect(error).toBeInstanceOf(PrevalenceError);
      }
    }
  });
});

describe("large counts (issue 9, item 2): the fit is accurate and agrees with the check", () => {
  it("two lists 10^12 / 10^12 / 1: Lincoln–Petersen 1.000000000002e24 within 1e-9", () => {
    const data = captureDataFromCounts(["A", "B"], [
      { history: "10", count: 1e12 },
      { history: "01", count: 1e12 },
      { history: "11", count: 1 },
    ]);
    const fit = fitLoglinear(data, "main");
    expect(fit.fitted).toBe(true);
    if (!fit.fitted) return;
    expect(relativeToExactLincolnPetersen(fit.estimate, 10n ** 12n, 10n ** 12n, 1n)).toBeLessThan(1e-9);
    // the standard error is less accurate at this range, and a warning says so
    expect(fit.warnings.map((w) => w.code)).toContain("ILL_CONDITIONED");
  });

  it("two lists 10^14 / 10^14 / 1: fitted (the check says 0), within 1e-9 of the exact estimate", () => {
    const data = captureDataFromCounts(["A", "B"], [
      { history: "10", count: 1e14 },
      { history: "01", count: 1e14 },
      { history: "11", count: 1 },
    ]);
    expect(checkModel(data, "main").status).toBe(0);
    const fit = fitLoglinear(data, "main");
    expect(fit.diagnostics.status).toBe(0);
    expect(fit.fitted).toBe(true);
    if (!fit.fitted) return;
    expect(relativeToExactLincolnPetersen(fit.estimate, 10n ** 14n, 10n ** 14n, 1n)).toBeLessThan(1e-9);
  });

  it("beyond double precision (10^15 beside 1) reports ILL_CONDITIONED rather than contradicting the check", () => {
    const data = captureDataFromCounts(["A", "B"], [
      { history: "10", count: 1e15 },
      { history: "01", count: 1e15 },
      { history: "11", count: 1 },
    ]);
    const fit = fitLoglinear(data, "main");
    expect(fit.diagnostics.status).toBe(checkModel(data, "main").status);
    if (!fit.fitted) expect(fit.warnings.map((w) => w.code)).toEqual(["ILL_CONDITIONED"]);
    else expect(relativeToExactLincolnPetersen(fit.estimate, 10n ** 15n, 10n ** 15n, 1n)).toBeLessThan(1e-9);
  });
});

describe("sparse tables (issue 9, item 6): selection on six lists (twenty: largeTables.slow.test.ts)", () => {
  // 21 people in 11 of the 63 cells: almost every model of the catalogue fails the existence
  // check, which the old solver settled by a linear programme each (13 s); see bench/README.md.
  const sparse = captureDataFromCounts(six, [
    { history: "101010", count: 1 },
    { history: "010100", count: 2 },
    { history: "101000", count: 4 },
    { history: "111111", count: 1 },
    { history: "101011", count: 1 },
    { history: "001011", count: 2 },
    { history: "111000", count: 2 },
    { history: "101101", count: 1 },
    { history: "110101", count: 3 },
    { history: "101111", count: 3 },
    { history: "010110", count: 1 },
  ]);

  it("BIC over the 32,768 models of six lists: the statuses and model of the YALPS-based check", () => {
    const selection = selectModel(sparse, { select: "bic" });
    // the numbers the previous implementation (YALPS on the observed margins) gave on this table
    expect(selection.considered).toBe(32768);
    expect(selection.valid).toBe(6272);
    expect(selection.skipped).toEqual({ 1: 26496, 2: 0, 3: 0 });
    expect(selection.model?.name).toBe("[A:C, B:D, B:E, C:E, D:F, E:F]");
    expect(selection.ranking?.[0].estimate).toBeCloseTo(22.41603173843953, 9);
  });
});
