import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { bcaInterval } from "../../src/uncertainty/bcaInterval.js";
import { quantileType8 } from "../../src/uncertainty/quantileType8.js";
import { jackknifeAcceleration } from "../../src/uncertainty/jackknifeAcceleration.js";
import { fixtureCases, mse, referenceJson, rPackages, relativeError } from "../fixtures.js";

const bootreps = referenceJson("bootreps/MultipleSystemsEstimation.json");

/** SparseMSE's replicates, from bootreps/<name>.stepwise.SparseMSE.csv. */
function sparseReplicates(name: string): number[] {
  const text = readFileSync(new URL(`../fixtures/reference/bootreps/${name}.stepwise.SparseMSE.csv`, import.meta.url), "utf8");
  return text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => Number(line.split(",")[1]));
}

describe("quantileType8", () => {
  it("matches R's type 8 on small samples", () => {
    // R: quantile(c(1, 2, 3, 4), c(0, .1, .5, .9, 1), type = 8) = 1, 1, 2.5, 4, 4
    const x = [1, 2, 3, 4];
    expect([0, 0.1, 0.5, 0.9, 1].map((p) => quantileType8(x, p))).toEqual([1, 1, 2.5, 4, 4]);
    // R: quantile(1:10, .25, type = 8) = 2.916667
    expect(quantileType8([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.25)).toBeCloseTo(2.9166666667, 9);
  });
});

describe("bcaInterval reproduces MultipleSystemsEstimation's BCa limits from its own replicates", () => {
  const cases: { key: string; block: { popest: number; BCa: Record<string, number>; ahat: number; z0?: number } }[] = [];
  for (const name of Object.keys(mse.datasets) as string[]) {
    for (const method of ["stepwise", "fixed_main"]) {
      const block = mse.datasets[name][method]?.bootstrap;
      if (block && bootreps[`${name}/${method}`]) cases.push({ key: `${name}/${method}`, block });
    }
  }
  const supplement = mse.supplementary_NewOrl_185;
  for (const [key, block] of [
    ["NewOrl185/stepwise", supplement.NewOrl_step],
    ["NewOrl185/fixed_main", supplement.NewOrl_main],
    ["NewOrl_5_185/stepwise", supplement.NewOrl_5_step],
    ["NewOrl185/stepwise_p0.01", supplement.NewOrl_step_p001],
    ["NewOrl185/stepwise_p0", supplement.NewOrl_step_p0],
  ] as const) {
    if (bootreps[key]) cases.push({ key, block });
  }

  for (const { key, block } of fixtureCases("reference BCa blocks (9 datasets × stepwise/main, 5 New Orleans supplements)", cases, 23)) {
    it(`${key}: limits at 2.5/10/90/97.5% equal the reference to 1e-9 relative`, () => {
      const replicates = (bootreps[key] as (number | null)[]).filter((x): x is number => x !== null && Number.isFinite(x));
      const r = bcaInterval(replicates, block.popest, block.ahat, { level: [0.95, 0.8] });
      expect(r.warnings).toEqual([]);
      if (block.z0 !== undefined) expect(relativeError(r.biasCorrection as number, block.z0)).toBeLessThan(1e-9);
      const [i95, i80] = r.intervals;
      expect(relativeError(i95.lower, block.BCa["0.025"])).toBeLessThan(1e-9);
      expect(relativeError(i80.lower, block.BCa["0.1"])).toBeLessThan(1e-9);
      expect(relativeError(i80.upper, block.BCa["0.9"])).toBeLessThan(1e-9);
      expect(relativeError(i95.upper, block.BCa["0.975"])).toBeLessThan(1e-9);
    });
  }
});

describe("bcaInterval reproduces SparseMSE's BCa limits from its own replicates", () => {
  const names = (Object.keys(rPackages.datasets) as string[]).filter((name) => typeof rPackages.datasets[name].methods.sparsemse_bootstrap_bca?.ahat === "number");
  for (const name of fixtureCases("SparseMSE bootstrap runs", names, 11)) {
    const ref = rPackages.datasets[name].methods.sparsemse_bootstrap_bca;
    it(`${name}: all eight limits to 1e-9 relative`, () => {
      const replicates = sparseReplicates(name).filter((x) => Number.isFinite(x));
      const r = bcaInterval(replicates, ref.estimate, ref.ahat, { level: [0.95, 0.9, 0.8, 0.68] });
      expect(relativeError(r.biasCorrection as number, ref.z0)).toBeLessThan(1e-9);
      const [i95, i90, i80, i68] = r.intervals;
      const q = ref.bca_quantiles;
      const pairs: [number, number][] = [
        [i95.lower, q["0.025"]], [i90.lower, q["0.05"]], [i80.lower, q["0.1"]], [i68.lower, q["0.16"]],
        [i68.upper, q["0.84"]], [i80.upper, q["0.9"]], [i90.upper, q["0.95"]], [i95.upper, q["0.975"]],
      ];
      for (const [ours, theirs] of pairs) expect(relativeError(ours, theirs)).toBeLessThan(1e-9);
    });
  }
});

describe("bcaInterval degenerate cases", () => {
  it("every replicate above the estimate: no interval, a BCA_DEGENERATE warning, no NaN", () => {
    const r = bcaInterval([5, 6, 7], 4, 0);
    expect(r.intervals).toEqual([]);
    expect(r.biasCorrection).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(["BCA_DEGENERATE"]);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });
  it("every replicate below the estimate: the same", () => {
    expect(bcaInterval([1, 2, 3], 4, 0).warnings.map((w) => w.code)).toEqual(["BCA_DEGENERATE"]);
  });
});

describe("jackknifeAcceleration", () => {
  it("weights each history's deletion by its count", () => {
    // counts 3 and 1, estimates 10 and 14: mean 11, d = (1, −3): â = (3·1 − 27)/(6·(3 + 9)^1.5)
    expect(jackknifeAcceleration([3, 1], [10, 14])).toBeCloseTo((3 - 27) / (6 * 12 ** 1.5), 15);
  });
  it("is 0 when every deletion gives the same estimate", () => {
    expect(jackknifeAcceleration([2, 5], [7, 7])).toBe(0);
  });
});
