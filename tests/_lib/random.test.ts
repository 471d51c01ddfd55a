import { describe, expect, it } from "vitest";
import seedrandom from "seedrandom";
import { categorical, logGammaVariate, randomStream, searchCumulative, type RandomStream } from "../../src/_lib/random.js";
import { OptionError } from "../../src/errors.js";
import { standardNormalCdf } from "../../src/_lib/distributions.js";
import {
  chiSquareCounts,
  chiSquareDiscrete,
  correlation,
  gammaCdf,
  kolmogorovSmirnov,
  logBinomialPmf,
  logNegativeBinomialPmf,
  logPoissonPmf,
  momentZScores,
  sampleOf,
  type Moments,
} from "./_statistics.js";

// Monte Carlo tolerances. Every check draws from a fixed seed, so it is deterministic; the
// thresholds are what a correct sampler passes with high probability on any seed:
// - moments: |z| < 4.5 for the sample mean, variance and third central moment (z from the delta
//   method with the sample's own higher moments; two-sided 4.5σ ≈ 7e-6 per check);
// - goodness of fit: p > 1e-4 for Pearson's chi-square (bins expecting ≥ 5) and Kolmogorov–Smirnov.
const Z_LIMIT = 4.5;
const P_LIMIT = 1e-4;
const DRAWS = 20_000;

function expectMoments(sample: ArrayLike<number>, exact: Moments): void {
  const z = momentZScores(sample, exact);
  expect(Math.abs(z.mean), `mean z = ${z.mean}`).toBeLessThan(Z_LIMIT);
  expect(Math.abs(z.variance), `variance z = ${z.variance}`).toBeLessThan(Z_LIMIT);
  expect(Math.abs(z.third), `third-moment z = ${z.third}`).toBeLessThan(Z_LIMIT);
}

/** Beta(a, b) CDF for whole a, b: P(Binomial(a + b − 1, x) ≥ a). */
function betaCdfWhole(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const n = a + b - 1;
  let sum = 0;
  for (let j = a; j <= n; j++) sum += Math.exp(logBinomialPmf(j, n, x));
  return Math.min(1, sum);
}

function betaMoments(a: number, b: number): Moments {
  const s = a + b;
  const variance = (a * b) / (s * s * (s + 1));
  const skew = (2 * (b - a) * Math.sqrt(s + 1)) / ((s + 2) * Math.sqrt(a * b));
  return { mean: a / s, variance, third: skew * variance ** 1.5 };
}

