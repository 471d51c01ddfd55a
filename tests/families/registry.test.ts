/**
 * The seam of the estimator registry: a family written here from scratch — the independence model
 * of Darroch (1958), whose MLE solves 1 − n/N = Π_j (1 − n_j/N) — is registered and then served by
 * `estimate`, `estimateWithInterval` (bootstrap BCa), `estimateByStratum` (post-stratified totals)
 * and `formatReport` (HTML), none of which knows it. It must agree with the built-in log-linear
 * main-effects model, whose estimate is the same MLE.
 */
import { describe, expect, it } from "vitest";
import { estimate } from "../../src/estimate.js";
import { estimateWithInterval } from "../../src/estimateWithInterval.js";
import { estimateByStratum } from "../../src/strata/estimateByStratum.js";
import { estimateTrend } from "../../src/strata/estimateTrend.js";
import { bootstrapInterval } from "../../src/uncertainty/bootstrapInterval.js";
import { formatReport } from "../../src/report/formatReport.js";
import { getFamily, listFamilies, registerFamily } from "../../src/families/registry.js";
import type { TableFamily } from "../../src/families/types.js";
import { OptionError } from "../../src/errors.js";
import { datasetCsv } from "../../src/datasets/index.js";
import { readCaptureCsv } from "../../src/data/readCaptureCsv.js";
import type { CaptureData, EstimateCore } from "../../src/types.js";
import { loadDataset, relativeError } from "../fixtures.js";

