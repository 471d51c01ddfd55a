import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { estimate } from "../../src/estimate.js";
import { estimateWithInterval } from "../../src/estimateWithInterval.js";
import { estimateByStratum } from "../../src/strata/estimateByStratum.js";
import { estimateDga } from "../../src/models/dga/estimateDga.js";
import { sumGridPosteriors } from "../../src/models/dga/family.js";
import { sumDrawPosteriors } from "../../src/models/bayesthresh/family.js";
import { estimateBayesthresh } from "../../src/models/bayesthresh/estimateBayesthresh.js";
import { formatReport } from "../../src/report/formatReport.js";
import { readCaptureCsv } from "../../src/data/readCaptureCsv.js";
import { OptionError } from "../../src/errors.js";
import { bayesianOptions } from "../../src/cli/bayesianFlags.js";
import { loadDataset, rPackages } from "../fixtures.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const datasets = fileURLToPath(new URL("../fixtures/reference/datasets/", import.meta.url));
const regions = readCaptureCsv(readFileSync(new URL("../fixtures/reference/strata/regions4.csv", import.meta.url), "utf8"), { covariates: ["region"] });

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("dga and bayesthresh through the registry", () => {
  it("estimate({ method: 'dga' }) is estimateDga, with its posterior interval by default in estimateWithInterval", async () => {
    const data = loadDataset("Kosovo");
    const direct = estimateDga(data, { grid: { to: 26000 } });
    const viaRegistry = estimate(data, { method: "dga", grid: { to: 26000 } });
    expect(viaRegistry).toEqual(direct);
    const withInterval = await estimateWithInterval(data, { method: "dga", grid: { to: 26000 } });
    expect(withInterval.settings.ci).toBe("posterior");
    expect(withInterval.intervals).toEqual(direct.intervals);
    expect(withInterval.kind).toBe("estimate");
    expect(withInterval.fitted).toBe(true);
  });

  it("estimate({ method: 'bayesthresh' }) reads the shared seed and maxOrder", () => {
    const data = loadDataset("Kosovo");
    const result = estimate(data, { method: "bayesthresh", seed: 5, maxOrder: 3, iterations: 1000 });
    expect(result.family).toBe("bayesthresh");
    expect(result.settings.seed).toBe(5);
    expect(result.settings.maxOrder).toBe(3);
    expect(result).toEqual(estimateBayesthresh(data, { seed: 5, maxOrder: 3, iterations: 1000 }));
  });

  it("refuses a prior given as a function through the registry (a spec must be plain data)", () => {
    expect(() => estimate(loadDataset("Kosovo"), { method: "dga", priorN: ((n: number) => -n) as never })).toThrow(OptionError);
  });

  it("bootstraps dga through the registry when asked (percentile, a few replicates)", async () => {
    const data = loadDataset("MY3");
    const result = await estimateWithInterval(data, { method: "dga", grid: { to: 2000 }, ci: "percentile", replicates: 8, seed: 3, threads: 1 });
    expect(result.intervals[0].method).toBe("percentile");
    expect(result.intervals[0].lower).toBeLessThan(result.intervals[0].upper);
  });
});

