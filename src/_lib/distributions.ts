/**
 * The few special functions the estimators use: log Γ, ψ, the standard normal distribution
 * function and its quantile, and the Poisson tails (regularized incomplete gamma functions).
 *
 * Written here from the classical formulas instead of pulling in a special-function library (the
 * five @stdlib packages used before brought 208 packages and 24 MB with them). Each is checked in
 * tests/_lib/distributions.test.ts against @stdlib (a development dependency only) over its range:
 *
 * - log Γ(x): Stirling's series with eight Bernoulli terms for x ≥ 10 (error below 1e-16 of the
 *   value there), the recurrence Γ(x + 1) = x Γ(x) to get there, and the reflection formula for
 *   x < 0 (Abramowitz & Stegun 6.1.15, 6.1.40).
 * - ψ(x): the asymptotic series for x ≥ 10, the recurrence ψ(x + 1) = ψ(x) + 1/x and the reflection
 *   formula (A&S 6.3.5, 6.3.7, 6.3.18).
 * - Φ(z) = erfc(−z/√2)/2 with erf from its series of positive terms (A&S 7.1.6) for |x| < 2 and erfc
 *   from its continued fraction (A&S 7.1.14) beyond, so both tails keep their relative accuracy.
 * - Φ⁻¹(p): A&S 26.2.23 as the start (error < 4.5e-4), then Halley steps on Φ(z) − p.
 * - The Poisson tails P(X ≤ k) = Q(k + 1, λ) and P(X ≥ k) = P(k, λ): the smaller tail is summed term
 *   by term from k outwards (positive terms that fall geometrically), each P(X = k) written as
 *   exp(−k·(u − log(1 + u)) − stirling(k))/√(2πk), u = (λ − k)/k, so that it keeps its relative
 *   accuracy for large counts (Loader 2000); the other tail is one minus it. When k and λ both
 *   exceed a million, Temme's uniform asymptotic expansion replaces the sum (about √λ terms).
 */

const LOG_SQRT_2PI = 0.9189385332046728; // log √(2π)
const SQRT_PI = 1.772453850905516;
const SQRT_2 = Math.SQRT2;

/** Stirling's correction log Γ(x) − ((x − ½) log x − x + log √(2π)) for x ≥ 10 (Bernoulli series). */
function stirlingSeries(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  return (
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + r2 * (-3617 / 122400))))))))
  );
}

/** Stirling's correction for any x > 0 (the series at x ≥ 10, else from log Γ itself). */
function stirlingCorrection(x: number): number {
  if (x >= 10) return stirlingSeries(x);
  return logGamma(x) - ((x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI);
}

/** log |Γ(x)|; +∞ at the poles 0, −1, −2, …; NaN for NaN. */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    // Γ(x) Γ(1 − x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(sinPi(x))) - logGamma(1 - x);
  }
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + stirlingSeries(x);
  if (x === 1 || x === 2) return 0;
  // Γ(x) = Γ(x + n) / (x (x + 1) ⋯ (x + n − 1)), shifting up to 10.
  let product = 1;
  let y = x;
  while (y < 10) {
    product *= y;
    y += 1;
  }
  return (y - 0.5) * Math.log(y) - y + LOG_SQRT_2PI + stirlingSeries(y) - Math.log(product);
}

/** sin(πx) computed from the reduced argument, exact at the integers. */
function sinPi(x: number): number {
  const r = x % 2; // in (−2, 2)
  const y = r < -1 ? r + 2 : r > 1 ? r - 2 : r; // in [−1, 1]
  if (y === 0 || y === 1 || y === -1) return 0;
  return Math.sin(Math.PI * y);
}

/** ψ(x) = d/dx log Γ(x); NaN at the poles 0, −1, −2, … and for NaN. */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return NaN;
    // ψ(1 − x) − ψ(x) = π cot(πx)
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * (x % 1));
  }
  let shift = 0;
  let y = x;
  while (y < 10) {
    shift += 1 / y;
    y += 1;
  }
  const r2 = 1 / (y * y);
  const series =
    r2 * (1 / 12 - r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 * (1 / 132 - r2 * (691 / 32760 - r2 * (1 / 12)))))));
  return Math.log(y) - 0.5 / y - series - shift;
}

/** exp(−x²) with x² split so that the rounding of x² does not cost relative accuracy for large x. */
function expMinusSquare(x: number): number {
  const high = Math.round(x * 16) / 16; // x² of this part is exact
  const low = x - high;
  return Math.exp(-high * high) * Math.exp(-low * (x + high));
}

/** erfc(x) for x ≥ 0.7 by its continued fraction (about 380 steps at 0.7, 60 at 2), modified Lentz method. */
function erfcContinuedFraction(x: number): number {
  // √π e^{x²} erfc(x) = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return expMinusSquare(x) / (SQRT_PI * f);
}

/** erf(x) for |x| < 0.7 by the series 2/√π · e^{−x²} Σ 2ⁿ x^{2n+1} / (1·3⋯(2n+1)) (positive terms). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x2) * sum;
}

/** The complementary error function erfc(x) = 1 − erf(x). */
function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 0.7) return x > 27.3 ? 0 : erfcContinuedFraction(x);
  if (x >= 0) return 1 - erfSeries(x);
  if (x > -0.7) return 1 + erfSeries(-x);
  return 2 - (x < -27.3 ? 0 : erfcContinuedFraction(-x));
}

/** Standard normal distribution function Φ(z), with relative accuracy in both tails. */
export function standardNormalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT_2);
}

