import { describe, expect, it } from "vitest";
import { profileLikelihoodInterval } from "../../src/uncertainty/profileLikelihoodInterval.js";
import { fitLoglinear } from "../../src/models/loglinear/fitLoglinear.js";
import { OptionError } from "../../src/errors.js";
import type { CaptureData } from "../../src/types.js";
import { fixtureCases, loadDataset, rPackages, relativeError } from "../fixtures.js";

// Tolerance against Rcapture 1.4-4: closedpCI.t finds the maximum and both roots only to 1e-4
// absolute (optimize/uniroot tol), and for N > 100 it replaces Cormack's correction
// log N! − log n0! + n0 log n0 − N log N by its Stirling approximation without the 1/(12x) terms;
// both move its numbers by up to ~1.5e-5 relative on the small datasets (with Rcapture's
// approximation substituted, our limits agree to ~1e-10). 1e-4 relative covers that honestly.
const TOL = 1e-4;

interface RcaptureCI {
  estimate: number;
  ci_low: number;
  ci_high: number | string;
  ci_level: number;
  multinomial_abundance: number;
  infoCI: number;
}

/** Rcapture searches the upper limit only up to fmaxSupCL · N (N its Poisson estimate, fmaxSupCL = 3). */
function upperAtRcaptureCap(ref: RcaptureCI): boolean {
  if (typeof ref.ci_high === "string") return true; // Rcapture prints ">cap" when uniroot finds no sign change
  return ref.infoCI !== 0 && relativeError(ref.ci_high, 3 * ref.estimate) < 1e-6;
}

describe("profileLikelihoodInterval reproduces Rcapture's closedpCI.t for model Mt (main effects)", () => {
  const names = (Object.keys(rPackages.datasets) as string[]).filter((n) => rPackages.datasets[n].methods.rcapture_closedpCI_t_Mt);
  for (const name of fixtureCases("closedpCI.t Mt runs", names, 11)) {
    const ref = rPackages.datasets[name].methods.rcapture_closedpCI_t_Mt as RcaptureCI;
    const data = loadDataset(name);
    if (upperAtRcaptureCap(ref)) {
      it(`on ${name} the upper limit reaches Rcapture's cap 3 × the Poisson estimate, so with maxRatio 3 it is that cap with PROFILE_UNBOUNDED`, () => {
        const r = profileLikelihoodInterval(data, "main", { level: ref.ci_level, maxRatio: 3 });
        expect(relativeError(r.estimate as number, ref.multinomial_abundance)).toBeLessThan(TOL);
        expect(relativeError(r.intervals[0].lower, ref.ci_low)).toBeLessThan(TOL);
        expect(relativeError(r.intervals[0].upper, 3 * ref.estimate)).toBeLessThan(1e-6);
        expect(r.warnings.map((w) => w.code)).toContain("PROFILE_UNBOUNDED");
        expect(r.intervals[0].truncated).toBe(true);
      });
      continue;
    }
    it(`on ${name} the multinomial estimate ${ref.multinomial_abundance.toFixed(2)} and interval [${ref.ci_low.toFixed(2)}, ${(ref.ci_high as number).toFixed(2)}] agree to 1e-4 relative, without warnings`, () => {
      const r = profileLikelihoodInterval(data, "main", { level: ref.ci_level });
      // no PROFILE_NOT_CONVERGED: every completed-table fit converged and its fitted total was N
      expect(r.warnings).toEqual([]);
      expect(r.observed).toBe(data.observed);
      expect(r.model.hierarchy).toBe(`[${data.lists.map((_, j) => j + 1).join(",")}]`);
      expect(relativeError(r.estimate as number, ref.multinomial_abundance)).toBeLessThan(TOL);
      expect(r.intervals).toHaveLength(1);
      const [interval] = r.intervals;
      expect(interval.method).toBe("profile-likelihood");
      expect(interval.level).toBe(ref.ci_level);
      expect(interval.truncated).toBeUndefined();
      expect(relativeError(interval.lower, ref.ci_low)).toBeLessThan(TOL);
      expect(relativeError(interval.upper, ref.ci_high as number)).toBeLessThan(TOL);
    });
  }
});

