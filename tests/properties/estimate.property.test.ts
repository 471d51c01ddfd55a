import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { estimate } from "../../src/estimate.js";
import { fitLoglinear } from "../../src/models/loglinear/fitLoglinear.js";
import { readCaptureCsv } from "../../src/data/readCaptureCsv.js";
import type { CaptureData } from "../../src/types.js";
import { loadDataset } from "../fixtures.js";

/** The same people with the lists in another order: new list j is old list perm[j]. */
function permuteLists(data: CaptureData, perm: readonly number[]): CaptureData {
  const t = data.lists.length;
  const counts = new Array<number>(2 ** t - 1).fill(0);
  for (let h = 1; h < 2 ** t; h++) {
    let g = 0;
    for (let j = 0; j < t; j++) if (h & (1 << perm[j])) g |= 1 << j;
    counts[g - 1] = data.counts[h - 1];
  }
  return { lists: perm.map((j) => data.lists[j]), counts, observed: data.observed };
}

const table = (t: number): fc.Arbitrary<CaptureData> =>
  fc
    .array(fc.integer({ min: 0, max: 60 }), { minLength: 2 ** t - 1, maxLength: 2 ** t - 1 })
    .filter((counts) => {
      // every list seen at least once and some overlap somewhere
      for (let j = 0; j < t; j++) if (!counts.some((c, i) => c > 0 && ((i + 1) & (1 << j)))) return false;
      return counts.some((c, i) => c > 0 && ((i + 1) & (i + 1 - 1)) !== 0);
    })
    .map((counts) => ({
      lists: Array.from({ length: t }, (_, j) => String.fromCharCode(65 + j)),
      counts,
      observed: counts.reduce((a, b) => a + b, 0),
    }));

const permutation = (t: number): fc.Arbitrary<number[]> =>
  fc.shuffledSubarray(Array.from({ length: t }, (_, j) => j), { minLength: t, maxLength: t });

/** Interaction terms of a random hierarchical model over t lists, as list-name terms. */
const pairsOf = (t: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) out.push(`${String.fromCharCode(65 + i)}:${String.fromCharCode(65 + j)}`);
  return out;
};

describe("estimate properties", () => {
  it("a fixed model's estimate does not change when the lists are permuted", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 4 }).chain((t) =>
          fc.tuple(table(t), permutation(t), fc.subarray(pairsOf(t))),
        ),
        ([data, perm, terms]) => {
          const a = fitLoglinear(data, terms);
          const b = fitLoglinear(permuteLists(data, perm), terms);
          expect(b.diagnostics.status).toBe(a.diagnostics.status);
          if (a.fitted && b.fitted) expect(Math.abs(b.estimate / a.estimate - 1)).toBeLessThan(1e-8);
        },
      ),
      { numRuns: 150, seed: 20261127 },
    );
  });

  it("the selected estimate does not change when the lists of a real dataset are permuted", () => {
    const datasets = ["Kosovo", "Western", "UKdat_5", "NewOrl_5", "MY5", "UKdat"].map((n) => [n, loadDataset(n)] as const);
    const reference = new Map(datasets.map(([n, d]) => [n, estimate(d).estimate as number]));
    fc.assert(
      fc.property(
        fc.constantFrom(...datasets).chain(([name, data]) => fc.tuple(fc.constant(name), fc.constant(data), permutation(data.lists.length))),
        ([name, data, perm]) => {
          const permuted = estimate(permuteLists(data, perm));
          expect(Math.abs((permuted.estimate as number) / (reference.get(name) as number) - 1)).toBeLessThan(1e-8);
        },
      ),
      { numRuns: 12, seed: 7 },
    );
  });

  it("multiplying every count by k multiplies a fixed model's estimate by k", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 4 }).chain((t) => fc.tuple(table(t), fc.subarray(pairsOf(t)), fc.integer({ min: 2, max: 20 }))),
        ([data, terms, k]) => {
          const scaled: CaptureData = { ...data, counts: data.counts.map((c) => c * k), observed: data.observed * k };
          const a = fitLoglinear(data, terms);
          const b = fitLoglinear(scaled, terms);
          expect(b.diagnostics.status).toBe(a.diagnostics.status);
          if (a.fitted && b.fitted) expect(Math.abs(b.estimate / (k * a.estimate) - 1)).toBeLessThan(1e-8);
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });

  it("the estimate is never below the number observed, and a missing one is never a number", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 5 }).chain((t) => fc.tuple(table(t), fc.constantFrom("bic" as const, "aic" as const, "stepwise" as const))),
        ([data, select]) => {
          const r = estimate(data, { select, maxOrder: 2 });
          if (r.fitted) {
            expect(r.estimate).toBeGreaterThanOrEqual(r.observed);
            for (const i of r.intervals) {
              expect(i.lower).toBeLessThanOrEqual(r.estimate);
              expect(i.upper).toBeGreaterThanOrEqual(r.estimate);
            }
          } else {
            expect(r.estimate).toBeNull();
            expect(r.warnings.length).toBeGreaterThan(0);
          }
          expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
        },
      ),
      { numRuns: 60, seed: 3 },
    );
  });

  it("records and aggregated input of the same people give identical results", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 4 }).chain((t) => table(t)),
        (data) => {
          const t = data.lists.length;
          const header = data.lists.join(",");
          const aggregated = [`${header},count`];
          const records = [header];
          data.counts.forEach((c, i) => {
            const bits = Array.from({ length: t }, (_, j) => (((i + 1) >> j) & 1).toString());
            if (c > 0) aggregated.push(`${bits.join(",")},${c}`);
            for (let k = 0; k < c; k++) records.push(bits.join(","));
          });
          const fromAggregated = readCaptureCsv(aggregated.join("\n"));
          const fromRecords = readCaptureCsv(records.join("\n"));
          expect(fromRecords.counts).toEqual(fromAggregated.counts);
          expect(estimate(fromRecords)).toEqual(estimate(fromAggregated));
        },
      ),
      { numRuns: 40, seed: 5 },
    );
  });
});
