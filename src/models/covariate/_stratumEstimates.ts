/** Private: the stratum estimates of a covariate model refitted on given cell counts (its replicate estimator). */
import { fitPoissonDesign as fitDensePoisson } from "../../_lib/poissonDesign.js";
import { unobservedLinearPredictor, type CovariateDesign } from "./fitCovariateModel.js";

/**
 * Stratum estimates of a covariate model on `counts` (strata × observable histories, in the
 * design's row order): observed + exp(η of the stratum's unobserved cell); NaN everywhere when the
 * model fails the existence or identifiability check on these counts.
 */
export function covariateStratumEstimates(built: CovariateDesign, counts: ArrayLike<number>, nLists: number): Float64Array {
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

/**
 * Each stratum's fitted cells as a population for parametric bootstrap tables: the probabilities
 * of the unobserved cell and every observable history, and the stratum's estimate rounded.
 */
export function covariateParametricModels(
  built: CovariateDesign,
  nLists: number,
): { population: number; probabilities: number[] }[] | undefined {
  const fit = fitDensePoisson(built.design, built.counts);
  if (fit.status !== 0) return undefined;
  const keptIndex = new Map(fit.kept.map((j, a) => [j, a] as const));
  const cellsPerStratum = (1 << nLists) - 1;
  return built.strata.map((_, s) => {
    const { eta, boundary } = unobservedLinearPredictor(built, keptIndex, fit.beta, s, nLists);
    const cells = [boundary ? 0 : Math.exp(eta)];
    for (let h = 1; h <= cellsPerStratum; h++) cells.push(fit.mu[s * cellsPerStratum + h - 1]);
    const total = cells.reduce((a, b) => a + b, 0);
    return { population: Math.round(total), probabilities: cells.map((c) => (total > 0 ? c / total : 0)) };
  });
}
