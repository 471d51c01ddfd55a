/**
 * Issue 9's property test: random valid tables with counts up to 1e12. No untyped error; the fit
 * and the check agree; and where the MLE has a closed form, the estimate is within 1e-9 of it
 * computed exactly (BigInt rational arithmetic), or a warning says why not. A longer run over more
 * lists is in tests/selection/largeTables.slow.test.ts.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkModel } from "../../src/selection/checkModel.js";
import { fitLoglinear } from "../../src/models/loglinear/fitLoglinear.js";
import { estimate } from "../../src/estimate.js";
import { PrevalenceError } from "../../src/errors.js";
import { popcount } from "../../src/_lib/bits.js";
import type { CaptureData } from "../../src/types.js";
import { loadDataset } from "../fixtures.js";

const names = (t: number): string[] => Array.from({ length: t }, (_, j) => String.fromCharCode(65 + j));

function table(counts: number[]): CaptureData {
  const t = Math.log2(counts.length + 1);
  return { lists: names(t), counts, observed: counts.reduce((a, b) => a + b, 0) };
}

/** A count between 1 and 1e12, spread evenly over the orders of magnitude. */
const largeCount = fc.integer({ min: 0, max: 12_000 }).chain((e) => fc.constant(Math.max(1, Math.round(10 ** (e / 1000)))));
/** Counts with zeros (about a third) and values up to 1e12. */
const sparseCount = fc.oneof(fc.constant(0), fc.constant(0), largeCount, fc.integer({ min: 1, max: 20 }));

/** x / y − 1 for an exact rational x = numerator / denominator (BigInt), y a double. */
function relativeError(value: number, numerator: bigint, denominator: bigint): number {
  // scale so that the quotient keeps ~30 significant digits before it becomes a double
  const digits = numerator.toString().length - denominator.toString().length;
  const shift = 30 - digits;
  const quotient = shift >= 0 ? (numerator * 10n ** BigInt(shift)) / denominator : numerator / (denominator * 10n ** BigInt(-shift));
  const exact = Number(quotient) * 10 ** -shift;
  return Math.abs(value / exact - 1);
}

/**
 * The model with every term but the t-way one is saturated on the 2^t − 1 observed cells: μ̂ = y
 * there, and the missing top interaction Σ_h (−1)^{t−|h|} log μ_h = 0 gives
 * μ̂_0 = Π_{|h| odd} y_h / Π_{|h| even, h ≠ 0} y_h (Lincoln–Petersen for t = 2).
 */
function exactAllButTop(counts: number[]): { numerator: bigint; denominator: bigint } {
  let odd = 1n;
  let even = 1n;
  counts.forEach((c, i) => {
    if (popcount(i + 1) % 2 === 1) odd *= BigInt(c);
    else even *= BigInt(c);
  });
  const n = BigInt(counts.reduce((a, b) => a + b, 0));
  return { numerator: n * even + odd, denominator: even };
}

/** ⌊√x⌋ for a BigInt x ≥ 0 (Newton's method on integers). */
function integerSquareRoot(x: bigint): bigint {
  if (x < 2n) return x;
  let r = BigInt(Math.floor(Math.sqrt(Number(x))));
  for (;;) {
    const next = (r + x / r) >> 1n;
    if (next >= r && (next - r) <= 1n) {
      while (r * r > x) r--;
      while ((r + 1n) * (r + 1n) <= x) r++;
      return r;
    }
    r = next;
  }
}

/**
 * Independence of three lists (the main-effects model, Darroch's Mt): with list totals n_j and n
 * observed, N̂ solves Π_j (1 − n_j/N) = 1 − n/N, i.e. A N² − S2 N + S3 = 0 with A = Σ n_j − n,
 * S2 = Σ_{i<j} n_i n_j, S3 = n_1 n_2 n_3; N̂ is the larger root. Returned as a fixed-point BigInt
 * N̂ · 10^30 (the square root to 30 digits).
 */
function exactIndependence3(counts: number[]): bigint | null {
  const c = counts.map(BigInt);
  const n = c.reduce((a, b) => a + b, 0n);
  const total = (j: number): bigint => c.reduce((s, v, i) => (((i + 1) >> j) & 1 ? s + v : s), 0n);
  const [n1, n2, n3] = [total(0), total(1), total(2)];
  const A = n1 + n2 + n3 - n;
  if (A <= 0n) return null;
  const S2 = n1 * n2 + n1 * n3 + n2 * n3;
  const S3 = n1 * n2 * n3;
  const scale = 10n ** 30n;
  const root = integerSquareRoot((S2 * S2 - 4n * A * S3) * scale * scale);
  return (S2 * scale + root) / (2n * A);
}

