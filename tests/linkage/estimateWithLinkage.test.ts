import { describe, expect, it } from "vitest";
import { estimateWithLinkage, familyLinkageEstimator, type LinkageEstimatorContext } from "../../src/linkage/index.js";
import { clusterLinks, historiesFromPersons } from "../../src/linkage/_clusters.js";
import { resolveLinkageSettings } from "../../src/linkage/linkageSettings.js";
import { quantileType8 } from "../../src/uncertainty/quantileType8.js";
import { OptionError } from "../../src/errors.js";
import type { Linkage } from "../../src/linkage/types.js";
import type { CaptureData } from "../../src/types.js";

/**
 * A linkage built by hand: 600 people on three lists (person i on list j when (i + j) % 3 ≠ 0 or
 * i % 5 = 0), each record a node; pairs of one person's records have probability 0.9 (weight
 * ≈ 3.17), and 40 pairs of records of different people probability 0.2 (weight −2).
 */
function handLinkage(): Linkage {
  const list: number[] = [];
  const row: number[] = [];
  const owner: number[] = [];
  const rows = [0, 0, 0];
  for (let i = 0; i < 600; i++) {
    for (let j = 0; j < 3; j++) {
      if ((i + j) % 3 === 0 && i % 5 !== 0) continue;
      list.push(j);
      row.push(++rows[j]);
      owner.push(i);
    }
  }
  const left: number[] = [];
  const right: number[] = [];
  const probability: number[] = [];
  for (let a = 0; a < list.length; a++) {
    for (let b = a + 1; b < list.length && owner[b] === owner[a]; b++) {
      left.push(a);
      right.push(b);
      probability.push(0.9);
    }
  }
  for (let k = 0; k < 40; k++) {
    left.push(7 * k);
    right.push(7 * k + 500);
    probability.push(0.2);
  }
  const weight = probability.map((p) => Math.log2(p / (1 - p)));
  const linked = weight.map((w) => w >= 0);
  const person = clusterLinks(list.length, left, right, (k) => linked[k]);
  const { data } = historiesFromPersons(["A", "B", "C"], list, person, []);
  const settings = resolveLinkageSettings({
    lists: [
      { name: "A", file: "a.csv" },
      { name: "B", file: "b.csv" },
      { name: "C", file: "c.csv" },
    ],
    fields: { first_name: "first" },
  });
  return {
    kind: "linkage",
    data,
    records: { list, row, person: [...person] },
    covariateColumns: {},
    pairs: { left, right, probability, weight, linked, forced: linked.map(() => false) },
    model: null,
    summary: {} as Linkage["summary"],
    histogram: [],
    review: [],
    warnings: [],
    settings,
  };
}

/** A stand-in estimator: the estimate is 2 × observed; its replicates are the estimate − 10, −5, 0, +5, +10. */
function doubling(contexts: LinkageEstimatorContext[]) {
  return async (data: CaptureData, context: LinkageEstimatorContext) => {
    contexts.push(context);
    const e = 2 * data.observed;
    return { estimate: e, replicates: context.replicates === 0 ? [] : [-10, -5, 0, 5, 10].map((d) => e + d) };
  };
}

