/**
 * Distribution functions used by the estimators, from @stdlib (well-tested ports of Boost/Cephes).
 */
import gammainc from "@stdlib/math-base-special-gammainc";
import gammaln from "@stdlib/math-base-special-gammaln";
import digammaFunction from "@stdlib/math-base-special-digamma";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

/** log Γ(x). */
export function logGamma(x: number): number {
  return gammaln(x);
}

/** ψ(x) = d/dx log Γ(x). */
export function digamma(x: number): number {
  return digammaFunction(x);
}

/** Standard normal distribution function Φ(z). */
export function standardNormalCdf(z: number): number {
  return normalCdf(z, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p). */
export function standardNormalQuantile(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** P(X ≤ k) for X ~ Poisson(λ), k ≥ 0 an integer: the regularized upper incomplete gamma Q(k + 1, λ). */
export function poissonLowerTail(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return 1;
  return gammainc(lambda, k + 1, true, true);
}

/** P(X ≥ k) for X ~ Poisson(λ): the regularized lower incomplete gamma P(k, λ); 1 when k ≤ 0. */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  return gammainc(lambda, k, true, false);
}
