import { describe, expect, it } from "vitest";
import { logGammaVariate, randomStream } from "../../src/_lib/random.js";
import {
  chiSquareDiscrete,
  gammaCdf,
  kolmogorovSmirnov,
  logBinomialPmf,
  logNegativeBinomialPmf,
  logPoissonPmf,
  momentZScores,
  sampleOf,
} from "./_statistics.js";

// The quick tests draw 20,000 values per case; these draw a million at the boundaries between
// methods (inversion ↔ PTRS at λ = 10, inversion ↔ BTRS at n·p = 10, the shape-< 1 boost of the
// gamma) where a subtle error in a constant shows only with many draws. Same thresholds as the
// quick tests: |z| < 4.5 for moments, p > 1e-4 for chi-square and Kolmogorov–Smirnov.
const Z_LIMIT = 4.5;
const P_LIMIT = 1e-4;
const DRAWS = 1_000_000;

describe("random module, a million draws at the method boundaries", () => {
  it("poisson near and above λ = 10 (inversion ↔ PTRS)", () => {
    const means = [9.999, 10, 12.5, 40, 250];
    for (const mean of means) {
      const s = randomStream(2026, "poisson", mean);
      const x = sampleOf(DRAWS, () => s.poisson(mean));
      const z = momentZScores(x, { mean, variance: mean, third: mean });
      expect(Math.max(Math.abs(z.mean), Math.abs(z.variance), Math.abs(z.third)), `λ = ${mean}`).toBeLessThan(Z_LIMIT);
      const fit = chiSquareDiscrete(x, (k) => Math.exp(logPoissonPmf(k, mean)), mean - 12 * Math.sqrt(mean));
      expect(fit.pValue, `λ = ${mean}: chi-square ${fit.statistic} on ${fit.df} df`).toBeGreaterThan(P_LIMIT);
    }
    expect(means).toHaveLength(5);
  });

  it("binomial near and above n·p = 10 (inversion ↔ BTRS), p on both sides of 1/2", () => {
    const cases: [number, number][] = [[100, 0.0999], [100, 0.1], [20, 0.5], [25, 0.6], [1_000_000_000, 1e-8], [3000, 0.02], [200, 0.93]];
    for (const [n, p] of cases) {
      const s = randomStream(2026, "binomial", n, p);
      const x = sampleOf(DRAWS, () => s.binomial(n, p));
      const q = 1 - p;
      const z = momentZScores(x, { mean: n * p, variance: n * p * q, third: n * p * q * (q - p) });
      expect(Math.max(Math.abs(z.mean), Math.abs(z.variance), Math.abs(z.third)), `Binomial(${n}, ${p})`).toBeLessThan(Z_LIMIT);
      const fit = chiSquareDiscrete(x, (k) => (k > n ? 0 : Math.exp(logBinomialPmf(k, n, p))), n * p - 12 * Math.sqrt(n * p * q));
      expect(fit.pValue, `Binomial(${n}, ${p}): chi-square ${fit.statistic} on ${fit.df} df`).toBeGreaterThan(P_LIMIT);
    }
    expect(cases).toHaveLength(7);
  });

  it("gamma around shape 1 and far below it (the boost), Kolmogorov–Smirnov on 200,000 draws each", () => {
    const shapes = [0.01, 0.2, 0.9999, 1, 1.0001, 3];
    for (const shape of shapes) {
      const s = randomStream(2026, "gamma", shape);
      const x = sampleOf(200_000, () => s.gamma(shape));
      expect(kolmogorovSmirnov(x, (v) => gammaCdf(v, shape)).pValue, `shape ${shape}`).toBeGreaterThan(P_LIMIT);
    }
    expect(shapes).toHaveLength(6);
  });

  it("the log of a Gamma(1e-4) draw: P(log X ≤ t) = P(1e-4, eᵗ), KS on its log scale", () => {
    const shape = 1e-4;
    const s = randomStream(2026, "logGamma");
    const logs = sampleOf(200_000, () => logGammaVariate(s, shape));
    expect(logs.every(Number.isFinite)).toBe(true);
    // For tiny a, P(X ≤ x) = P(a, x) ≈ x^a/Γ(a + 1) for small x, so a·log X is close to −Exp(1)
    // in law; the exact CDF from the incomplete gamma where it is representable.
    const cdf = (t: number): number => (t > -700 ? gammaCdf(Math.exp(t), shape) : Math.exp(shape * t) / Math.exp(logGammaOnePlus(shape)));
    expect(kolmogorovSmirnov(logs, cdf).pValue).toBeGreaterThan(P_LIMIT);
  });

  it("negative binomial with a small and a large real size", () => {
    const cases: [number, number][] = [[0.05, 0.02], [1234.5, 0.9]];
    for (const [size, p] of cases) {
      const s = randomStream(2026, "negativeBinomial", size, p);
      const x = sampleOf(DRAWS, () => s.negativeBinomial(size, p));
      const q = 1 - p;
      const z = momentZScores(x, { mean: (size * q) / p, variance: (size * q) / p ** 2, third: (size * q * (2 - p)) / p ** 3 });
      expect(Math.max(Math.abs(z.mean), Math.abs(z.variance), Math.abs(z.third))).toBeLessThan(Z_LIMIT);
      const fit = chiSquareDiscrete(x, (k) => Math.exp(logNegativeBinomialPmf(k, size, p)));
      expect(fit.pValue, `NB(${size}, ${p})`).toBeGreaterThan(P_LIMIT);
    }
    expect(cases).toHaveLength(2);
  });
});

/** log Γ(1 + a) for small a: −γa + (π²/12)a² to O(a³). */
function logGammaOnePlus(a: number): number {
  return -0.5772156649015329 * a + 0.8224670334241132 * a * a;
}
