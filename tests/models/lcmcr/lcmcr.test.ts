import { describe, expect, it } from "vitest";
import { loadDataset } from "../../fixtures.js";
import { estimateLcmcr, lcmcrSpec } from "../../../src/models/lcmcr/estimateLcmcr.js";
import { independenceEstimate, prepareLcmcrData, runChain } from "../../../src/models/lcmcr/_sampler.js";
import { checkMultimodality } from "../../../src/_lib/multimodality.js";
import { randomStream } from "../../../src/_lib/random.js";
import { logGamma } from "../../../src/_lib/distributions.js";
import { fitLoglinear } from "../../../src/models/loglinear/fitLoglinear.js";
import { estimate } from "../../../src/estimate.js";
import { estimateWithInterval } from "../../../src/estimateWithInterval.js";
import { formatReport } from "../../../src/report/formatReport.js";
import { OptionError } from "../../../src/errors.js";

/** Short chains for tests that check plumbing, not the posterior. */
const SHORT = { burnin: 200, samples: 100, thinning: 2 } as const;

describe("LCMCR data and start", () => {
  it("keeps the distinct observed histories with their lists and counts (cost grows with them, not with N)", () => {
    const data = loadDataset("UKdat_5");
    const prepared = prepareLcmcrData(data.counts, data.lists.length);
    expect(prepared.histories.length).toBe(data.counts.filter((c) => c > 0).length);
    expect(prepared.histories.length).toBe(18);
    expect(prepared.observed).toBe(2744);
    // History 3 = lists 0 and 1 (LA and NG): 15 people.
    const i = Array.from(prepared.histories).indexOf(3);
    expect(prepared.counts[i]).toBe(15);
    expect(Array.from(prepared.members.subarray(prepared.memberStart[i], prepared.memberStart[i + 1]))).toEqual([0, 1]);
    const logFactorials = data.counts.reduce((s, c) => s + logGamma(c + 1), 0);
    expect(prepared.logCountFactorials).toBeCloseTo(logFactorials, 8);
  });

  it("starts N at the independence model's estimate, the main-effects log-linear MLE (to 1e-8)", () => {
    for (const name of ["UKdat_5", "Kosovo", "Western", "MY5"]) {
      const data = loadDataset(name);
      const mle = fitLoglinear(data, "main");
      expect(mle.fitted).toBe(true);
      const n = independenceEstimate(prepareLcmcrData(data.counts, data.lists.length));
      expect(n / (mle.estimate as number) - 1, name).toBeCloseTo(0, 8);
    }
  });
});

describe("LCMCR sampler, exactness with one class", () => {
  it("with K = 1 reproduces the closed-form posterior of N, p(N) ∝ (N−1)!/(N−n)! Π_j B(s_j + 1, N − s_j + 1)", () => {
    // With one class the model is the independence model with uniform priors on the capture
    // probabilities and p(N) ∝ 1/N: its posterior is a sum we compute exactly on a grid of N.
    const data = loadDataset("Kosovo");
    const t = data.lists.length;
    const n = data.observed;
    const onList = new Array(t).fill(0);
    data.counts.forEach((c, i) => {
      for (let j = 0; j < t; j++) if (((i + 1) >> j) & 1) onList[j] += c;
    });
    const logBeta = (a: number, b: number): number => logGamma(a) + logGamma(b) - logGamma(a + b);
    const grid: number[] = [];
    const logPosterior: number[] = [];
    for (let N = n; N < 3 * n; N++) {
      let l = logGamma(N) - logGamma(N - n + 1);
      for (let j = 0; j < t; j++) l += logBeta(onList[j] + 1, N - onList[j] + 1);
      grid.push(N);
      logPosterior.push(l);
    }
    const top = Math.max(...logPosterior);
    const weights = logPosterior.map((l) => Math.exp(l - top));
    const total = weights.reduce((a, b) => a + b, 0);
    const exactMean = grid.reduce((s, N, i) => s + (N * weights[i]) / total, 0);
    const exactSd = Math.sqrt(grid.reduce((s, N, i) => s + ((N - exactMean) ** 2 * weights[i]) / total, 0));
    const trace = runChain(prepareLcmcrData(data.counts, t), {
      classes: 1, alphaShape: 0.25, alphaRate: 0.25, burnin: 200, samples: 20_000, thinning: 1, seed: 5, chain: 0, classDraws: false,
    });
    const draws = Array.from(trace.population);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1));
    // Monte Carlo tolerance: 4 standard errors of the mean with 2,000 effective draws (the K = 1
    // chain mixes fast; measured ESS over seeds 1–5: 6,000–12,000 of 20,000), and 5% on the sd.
    expect(Math.abs(mean - exactMean)).toBeLessThan((4 * exactSd) / Math.sqrt(2000));
    expect(Math.abs(sd / exactSd - 1)).toBeLessThan(0.05);
  });
});