describe("estimateWithLinkage", () => {
  const linkage = handLinkage();

  it("pools every draw's replicates into the interval and averages the draws' estimates", async () => {
    const contexts: LinkageEstimatorContext[] = [];
    const r = await estimateWithLinkage(linkage, { estimator: doubling(contexts), draws: 30, replicates: 5, seed: 3, thresholds: [0, 4] });
    expect(r.draws).toHaveLength(30);
    const estimates = r.draws.map((d) => d.estimate as number);
    expect(r.estimate).toBeCloseTo(estimates.reduce((a, b) => a + b, 0) / 30, 9);
    const pooled = estimates.flatMap((e) => [-10, -5, 0, 5, 10].map((d) => e + d)).sort((a, b) => a - b);
    expect(r.intervals).toEqual([{ method: "linkage-percentile", level: 0.95, lower: quantileType8(pooled, 0.025), upper: quantileType8(pooled, 0.975) }]);
    expect(r.linkedEstimate).toBe(2 * linkage.data.observed);
    expect(r.withoutLinkageError.intervals[0].lower).toBeCloseTo(quantileType8([-10, -5, 0, 5, 10].map((d) => r.linkedEstimate! + d), 0.025), 9);
    // Rubin's split: within = the replicates' variance (62.5), between = the estimates' variance
    const mean = r.estimate!;
    const between = estimates.reduce((a, e) => a + (e - mean) ** 2, 0) / 29;
    expect(r.variance!.withinDraws).toBeCloseTo(62.5, 9);
    expect(r.variance!.betweenDraws).toBeCloseTo(between, 6);
    expect(r.variance!.total).toBeCloseTo(62.5 + (1 + 1 / 30) * between, 6);
    // the draws vary: false pairs are linked now and then, true ones missed now and then
    expect(new Set(estimates).size).toBeGreaterThan(3);
    // the estimator was called for the point linkage, each draw and each threshold, with its seed
    expect(contexts.map((c) => c.draw)).toEqual([null, ...Array.from({ length: 30 }, (_, d) => d), "threshold", "threshold"]);
    expect(contexts[0].seed).toBe("3/point");
    expect(contexts[5].seed).toBe("3/draw/4");
    expect(contexts.slice(0, 31).every((c) => c.replicates === 5)).toBe(true);
  });

  it("gives the same result for the same seed", async () => {
    const a = await estimateWithLinkage(linkage, { estimator: doubling([]), draws: 10, replicates: 5, seed: 8 });
    const b = await estimateWithLinkage(linkage, { estimator: doubling([]), draws: 10, replicates: 5, seed: 8 });
    const c = await estimateWithLinkage(linkage, { estimator: doubling([]), draws: 10, replicates: 5, seed: 9 });
    expect(b).toEqual(a);
    expect(c.draws).not.toEqual(a.draws);
  });

  it("tabulates the estimate against the threshold: fewer links and more persons as it rises", async () => {
    const r = await estimateWithLinkage(linkage, { estimator: doubling([]), draws: 2, replicates: 5, thresholds: [-4, 0, 2, 4] });
    expect(r.sensitivity.map((s) => s.threshold)).toEqual([-4, 0, 2, 4]);
    const at = (t: number) => r.sensitivity.find((s) => s.threshold === t)!;
    expect(at(-4).links).toBe(linkage.pairs.left.length); // every pair (weights 3.17 and −2)
    expect(at(0).persons).toBe(linkage.data.observed);
    expect(at(4).links).toBe(0);
    expect(at(4).persons).toBe(linkage.records.list.length);
    expect(at(4).probability).toBeCloseTo(16 / 17, 12);
  });

  it("runs the log-linear estimator by default, with its bootstrap replicates", async () => {
    const r = await estimateWithLinkage(linkage, { estimator: familyLinkageEstimator({ model: "main" }), draws: 3, replicates: 30, seed: 1, thresholds: [0] });
    expect(r.estimate).toBeGreaterThan(linkage.data.observed);
    expect(r.intervals[0].lower).toBeLessThan(r.intervals[0].upper);
    expect(r.settings).toMatchObject({ draws: 3, replicates: 30, seed: 1, level: [0.95] });
  });

  it("warns that certain links carry no linkage error", async () => {
    const certain = { ...linkage, pairs: { ...linkage.pairs, forced: linkage.pairs.forced.map(() => true) } };
    const r = await estimateWithLinkage(certain, { estimator: doubling([]), draws: 3, replicates: 5 });
    expect(r.warnings.map((w) => w.code)).toContain("LINKAGE_NO_UNCERTAINTY");
    expect(r.variance!.betweenDraws).toBe(0);
  });

  it.each([
    ["no draws", { draws: 0 }],
    ["a level of 1", { level: 1 }],
    ["a non-finite threshold", { thresholds: [Number.NaN] }],
    ["an estimator that is not a function", { estimator: 3 }],
  ])("throws an OptionError for %s", async (_, options) => {
    await expect(estimateWithLinkage(linkage, options as object)).rejects.toThrow(OptionError);
  });
});