describe("profileLikelihoodInterval", () => {
  const ukdat = loadDataset("UKdat");
  const artificial = loadDataset("Artificial_3");

  it("puts the multinomial estimate slightly below the Poisson estimate n + exp(b0)", () => {
    for (const name of ["UKdat", "Kosovo", "MY3", "Western"]) {
      const data = loadDataset(name);
      const poisson = fitLoglinear(data, "main");
      const r = profileLikelihoodInterval(data, "main");
      expect(poisson.estimate).not.toBeNull();
      expect(r.estimate as number).toBeLessThan(poisson.estimate as number);
      expect(relativeError(r.estimate as number, poisson.estimate as number)).toBeLessThan(0.01);
    }
  });

  it("gives intervals that contain the estimate and widen with the level", () => {
    for (const [name, model] of [
      ["UKdat", "main"],
      ["UKdat", "[12,23]"],
      ["NewOrl_185", "main"],
      ["Kosovo", "pairwise"],
      ["MY5", "main"],
    ] as const) {
      const levels = [0.5, 0.8, 0.9, 0.95, 0.99];
      const r = profileLikelihoodInterval(loadDataset(name), model, { level: levels });
      const estimate = r.estimate as number;
      expect(r.intervals.map((i) => i.level)).toEqual(levels);
      for (const interval of r.intervals) {
        expect(interval.lower).toBeGreaterThanOrEqual(r.observed);
        expect(interval.lower).toBeLessThan(estimate);
        expect(interval.upper).toBeGreaterThan(estimate);
      }
      for (let k = 1; k < levels.length; k++) {
        expect(r.intervals[k].lower).toBeLessThan(r.intervals[k - 1].lower);
        expect(r.intervals[k].upper).toBeGreaterThan(r.intervals[k - 1].upper);
      }
    }
  });

  it("computes the same interval whether a level is asked for alone or with others", () => {
    const alone = profileLikelihoodInterval(ukdat, "main", { level: 0.9 }).intervals[0];
    const together = profileLikelihoodInterval(ukdat, "main", { level: [0.99, 0.9] }).intervals[1];
    expect(relativeError(together.lower, alone.lower)).toBeLessThan(1e-9);
    expect(relativeError(together.upper, alone.upper)).toBeLessThan(1e-9);
  });

  it("truncates an upper limit beyond maxRatio × the Poisson estimate at that cap, as Rcapture's fmaxSupCL, with PROFILE_UNBOUNDED", () => {
    // Artificial_3 under Mt: Rcapture's Poisson estimate 539.09; at level 0.999 the upper limit lies
    // beyond 3 × 539.09, where Rcapture (fmaxSupCL = 3) stops searching.
    const ref = rPackages.datasets.Artificial_3.methods.rcapture_closedpCI_t_Mt as RcaptureCI;
    const capped = profileLikelihoodInterval(artificial, "main", { level: [0.95, 0.999], maxRatio: 3 });
    expect(relativeError(capped.intervals[0].upper, ref.ci_high as number)).toBeLessThan(TOL);
    // R's glm gives the Poisson estimate to ~1e-8 (fitLoglinear's tests use 1e-6)
    expect(relativeError(capped.intervals[1].upper, 3 * ref.estimate)).toBeLessThan(1e-6);
    expect(capped.warnings.map((w) => w.code)).toEqual(["PROFILE_UNBOUNDED"]);
    expect(capped.warnings[0].message).toContain("0.999");
    const wide = profileLikelihoodInterval(artificial, "main", { level: 0.999 });
    expect(wide.warnings).toEqual([]);
    expect(wide.intervals[0].upper).toBeGreaterThan(3 * ref.estimate);
    expect(relativeError(wide.intervals[0].lower, capped.intervals[1].lower)).toBeLessThan(1e-9);
  });

  it("sets the lower limit to the observed count with PROFILE_UNBOUNDED when the profile there is still above the cut-off", () => {
    // nearly everyone is on all three lists: the Poisson estimate is n + 0.22
    const dense: CaptureData = { lists: ["A", "B", "C"], counts: [1, 1, 30, 1, 30, 30, 300], observed: 393 };
    const r = profileLikelihoodInterval(dense, "main", { level: [0.5, 0.95] });
    expect(r.estimate).toBeGreaterThanOrEqual(393);
    for (const interval of r.intervals) {
      expect(interval.lower).toBe(393);
      expect(interval.upper).toBeGreaterThan(393);
      expect(interval.upper).toBeLessThan(400);
    }
    expect(r.warnings.map((w) => w.code)).toEqual(["PROFILE_UNBOUNDED", "PROFILE_UNBOUNDED"]);
    expect(r.warnings[0].message).toContain("observed count 393");
  });

  it("gives no estimate and no interval, with MLE_DOES_NOT_EXIST, for a model without an extended MLE (Artificial_3, [12,3])", () => {
    const r = profileLikelihoodInterval(artificial, "[12,3]");
    expect(r.estimate).toBeNull();
    expect(r.intervals).toEqual([]);
    expect(r.observed).toBe(96);
    expect(r.model.hierarchy).toBe("[12,3]");
    expect(r.warnings.map((w) => w.code)).toEqual(["MLE_DOES_NOT_EXIST"]);
    const fit = fitLoglinear(artificial, "[12,3]");
    expect(r.warnings).toEqual(fit.warnings);
  });

  it("reports terms with no overlap as BOUNDARY_PARAMETERS and profiles the remaining cells", () => {
    const data = loadDataset("NewOrl_185");
    const r = profileLikelihoodInterval(data, "[12,23]");
    expect(r.warnings.map((w) => w.code)).toEqual(["BOUNDARY_PARAMETERS"]);
    const poisson = fitLoglinear(data, "[12,23]");
    expect(relativeError(r.estimate as number, poisson.estimate as number)).toBeLessThan(0.02);
    expect(r.intervals[0].lower).toBeLessThan(r.estimate as number);
    expect(r.intervals[0].upper).toBeGreaterThan(r.estimate as number);
  });

  it("returns plain JSON: serialising and parsing gives the same object, with no NaN or Infinity", () => {
    for (const [data, model, options] of [
      [ukdat, "main", { level: [0.8, 0.95] }],
      [artificial, "main", { level: 0.999, maxRatio: 3 }],
      [artificial, "[12,3]", {}],
    ] as const) {
      const r = profileLikelihoodInterval(data, model, options);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      for (const i of r.intervals) {
        expect(Number.isFinite(i.lower)).toBe(true);
        expect(Number.isFinite(i.upper)).toBe(true);
      }
    }
  });

  it.each([
    ["level 1.5", { level: 1.5 }, "`level` must be strictly between 0 and 1; received 1.5"],
    ["level 0", { level: 0 }, "`level` must be strictly between 0 and 1; received 0"],
    ["level [0.9, 1]", { level: [0.9, 1] }, "`level` must be strictly between 0 and 1; received 1"],
    ["level []", { level: [] as number[] }, "`level` must hold at least one value; received an empty array"],
    ["maxRatio 1", { maxRatio: 1 }, "`maxRatio` must be a finite number greater than 1; received 1"],
    ["maxRatio Infinity", { maxRatio: Number.POSITIVE_INFINITY }, "`maxRatio` must be a finite number greater than 1; received Infinity"],
    ["maxRatio NaN", { maxRatio: Number.NaN }, "`maxRatio` must be a finite number greater than 1; received NaN"],
  ])("throws OptionError with code INVALID_OPTION for %s", (_label, options, message) => {
    const run = () => profileLikelihoodInterval(ukdat, "main", options);
    expect(run).toThrow(OptionError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (error) {
      expect((error as OptionError).code).toBe("INVALID_OPTION");
    }
  });
});