describe("random tables with counts up to 1e12 (fast-check, seeded)", () => {
  it("the closed form of independence on three lists is what fitLoglinear computes on the bundled three-list tables", () => {
    let cases = 0;
    for (const name of ["Korea", "MY3"]) {
      const data = loadDataset(name);
      const fit = fitLoglinear(data, "main");
      const exact = exactIndependence3([...data.counts]);
      expect(fit.fitted && exact !== null).toBe(true);
      if (!fit.fitted || exact === null) continue;
      expect(relativeError(fit.estimate, exact, 10n ** 30n)).toBeLessThan(1e-10);
      cases++;
    }
    expect(cases).toBe(2);
  });

  it("the model without the top interaction (two to four lists, every cell positive) is within 1e-9 of its exact rational estimate", () => {
    let runs = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }).chain((t) => fc.array(largeCount, { minLength: 2 ** t - 1, maxLength: 2 ** t - 1 })),
        (counts) => {
          runs++;
          const t = Math.log2(counts.length + 1);
          const data = table(counts);
          const model = t === 2 ? "main" : `[${names(t).map((_, j) => names(t).filter((__, k) => k !== j).join(":")).join(", ")}]`;
          const fit = fitLoglinear(data, model);
          expect(fit.diagnostics.status).toBe(checkModel(data, model).status);
          expect(fit.diagnostics.status).toBe(0);
          if (!fit.fitted) {
            // only when double precision cannot factorise the information: said by the warning
            expect(fit.warnings.map((w) => w.code)).toEqual(["ILL_CONDITIONED"]);
            return;
          }
          const { numerator, denominator } = exactAllButTop(counts);
          expect(relativeError(fit.estimate, numerator, denominator)).toBeLessThan(1e-9);
        },
      ),
      { numRuns: 300, seed: 20261129 },
    );
    expect(runs).toBe(300);
  });

  it("independence on three lists is within 1e-9 of the root of Darroch's equation computed exactly", () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.array(largeCount, { minLength: 7, maxLength: 7 }), (counts) => {
        const data = table(counts);
        const fit = fitLoglinear(data, "main");
        expect(fit.diagnostics.status).toBe(checkModel(data, "main").status);
        const exact = exactIndependence3(counts);
        if (!fit.fitted || exact === null) {
          expect(fit.warnings.length).toBeGreaterThan(0);
          return;
        }
        compared++;
        expect(relativeError(fit.estimate, exact, 10n ** 30n)).toBeLessThan(1e-9);
      }),
      { numRuns: 300, seed: 29112026 },
    );
    expect(compared).toBeGreaterThan(250);
  });

  it("throws nothing untyped, and fit and check agree, on sparse tables of two to five lists under random models and BIC", () => {
    let runs = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((t) =>
          fc.tuple(
            fc.array(sparseCount, { minLength: 2 ** t - 1, maxLength: 2 ** t - 1 }).filter((c) => c.some((v) => v > 0)),
            fc.subarray(
              names(t).flatMap((a, i) => names(t).slice(i + 1).map((b) => `${a}:${b}`)),
              { minLength: 0 },
            ),
          ),
        ),
        ([counts, pairs]) => {
          runs++;
          const data = table(counts);
          const model = pairs.length > 0 ? pairs.join(" + ") : "main";
          try {
            const check = checkModel(data, model);
            const fit = fitLoglinear(data, model);
            expect(fit.diagnostics.status).toBe(check.status);
            if (check.status === 0 && !fit.fitted) expect(fit.warnings.map((w) => w.code)).toContain("ILL_CONDITIONED");
            if (fit.fitted) {
              expect(Number.isFinite(fit.estimate) && fit.estimate >= data.observed).toBe(true);
              expect(fit.fit.converged || fit.warnings.some((w) => w.code === "NOT_CONVERGED")).toBe(true);
            }
            // (selection on these tables: BIC up to four lists here; stepwise, whose Poisson tail
            // probabilities are slow at counts of 1e12, in largeTables.slow.test.ts)
            if (data.lists.length <= 4) {
              const chosen = estimate(data, { select: "bic" });
              if (chosen.estimate !== null) expect(chosen.estimate).toBeGreaterThanOrEqual(data.observed);
              else expect(chosen.warnings.length).toBeGreaterThan(0);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(PrevalenceError);
          }
        },
      ),
      { numRuns: 40, seed: 9 },
    );
    expect(runs).toBe(40);
  });
});
