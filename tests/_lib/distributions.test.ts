import { describe, expect, it } from "vitest";
import stdlibGammainc from "@stdlib/math-base-special-gammainc";
import stdlibGammaln from "@stdlib/math-base-special-gammaln";
import stdlibDigamma from "@stdlib/math-base-special-digamma";
import stdlibNormalCdf from "@stdlib/stats-base-dists-normal-cdf";
import stdlibNormalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import quantileTable from "../fixtures/distributions/normal-quantile.json";
import poissonTable from "../fixtures/distributions/poisson-tails.json";
import {
  digamma,
  logGamma,
  poissonLowerTail,
  poissonUpperTail,
  standardNormalCdf,
  standardNormalQuantile,
} from "../../src/_lib/distributions.js";

// The special functions are written from their classical formulas (see src/_lib/distributions.ts)
// and checked here against @stdlib, a development dependency only (ports of Cephes/Boost, accurate to
// a few ulps). The tolerances are what the formulas reach: a few 1e-15 relative, or absolute near a
// zero of the function.

/** |ours − reference| ≤ relative · |reference| + absolute. */
function close(ours: number, reference: number, relative: number, absolute = 0): boolean {
  if (ours === reference) return true;
  return Math.abs(ours - reference) <= relative * Math.abs(reference) + absolute;
}

function grid(from: number, to: number, n: number, log = false): number[] {
  return Array.from({ length: n }, (_, i) =>
    log ? Math.exp(Math.log(from) + ((Math.log(to) - Math.log(from)) * i) / (n - 1)) : from + ((to - from) * i) / (n - 1),
  );
}

function failures(xs: readonly number[], ours: (x: number) => number, reference: (x: number) => number, relative: number, absolute = 0) {
  return xs
    .map((x) => ({ x, ours: ours(x), reference: reference(x) }))
    .filter((c) => !close(c.ours, c.reference, relative, absolute));
}

describe("logGamma", () => {
  it("matches @stdlib's gammaln to 1e-14 relative (1e-14 absolute near its zeros at 1 and 2) from 1e-300 to 1e300", () => {
    const xs = [...grid(1e-300, 1e300, 400, true), ...grid(0.01, 30, 3001), 1, 2, 0.5, 1.5, 2.5, 9.999, 10, 10.001];
    expect(xs.length).toBe(3409);
    expect(failures(xs, logGamma, stdlibGammala, 1e-14, 1e-14)).toEqual([]);
  });

  it("is exact at the factorials used in Poisson log-likelihoods (log y! = logGamma(y + 1))", () => {
    let logFactorial = 0;
    const cases: { y: number; ours: number; exact: number }[] = [];
    for (let y = 1; y <= 170; y++) {
      logFactorial += Math.log(y);
      cases.push({ y, ours: logGamma(y + 1), exact: logFactorial });
    }
    expect(cases.filter((c) => !close(c.ours, c.exact, 1e-14, 1e-15))).toEqual([]);
  });

  it("handles negative arguments by reflection and returns +∞ at the poles", () => {
    const xs = grid(-20.5, -0.05, 400).filter((x) => !Number.isInteger(x));
    expect(xs.length).toBe(400);
    expect(failures(xs, logGamma, stdlibGammala, 1e-12, 1e-13)).toEqual([]);
    expect([0, -1, -7].map(logGamma)).toEqual([Infinity, Infinity, Infinity]);
    expect(logGamma(NaN)).toBeNaN();
  });
});

function stdlibGammala(x: number): number {
  return stdlibGammaln(x);
}

describe("digamma", () => {
  it("matches @stdlib's digamma to 1e-14 relative (1e-14 absolute near its root at 1.4616) on (0, 1e300]", () => {
    const xs = [...grid(1e-10, 1e300, 300, true), ...grid(0.01, 30, 3001), 1.4616321449683622];
    expect(xs.length).toBe(3302);
    expect(failures(xs, digamma, stdlibDigamma, 1e-14, 1e-14)).toEqual([]);
  });

  it("handles negative arguments by reflection and is NaN at the poles", () => {
    const xs = grid(-9.97, -0.03, 200).filter((x) => Math.abs(x - Math.round(x)) > 1e-3);
    expect(xs.length).toBe(200);
    expect(failures(xs, digamma, stdlibDigamma, 1e-11, 1e-12)).toEqual([]);
    expect(digamma(0)).toBeNaN();
    expect(digamma(-3)).toBeNaN();
  });
});

describe("standardNormalCdf", () => {
  it("matches @stdlib's normal cdf to 1e-14 relative from z = −37 to 9, both tails included", () => {
    const zs = grid(-37, 9, 4601);
    expect(zs.length).toBe(4601);
    expect(failures(zs, standardNormalCdf, (z) => stdlibNormalCdf(z, 0, 1), 1e-14)).toEqual([]);
  });

  it("gives 0, 1/2 and 1 at −∞, 0 and +∞", () => {
    expect([standardNormalCdf(-Infinity), standardNormalCdf(0), standardNormalCdf(Infinity)]).toEqual([0, 0.5, 1]);
  });
});

