/**
 * Coverage studies of bootstrap intervals on simulated populations (100 simulations each):
 * `npm run test:slow`.
 */
import { describe, expect, it } from "vitest";
import { simulateCaptureData } from "../../src/simulate/simulateCaptureData.js";
import { bootstrapInterval } from "../../src/uncertainty/bootstrapInterval.js";

const LISTS = ["A", "B", "C", "D"];
const PROBABILITIES = [0.2, 0.25, 0.3, 0.35];

describe("coverage of bootstrap intervals on simulated populations", () => {
  // Coverage study: 100 seeded simulations of N = 2,000 people on 4 independent lists, each
  // bootstrapped with 200 replicates of the main-effects model; the 95% BCa interval's coverage is
  // printed. Its Monte Carlo standard error is about 0.02.
  async function coverage(resampling: "parametric" | "nonparametric" | "binomial"): Promise<number> {
    const repetitions = 100;
    const population = 2_000;
    let covered = 0;
    const started = performance.now();
    for (let i = 1; i <= repetitions; i++) {
      const sim = simulateCaptureData({ lists: LISTS, population, captureProbabilities: PROBABILITIES, seed: i });
      const boot = await bootstrapInterval(sim.data, {
        model: "main",
        replicates: 200,
        threads: 1,
        seed: i,
        methods: ["bca"],
        resampling,
      });
      const interval = boot.intervals.find((x) => x.method === "bca" && x.level === 0.95);
      if (interval && interval.lower <= population && population <= interval.upper) covered += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `simulateCaptureData coverage study (${resampling} bootstrap): 95% BCa intervals of the main-effects model ` +
        `covered N = ${population} in ${covered}/${repetitions} simulations (coverage ${(covered / repetitions).toFixed(2)}), ` +
        `${seconds.toFixed(1)} s`,
    );
    return covered / repetitions;
  }

  it("gives parametric-bootstrap 95% BCa intervals that cover the true population in 88–99% of 100 simulations", async () => {
    const measured = await coverage("parametric");
    expect(measured).toBeGreaterThanOrEqual(0.88);
    expect(measured).toBeLessThanOrEqual(0.99);
  });

  it("measures the lower coverage of nonparametric-bootstrap BCa intervals, which hold the number observed fixed", async () => {
    // Resampling the n observed people keeps n fixed, so the replicates carry Var(N̂ | n) only and miss
    // the binomial variability of n (about (N/n)²·N·P(seen)·P(unseen)): here a replicate standard
    // deviation of about 32 against a true 42, and coverage of about 0.83–0.85. A known limitation of the
    // conditional bootstrap (Buckland & Garthwaite 1991), measured here, not endorsed.
    const measured = await coverage("nonparametric");
    expect(measured).toBeGreaterThanOrEqual(0.7);
    expect(measured).toBeLessThanOrEqual(0.99);
  });

  it("gives binomial-bootstrap (the default) 95% BCa intervals that cover the true population in 90–99% of 100 simulations", async () => {
    // n* ~ Binomial(N̂, n/N̂) restores the variability of n that the nonparametric scheme holds
    // fixed; docs/methodology/bootstrap.md measured 0.950 ± 0.015 over 200 other simulations.
    const measured = await coverage("binomial");
    expect(measured).toBeGreaterThanOrEqual(0.9);
    expect(measured).toBeLessThanOrEqual(0.99);
  });

});
