/**
 * Seeded random streams (the contract of issue 8, item 4). This file holds the part of the contract
 * that the random-effects family draws from — uniform, normal and Poisson — written against the
 * agreed interface until the project's full module lands on main, which then replaces it.
 */
import seedrandom from "seedrandom";
import { logGamma } from "./distributions.js";

/** An independent, reproducible stream of random draws. */
export interface RandomStream {
  /** Uniform on [0, 1): seedrandom's alea generator keyed by the stream's key. */
  uniform(): number;
  /** Standard normal by Box–Muller with a spare: radius √(−2 log(1 − U1)), angle 2πU2; returns radius·cos first, then radius·sin. */
  normal(): number;
  /** Poisson with the given mean (≥ 0). */
  poisson(mean: number): number;
}

/** An independent stream for a path, e.g. randomStream(seed, "replicate", 3); key = [seed, ...path].join("/"). */
export function randomStream(seed: number | string, ...path: (number | string)[]): RandomStream {
  const uniform = seedrandom.alea([seed, ...path].join("/"));
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  const poisson = (mean: number): number => {
    if (!(mean > 0)) return 0;
    if (mean < 10) {
      // inversion by sequential search
      let k = 0;
      let p = Math.exp(-mean);
      let cumulative = p;
      const u = uniform();
      while (u > cumulative && k < 1000) {
        k++;
        p *= mean / k;
        cumulative += p;
      }
      return k;
    }
    // transformed rejection with squeeze (Hörmann 1993, "PTRS"), for mean ≥ 10
    const root = Math.sqrt(mean);
    const b = 0.931 + 2.53 * root;
    const a = -0.059 + 0.02483 * b;
    const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    const logMean = Math.log(mean);
    for (;;) {
      const u = uniform() - 0.5;
      const v = uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v * inverseAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logGamma(k + 1)) return k;
    }
  };
  return { uniform, normal, poisson };
}