describe("estimateLcmcr", () => {
  const data = loadDataset("Western");

  it("returns the posterior median as the estimate, the posterior interval and quantiles, and its settings", async () => {
    const fit = await estimateLcmcr(data, { ...SHORT, seed: 3, threads: 1, level: [0.9, 0.95] });
    expect(fit.kind).toBe("estimate");
    expect(fit.family).toBe("lcmcr");
    expect(fit.fitted).toBe(true);
    expect(fit.estimate).toBe(fit.posterior.median);
    expect(fit.unobserved).toBe(fit.estimate - fit.observed);
    expect(fit.observed).toBe(345);
    expect(fit.intervals.map((i) => [i.method, i.level])).toEqual([["posterior", 0.9], ["posterior", 0.95]]);
    expect(fit.intervals[1].lower).toBeLessThan(fit.intervals[0].lower);
    const q = fit.posterior.quantiles.map((x) => x.value);
    expect([...q].sort((a, b) => a - b)).toEqual(q);
    expect(fit.posterior.quantiles.find((x) => x.probability === 0.025)?.value).toBe(fit.intervals[1].lower);
    expect(q[0]).toBeGreaterThanOrEqual(fit.observed);
    expect(fit.diagnostics.chains).toHaveLength(4);
    expect(fit.posterior.occupiedClasses.distribution.reduce((s, d) => s + d.share, 0)).toBeCloseTo(1, 12);
    expect(fit.settings).toMatchObject({
      method: "lcmcr", classes: 10, chains: 4, burnin: 200, samples: 100, thinning: 2, seed: 3,
      alphaPrior: { shape: 0.25, rate: 0.25 }, captureProbabilityPrior: "beta(1, 1)", populationPrior: "1/N", level: [0.9, 0.95],
    });
    expect(fit.settings).not.toHaveProperty("threads");
    expect(fit.draws).toBeUndefined();
    expect(fit.classes).toBeUndefined();
    expect(JSON.parse(JSON.stringify(fit))).toEqual(fit);
  });

  it("gives identical JSON for the same seed with 1 and with 2 worker threads, and with the registry's estimate()", async () => {
    const options = { ...SHORT, chains: 3, seed: "same", draws: true };
    const one = await estimateLcmcr(data, { ...options, threads: 1 });
    const two = await estimateLcmcr(data, { ...options, threads: 2 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    const viaRegistry = estimate(data, { method: "lcmcr", ...options });
    expect(JSON.stringify(viaRegistry)).toBe(JSON.stringify(one));
    const other = await estimateLcmcr(data, { ...options, seed: "other", threads: 1 });
    expect(other.draws?.population).not.toEqual(one.draws?.population);
    expect(one.draws?.population).toHaveLength(3);
    expect(one.draws?.population[0]).toHaveLength(100);
  });

  it("reports progress in sweeps up to chains × (burnin + samples × thinning)", async () => {
    const seen: [number, number][] = [];
    await estimateLcmcr(data, { burnin: 3000, samples: 100, thinning: 10, chains: 2, threads: 1, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every(([, t]) => t === 8000)).toBe(true);
    expect(seen[seen.length - 1][0]).toBe(8000);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b));
  });

  it("summarises the classes ordered by weight in each draw (free of label switching)", async () => {
    const fit = await estimateLcmcr(data, { ...SHORT, chains: 2, threads: 1, classSummaries: true, classes: 5 });
    expect(fit.classes).toHaveLength(5);
    const weights = fit.classes!.map((c) => c.weight.mean);
    expect([...weights].sort((a, b) => b - a)).toEqual(weights);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(fit.classes![0].captureProbabilities.map((p) => p.list)).toEqual(data.lists);
  });

  it("warns MCMC_NOT_CONVERGED for a single chain and MCMC_LOW_ESS for short chains, with remedies", async () => {
    const single = await estimateLcmcr(data, { ...SHORT, chains: 1, threads: 1 });
    const notConverged = single.warnings.filter((w) => w.code === "MCMC_NOT_CONVERGED");
    expect(notConverged.some((w) => /4 or more `chains`/.test(w.message))).toBe(true);
    const short = await estimateLcmcr(data, { burnin: 0, samples: 40, thinning: 1, chains: 2, threads: 1, seed: 1 });
    const low = short.warnings.find((w) => w.code === "MCMC_LOW_ESS");
    expect(low?.message).toMatch(/raise `samples` or `thinning`/);
  });

  it("is served by estimateWithInterval with ci 'posterior', which is its only interval", async () => {
    const fit = await estimateWithInterval(data, { method: "lcmcr", ...SHORT, chains: 2, ci: "posterior" });
    expect(fit.intervals[0].method).toBe("posterior");
    await expect(estimateWithInterval(data, { method: "lcmcr", ...SHORT, chains: 2, ci: "bca", replicates: 10 })).rejects.toThrow(OptionError);
  });

  it("renders an HTML report with the trace plot per chain, the posterior of N and the diagnostics", async () => {
    const fit = await estimateLcmcr(data, { ...SHORT, chains: 2, threads: 1, draws: true });
    const html = await formatReport(fit, { format: "html", data, title: "Western, LCMCR" });
    expect(html).toContain("Trace of N in each of the 2 chains");
    expect(html).toContain("Posterior of N: the 200 draws");
    expect(html).toContain("Convergence diagnostics");
    expect(html).toContain("split R-hat");
    const text = await formatReport(fit, { format: "text", data, title: "Western" });
    expect(text).toContain("Posterior of N");
  });

  it("rejects bad options with OptionError naming the option", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ classes: 0 }, /`classes` must be an integer from 1 to 1000; received 0/],
      [{ chains: 1.5 }, /`chains`/],
      [{ burnin: -1 }, /`burnin`/],
      [{ samples: 2 }, /`samples`/],
      [{ thinning: 0 }, /`thinning`/],
      [{ seed: NaN }, /`seed` must be a finite number or a string/],
      [{ alphaShape: 0 }, /`alphaShape` must be a finite number > 0; received 0/],
      [{ alphaRate: -1 }, /`alphaRate`/],
      [{ level: 1.5 }, /`level` must be strictly between 0 and 1; received 1.5/],
      [{ quantiles: [1.2] }, /`quantiles`/],
      [{ draws: "yes" }, /`draws` must be true or false/],
      [{ threads: 0 }, /`threads`/],
    ];
    for (const [options, message] of cases) {
      await expect(estimateLcmcr(data, options as never), JSON.stringify(options)).rejects.toThrow(message);
      await expect(estimateLcmcr(data, options as never)).rejects.toBeInstanceOf(OptionError);
    }
    expect(cases).toHaveLength(12);
    expect(() => lcmcrSpec({ lists: ["A", "B"], counts: [0, 0, 0], observed: 0 }, {})).toThrow(/at least one person observed/);
  });
});