describe("randomStream: keys and streams", () => {
  it("draws the uniforms of seedrandom.alea keyed by [seed, ...path].join('/')", () => {
    const cases: [number | string, (number | string)[], string][] = [
      [1234, [], "1234"],
      [1234, [7], "1234/7"],
      ["abc", ["chain", 3], "abc/chain/3"],
      [0.5, ["stratum", "north", 2], "0.5/stratum/north/2"],
    ];
    for (const [seed, path, key] of cases) {
      const stream = randomStream(seed, ...path);
      const alea = seedrandom.alea(key);
      expect(sampleOf(1000, () => stream.uniform())).toEqual(sampleOf(1000, alea));
    }
    expect(cases).toHaveLength(4);
  });

  it("matches the bootstrap's streams seedrandom.alea(`${seed}/${b}`) replicate by replicate", () => {
    for (let b = 0; b < 20; b++) {
      const stream = randomStream(1234, b);
      const alea = seedrandom.alea(`1234/${b}`);
      expect(sampleOf(50, () => stream.uniform())).toEqual(sampleOf(50, alea));
    }
  });

  it("draws normals by Box–Muller with a spare: radius from 1 − U₁, cos first, then sin", () => {
    const stream = randomStream(9, "normal");
    const alea = seedrandom.alea("9/normal");
    const expected: number[] = [];
    for (let i = 0; i < 500; i++) {
      const radius = Math.sqrt(-2 * Math.log(1 - alea()));
      const angle = 2 * Math.PI * alea();
      expected.push(radius * Math.cos(angle), radius * Math.sin(angle));
    }
    expect(Array.from({ length: 1000 }, () => stream.normal())).toEqual(expected);
  });

  it("gives the same draws for the same seed and path, for every distribution", () => {
    const draws = (s: RandomStream): number[] => {
      const out: number[] = [];
      for (let i = 0; i < 50; i++) {
        out.push(s.uniform(), s.normal(), s.exponential(2), s.gamma(0.4), s.gamma(3, 2), s.beta(0.5, 2), s.beta(3, 4));
        out.push(s.poisson(4), s.poisson(400), s.binomial(30, 0.2), s.binomial(5000, 0.6), s.negativeBinomial(2.5, 0.3));
        out.push(...s.dirichlet([0.5, 1, 2]), ...s.multinomial(100, [1, 2, 3, 4]));
      }
      return out;
    };
    const first = draws(randomStream(42, "chain", 1));
    expect(draws(randomStream(42, "chain", 1))).toEqual(first);
    expect(draws(randomStream(42, "chain", 2))).not.toEqual(first);
    expect(draws(randomStream(43, "chain", 1))).not.toEqual(first);
    expect(first.every(Number.isFinite)).toBe(true);
  });

  it("gives uncorrelated streams for different paths and seeds (|r|·√n < 4, also at lags 1 and 2)", () => {
    const n = DRAWS;
    const streams = [randomStream(1, "chain", 0), randomStream(1, "chain", 1), randomStream(1, "chain", 2), randomStream(2, "chain", 0), randomStream(1, 0), randomStream(1, 1)];
    const samples = streams.map((s) => sampleOf(n + 2, () => s.uniform()));
    let pairs = 0;
    for (let a = 0; a < samples.length; a++) {
      for (let b = a + 1; b < samples.length; b++) {
        for (const lag of [0, 1, 2]) {
          const r = correlation(samples[a].subarray(lag, lag + n), samples[b].subarray(0, n));
          expect(Math.abs(r) * Math.sqrt(n), `streams ${a}, ${b}, lag ${lag}`).toBeLessThan(4);
          pairs++;
        }
      }
    }
    expect(pairs).toBe(45);
    // Normals too (they go through Box–Muller pairs).
    const x = sampleOf(n, ((s) => () => s.normal())(randomStream(5, "shard", 0)));
    const y = sampleOf(n, ((s) => () => s.normal())(randomStream(5, "shard", 1)));
    expect(Math.abs(correlation(x, y)) * Math.sqrt(n)).toBeLessThan(4);
  });

  it("rejects a seed or path entry that is neither a finite number nor a string", () => {
    const bad: unknown[] = [NaN, Infinity, null, undefined, {}, [1]];
    for (const value of bad) {
      expect(() => randomStream(value as number)).toThrow(OptionError);
      expect(() => randomStream(1, value as number)).toThrow(OptionError);
    }
    expect(() => randomStream(Infinity)).toThrow("`seed` must be a finite number or a string; received Infinity");
    expect(bad).toHaveLength(6);
  });

  it("rejects out-of-range parameters with an OptionError naming the argument", () => {
    const s = randomStream(1);
    const cases: [() => unknown, string][] = [
      [() => s.exponential(0), "`rate` must be a finite number > 0; received 0"],
      [() => s.gamma(0), "`shape` must be a finite number > 0; received 0"],
      [() => s.gamma(-1), "`shape`"],
      [() => s.gamma(2, Infinity), "`rate`"],
      [() => s.beta(0, 1), "`a`"],
      [() => s.beta(1, NaN), "`b`"],
      [() => s.dirichlet([1, 0]), "`alpha[1]`"],
      [() => s.dirichlet([]), "`alpha` must hold at least one value"],
      [() => s.dirichlet([1, 2, 3], new Float64Array(2)), "`out` must have room for 3 values"],
      [() => s.poisson(-1), "`mean` must be a finite number ≥ 0; received -1"],
      [() => s.poisson(Infinity), "`mean`"],
      [() => s.binomial(2.5, 0.5), "`n` must be a whole number ≥ 0; received 2.5"],
      [() => s.binomial(-1, 0.5), "`n`"],
      [() => s.binomial(3, 1.5), "`p` must be a probability between 0 and 1; received 1.5"],
      [() => s.negativeBinomial(0, 0.5), "`size`"],
      [() => s.negativeBinomial(1, 0), "`p` must be a probability in (0, 1]; received 0"],
      [() => s.multinomial(10, [0, 0]), "`probabilities` must have a positive sum"],
      [() => s.multinomial(10, [1, -1]), "`probabilities[1]`"],
      [() => s.multinomial(1.5, [1]), "`n`"],
      [() => logGammaVariate(s, 0), "`shape`"],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(OptionError);
      expect(call).toThrow(message);
    }
    expect(cases).toHaveLength(20);
  });

  it("returns the degenerate values at the edges of the parameter space", () => {
    const s = randomStream(3);
    expect(s.poisson(0)).toBe(0);
    expect(s.binomial(0, 0.3)).toBe(0);
    expect(s.binomial(17, 0)).toBe(0);
    expect(s.binomial(17, 1)).toBe(17);
    expect(s.negativeBinomial(2, 1)).toBe(0);
    expect([...s.multinomial(0, [1, 2])]).toEqual([0, 0]);
    expect([...s.multinomial(9, [0, 1, 0])]).toEqual([0, 9, 0]);
    expect([...s.dirichlet([5])]).toEqual([1]);
  });
});