/** Darroch's independence MLE from the list sizes, by bisection on N in (n, ∞); NaN when it does not exist. */
function independenceEstimate(counts: ArrayLike<number>, lists: number): number {
  const sizes = new Array<number>(lists).fill(0);
  let n = 0;
  for (let h = 1; h <= counts.length; h++) {
    n += counts[h - 1];
    for (let j = 0; j < lists; j++) if (h & (1 << j)) sizes[j] += counts[h - 1];
  }
  // g(N) = log(1 − n/N) − Σ log(1 − n_j/N) is < 0 just above n and > 0 for large N when the lists overlap
  const g = (N: number): number => Math.log(1 - n / N) - sizes.reduce((a, s) => a + Math.log(1 - s / N), 0);
  let lo = n * (1 + 1e-12);
  let hi = 2 * n;
  while (g(hi) < 0) {
    hi *= 2;
    if (hi > 1e15) return Number.NaN;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (g(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

interface IndependenceEstimate extends EstimateCore {
  readonly family: "test-independence";
}

const independence: TableFamily<{ readonly lists: number }, IndependenceEstimate> = {
  name: "test-independence",
  title: "Independence model (Darroch 1958), written for the registry test",
  scope: "table",
  spec: (data: CaptureData) => ({ lists: data.lists.length }),
  estimate(data, spec, context) {
    const N = independenceEstimate(data.counts, spec.lists);
    const fitted = Number.isFinite(N);
    return {
      kind: "estimate",
      family: "test-independence",
      fitted,
      estimate: fitted ? N : null,
      observed: data.observed,
      unobserved: fitted ? N - data.observed : null,
      intervals: [],
      warnings: fitted ? [] : [{ code: "NO_OVERLAP", message: "nobody is on two lists" }],
      settings: { method: "darroch", level: context.levels, version: "test" },
    };
  },
  replicates(spec) {
    return {
      rows: 1,
      estimate(counts, out, offset) {
        out[offset] = independenceEstimate(counts, spec.lists);
      },
    };
  },
};

registerFamily(independence);

describe("a family registered at run time", () => {
  const kosovo = loadDataset("Kosovo");

  it("is listed, and its name cannot be taken by another family", () => {
    expect(listFamilies().find((f) => f.name === "test-independence")).toMatchObject({ scope: "table", builtIn: false });
    expect(() => registerFamily({ ...independence })).toThrow(OptionError);
    registerFamily(independence); // the same family again is fine
    expect(getFamily("test-independence")).toBe(independence);
  });

  it("estimates through estimate(), equal to the log-linear main-effects model (the same MLE)", () => {
    const ours = estimate(kosovo, { method: "test-independence" });
    const loglinear = estimate(kosovo, { model: "main" });
    expect(ours.family).toBe("test-independence");
    expect(relativeError(ours.estimate as number, loglinear.estimate as number)).toBeLessThan(1e-9);
  });

  it("gets BCa intervals from the registry's bootstrap, with the same replicates as the log-linear family's", async () => {
    const options = { replicates: 200, seed: 11, threads: 1, keepReplicates: true } as const;
    const ours = await estimateWithInterval(kosovo, { ...options, method: "test-independence", ci: "bca" });
    const loglinear = await estimateWithInterval(kosovo, { ...options, model: "main", ci: "bca" });
    expect(ours.intervals.map((i) => i.method)).toEqual(["bca"]);
    expect(ours.settings).toMatchObject({ seed: 11, replicates: 200, ci: "bca" });
    // the same seed draws the same tables: every replicate's estimate is the same MLE
    const a = ours.uncertainty?.method === "bootstrap" ? (ours.uncertainty.replicateEstimates ?? []) : [];
    const b = loglinear.uncertainty?.method === "bootstrap" ? (loglinear.uncertainty.replicateEstimates ?? []) : [];
    expect(a).toHaveLength(200);
    a.forEach((x, i) => expect(relativeError(x as number, b[i] as number)).toBeLessThan(1e-8));
    expect(relativeError(ours.intervals[0].lower, loglinear.intervals[0].lower)).toBeLessThan(1e-8);
    expect(relativeError(ours.intervals[0].upper, loglinear.intervals[0].upper)).toBeLessThan(1e-8);
  });

  it("bootstraps in the calling thread when worker threads could not rebuild it (no workerModule)", async () => {
    const r = await bootstrapInterval(kosovo, { method: "test-independence", replicates: 50, seed: 3, threads: 2 });
    expect(r.settings.family).toBe("test-independence");
    expect(r.intervals.length).toBeGreaterThan(0);
  });

  it("is post-stratified by estimateByStratum, with bootstrap intervals for every stratum and the total", async () => {
    const data = readCaptureCsv(datasetCsv("synthetic_regions_years"), { covariates: ["region", "year"] });
    const r = await estimateByStratum(data, { by: ["region"], method: "test-independence", replicates: 100, seed: 5, threads: 1 });
    const loglinear = await estimateByStratum(data, { by: ["region"], model: "main", replicates: 100, seed: 5, threads: 1 });
    expect(r.family).toBe("test-independence");
    expect(r.strata).toHaveLength(2);
    r.strata.forEach((s, i) => {
      expect(s.intervals.map((x) => x.method)).toEqual(["bca"]);
      expect(relativeError(s.estimate as number, loglinear.strata[i].estimate as number)).toBeLessThan(1e-9);
    });
    expect(relativeError(r.total.estimate as number, loglinear.total.estimate as number)).toBeLessThan(1e-9);
    expect(relativeError(r.total.intervals[0].upper, loglinear.total.intervals[0].upper)).toBeLessThan(1e-8);
    const trend = await estimateTrend(data, { period: "year", method: "test-independence", ci: "percentile", replicates: 60, seed: 5, threads: 1 });
    expect(trend.family).toBe("test-independence");
    expect(trend.slope.intervals).toHaveLength(1);
  });

  it("is rendered by formatReport as an HTML page with its estimate, interval and bootstrap plot", async () => {
    const r = await estimateWithInterval(kosovo, { method: "test-independence", replicates: 100, seed: 2, threads: 1, keepReplicates: true });
    const html = await formatReport(r, { format: "html", data: kosovo });
    expect(html).toContain(`data-value="${r.estimate}"`);
    expect(html).toContain("test-independence");
    expect([...html.matchAll(/<figure data-plot="([a-z]+)">/g)].map((m) => m[1]).sort()).toEqual(["bootstrap", "overlaps"]);
    const csv = await formatReport(r, { format: "csv" });
    expect(csv.split("\r\n")[0]).toBe("estimate,observed,unobserved,bca_0.95_lower,bca_0.95_upper");
  });

  it("refuses interval methods it does not offer, naming those it does", async () => {
    await expect(estimateWithInterval(kosovo, { method: "test-independence", ci: "profile" })).rejects.toThrow(/bca, percentile, none/);
  });
});

describe("the built-in families", () => {
  it("are loglinear, lincoln-petersen, covariate, closed-population, lcmcr, loglinear-average, dga, bayesthresh and random-effects", () => {
    expect(listFamilies().filter((f) => f.builtIn).map((f) => [f.name, f.scope])).toEqual([
      ["loglinear", "table"],
      ["lincoln-petersen", "table"],
      ["covariate", "stratified"],
      ["closed-population", "table"],
      ["lcmcr", "table"],
      ["loglinear-average", "table"],
      ["dga", "table"],
      ["bayesthresh", "table"],
      ["random-effects", "stratified"],
    ]);
  });

  it("an unknown family is an OptionError naming the registered ones", () => {
    expect(() => estimate(loadDataset("Kosovo"), { method: "nope" })).toThrow(/`method` must name a registered family \(loglinear, lincoln-petersen, covariate/);
  });

  it("lincoln-petersen: Chapman's estimate with its Wald interval, and a bootstrap through the registry", async () => {
    const data = { lists: ["A", "B"], counts: [60, 40, 20], observed: 120 };
    const r = estimate(data, { method: "lincoln-petersen", estimator: "chapman" });
    expect(r.estimate).toBeCloseTo((81 * 61) / 21 - 1, 9);
    expect(r.intervals[0].method).toBe("wald");
    const boot = await estimateWithInterval(data, { method: "lincoln-petersen", replicates: 200, seed: 1, threads: 1 });
    expect(boot.intervals[0].method).toBe("bca");
    expect(boot.intervals[0].lower).toBeLessThan(boot.estimate as number);
    expect(() => estimate(loadDataset("Kosovo"), { method: "lincoln-petersen" })).toThrow(/exactly 2 lists/);
  });
});