describe("the multimodality check", () => {
  const lognormal = (stream: ReturnType<typeof randomStream>, centre: number, sd: number): number => Math.exp(Math.log(centre) + sd * stream.normal());

  it("does not flag chains that sample one skewed posterior", () => {
    const s = randomStream(1, "unimodal");
    const chains = Array.from({ length: 4 }, () => Array.from({ length: 1000 }, () => lognormal(s, 20_000, 0.25)));
    const check = checkMultimodality(chains, 4000);
    expect(check.detected).toBe(false);
    expect(check.modes).toHaveLength(1);
    expect(check.modes[0].location).toBeGreaterThan(17_000);
    expect(check.modes[0].location).toBeLessThan(23_000);
  });

  it("flags a chain stuck in another mode", () => {
    const s = randomStream(2, "stuck");
    const chains = Array.from({ length: 4 }, (_, c) => Array.from({ length: 1000 }, () => lognormal(s, c === 3 ? 140_000 : 49_000, 0.1)));
    const check = checkMultimodality(chains, 400);
    expect(check.detected).toBe(true);
    expect(check.disagreeingChains.some(([a]) => a === 3)).toBe(true);
    expect(check.modes).toHaveLength(2);
    expect(check.modes[1].share).toBeCloseTo(0.25, 2);
  });

  it("flags chains that all hop between two separated modes (no chain disagrees)", () => {
    const s = randomStream(3, "hopping");
    const chains = Array.from({ length: 4 }, () => Array.from({ length: 1000 }, (_, i) => lognormal(s, Math.floor(i / 50) % 3 === 0 ? 12_500 : 22_000, 0.08)));
    const check = checkMultimodality(chains, 200);
    expect(check.disagreeingChains).toHaveLength(0);
    expect(check.detected).toBe(true);
    expect(check.modes).toHaveLength(2);
    expect(Math.abs(check.modes[0].location / 12_500 - 1)).toBeLessThan(0.05);
    expect(Math.abs(check.modes[1].location / 22_000 - 1)).toBeLessThan(0.05);
    expect(check.modes[0].share).toBeCloseTo(1 / 3, 1);
  });
});
