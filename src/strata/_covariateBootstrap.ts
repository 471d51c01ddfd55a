/**
 * Bootstrap of a covariate model: resample the observed people within each stratum (multinomial,
 * each stratum's n fixed), refit the one model, and keep every stratum's estimate; the jackknife
 * deletes one person from each (stratum, history) with a positive count. Replicate b draws from the
 * stream seeded with (seed, b), so results are reproducible.
 */
import seedrandom from "seedrandom";
import type { CaptureData } from "../types.js";
import { fitPoissonDesign as fitDensePoisson } from "../_lib/poissonDesign.js";
import { buildCovariateDesign, unobservedLinearPredictor, type CovariateDesign } from "./fitCovariateModel.js";
import type { VectorBootstrap } from "./estimateByStratum.js";

/** Stratum estimates of a covariate model on given cell counts (NaN where the model fails). */
export function covariateStratumEstimates(built: CovariateDesign, counts: Float64Array, nLists: number): Float64Array {
  const cellsPerStratum = (1 << nLists) - 1;
  const strata = built.strata.length;
  const out = new Float64Array(strata).fill(Number.NaN);
  const fit = fitDensePoisson(built.design, counts);
  if (fit.status !== 0) return out;
  const keptIndex = new Map(fit.kept.map((j, a) => [j, a] as const));
  for (let s = 0; s < strata; s++) {
    const row = s * cellsPerStratum;
    const { eta, boundary: empty } = unobservedLinearPredictor(built, keptIndex, fit.beta, s, nLists);
    let observed = 0;
    for (let i = row; i < row + cellsPerStratum; i++) observed += counts[i];
    out[s] = empty ? observed : observed + Math.exp(eta);
  }
  return out;
}

export function covariateBootstrap(
  data: CaptureData,
  model: string,
  covariates: readonly string[],
  replicates: number,
  seed: string,
  onProgress?: (done: number, total: number) => void,
): VectorBootstrap {
  const built = buildCovariateDesign(data, model, covariates);
  const t = data.lists.length;
  const cellsPerStratum = (1 << t) - 1;
  const strata = built.strata.length;
  const original = built.counts;
  const estimates = Array.from(covariateStratumEstimates(built, original, t));
  const cumulative = new Float64Array(original.length);
  const totals: number[] = [];
  for (let s = 0; s < strata; s++) {
    let acc = 0;
    for (let i = s * cellsPerStratum; i < (s + 1) * cellsPerStratum; i++) {
      acc += original[i];
      cumulative[i] = acc;
    }
    totals.push(acc);
  }
  const total = replicates + original.filter((c) => c > 0).length;
  const out: Float64Array[] = [];
  const counts = new Float64Array(original.length);
  for (let b = 0; b < replicates; b++) {
    const random = seedrandom.alea(`${seed}/${b}`);
    counts.fill(0);
    for (let s = 0; s < strata; s++) {
      const start = s * cellsPerStratum;
      for (let k = 0; k < totals[s]; k++) {
        const u = random() * totals[s];
        let lo = start;
        let hi = start + cellsPerStratum - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (u < cumulative[mid]) hi = mid;
          else lo = mid + 1;
        }
        counts[lo] += 1;
      }
    }
    out.push(covariateStratumEstimates(built, counts, t));
    if (onProgress && b % 20 === 19) onProgress(b + 1, total);
  }
  const jackknife: { weight: number; estimates: number[] }[] = [];
  for (let i = 0; i < original.length; i++) {
    if (original[i] <= 0) continue;
    const deleted = Float64Array.from(original);
    deleted[i] -= 1;
    jackknife.push({ weight: original[i], estimates: Array.from(covariateStratumEstimates(built, deleted, t)) });
  }
  onProgress?.(total, total);
  return { estimates, replicates: out, jackknife };
}