describe("standardNormalQuantile", () => {
  it("matches @stdlib's normal quantile to 1e-14 relative for p from 0.02 to 0.98", () => {
    const ps = [...grid(0.02, 0.98, 961), 0.975, 0.025];
    expect(ps.length).toBe(963);
    expect(failures(ps, standardNormalQuantile, (p) => stdlibNormalQuantile(p, 0, 1), 1e-14, 1e-15)).toEqual([]);
  });

  // @stdlib 0.3.1's quantile loses accuracy in the tails (1e-12 relative at p = 1e-6, −8.2924 at
  // 4.88e-17 where Φ(−8.2924) = 5.55e-17, −∞ at 1e-300): there our quantile is checked against
  // 40-digit values from mpmath (tests/fixtures/distributions/normal-quantile.py) and through
  // @stdlib's cdf, which is accurate.
  it("matches 40-digit mpmath quantiles to 1e-15 relative from p = 1e-300 to 0.49, and their mirror images", () => {
    expect(quantileTable.length).toBe(23);
    const bad = quantileTable.flatMap(({ p, quantile }) => {
      const ours = standardNormalQuantile(p);
      const mirrored = -standardNormalQuantile(1 - p);
      const rows = [];
      if (!close(ours, quantile, 1e-15, 1e-16)) rows.push({ p, ours, quantile });
      // 1 − p is rounded: compare the upper quantile with the lower one at the rounded complement.
      if (p > 1e-15 && !close(mirrored, standardNormalQuantile(1 - (1 - p)), 1e-15)) rows.push({ p, mirrored });
      return rows;
    });
    expect(bad).toEqual([]);
  });

  it("inverts @stdlib's normal cdf to 5e-13 relative for p from 1e-300 to 1/2 (the round trip amplifies a rounding of z by z², 1400 at z = −37)", () => {
    const ps = grid(1e-300, 0.5, 600, true);
    expect(ps.length).toBe(600);
    const bad = ps
      .map((p) => ({ p, back: stdlibNormalCdf(standardNormalQuantile(p), 0, 1) }))
      .filter(({ p, back }) => !close(back, p, 5e-13));
    expect(bad).toEqual([]);
  });

  it("inverts standardNormalCdf in the lower tail and at the centre", () => {
    const zs = grid(-37, 0, 371);
    const worst = Math.max(...zs.map((z) => Math.abs(standardNormalQuantile(standardNormalCdf(z)) - z) / Math.max(1, Math.abs(z))));
    expect(worst).toBeLessThan(1e-14);
  });

  it("gives ±∞ at 0 and 1 and NaN outside [0, 1]", () => {
    expect([standardNormalQuantile(0), standardNormalQuantile(1)]).toEqual([-Infinity, Infinity]);
    expect(standardNormalQuantile(-0.1)).toBeNaN();
    expect(standardNormalQuantile(1.1)).toBeNaN();
  });
});

describe("Poisson tails", () => {
  // P(X ≤ k) = Q(k + 1, λ) and P(X ≥ k) = P(k, λ).
  it("match 40-digit mpmath values to 1e-13 relative where the tail exceeds 1e-300, k from 0 to 4e9 and at 1e12", () => {
    expect(poissonTable.length).toBe(179);
    const bad = poissonTable.flatMap(({ k, lambda, lower, upper }) => {
      const rows = [];
      const ours = { lower: poissonLowerTail(k, lambda), upper: poissonUpperTail(k, lambda) };
      if (lower > 1e-300 && !close(ours.lower, lower, 1e-13)) rows.push({ tail: "lower", k, lambda, ours: ours.lower, lower });
      if (upper > 1e-300 && !close(ours.upper, upper, 1e-13)) rows.push({ tail: "upper", k, lambda, ours: ours.upper, upper });
      return rows;
    });
    expect(bad).toEqual([]);
  });

  // @stdlib 0.3.1's gammainc, which these tails replace, is accurate for small arguments only: near
  // the mean it is off by 2e-2 at k = 1000 and 1.5e-4 at k = 3e7 (mpmath agrees with ours there; see
  // tests/fixtures/distributions/poisson-tails.py). It is the reference for k up to 100.
  it("match @stdlib's regularized incomplete gamma to 1e-13 relative for k up to 100", () => {
    const cases = poissonTable.filter(({ k }) => k <= 100);
    expect(cases.length).toBe(107);
    const bad = cases.flatMap(({ k, lambda }) => {
      const rows = [];
      const lowerRef = stdlibGammainc(lambda, k + 1, true, true);
      const lower = poissonLowerTail(k, lambda);
      if (lowerRef > 1e-300 && !close(lower, lowerRef, 1e-13)) rows.push({ tail: "lower", k, lambda, lower, lowerRef });
      if (k > 0) {
        const upperRef = stdlibGammainc(lambda, k, true, false);
        const upper = poissonUpperTail(k, lambda);
        if (upperRef > 1e-300 && !close(upper, upperRef, 1e-13)) rows.push({ tail: "upper", k, lambda, upper, upperRef });
      }
      return rows;
    });
    expect(bad).toEqual([]);
  });

  it("sum to 1 + P(X = k) and equal the Poisson sums for small k", () => {
    const lambda = 3.7;
    let pmf = Math.exp(-lambda);
    let cdf = pmf;
    for (let k = 0; k <= 20; k++) {
      if (k > 0) {
        pmf *= lambda / k;
        cdf += pmf;
      }
      expect(poissonLowerTail(k, lambda)).toBeCloseTo(cdf, 14);
      expect(poissonLowerTail(k, lambda) + poissonUpperTail(k, lambda)).toBeCloseTo(1 + pmf, 14);
    }
  });

  it("handle the edges: k < 0, λ = 0", () => {
    expect([poissonLowerTail(-1, 2), poissonLowerTail(3, 0), poissonUpperTail(0, 2), poissonUpperTail(2, 0)]).toEqual([0, 1, 1, 0]);
  });
});
