import { describe, expect, it } from "vitest";
import { simulateCaptureData } from "../../../src/simulate/simulateCaptureData.js";
import { closedPopulationModels } from "../../../src/models/heterogeneity/closedPopulationModels.js";

// A Rasch-type heterogeneous population: the simulator's person effect u ~ Normal(0, 1.5) added to
// every list's logit (N = 2000, 5 lists, capture probabilities 0.15–0.3 at u = 0), 40 seeds.
// Measured (seeds 1–40), mean relative error of the estimate (sd over seeds):
//   Mt −30.4% (1.1%), Mth Chao (LB) −20.9% (2.1%), Mth Poisson2 −22.6% (1.7%),
//   Mth Darroch −6.9% (4.2%), Mth Gamma3.5 +23.3% (11.2%); Mh forms within 0.5 points of Mth's.
// Mt misses the people rarely seen; every heterogeneity form recovers more of them (Gamma
// overshoots). The assertions use margins of several Monte Carlo standard errors (sd/√40).
const N = 2000;
const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

describe("a simulated heterogeneous population is recovered better by the Mh and Mth models than by Mt", () => {
  it("mean relative error over 40 seeds: every heterogeneity form is closer to the truth than Mt; Darroch within 10%", () => {
    const errors: Record<string, number[]> = {};
    for (const seed of SEEDS) {
      const sim = simulateCaptureData({
        lists: ["A", "B", "C", "D", "E"],
        population: N,
        captureProbabilities: [0.2, 0.25, 0.15, 0.3, 0.2],
        heterogeneity: { sd: 1.5 },
        seed,
      });
      expect(sim.truth.total).toBe(N);
      for (const m of closedPopulationModels(sim.data).models) (errors[m.name] ??= []).push(m.estimate === null ? Number.NaN : m.estimate / N - 1);
    }
    const mean = (name: string): number => errors[name].reduce((a, b) => a + b, 0) / SEEDS.length;
    const mt = mean("Mt");
    expect(mt).toBeLessThan(-0.25); // Mt underestimates by about 30%
    for (const form of ["Chao (LB)", "Poisson2", "Darroch", "Gamma3.5"]) {
      for (const base of ["Mh", "Mth"]) {
        const name = `${base} ${form}`;
        expect(Number.isNaN(mean(name)), name).toBe(false);
        expect(Math.abs(mean(name)), name).toBeLessThan(Math.abs(mt) - 0.04);
      }
    }
    expect(Math.abs(mean("Mth Darroch"))).toBeLessThan(0.1);
    expect(Math.abs(mean("Mh Darroch"))).toBeLessThan(0.1);
  });
});
