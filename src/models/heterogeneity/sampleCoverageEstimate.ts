import type { CaptureData, EstimateWarning } from "../../types.js";
import { OptionError } from "../../errors.js";
import { popcount } from "../../_lib/bits.js";

/** Options of {@link sampleCoverageEstimate}. */
export interface SampleCoverageOptions {
  /**
   * Coverage below which the estimates are flagged with `LOW_SAMPLE_COVERAGE` (Chao et al. 2001
   * advise against the high-coverage estimator below about 55%). Default 0.55.
   */
  readonly minimumCoverage?: number;
}

/** The sample-coverage estimates of Chao & Tsay (1998). */
export interface SampleCoverageEstimate {
  /** Discriminant of the result kind. */
  readonly kind: "sample-coverage";
  /** People observed (n). */
  readonly observed: number;
  /** Ĉ = 1 − (1/t) Σ_j Z_j/n_j: how much of each list the other lists cover, averaged. */
  readonly coverage: number;
  /** D = (1/t) Σ_j (n − Z_j): people on the other lists, averaged over the list left out. */
  readonly averageCovered: number;
  /** D/Ĉ: the estimate for independent lists (Chao & Tsay's N̂₀). */
  readonly independentEstimate: number;
  /** γ̂²: the average covariation of pairs of lists (0 under independence), at N̂₀. */
  readonly covariation: number;
  /**
   * The sample-coverage estimate for high coverage, N̂ = D/Ĉ + (Σ Z_j)/(t·Ĉ)·γ̂² (the estimate
   * adjusts for list dependence and heterogeneity through γ̂²).
   */
  readonly estimate: number;
  /** The one-step estimate for low coverage, N̂₁: γ̂² re-evaluated at N̂. */
  readonly oneStepEstimate: number;
  /** `LOW_SAMPLE_COVERAGE` when Ĉ is below `minimumCoverage`; otherwise empty. */
  readonly warnings: readonly EstimateWarning[];
}

/**
 * The sample-coverage estimator of Chao & Tsay (1998) for three or more lists (CARE1's `estN`).
 *
 * With n_j the size of list j, Z_j the people on list j only, n_jk the people on both j and k:
 * Ĉ = 1 − (1/t)Σ Z_j/n_j, D = (1/t)Σ(n − Z_j), N̂₀ = D/Ĉ; the covariation
 * γ̂² = max(0, N̂₀·Σ_{j<k} n_jk / Σ_{j<k} n_j n_k − 1); N̂ = D/Ĉ + (Σ Z_j)/(tĈ)·γ̂²; and the
 * one-step N̂₁ with γ̂² evaluated at N̂. For two lists N̂₀ is Lincoln–Petersen and γ̂² = 0.
 *
 * @param data - capture data with at least three lists.
 * @param options - see {@link SampleCoverageOptions}.
 * @returns the coverage and the three estimates, with a warning when coverage is low.
 * @throws {OptionError} with fewer than three lists, a list nobody is on, or a bad `minimumCoverage`.
 * @example
 * sampleCoverageEstimate(hav).coverage
 * @see docs/methodology/heterogeneity.md
 */
export function sampleCoverageEstimate(data: CaptureData, options: SampleCoverageOptions = {}): SampleCoverageEstimate {
  const t = data.lists.length;
  if (t < 3) throw new OptionError(`the sample-coverage estimator needs at least three lists; received ${t}`);
  const minimum = options.minimumCoverage ?? 0.55;
  if (typeof minimum !== "number" || !(minimum >= 0 && minimum <= 1)) {
    throw new OptionError(`\`minimumCoverage\` must be between 0 and 1; received ${String(minimum)}`);
  }
  const size = new Float64Array(t);
  const only = new Float64Array(t);
  const pair = new Float64Array(t * t);
  let n = 0;
  data.counts.forEach((c, r) => {
    const h = r + 1;
    n += c;
    for (let j = 0; j < t; j++) {
      if (!(h & (1 << j))) continue;
      size[j] += c;
      if (popcount(h) === 1) only[j] += c;
      for (let k = j + 1; k < t; k++) if (h & (1 << k)) pair[j * t + k] += c;
    }
  });
  const empty = data.lists.filter((_l, j) => size[j] === 0);
  if (empty.length > 0) throw new OptionError(`the sample-coverage estimator needs every list to hold someone; empty: ${empty.join(", ")}`);
  let coverageDeficit = 0;
  let covered = 0;
  let singles = 0;
  for (let j = 0; j < t; j++) {
    coverageDeficit += only[j] / size[j];
    covered += n - only[j];
    singles += only[j];
  }
  const coverage = 1 - coverageDeficit / t;
  const averageCovered = covered / t;
  let pairs = 0;
  let products = 0;
  for (let j = 0; j < t; j++) {
    for (let k = j + 1; k < t; k++) {
      pairs += pair[j * t + k];
      products += size[j] * size[k];
    }
  }
  const covariationAt = (population: number): number => Math.max(0, (population * pairs) / products - 1);
  const independentEstimate = averageCovered / coverage;
  const covariation = covariationAt(independentEstimate);
  const estimate = independentEstimate + (singles / (t * coverage)) * covariation;
  const oneStepEstimate = independentEstimate + (singles / (t * coverage)) * covariationAt(estimate);
  const warnings: EstimateWarning[] = [];
  if (coverage < minimum) {
    warnings.push({
      code: "LOW_SAMPLE_COVERAGE",
      message: `the estimated sample coverage ${coverage.toFixed(3)} is below ${minimum}: the lists cover too little of each other for the sample-coverage estimate to be reliable; prefer the one-step estimate and read it as rough`,
    });
  }
  return { kind: "sample-coverage", observed: n, coverage, averageCovered, independentEstimate, covariation, estimate, oneStepEstimate, warnings };
}
