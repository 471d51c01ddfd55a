import { describe, expect, it } from "vitest";
import { fitLoglinear, type LoglinearFit } from "../../../src/models/loglinear/fitLoglinear.js";
import { fixtureCases, loadDataset, mse, rPackages, relativeError } from "../../fixtures.js";

// Tolerances: R's glm stops when the relative change in deviance is below 1e-8, so its estimates
// carry errors of that order; 1e-6 relative is the issue's tolerance for estimates, deviance, BIC.
const TOL = 1e-6;
// Standard errors and the intervals built on them: glm.fit reports the covariance from the weights
// of its last iteration, taken one step before its final coefficients; on sparse tables, where the
// iterations converge slowly, that puts R's own standard errors up to a few 1e-5 off the converged
// value. 1e-4 relative is therefore the tightest honest tolerance for them.
const SE_TOL = 1e-4;
/** Deviances can be ~0 (saturated on the observed cells): compare absolutely below 1. */
function devianceError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

function fitted(result: ReturnType<typeof fitLoglinear>): LoglinearFit {
  if (!result.fitted) throw new Error(`expected a fit, got ${JSON.stringify(result.warnings)}`);
  return result;
}

const mseDatasets = Object.keys(mse.datasets) as string[];

describe("fitLoglinear reproduces MultipleSystemsEstimation's fixed models", () => {
  fixtureCases("datasets", mseDatasets, 9);
  fixtureCases("all-two-way fits with an estimate", mseDatasets.filter((n) => mse.datasets[n].fixed_all_two_way.popest !== null), 8);
  fixtureCases("BIC-selected models", mseDatasets.filter((n) => typeof mse.datasets[n].bic?.model === "string"), 8);
  fixtureCases("stepwise-selected models", mseDatasets.filter((n) => typeof mse.datasets[n].stepwise?.model === "string"), 9);
  for (const name of mseDatasets) {
    const ref = mse.datasets[name];
    const data = loadDataset(name);
    it(`main effects on ${name}: estimate ${ref.fixed_main.popest.toFixed(2)}`, () => {
      const fit = fitted(fitLoglinear(data, ref.fixed_main.hiermod));
      expect(relativeError(fit.estimate, ref.fixed_main.popest)).toBeLessThan(TOL);
    });
    if (ref.fixed_all_two_way.popest !== null) {
      it(`all two-way interactions on ${name}: estimate ${ref.fixed_all_two_way.popest.toFixed(2)}`, () => {
        const fit = fitted(fitLoglinear(data, ref.fixed_all_two_way.hiermod));
        expect(relativeError(fit.estimate, ref.fixed_all_two_way.popest)).toBeLessThan(TOL);
      });
    }
    for (const method of ["bic", "stepwise"] as const) {
      const r = ref[method];
      if (!r || typeof r.model !== "string") continue;
      it(`the ${method}-selected model ${r.model} on ${name} refits to ${r.popest.toFixed(2)}${r.BIC ? ` with BIC ${r.BIC.toFixed(4)}` : ""}`, () => {
        const fit = fitted(fitLoglinear(data, r.model));
        expect(relativeError(fit.estimate, r.popest)).toBeLessThan(TOL);
        if (r.BIC) expect(relativeError(fit.fit.bic, r.BIC)).toBeLessThan(TOL);
      });
    }
    it(`check codes on ${name} equal check_extended_MLE`, () => {
      const entries = Object.values(ref.check_extended_MLE) as { model: string; code: number }[];
      expect(entries).toHaveLength(2); // main effects and all two-way interactions
      for (const entry of entries) {
        expect(fitLoglinear(data, entry.model).diagnostics.status).toBe(entry.code);
      }
    });
  }
});