describe("post-stratified totals from the strata's posteriors", () => {
  it("dga: the total's posterior is the convolution of the strata's (checked against a direct double sum)", async () => {
    const result = await estimateByStratum(regions, { by: ["region"], method: "dga" });
    expect(result.settings.ci).toBe("posterior");
    expect(result.strata).toHaveLength(3);
    // the same strata, estimated directly with their grids kept, convolved by a plain double loop
    const parts = ["north", "south", "west"].map((region) => {
      const rows = regions.records?.filter((r) => r.values.region === region) ?? [];
      const counts = new Array(15).fill(0);
      for (const r of rows) counts[r.history - 1] += r.count;
      const data = { lists: regions.lists, counts, observed: counts.reduce((a, b) => a + b, 0) };
      return estimateDga(data, { keepGrid: true });
    });
    let total = [1];
    let offset = 0;
    for (const p of parts) {
      const g = p.posterior.grid?.probabilities ?? [];
      offset += p.posterior.grid?.from ?? 0;
      const next = new Array(total.length + g.length - 1).fill(0);
      for (let i = 0; i < total.length; i++) if (total[i] > 1e-300) for (let j = 0; j < g.length; j++) next[i + j] += total[i] * g[j];
      total = next;
    }
    let c = 0;
    const observed = parts.reduce((a, p) => a + p.observed, 0);
    const quantile = (q: number): number => {
      c = 0;
      for (let i = 0; i < total.length; i++) {
        c += total[i];
        if (c >= q) return observed + offset + i;
      }
      return Number.NaN;
    };
    expect(result.total.estimate).toBe(quantile(0.5));
    expect(result.total.intervals).toEqual([{ method: "posterior", level: 0.95, lower: quantile(0.025), upper: quantile(0.975) }]);
    expect(result.strata.map((s) => s.estimate)).toEqual(parts.map((p) => p.estimate));
    const sum = sumGridPosteriors(parts, [0.95]);
    expect(sum.estimate).toBe(result.total.estimate);
  });

  it("bayesthresh: the total's draws are the strata's summed draw by draw, each stratum with its own seed", async () => {
    const result = await estimateByStratum(regions, { by: ["region"], method: "bayesthresh", iterations: 2000, seed: 4 });
    expect(result.settings.ci).toBe("posterior");
    expect(result.settings.seed).toBe(4);
    const total = result.total;
    expect(total.estimate).toBeGreaterThan(result.strata.reduce((a, s) => a + (s.estimate as number) * 0.9, 0));
    expect(total.intervals[0].lower).toBeLessThan(total.estimate as number);
    // the strata drew from different streams: their draws are not the same sequence shifted
    const one = estimateBayesthresh(regions, { iterations: 2000, keepDraws: true, seed: 1 });
    const two = estimateBayesthresh(regions, { iterations: 2000, keepDraws: true, seed: 2 });
    const sum = sumDrawPosteriors([one, two], [0.95]);
    const drawsOne = one.posterior?.draws ?? [];
    const drawsTwo = two.posterior?.draws ?? [];
    const sums = drawsOne.map((d, k) => d + drawsTwo[k]).sort((a, b) => a - b);
    expect(sum.estimate).toBeCloseTo((sums[999] + sums[1000]) / 2, 6);
  });

  it("lcmcr: the total's posterior sums the strata's draws; independent strata make it narrower than the sum of the strata's limits", async () => {
    const chains = { chains: 2, burnin: 300, samples: 200, thinning: 2, seed: 5 };
    const result = await estimateByStratum(regions, { by: ["region"], method: "lcmcr", ...chains });
    expect(result.settings.ci).toBe("posterior");
    const [total, strata] = [result.total, result.strata];
    expect(strata).toHaveLength(3);
    const lower = strata.reduce((a, s) => a + s.intervals[0].lower, 0);
    const upper = strata.reduce((a, s) => a + (s.intervals[0].upper as number), 0);
    expect(total.intervals[0].method).toBe("posterior");
    expect(total.intervals[0].lower).toBeGreaterThan(lower);
    expect(total.intervals[0].upper as number).toBeLessThan(upper);
    expect(total.estimate as number).toBeGreaterThan(total.intervals[0].lower);
    expect(total.estimate as number).toBeLessThan(total.intervals[0].upper as number);
    // the kept draws do not reach the output
    expect(JSON.stringify(result)).not.toContain("logLikelihood");
    // one stratum: the total is that stratum's posterior
    const oneRegion = { ...regions, records: regions.records?.map((r) => ({ ...r, values: { region: "all" } })) };
    const one = await estimateByStratum(oneRegion, { by: ["region"], method: "lcmcr", ...chains });
    expect(one.total.estimate).toBe(one.strata[0].estimate);
    expect(one.total.intervals).toEqual(one.strata[0].intervals);
  });

  it("one stratum: the total equals the stratum", async () => {
    const oneRegion = { ...regions, records: regions.records?.map((r) => ({ ...r, values: { region: "all" } })) };
    const result = await estimateByStratum(oneRegion, { by: ["region"], method: "dga" });
    expect(result.total.estimate).toBe(result.strata[0].estimate);
    expect(result.total.intervals).toEqual(result.strata[0].intervals);
  });

  it("refuses ci: posterior for a family without a posterior", async () => {
    await expect(estimateByStratum(regions, { by: ["region"], ci: "posterior" })).rejects.toThrow("has no posterior");
  });
});

