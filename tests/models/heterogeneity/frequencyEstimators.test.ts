import { describe, expect, it } from "vitest";
import { chaoLowerBound, zeltermanEstimate } from "../../../src/models/heterogeneity/chaoLowerBound.js";
import { sampleCoverageEstimate } from "../../../src/models/heterogeneity/sampleCoverageEstimate.js";
import { countsByCapturesFromFrequencies } from "../../../src/models/heterogeneity/countsByCaptures.js";
import { closedPopulationModels } from "../../../src/models/heterogeneity/closedPopulationModels.js";
import { captureDataFromCounts } from "../../../src/data/captureDataFromCounts.js";
import { simulateCaptureData } from "../../../src/simulate/simulateCaptureData.js";
import { OptionError } from "../../../src/errors.js";
import { loadDataset, rPackages, relativeError } from "../../fixtures.js";

const rows = (counts: Record<string, number>) => Object.entries(counts).map(([history, count]) => ({ history, count }));

describe("chaoLowerBound", () => {
  it("is n + (t−1)/t·f1²/(2 f2) with Chao's (1987) variance", () => {
    const r = chaoLowerBound(loadDataset("UKdat_5")); // f1 = 2523, f2 = 214, t = 5
    const a = 0.8;
    expect(r.singletons).toBe(2523);
    expect(r.doubletons).toBe(214);
    expect(relativeError(r.estimate!, 2744 + (a * 2523 * 2523) / (2 * 214))).toBeLessThan(1e-12);
    const q = 2523 / 214;
    expect(relativeError(r.standardError! ** 2, 214 * ((a * a * q ** 4) / 4 + a * a * q ** 3 + (a * q * q) / 2))).toBeLessThan(1e-12);
    const [ci] = r.intervals;
    expect(ci.lower).toBeLessThan(r.estimate!);
    expect(ci.upper).toBeGreaterThan(r.estimate!);
    expect(ci.lower).toBeGreaterThan(2744);
  });

  it("equals Rcapture's Mh Chao (LB) when Chao's constraint sets no eta to zero, and lies below it where Rcapture's does (every reference dataset)", () => {
    let equal = 0;
    let checked = 0;
    for (const name of Object.keys(rPackages.datasets)) {
      const data = loadDataset(name);
      const mh = closedPopulationModels(data).models.find((m) => m.name === "Mh Chao (LB)")!;
      const ref = rPackages.datasets[name].methods.rcapture_closedp_t.models["Mh Chao (LB)"].abundance as number;
      const lb = chaoLowerBound(data);
      if (lb.doubletons === 0) continue;
      checked++;
      if (mh.constrainedToZero.length === 0) {
        expect(relativeError(lb.estimate!, mh.estimate!), name).toBeLessThan(1e-6);
        equal++;
      }
      // the direction of the difference is Rcapture's
      expect(lb.estimate! <= ref + 1e-6 * ref, name).toBe(lb.estimate! <= mh.estimate! + 1e-6 * mh.estimate!);
    }
    expect(checked).toBe(11);
    expect(equal).toBeGreaterThanOrEqual(1); // MY5 (and the 3-list tables, where Chao is M0)
  });

  it("uses the bias-corrected form without doubletons, with a warning", () => {
    const r = chaoLowerBound(countsByCapturesFromFrequencies([10, 0, 1]));
    expect(r.estimate).toBe(11 + (10 * 9) / 2);
    expect(r.warnings.map((w) => w.code)).toEqual(["NO_DOUBLETONS"]);
    expect(() => chaoLowerBound(countsByCapturesFromFrequencies([10, 2, 1]), { occasions: 2 })).toThrow(OptionError);
  });
});

describe("zeltermanEstimate", () => {
  it("is n/(1 − exp(−2 f2/f1)) with Böhning's conditional variance", () => {
    const counts = countsByCapturesFromFrequencies([1645, 183, 37, 13, 1, 1]);
    const r = zeltermanEstimate(counts);
    const lambda = (2 * 183) / 1645;
    const seen = 1 - Math.exp(-lambda);
    expect(relativeError(r.estimate!, 1880 / seen)).toBeLessThan(1e-12);
    const v = (1880 * Math.exp(-lambda)) / seen ** 2 + (1880 ** 2 * lambda ** 2 * Math.exp(-2 * lambda) * (1 / 1645 + 1 / 183)) / seen ** 4;
    expect(relativeError(r.standardError!, Math.sqrt(v))).toBeLessThan(1e-12);
  });

  it("has no estimate without doubletons", () => {
    const r = zeltermanEstimate(countsByCapturesFromFrequencies([5, 0, 2]));
    expect(r.estimate).toBeNull();
    expect(r.warnings[0].code).toBe("NO_DOUBLETONS");
  });
});

describe("sampleCoverageEstimate (Chao & Tsay 1998)", () => {
  it("computes coverage, D and the three estimates from the list overlaps", () => {
    // three lists: only-in-one 69, 55, 63; pairs 21 (AB), 17 (AC), 18 (BC); all three 28
    const data = captureDataFromCounts(["P", "Q", "E"], rows({ "100": 69, "010": 55, "001": 63, "110": 21, "101": 17, "011": 18, "111": 28 }));
    const r = sampleCoverageEstimate(data);
    const sizes = [135, 122, 126];
    const only = [69, 55, 63];
    const coverage = 1 - (69 / 135 + 55 / 122 + 63 / 126) / 3;
    expect(relativeError(r.coverage, coverage)).toBeLessThan(1e-12);
    const d = (3 * 271 - 69 - 55 - 63) / 3;
    expect(relativeError(r.averageCovered, d)).toBeLessThan(1e-12);
    const n0 = d / coverage;
    expect(relativeError(r.independentEstimate, n0)).toBeLessThan(1e-12);
    const pairs = 21 + 28 + (17 + 28) + (18 + 28);
    const products = sizes[0] * sizes[1] + sizes[0] * sizes[2] + sizes[1] * sizes[2];
    const gamma = Math.max(0, (n0 * pairs) / products - 1);
    expect(relativeError(r.covariation + 1, gamma + 1)).toBeLessThan(1e-12);
    expect(relativeError(r.estimate, n0 + ((69 + 55 + 63) / (3 * coverage)) * gamma)).toBeLessThan(1e-12);
    expect(r.oneStepEstimate).toBeGreaterThanOrEqual(r.estimate - 1e-9);
    expect(only.length).toBe(3);
  });

  it("warns when coverage is low and refuses fewer than three lists", () => {
    const sparse = captureDataFromCounts(["A", "B", "C"], rows({ "100": 50, "010": 60, "001": 40, "110": 1, "011": 1, "101": 1 }));
    expect(sampleCoverageEstimate(sparse).warnings.map((w) => w.code)).toEqual(["LOW_SAMPLE_COVERAGE"]);
    expect(() => sampleCoverageEstimate(loadDataset("MY3"), { minimumCoverage: 2 })).toThrow(OptionError);
  });

  it("is close to the truth for independent homogeneous lists (simulated: 5 seeds, mean within 2%)", () => {
    let total = 0;
    const seeds = [1, 2, 3, 4, 5];
    for (const seed of seeds) {
      const sim = simulateCaptureData({ lists: ["A", "B", "C", "D"], population: 5000, captureProbabilities: [0.4, 0.45, 0.5, 0.35], seed });
      const r = sampleCoverageEstimate(sim.data);
      expect(r.warnings).toEqual([]);
      total += r.estimate / 5000;
    }
    expect(Math.abs(total / seeds.length - 1)).toBeLessThan(0.02);
  });
});
