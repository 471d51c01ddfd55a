import { describe, expect, it } from "vitest";
import { estimate } from "../src/estimate.js";
import { selectModel } from "../src/selection/selectModel.js";
import { checkModel } from "../src/selection/checkModel.js";
import { captureDataFromCounts } from "../src/data/captureDataFromCounts.js";
import { fixtureCases, loadDataset, mse, relativeError } from "./fixtures.js";

describe("estimate", () => {
  for (const name of fixtureCases("datasets", Object.keys(mse.datasets) as string[], 9)) {
    const auto = mse.datasets[name].auto;
    it(`auto on ${name} resolves to ${auto.resolved_method} and gives ${auto.popest.toFixed(2)}`, () => {
      const r = estimate(loadDataset(name));
      expect(r.settings.method).toBe(auto.resolved_method);
      expect(relativeError(r.estimate as number, auto.popest)).toBeLessThan(1e-6);
    });
  }

  it("records the settings that shaped the result", () => {
    const r = estimate(loadDataset("Kosovo"), { select: "bic", level: [0.8, 0.95] });
    expect(r.settings).toMatchObject({ method: "bic", requested: "bic", maxOrder: 3, level: [0.8, 0.95] });
    if (!r.fitted) throw new Error("expected a fit");
    expect(r.intervals.map((i) => i.level)).toEqual([0.8, 0.95]);
  });

  it("a fixed model skips selection", () => {
    const r = estimate(loadDataset("Kosovo"), { model: "main" });
    expect(r.selection.method).toBe("fixed");
    expect(relativeError(r.estimate as number, mse.datasets.Kosovo.fixed_main.popest)).toBeLessThan(1e-6);
  });

  it("BIC selection on Artificial_3 skips the models without an extended MLE", () => {
    const s = selectModel(loadDataset("Artificial_3"), { select: "bic" });
    expect(s.considered).toBe(8);
    expect(s.valid).toBe(mse.datasets.Artificial_3.bic.n_models_valid);
    expect(s.skipped).toEqual({ 1: 3, 2: 1, 3: 0 });
  });

  it("when no model can be fitted the result says so with NO_VALID_MODEL, never a number", () => {
    // Three lists with no overlap at all: no strictly positive table shares even the main-effect
    // margins (every person would have to be on exactly one list), so no model has an extended MLE.
    const data = captureDataFromCounts(["A", "B", "C"], [
      { history: "100", count: 10 },
      { history: "010", count: 8 },
      { history: "001", count: 4 },
    ]);
    const r = estimate(data);
    expect(r.fitted).toBe(false);
    expect(r.estimate).toBeNull();
    expect(r.model).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(["NO_VALID_MODEL"]);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it("warns about a list that holds exactly the same people as another", () => {
    const data = captureDataFromCounts(["A", "B", "C"], [
      { history: "110", count: 10 },
      { history: "001", count: 8 },
      { history: "111", count: 4 },
    ]);
    const r = estimate(data, { model: "main" });
    expect(r.warnings.map((w) => w.code)).toContain("NONINFORMATIVE_LIST");
  });

  it("rejects an unknown selection method", () => {
    expect(() => estimate(loadDataset("Kosovo"), { select: "magic" as never })).toThrow(/select/);
  });
});

describe("checkModel", () => {
  it("gives MultipleSystemsEstimation's codes on Artificial_3 and says how it decided", () => {
    const data = loadDataset("Artificial_3");
    expect(checkModel(data, "[12,13,23]")).toMatchObject({ status: 2, identifiable: false, method: "linear-program" });
    const noMle = checkModel(data, "[12,3]");
    expect(noMle).toMatchObject({ status: 1, mleExists: false, identifiable: true, lpOptimum: 0 });
    expect(checkModel(data, "[13,23,1,2]")).toMatchObject({ status: 0, emptyOverlaps: ["A:C", "B:C"] });
  });
});