describe("reports and the command line", () => {
  it("the HTML report of dga has the posterior curve and the graph probabilities; bayesthresh's its thresholds", async () => {
    const data = loadDataset("Kosovo");
    const dga = await formatReport(estimateDga(data, { grid: { to: 26000 } }), { format: "html" });
    const plots = [...dga.matchAll(/<figure data-plot="([a-z]+)">/g)].map((m) => m[1]);
    expect(plots).toEqual(["posterior", "models"]);
    expect(dga).toContain("Posterior of N (averaged over graphs)");
    const bt = await formatReport(estimateBayesthresh(data, { iterations: 1000 }), { format: "markdown" });
    expect(bt).toContain("| EXH:ABA |");
    expect(bt).toContain("Thresholding");
  });

  it("prevalence estimate --method dga --format json: the issue's JSON", () => {
    const ref = rPackages.datasets.Kosovo.methods.dga_bma;
    // --delta 0.0625 and --prior-n inverse are the defaults for 4 lists, given explicitly
    const r = cli("estimate", join(datasets, "Kosovo.csv"), "--method", "dga", "--grid", "26000", "--delta", "0.0625", "--prior-n", "inverse", "--format", "json", "--quiet");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.family).toBe("dga");
    expect(out.settings).toMatchObject({ delta: 0.0625, priorN: "inverse", grid: { from: 0, to: 26000, rule: "given" } });
    expect(out.estimate).toBe(ref.estimate);
    expect(out.intervals).toEqual([{ method: "posterior", level: 0.95, lower: ref.ci_low, upper: ref.ci_high }]);
    expect(Object.keys(out.posterior)).toEqual(expect.arrayContaining(["mean", "sd", "mode", "quantiles"]));
    expect(out.models[0]).toMatchObject({ cliques: expect.any(Array), probability: expect.any(Number), estimate: expect.any(Number) });
  });

  it("maps the flags to options and refuses bad values", () => {
    const usage = (m: string): Error => new Error(m);
    const num = (_: string, v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
    expect(bayesianOptions("dga", { delta: "0.5", "prior-n": "uniform", grid: "10:500", chains: "3" }, num, usage)).toEqual({
      delta: 0.5,
      priorN: "uniform",
      grid: { from: 10, to: 500 },
      mcmc: { chains: 3 },
    });
    expect(bayesianOptions("bayesthresh", { prior: "improper", tune: "auto", threshold: "1.5" }, num, usage)).toEqual({ prior: "improper", tune: "auto", threshold: 1.5 });
    expect(() => bayesianOptions("dga", { "prior-n": "jeffreys" }, num, usage)).toThrow("--prior-n must be inverse or uniform");
    expect(() => bayesianOptions("dga", { grid: "a:b" }, num, usage)).toThrow("--grid must be auto, TO or FROM:TO");
    expect(() => bayesianOptions("loglinear", { threshold: "2" }, num, usage)).toThrow("--threshold belongs to --method bayesthresh");
  });

  it("prevalence estimate --method bayesthresh --format json: retained interactions and threshold statistics", () => {
    const r = cli("estimate", join(datasets, "Kosovo.csv"), "--method", "bayesthresh", "--samples", "2000", "--format", "json", "--quiet");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.family).toBe("bayesthresh");
    expect(out.retainedInteractions).toHaveLength(5);
    expect(Object.keys(out.thresholdStatistics)).toHaveLength(6);
    expect(out.intervals[0].method).toBe("posterior");
  });
});