/** Standard normal density φ(z). */
function standardNormalDensity(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/** Standard normal quantile Φ⁻¹(p): −∞ at 0, +∞ at 1, NaN outside [0, 1]. */
export function standardNormalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Work in the lower tail, where Φ(z) keeps its relative accuracy.
  const lower = p < 0.5;
  const q = lower ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  let z = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
  for (let step = 0; step < 8; step++) {
    const density = standardNormalDensity(z);
    if (density === 0) break;
    const r = (standardNormalCdf(z) - q) / density;
    const next = z - r / (1 + (z * r) / 2); // Halley: f'' = −z·φ(z)
    const done = Math.abs(next - z) <= 1e-15 * Math.max(1, Math.abs(next));
    z = next;
    if (done) break;
  }
  return lower ? z : -z;
}

/** log(1 + u) − u, accurate for small |u|; u > −1. */
function log1pMinus(u: number): number {
  if (Math.abs(u) > 0.25) return Math.log1p(u) - u;
  // −u²/2 + u³/3 − u⁴/4 + …: term k is (−1)^{k+1} u^k / k
  let term = u;
  let sum = 0;
  for (let k = 2; k < 200; k++) {
    term *= -u;
    const next = term / k;
    sum += next;
    if (Math.abs(next) <= Math.abs(sum) * 1e-17) break;
  }
  return sum;
}

/**
 * Poisson probability P(X = k), k ≥ 0 an integer, λ > 0, as exp(k·log(λ/k) + k − λ − stirling(k))/√(2πk).
 * Near the mean (|λ − k| ≤ k/4) the exponent's first terms are k·(log(1 + u) − u), u = (λ − k)/k,
 * summed as a series (no cancellation); away from it they are taken as they are (there, writing them
 * through u would amplify u's rounding by k/(1 + u)).
 */
function poissonProbability(k: number, lambda: number): number {
  if (k === 0) return Math.exp(-lambda);
  const u = (lambda - k) / k;
  const exponent = Math.abs(u) <= 0.25 ? k * log1pMinus(u) : k * Math.log(lambda / k) + (k - lambda);
  return Math.exp(exponent - stirlingCorrection(k)) / Math.sqrt(2 * Math.PI * k);
}

/** Σ of P(X = j) from j = k down to 0 (k ≤ λ: the terms fall as j falls), all terms positive. */
function sumDown(k: number, lambda: number): number {
  let term = poissonProbability(k, lambda);
  let sum = term;
  for (let j = k; j > 0 && term > sum * 1e-17; j--) {
    term *= j / lambda;
    sum += term;
  }
  return sum;
}

/** Σ of P(X = j) from j = k upwards (k > λ: the terms fall as j grows), all terms positive. */
function sumUp(k: number, lambda: number): number {
  let term = poissonProbability(k, lambda);
  let sum = term;
  for (let j = k + 1; term > sum * 1e-17; j++) {
    term *= lambda / j;
    sum += term;
  }
  return sum;
}

/**
 * Temme's uniform asymptotic expansion of the regularized incomplete gamma functions for large a
 * (Temme 1979; DiDonato & Morris 1986): with λ = x/a, η = sign(λ − 1)·√(2(λ − 1 − log λ)),
 * Q(a, x) = ½ erfc(η√(a/2)) + R and P(a, x) = ½ erfc(−η√(a/2)) − R, where
 * R = e^{−aη²/2}/√(2πa) · (C₀(η) + C₁(η)/a), C₀ = 1/(λ − 1) − 1/η, C₁ = 1/η³ − 1/(λ − 1)³ − 1/(λ − 1)² −
 * 1/(12(λ − 1)); near η = 0 their Taylor series (derived with sympy from these definitions):
 * C₀ = −1/3 + η/12 − 2η²/135 + η³/864, C₁ = −1/540 − η/288 + η²/378. The next term, C₂/a², is below
 * 1e-14 of R for a > 1e6, where this is used.
 */
function temme(a: number, x: number): [number, number] {
  const mu = (x - a) / a;
  const eta = Math.sign(mu) * Math.sqrt(-2 * log1pMinus(mu));
  const c0 = Math.abs(eta) < 1e-4 ? -1 / 3 + eta / 12 - (2 * eta * eta) / 135 : 1 / mu - 1 / eta;
  const c1 =
    Math.abs(eta) < 0.05
      ? -1 / 540 - eta / 288 + (eta * eta) / 378
      : 1 / eta ** 3 - 1 / mu ** 3 - 1 / mu ** 2 - 1 / (12 * mu);
  const r = (Math.exp(-0.5 * a * eta * eta) / Math.sqrt(2 * Math.PI * a)) * (c0 + c1 / a);
  const s = eta * Math.sqrt(a / 2);
  return [0.5 * erfc(-s) - r, 0.5 * erfc(s) + r];
}

/** Above this, both k and λ large, the Poisson tails use Temme's expansion instead of summing terms. */
const TEMME_FROM = 1e6;

/** P(X ≤ k) for X ~ Poisson(λ), k ≥ 0 an integer: the regularized upper incomplete gamma Q(k + 1, λ). */
export function poissonLowerTail(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return 1;
  if (lambda === Infinity) return 0;
  if (k > TEMME_FROM && lambda > TEMME_FROM) return temme(k + 1, lambda)[1];
  if (k <= lambda) return Math.min(1, sumDown(k, lambda));
  return Math.max(0, 1 - sumUp(k + 1, lambda));
}

/** P(X ≥ k) for X ~ Poisson(λ): the regularized lower incomplete gamma P(k, λ); 1 when k ≤ 0. */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  if (lambda === Infinity) return 1;
  if (k > TEMME_FROM && lambda > TEMME_FROM) return temme(k, lambda)[0];
  if (k > lambda) return Math.min(1, sumUp(k, lambda));
  return Math.max(0, 1 - sumDown(k - 1, lambda));
}
