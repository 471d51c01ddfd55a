import { describe, expect, it } from "vitest";
import { fitFellegiSunter, type ComparisonPattern } from "../../src/linkage/fitFellegiSunter.js";
import { OptionError } from "../../src/errors.js";

/** Every pattern of the given level counts. */
function allPatterns(levelCounts: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const L of levelCounts) out = out.flatMap((p) => Array.from({ length: L }, (_, l) => [...p, l]));
  return out;
}

/** Expected counts of every pattern under the mixture (the data EM should fit exactly). */
function expectedPatterns(n: number, lambda: number, m: number[][], u: number[][]): ComparisonPattern[] {
  return allPatterns(m.map((mk) => mk.length)).map((levels) => {
    const pm = levels.reduce((a, l, k) => a * m[k][l], 1);
    const pu = levels.reduce((a, l, k) => a * u[k][l], 1);
    return { levels, count: n * (lambda * pm + (1 - lambda) * pu) };
  });
}

const m = [
  [0.9, 0.1],
  [0.8, 0.15, 0.05],
  [0.85, 0.15],
];
const u = [
  [0.05, 0.95],
  [0.02, 0.08, 0.9],
  [0.3, 0.7],
];

describe("fitFellegiSunter", () => {
  it("recovers λ, m and u from the expected pattern counts of a known model (three comparisons: identified)", () => {
    const fit = fitFellegiSunter([2, 3, 2], expectedPatterns(1e6, 0.2, m, u), { priorCount: 0, tolerance: 1e-12, maxIterations: 20000 });
    expect(fit.converged).toBe(true);
    // the expected counts are the model exactly, so its MLE is the truth; tolerance is EM's stopping rule
    expect(fit.proportion).toBeCloseTo(0.2, 5);
    fit.m.forEach((mk, k) => mk.forEach((x, l) => expect(x).toBeCloseTo(m[k][l], 5)));
    fit.u.forEach((uk, k) => uk.forEach((x, l) => expect(x).toBeCloseTo(u[k][l], 5)));
    expect(fit.matchProbabilities).toHaveLength(12);
  });

  it("takes one EM step as the formulas say (E step posteriors, M step weighted level shares with the prior count)", () => {
    const patterns: ComparisonPattern[] = [
      { levels: [0, 0], count: 30 },
      { levels: [0, 1], count: 10 },
      { levels: [1, -1], count: 20 },
      { levels: [1, 1], count: 40 },
    ];
    const fit = fitFellegiSunter([2, 2], patterns, { maxIterations: 1, priorCount: 1, initialProportion: 0.3 });
    // start: m = [0.9, 0.1], u = [1/3, 2/3] for both comparisons, λ = 0.3
    const post = patterns.map((p) => {
      let a = 0.3;
      let b = 0.7;
      p.levels.forEach((l) => {
        if (l < 0) return;
        a *= [0.9, 0.1][l];
        b *= [1 / 3, 2 / 3][l];
      });
      return a / (a + b);
    });
    const w = patterns.map((p, i) => p.count * post[i]);
    const lambda = w.reduce((x, y) => x + y, 0) / 100;
    const m0 = [(w[0] + w[1] + 1) / (w[0] + w[1] + w[2] + w[3] + 2), (w[2] + w[3] + 1) / (w[0] + w[1] + w[2] + w[3] + 2)];
    const m1 = [(w[0] + 1) / (w[0] + w[1] + w[3] + 2), (w[1] + w[3] + 1) / (w[0] + w[1] + w[3] + 2)];
    // the returned posteriors are those of the updated parameters; λ and m are the M step's
    expect(fit.iterations).toBe(1);
    expect(fit.proportion).toBeCloseTo(lambda, 12);
    expect(fit.m[0][0]).toBeCloseTo(m0[0], 12);
    expect(fit.m[1][1]).toBeCloseTo(m1[1], 12);
  });

  it("with u fixed and λ a share of all pairs, recovers m from blocked pairs for the comparisons the blocking does not involve", () => {
    // A population of 1e8 pairs, λ = 1e-4, four comparisons (a date-like one well separated);
    // blocking keeps the pairs exact on comparison 0.
    const m4 = [...m, [0.95, 0.05]];
    const u4 = [...u, [0.001, 0.999]];
    const blocked = expectedPatterns(1e8, 1e-4, m4, u4)
      .filter((p) => p.levels[0] === 0)
      .map((p) => ({ ...p, informsM: [false, true, true, true] }));
    const fit = fitFellegiSunter([2, 3, 2, 2], blocked, { fixedU: u4, pairCount: 1e8, priorCount: 0, tolerance: 1e-12, maxIterations: 20000 });
    expect(fit.converged).toBe(true);
    expect(fit.u).toEqual(u4);
    // λ counts the matches inside the blocks: λ·m_0(exact) (the comparison the blocking fixes gets
    // m_0(exact) = 1); EM creeps towards it, so the tolerance is 1e-3 relative
    expect(fit.proportion / (1e-4 * 0.9)).toBeCloseTo(1, 3);
    expect(fit.m[0][0]).toBeCloseTo(1, 10);
    for (const k of [1, 2, 3]) fit.m[k].forEach((x, l) => expect(x).toBeCloseTo(m4[k][l], 3));
  });

  it("labels the class that agrees more often as the matches", () => {
    const swapped = expectedPatterns(1e5, 0.7, u, m); // the 'match' class here is the disagreeing one
    const fit = fitFellegiSunter([2, 3, 2], swapped, { priorCount: 0, tolerance: 1e-12, maxIterations: 20000 });
    expect(fit.proportion).toBeCloseTo(0.3, 4);
    expect(fit.m[0][0]).toBeCloseTo(0.9, 4);
  });

  it.each([
    ["no comparisons", [], [], {}],
    ["a level out of range", [2], [{ levels: [2], count: 1 }], {}],
    ["a zero count", [2], [{ levels: [0], count: 0 }], {}],
    ["a bad prior count", [2], [{ levels: [0], count: 1 }], { priorCount: -1 }],
    ["fixed u of the wrong shape", [2], [{ levels: [0], count: 1 }], { fixedU: [[1]] }],
    ["a pair count below the patterns'", [2], [{ levels: [0], count: 5 }], { pairCount: 2 }],
  ])("throws an OptionError for %s", (_, levels, patterns, options) => {
    expect(() => fitFellegiSunter(levels as number[], patterns as ComparisonPattern[], options)).toThrow(OptionError);
  });
});
