/**
 * The BCa acceleration of a statistic of several strata's estimates (a change between periods, a
 * total), from the count-weighted delete-one-person jackknife: centred within each stratum (Efron's
 * K-sample acceleration), uncentred under Poisson resampling, with the unseen people as cases under
 * binomial resampling. Derived from the definitions in docs/methodology/bootstrap.md.
 */
import { describe, expect, it } from "vitest";
import { accelerationOf } from "../../src/uncertainty/_intervals.js";
import { jackknifeAcceleration } from "../../src/uncertainty/jackknifeAcceleration.js";

/** Σ w d³ / (6 (Σ w d²)^{3/2}) for given deviations. */
function fromDeviations(weights: number[], d: number[]): number {
  const s2 = weights.reduce((s, w, i) => s + w * d[i] ** 2, 0);
  const s3 = weights.reduce((s, w, i) => s + w * d[i] ** 3, 0);
  return s3 / (6 * s2 ** 1.5);
}

describe("accelerationOf", () => {
  const weights = [30, 5, 12, 40, 8];
  const values = [101.5, 98.2, 100.9, 99.1, 97.4];

  it("is the one-sample jackknife acceleration for one stratum (the existing numbers unchanged)", () => {
    expect(accelerationOf(100, { weights, values }, "nonparametric")).toBe(jackknifeAcceleration(weights, values));
    expect(accelerationOf(100, { weights, values, groups: [0, 0, 0, 0, 0] }, "parametric")).toBe(jackknifeAcceleration(weights, values));
  });

  it("centres each stratum's deletions on that stratum's own mean", () => {
    // a difference e[1] − e[0]: deletions in stratum 0 raise it, in stratum 1 lower it
    const groups = [0, 0, 1, 1, 1];
    const mean0 = (30 * 101.5 + 5 * 98.2) / 35;
    const mean1 = (12 * 100.9 + 40 * 99.1 + 8 * 97.4) / 60;
    const d = values.map((v, i) => (groups[i] === 0 ? mean0 : mean1) - v);
    expect(accelerationOf(100, { weights, values, groups }, "nonparametric")).toBeCloseTo(fromDeviations(weights, d), 14);
    // pooling the strata would read the gap between their means as skewness
    expect(Math.abs(jackknifeAcceleration(weights, values) - fromDeviations(weights, d))).toBeGreaterThan(1e-3);
  });

  it("uses the uncentred influence θ̂ − θ̂₍c₎ under Poisson resampling", () => {
    const d = values.map((v) => 100 - v);
    expect(accelerationOf(100, { weights, values, groups: [0, 0, 1, 1, 1] }, "poisson")).toBeCloseTo(fromDeviations(weights, d), 14);
  });

  it("adds each stratum's unseen people as cases of value θ̂ under binomial resampling", () => {
    const unseen = [200];
    const w = [...weights, 200];
    const v = [...values, 100];
    const mean = w.reduce((s, x, i) => s + x * v[i], 0) / w.reduce((a, b) => a + b, 0);
    expect(accelerationOf(100, { weights, values, unseen }, "binomial")).toBeCloseTo(fromDeviations(w, v.map((x) => mean - x)), 14);
    // with almost everyone unseen it tends to the Poisson form
    const far = accelerationOf(100, { weights, values, unseen: [1e9] }, "binomial");
    expect(far).toBeCloseTo(accelerationOf(100, { weights, values }, "poisson"), 4);
  });
});