describe("fitLoglinear reproduces stats::glm and SparseMSE fits", () => {
  const names = Object.keys(rPackages.datasets) as string[];
  const methodsOf = (n: string) => rPackages.datasets[n].methods;
  fixtureCases("glm independence fits", names.filter((n) => methodsOf(n).glm_independence), 11);
  // plain glm has no extended MLE: its all-two-way fits are compared only where no overlap is empty
  fixtureCases("glm all-two-way fits without empty overlaps", names.filter((n) => methodsOf(n).glm_all_twoway && (methodsOf(n).sparsemse_checkident?.empty_pairs ?? []).length === 0), 3);
  fixtureCases("SparseMSE main-effects fits", names.filter((n) => typeof methodsOf(n).sparsemse_main?.estimate === "number"), 11);
  fixtureCases("SparseMSE all-two-way fits", names.filter((n) => typeof methodsOf(n).sparsemse_all_twoway?.estimate === "number"), 10);
  fixtureCases("SparseMSE checkident runs", names.filter((n) => methodsOf(n).sparsemse_checkident), 11);
  for (const name of names) {
    const methods = rPackages.datasets[name].methods;
    const data = loadDataset(name);
    const glmCases = [
      ["glm_independence", "main"],
      ["glm_all_twoway", "pairwise"],
    ] as const;
    for (const [key, spec] of glmCases) {
      const g = methods[key];
      if (!g) continue;
      // Plain glm has no extended MLE: where overlaps are empty it drifts towards it, and its
      // numbers are then not the extended MLE; SparseMSE's handling is compared below instead.
      const hasEmpty = (methods.sparsemse_checkident?.empty_pairs ?? []).length > 0;
      if (key === "glm_all_twoway" && hasEmpty) continue;
      it(`${key} on ${name}: estimate, deviance, coefficients and standard error`, () => {
        const fit = fitted(fitLoglinear(data, spec));
        expect(relativeError(fit.estimate, g.estimate)).toBeLessThan(TOL);
        expect(devianceError(fit.fit.deviance, g.deviance)).toBeLessThan(TOL);
        expect(fit.fit.df).toBe(g.df_residual);
        expect(relativeError(fit.fit.aic, g.aic)).toBeLessThan(TOL);
        expect(relativeError(fit.fit.bic, g.bic_rcapture)).toBeLessThan(TOL);
        expect(relativeError(fit.standardError, g.se_rcapture_style)).toBeLessThan(SE_TOL);
        expect(relativeError(fit.intervals[0].lower, g.ci_low)).toBeLessThan(SE_TOL);
        expect(relativeError(fit.intervals[0].upper, g.ci_high)).toBeLessThan(SE_TOL);
        for (const c of fit.coefficients) {
          const expected = g.coefficients[c.term];
          expect(expected, c.term).toBeDefined();
          expect(Math.abs((c.estimate as number) - expected)).toBeLessThan(1e-6 * Math.max(1, Math.abs(expected)));
        }
      });
    }
    for (const key of ["sparsemse_main", "sparsemse_all_twoway"] as const) {
      const s = methods[key];
      if (!s || typeof s.estimate !== "number") continue;
      it(`${key} on ${name}: estimate, deviance, AIC with −∞ terms, log-normal interval`, () => {
        const fit = fitted(fitLoglinear(data, key === "sparsemse_main" ? "main" : "pairwise"));
        expect(relativeError(fit.estimate, s.estimate)).toBeLessThan(TOL);
        expect(devianceError(fit.fit.deviance, s.deviance)).toBeLessThan(TOL);
        expect(fit.fit.df).toBe(s.df_residual);
        expect(relativeError(fit.fit.aic, s.aic_adjusted)).toBeLessThan(TOL);
        expect(relativeError(fit.intervals[0].lower, s.ci_low)).toBeLessThan(SE_TOL);
        expect(relativeError(fit.intervals[0].upper, s.ci_high)).toBeLessThan(SE_TOL);
        expect([...fit.diagnostics.emptyOverlaps].sort()).toEqual([...s.empty_overlaps_in_model].sort());
        for (const c of fit.coefficients) {
          if (c.boundary) {
            expect(s.empty_overlaps_in_model).toContain(c.term);
            expect(c.estimate).toBeNull();
          } else {
            expect(Math.abs((c.estimate as number) - s.coefficients[c.term])).toBeLessThan(1e-5 * Math.max(1, Math.abs(s.coefficients[c.term])));
          }
        }
      });
    }
    const ci = methods.sparsemse_checkident;
    if (ci) {
      it(`checkident codes on ${name}: main effects ${ci.main_effects.ierr}, all two-way ${ci.all_twoway.ierr}`, () => {
        expect(fitLoglinear(data, "main").diagnostics.status).toBe(ci.main_effects.ierr);
        expect(fitLoglinear(data, "pairwise").diagnostics.status).toBe(ci.all_twoway.ierr);
      });
    }
  }
});

describe("fitLoglinear on Artificial_3 (Chan, Silverman & Vincent 2021, Table 2)", () => {
  const data = loadDataset("Artificial_3");
  it.each([
    ["[12,13,23]", 2],
    ["[12,3]", 1],
    ["[13,23,1,2]", 0],
    ["A:B + A:C", 1],
    ["A:B + B:C", 1],
    ["A:C", 0],
    ["B:C", 0],
    ["main", 0],
  ])("model %s has status %i", (spec, status) => {
    const result = fitLoglinear(data, spec);
    expect(result.diagnostics.status).toBe(status);
    expect(result.fitted).toBe(status === 0);
  });

  it("a model without an extended MLE comes back unfitted with a coded warning, never a number", () => {
    const result = fitLoglinear(data, "[12,3]");
    expect(result.fitted).toBe(false);
    expect(result.estimate).toBeNull();
    expect(result.warnings.map((w) => w.code)).toEqual(["MLE_DOES_NOT_EXIST"]);
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
  });

  it("a non-identifiable model says so", () => {
    const result = fitLoglinear(data, "pairwise");
    expect(result.warnings.map((w) => w.code)).toEqual(["NOT_IDENTIFIABLE"]);
  });

  it("terms with zero overlap are fitted at −∞ and reported", () => {
    const fit = fitted(fitLoglinear(data, "A:C + B:C"));
    expect(fit.diagnostics.emptyOverlaps).toEqual(["A:C", "B:C"]);
    expect(fit.coefficients.filter((c) => c.boundary).map((c) => c.term)).toEqual(["A:C", "B:C"]);
    expect(fit.warnings.map((w) => w.code)).toContain("BOUNDARY_PARAMETERS");
    // the −∞ terms still count in the penalty: 6 parameters
    expect(fit.fit.parameters).toBe(6);
  });
});

describe("fitLoglinear anchors", () => {
  it("the saturated-but-one model reproduces every observed cell", () => {
    const data = loadDataset("Kosovo");
    const fit = fitted(fitLoglinear(data, "[123,124,134,234]"));
    expect(fit.fit.deviance).toBeLessThan(1e-8);
    expect(fit.fit.df).toBe(0);
  });

  it("rejects a level outside (0, 1)", () => {
    expect(() => fitLoglinear(loadDataset("Kosovo"), "main", { level: 1.5 })).toThrow(/level.*received 1.5/);
  });

  it("reports several interval levels, nested", () => {
    const fit = fitted(fitLoglinear(loadDataset("Kosovo"), "main", { level: [0.8, 0.95] }));
    expect(fit.intervals.map((i) => i.level)).toEqual([0.8, 0.95]);
    expect(fit.intervals[1].lower).toBeLessThan(fit.intervals[0].lower);
    expect(fit.intervals[1].upper).toBeGreaterThan(fit.intervals[0].upper);
  });
});
