import { describe, expect, it } from "vitest";
import { fitClosedPopulationModel } from "../../../src/models/heterogeneity/fitClosedPopulationModel.js";
import { loadDataset, referenceJson, relativeError } from "../../fixtures.js";

// Rcapture 1.4-4 closedpCI.t (tests/fixtures/reference/r2026/rcapture_heterogeneity.json): every Mh
// and Mth form on UKdat_5, Kosovo, Western and Ned_5. Rcapture finds the maximum and the limits to
// 1e-4 absolute (optimize/uniroot) and uses a Stirling approximation of Cormack's correction for
// N > 100; the tolerance is 1e-4 relative.
const TOL = 1e-4;
const heterogeneity = referenceJson("r2026/rcapture_heterogeneity.json");

const forms = { Chao: "chao", Poisson: "poisson", Darroch: "darroch", Gamma: "gamma" } as const;

describe("profile-likelihood intervals reproduce Rcapture's closedpCI.t for every Mh and Mth form", () => {
  const names = Object.keys(heterogeneity.datasets);
  it("checks 4 datasets × 8 models", () => {
    expect(names).toEqual(["UKdat_5", "Kosovo", "Western", "Ned_5"]);
    for (const name of names) expect(Object.keys(heterogeneity.datasets[name].closedpCI_t)).toHaveLength(8);
  });
  for (const name of names) {
    const data = loadDataset(name);
    for (const [key, ref] of Object.entries(heterogeneity.datasets[name].closedpCI_t) as [string, any][]) {
      const [model, form] = key.split("_") as ["Mh" | "Mth", keyof typeof forms];
      it(`${name} ${key}: estimate, multinomial estimate and limits within 1e-4${ref.ci_high === null ? ", upper limit unbounded as Rcapture's" : ""}`, () => {
        const fit = fitClosedPopulationModel(data, { model, heterogeneity: forms[form], interval: "profile" });
        expect(fit.name).toBe(ref.model === "Mh Chao" ? "Mh Chao (LB)" : ref.model === "Mth Chao" ? "Mth Chao (LB)" : ref.model);
        expect(relativeError(fit.estimate!, ref.estimate)).toBeLessThan(1e-6);
        expect(relativeError(fit.standardError!, ref.se)).toBeLessThan(1e-6);
        expect(relativeError(fit.profileEstimate!, ref.multinomial_abundance)).toBeLessThan(TOL);
        expect(fit.intervals).toHaveLength(1);
        const [interval] = fit.intervals;
        expect(relativeError(interval.lower, ref.ci_low)).toBeLessThan(TOL);
        const codes = fit.warnings.map((w) => w.code);
        if (ref.ci_high === null) {
          // Rcapture prints ">cap" (infoCI 6): the limit is beyond 3 × the Poisson estimate
          expect(interval.upper).toBeNull();
          expect(relativeError(interval.upperSearchedTo!, Number(String(ref.ci_high_raw).slice(1)))).toBeLessThan(1e-5);
          expect(codes).toContain("PROFILE_UNBOUNDED");
        } else {
          expect(relativeError(interval.upper!, ref.ci_high)).toBeLessThan(TOL);
          expect(codes).not.toContain("PROFILE_UNBOUNDED");
        }
        expect(codes.includes("LARGE_ASYMPTOTIC_BIAS")).toBe(ref.infoFit === 1);
        const zeroed = ref.rcapture_stored_warnings["neg.eta"];
        if (zeroed !== undefined) expect([...fit.constrainedToZero].sort()).toEqual([zeroed].flat().sort());
        else expect(fit.constrainedToZero).toEqual([]);
      });
    }
  }
});