describe("randomStream: continuous draws (moments and Kolmogorov–Smirnov)", () => {
  it("uniform: mean 1/2, variance 1/12, symmetric; KS against U(0, 1)", () => {
    const s = randomStream(11, "uniform");
    const x = sampleOf(DRAWS, () => s.uniform());
    expectMoments(x, { mean: 0.5, variance: 1 / 12, third: 0 });
    expect(kolmogorovSmirnov(x, (v) => v).pValue).toBeGreaterThan(P_LIMIT);
    expect(x.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it("normal: mean 0, variance 1, symmetric; KS against Φ", () => {
    const s = randomStream(11, "normal");
    const x = sampleOf(DRAWS, () => s.normal());
    expectMoments(x, { mean: 0, variance: 1, third: 0 });
    expect(kolmogorovSmirnov(x, standardNormalCdf).pValue).toBeGreaterThan(P_LIMIT);
  });

  it("exponential: moments 1/r, 1/r², 2/r³ and KS, at rates 1 and 2.5", () => {
    for (const rate of [1, 2.5]) {
      const s = randomStream(11, "exponential", rate);
      const x = sampleOf(DRAWS, () => s.exponential(rate));
      expectMoments(x, { mean: 1 / rate, variance: 1 / rate ** 2, third: 2 / rate ** 3 });
      expect(kolmogorovSmirnov(x, (v) => 1 - Math.exp(-rate * v)).pValue).toBeGreaterThan(P_LIMIT);
    }
  });

  it("gamma: moments a/r, a/r², 2a/r³ and KS, for shapes from 0.05 to 300", () => {
    const cases: [number, number][] = [[0.05, 1], [0.3, 2], [0.999, 1], [1, 1], [2.5, 0.5], [30, 3], [300, 1]];
    for (const [shape, rate] of cases) {
      const s = randomStream(11, "gamma", shape, rate);
      const x = sampleOf(DRAWS, () => s.gamma(shape, rate));
      expectMoments(x, { mean: shape / rate, variance: shape / rate ** 2, third: (2 * shape) / rate ** 3 });
      expect(kolmogorovSmirnov(x, (v) => gammaCdf(v, shape, rate)).pValue, `shape ${shape}`).toBeGreaterThan(P_LIMIT);
    }
    expect(cases).toHaveLength(7);
  });

  it("logGammaVariate: the log of the same draw as gamma(), finite for tiny shapes (E log X = ψ(a))", () => {
    const a = randomStream(2, "g");
    const b = randomStream(2, "g");
    for (const shape of [0.01, 0.5, 1, 7]) {
      for (let i = 0; i < 20; i++) expect(Math.exp(logGammaVariate(a, shape))).toBeCloseTo(b.gamma(shape), 12);
    }
    // Shape 1e-3: gamma() underflows to 0 often, the log stays finite: E[log X] = ψ(a) ≈ −1/a − γ,
    // Var[log X] = ψ′(a) ≈ 1/a² + π²/6.
    const shape = 1e-3;
    const s = randomStream(2, "tiny");
    const logs = sampleOf(DRAWS, () => logGammaVariate(s, shape));
    expect(logs.every(Number.isFinite)).toBe(true);
    const mean = logs.reduce((t, v) => t + v, 0) / logs.length;
    const psi = -1 / shape - 0.5772156649015329 + 1.6449340668482264 * shape; // ψ(a) to O(a²)
    const sd = Math.sqrt(1 / shape ** 2 + 1.6449340668482264);
    expect(Math.abs(mean - psi) / (sd / Math.sqrt(logs.length))).toBeLessThan(Z_LIMIT);
  });

  it("beta: exact moments and KS, for shapes below and above 1", () => {
    const cdfs: [number, number, (x: number) => number][] = [
      [0.3, 1, (x) => x ** 0.3],
      [1, 0.2, (x) => 1 - (1 - x) ** 0.2],
      [0.5, 0.5, (x) => (2 / Math.PI) * Math.asin(Math.sqrt(x))],
      [2, 3, (x) => betaCdfWhole(x, 2, 3)],
      [20, 5, (x) => betaCdfWhole(x, 20, 5)],
      [1, 1, (x) => x],
    ];
    for (const [a, b, cdf] of cdfs) {
      const s = randomStream(11, "beta", a, b);
      const x = sampleOf(DRAWS, () => s.beta(a, b));
      expectMoments(x, betaMoments(a, b));
      expect(kolmogorovSmirnov(x, cdf).pValue, `Beta(${a}, ${b})`).toBeGreaterThan(P_LIMIT);
    }
    expect(cdfs).toHaveLength(6);
  });

  it("dirichlet: sums to 1, Beta marginals (moments, KS) and covariances −αᵢαⱼ/(α₀²(α₀ + 1))", () => {
    const alpha = [0.2, 0.5, 1, 3];
    const total = alpha.reduce((t, a) => t + a, 0);
    const s = randomStream(11, "dirichlet");
    const n = DRAWS;
    const columns = alpha.map(() => new Float64Array(n));
    const out = new Float64Array(4);
    let worstSum = 0;
    for (let i = 0; i < n; i++) {
      const d = s.dirichlet(alpha, out);
      worstSum = Math.max(worstSum, Math.abs(d[0] + d[1] + d[2] + d[3] - 1));
      for (let k = 0; k < 4; k++) columns[k][i] = d[k];
    }
    expect(s.dirichlet(alpha, out)).toBe(out);
    expect(worstSum).toBeLessThan(1e-12);
    alpha.forEach((a, k) => expectMoments(columns[k], betaMoments(a, total - a)));
    expect(kolmogorovSmirnov(columns[2], (x) => 1 - (1 - x) ** (total - 1)).pValue).toBeGreaterThan(P_LIMIT);
    // Covariance of components 1 and 3 against the exact value, z from the product's own spread.
    const products = columns[1].map((v, i) => (v - alpha[1] / total) * (columns[3][i] - alpha[3] / total));
    const mean = products.reduce((t, v) => t + v, 0) / n;
    const sd = Math.sqrt(products.reduce((t, v) => t + (v - mean) ** 2, 0) / (n - 1));
    const exact = -(alpha[1] * alpha[3]) / (total * total * (total + 1));
    expect(Math.abs(mean - exact) / (sd / Math.sqrt(n))).toBeLessThan(Z_LIMIT);
  });
});

describe("randomStream: discrete draws (moments and chi-square)", () => {
  it("poisson: mean = variance = third central moment = λ, chi-square fit, by inversion (λ < 10) and PTRS (λ ≥ 10)", () => {
    const means = [0.05, 0.5, 3, 9.99, 10, 25, 1000, 123456.7];
    for (const mean of means) {
      const s = randomStream(11, "poisson", mean);
      const x = sampleOf(DRAWS, () => s.poisson(mean));
      expect(x.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
      expectMoments(x, { mean, variance: mean, third: mean });
      const fit = chiSquareDiscrete(x, (k) => Math.exp(logPoissonPmf(k, mean)), mean - 12 * Math.sqrt(mean));
      expect(fit.pValue, `λ = ${mean}: chi-square ${fit.statistic} on ${fit.df} df`).toBeGreaterThan(P_LIMIT);
    }
    expect(means).toHaveLength(8);
  });

  it("binomial: moments np, npq, npq(q − p), chi-square fit, by inversion (n·min(p, q) < 10) and BTRS", () => {
    const cases: [number, number][] = [
      [1, 0.3], [20, 0.3], [1000, 0.005], [40, 0.9], [100, 0.1], [100, 0.5], [500, 0.7], [1_000_000, 0.4], [2_000_000_000, 1e-6],
    ];
    for (const [n, p] of cases) {
      const s = randomStream(11, "binomial", n, p);
      const x = sampleOf(DRAWS, () => s.binomial(n, p));
      expect(x.every((v) => Number.isInteger(v) && v >= 0 && v <= n)).toBe(true);
      const q = 1 - p;
      expectMoments(x, { mean: n * p, variance: n * p * q, third: n * p * q * (q - p) });
      if (n > 1) {
        const fit = chiSquareDiscrete(x, (k) => (k > n ? 0 : Math.exp(logBinomialPmf(k, n, p))), n * p - 12 * Math.sqrt(n * p * q));
        expect(fit.pValue, `Binomial(${n}, ${p}): chi-square ${fit.statistic} on ${fit.df} df`).toBeGreaterThan(P_LIMIT);
      }
    }
    expect(cases).toHaveLength(9);
  });

  it("negative binomial: moments r(1−p)/p, r(1−p)/p², r(1−p)(2−p)/p³ and chi-square, for real sizes", () => {
    const cases: [number, number][] = [[0.5, 0.3], [3.7, 0.6], [50, 0.1], [2744, 0.12]];
    for (const [size, p] of cases) {
      const s = randomStream(11, "negativeBinomial", size, p);
      const x = sampleOf(DRAWS, () => s.negativeBinomial(size, p));
      const q = 1 - p;
      expectMoments(x, { mean: (size * q) / p, variance: (size * q) / p ** 2, third: (size * q * (2 - p)) / p ** 3 });
      const fit = chiSquareDiscrete(x, (k) => Math.exp(logNegativeBinomialPmf(k, size, p)));
      expect(fit.pValue, `NB(${size}, ${p})`).toBeGreaterThan(P_LIMIT);
    }
    expect(cases).toHaveLength(4);
  });

  it("multinomial: sums to n, zero-probability cells stay 0, moments npᵢ, npᵢqᵢ, covariance −npᵢpⱼ, chi-square of a cell", () => {
    const weights = [1, 0, 2, 3, 4]; // unnormalised, one zero
    const probabilities = weights.map((w) => w / 10);
    for (const n of [7, 50, 100_000]) {
      const s = randomStream(11, "multinomial", n);
      const draws = DRAWS / 4;
      const cells = weights.map(() => new Float64Array(draws));
      let wrongSums = 0;
      for (let i = 0; i < draws; i++) {
        const m = s.multinomial(n, weights);
        if (m.reduce((t, v) => t + v, 0) !== n) wrongSums++;
        m.forEach((v, k) => (cells[k][i] = v));
      }
      expect(wrongSums).toBe(0);
      expect(cells[1].every((v) => v === 0)).toBe(true);
      for (const k of [0, 2, 3, 4]) {
        const p = probabilities[k];
        expectMoments(cells[k], { mean: n * p, variance: n * p * (1 - p), third: n * p * (1 - p) * (1 - 2 * p) });
      }
      const products = cells[0].map((v, i) => (v - n * probabilities[0]) * (cells[4][i] - n * probabilities[4]));
      const mean = products.reduce((t, v) => t + v, 0) / draws;
      const sd = Math.sqrt(products.reduce((t, v) => t + (v - mean) ** 2, 0) / (draws - 1));
      expect(Math.abs(mean + n * probabilities[0] * probabilities[4]) / (sd / Math.sqrt(draws))).toBeLessThan(Z_LIMIT);
      const fit = chiSquareDiscrete(cells[3], (k) => (k > n ? 0 : Math.exp(logBinomialPmf(k, n, 0.3))), n * 0.3 - 12 * Math.sqrt(n * 0.21));
      expect(fit.pValue).toBeGreaterThan(P_LIMIT);
    }
  });

  it("categorical: inverse CDF over cumulative weights, chi-square against the weights", () => {
    const weights = [0.5, 2, 0, 1.5, 6];
    const cumulative = new Float64Array(weights.length);
    weights.reduce((t, w, i) => (cumulative[i] = t + w), 0);
    const s = randomStream(11, "categorical");
    const counts = new Float64Array(weights.length);
    for (let i = 0; i < DRAWS; i++) counts[categorical(s, cumulative)]++;
    expect(counts[2]).toBe(0);
    const fit = chiSquareCounts(counts, weights.map((w) => w / 10));
    expect(fit.df).toBe(3);
    expect(fit.pValue).toBeGreaterThan(P_LIMIT);
    expect(searchCumulative(cumulative, 0)).toBe(0);
    expect(searchCumulative(cumulative, 2.5)).toBe(3);
    expect(searchCumulative(cumulative, 9.999)).toBe(4);
    expect(searchCumulative(cumulative, 5, 3, 4)).toBe(4);
  });
});
