import { describe, expect, it } from "vitest";
import { selectStepwise } from "../../src/selection/stepwise.js";
import { fitLoglinear } from "../../src/models/loglinear/fitLoglinear.js";
import { fixtureCases, loadDataset, mse, rPackages, relativeError } from "../fixtures.js";

const TOL = 1e-6;

function stepwiseEstimate(name: string): { terms: string[]; estimate: number } {
  const data = loadDataset(name);
  const selection = selectStepwise(data);
  const fit = fitLoglinear(data, selection.model.terms);
  if (!fit.fitted) throw new Error("selected model did not fit");
  return { terms: [...selection.model.terms].sort(), estimate: fit.estimate };
}

describe("selectStepwise reproduces MultipleSystemsEstimation", () => {
  for (const name of fixtureCases("datasets", Object.keys(mse.datasets) as string[], 9)) {
    const ref = mse.datasets[name].stepwise;
    it(`${name}: terms [${ref.terms.filter((t: string) => t.includes(":")).join(", ")}], estimate ${ref.popest.toFixed(2)}`, () => {
      const ours = stepwiseEstimate(name);
      expect(ours.terms).toEqual(ref.terms.filter((t: string) => t.includes(":")).sort());
      expect(relativeError(ours.estimate, ref.popest)).toBeLessThan(TOL);
    });
  }
  it("NewOrl_185 (SparseMSE's table): the JASA 2021 stepwise estimate 1,184", () => {
    const ref = mse.supplementary_NewOrl_185.point_NewOrl;
    const ours = stepwiseEstimate("NewOrl_185");
    expect(relativeError(ours.estimate, ref.stepwise_popest)).toBeLessThan(TOL);
    expect(ours.terms).toEqual(["D:E"]);
  });
});

describe("selectStepwise reproduces SparseMSE's stepwisefit", () => {
  for (const name of fixtureCases("datasets", Object.keys(rPackages.datasets) as string[], 11)) {
    const ref = rPackages.datasets[name].methods.sparsemse_stepwise;
    // SparseMSE lists the terms fitted at −∞ (empty overlaps) apart from model_terms.
    const terms = [...ref.model_terms, ...ref.empty_overlaps_in_model].sort();
    it(`${name}: terms [${terms.join(", ")}], estimate ${ref.estimate.toFixed(2)}`, () => {
      const ours = stepwiseEstimate(name);
      expect(ours.terms).toEqual(terms);
      expect(relativeError(ours.estimate, ref.estimate)).toBeLessThan(TOL);
    });
  }
});

describe("selectStepwise behaviour", () => {
  it("keeps the order in which pairs were added, with p-values below the threshold", () => {
    const selection = selectStepwise(loadDataset("UKdat"));
    expect(selection.steps.map((s) => s.term)).toEqual(rPackages.datasets.UKdat.methods.sparsemse_stepwise.model_terms);
    for (const step of selection.steps) expect(step.pValue).toBeLessThan(0.02);
  });
  it("threshold 0 gives main effects", () => {
    expect(selectStepwise(loadDataset("UKdat"), { pThreshold: 0 }).model.terms).toEqual([]);
  });
  it("rejects a threshold outside [0, 1]", () => {
    expect(() => selectStepwise(loadDataset("UKdat"), { pThreshold: 2 })).toThrow(/pThreshold/);
  });
});

describe("selectStepwise edge cases", () => {
  it("pThreshold 1 gives every pair when that model passes the check (as MultipleSystemsEstimation)", () => {
    const s = selectStepwise(loadDataset("Kosovo"), { pThreshold: 1 });
    expect(s.model.terms).toHaveLength(6);
  });
  it("when nobody is on two lists there is no start estimate and the selection is not valid", () => {
    const data = { lists: ["A", "B", "C"], counts: [10, 8, 0, 4, 0, 0, 0], observed: 22 };
    const s = selectStepwise(data);
    expect(s.valid).toBe(false);
    expect(s.startEstimate).toBeNull();
  });
});
