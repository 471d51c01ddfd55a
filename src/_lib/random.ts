/**
 * The project's seeded random module: one independent stream per `(seed, path)` (a bootstrap
 * replicate, an MCMC chain, a stratum, a shard), and the draws the estimators need. Every random
 * step of the library draws from here; there is no global random state.
 *
 * **Streams.** `randomStream(seed, ...path)` is seedrandom's Alea generator keyed by
 * `[seed, ...path].join("/")`. So `randomStream(seed, b).uniform()` repeats the draws of
 * `seedrandom.alea(`${seed}/${b}`)`, the streams the bootstrap and the simulator have always used,
 * and a stream depends only on its key: the same numbers whatever the thread, shard or order in
 * which streams are consumed. Note that `randomStream("1/2")` and `randomStream(1, 2)` share a key.
 *
 * **Draws.** Every draw below is exact (rejection and inversion methods whose acceptance tests use
 * the exact density, up to floating point); none is a normal approximation. Uniforms have Alea's
 * 32-bit resolution. The methods:
 * - normal: Box–Muller with a spare (radius √(−2 log(1 − U₁)), angle 2πU₂; cos first, then sin);
 * - exponential: inversion, −log(1 − U)/rate;
 * - gamma: Marsaglia & Tsang (2000) for shape ≥ 1, its normals by the ziggurat method (Marsaglia &
 *   Tsang 2000, with Doornik's 2005 independent uniforms); for shape < 1 the boost
 *   Gamma(a) = Gamma(a + 1)·U^{1/a}, carried out in logs (see {@link logGammaVariate});
 * - beta: X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b), in logs when a shape is < 1;
 * - Dirichlet: normalised gammas (in logs when a shape is < 1);
 * - Poisson: inversion for means < 10, Hörmann's PTRS transformed rejection (1993) above;
 * - binomial: inversion when n·min(p, 1 − p) < 10, Hörmann's BTRS transformed rejection (1993) above;
 * - negative binomial: the Poisson–gamma mixture (any real size);
 * - multinomial: conditional binomials;
 * - categorical: inverse CDF over cumulative weights ({@link categorical}, {@link searchCumulative}).
 *
 * @see docs/methodology/random-numbers.md
 */
import seedrandom from "seedrandom";
import { OptionError } from "../errors.js";
import { logGamma } from "./distributions.js";

/** A seeded stream of random numbers; see {@link randomStream}. */
export interface RandomStream {
  /** Uniform on [0, 1): seedrandom's alea generator keyed by the stream's key (the bootstrap's draws stay as they were). */
  uniform(): number;
  /** Standard normal by Box–Muller with a spare: radius √(−2 log(1 − U1)), angle 2πU2; returns radius·cos first, then radius·sin. */
  normal(): number;
  /** Exponential with the given rate (default 1, mean 1/rate), by inversion. */
  exponential(rate?: number): number;
  /** Gamma with the given shape (> 0, any, including < 1) and rate (default 1): mean shape/rate. */
  gamma(shape: number, rate?: number): number;
  /** Beta(a, b), a > 0, b > 0: mean a/(a + b). */
  beta(a: number, b: number): number;
  /** Dirichlet(alpha), every alpha > 0; written into `out` (length ≥ alpha.length) when given. */
  dirichlet(alpha: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** Poisson with the given mean (≥ 0). */
  poisson(mean: number): number;
  /** Binomial: successes in n (a whole number ≥ 0) trials with success probability p in [0, 1]. */
  binomial(n: number, p: number): number;
  /** Failures before `size` successes with success probability p (size > 0, real): Poisson–gamma mixture for real size. */
  negativeBinomial(size: number, p: number): number;
  /**
   * Multinomial: n (a whole number ≥ 0) spread over the categories with the given probabilities
   * (non-negative weights, normalised by their sum); written into `out` when given.
   */
  multinomial(n: number, probabilities: ArrayLike<number>, out?: Float64Array): Float64Array;
}

/**
 * An independent stream for a path, e.g. `randomStream(seed, "chain", 3)`; its key is
 * `[seed, ...path].join("/")`, and its uniforms are `seedrandom.alea(key)`'s.
 *
 * @param seed - the user's seed: a finite number or a string.
 * @param path - what the stream is for: replicate, chain, stratum or shard indices and names.
 * @returns a fresh stream; two calls with the same arguments give the same draws.
 * @throws {OptionError} when the seed or a path entry is not a finite number or a string.
 * @example
 * const chain = randomStream(42, "chain", 0);
 * chain.gamma(2.5); // a Gamma(2.5, 1) draw, the same on every run
 * randomStream(7, 3).uniform() === seedrandom.alea("7/3")(); // true
 */
export function randomStream(seed: number | string, ...path: (number | string)[]): RandomStream {
  checkKeyPart("seed", seed);
  path.forEach((part, i) => checkKeyPart(`path[${i}]`, part));
  return new AleaStream([seed, ...path].join("/"));
}

function checkKeyPart(name: string, value: unknown): void {
  if (!((typeof value === "number" && Number.isFinite(value)) || typeof value === "string")) {
    throw new OptionError(`\`${name}\` must be a finite number or a string; received ${String(value)}`);
  }
}

/**
 * The log of a Gamma(shape, 1) draw. For shape < 1 it is `log Gamma(shape + 1) + log(U)/shape`,
 * exact where the draw itself would underflow to 0 (shapes near 0, as an MCMC concentration
 * parameter can reach); samplers that need log V or log(1 − V) of a beta draw use it.
 *
 * @param stream - the stream to draw from.
 * @param shape - the shape, > 0.
 * @returns log X for X ~ Gamma(shape, 1); the same draws as `stream.gamma(shape)` makes.
 * @throws {OptionError} when shape is not a finite number > 0.
 * @example
 * logGammaVariate(randomStream(1), 1e-4); // about −1e4 or below: Gamma(1e-4) is mostly near 0
 */
export function logGammaVariate(stream: RandomStream, shape: number): number {
  checkPositive("shape", shape);
  return logGammaUnit(stream, shape);
}

/**
 * The first index in [lo, hi] whose cumulative weight exceeds `value` (binary search); `value`
 * must lie in [0, cumulative[hi]). The inverse-CDF step of a categorical draw.
 *
 * @param cumulative - non-decreasing cumulative weights.
 * @param value - a uniform scaled to the total weight, e.g. `U · cumulative[hi]`.
 * @param lo - first index searched (default 0).
 * @param hi - last index searched (default the last).
 * @returns the category drawn.
 * @example
 * searchCumulative(Float64Array.of(1, 3, 6), 2.5); // 1
 */
export function searchCumulative(cumulative: ArrayLike<number>, value: number, lo = 0, hi = cumulative.length - 1): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value < cumulative[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * A categorical draw by inverse CDF: index `i` with probability proportional to
 * `cumulative[i] − cumulative[i − 1]`, from one uniform.
 *
 * @param stream - the stream to draw from.
 * @param cumulative - non-decreasing cumulative weights with a positive last entry.
 * @returns the category drawn.
 * @example
 * categorical(randomStream(1), Float64Array.of(0.2, 0.5, 1)); // 0, 1 or 2 with probability 0.2, 0.3, 0.5
 */
export function categorical(stream: RandomStream, cumulative: ArrayLike<number>): number {
  const last = cumulative.length - 1;
  return searchCumulative(cumulative, stream.uniform() * cumulative[last], 0, last);
}

// ---------------------------------------------------------------------------------------------

/** log k! exactly (from log Γ) for k below this; Stirling's series above. */
const LOG_FACTORIAL_TABLE_SIZE = 256;
let logFactorialTable: Float64Array | undefined;
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** log k! for a whole number k ≥ 0, to double precision. */
function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE_SIZE) {
    if (logFactorialTable === undefined) {
      logFactorialTable = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
      for (let i = 2; i < LOG_FACTORIAL_TABLE_SIZE; i++) logFactorialTable[i] = logGamma(i + 1);
    }
    return logFactorialTable[k];
  }
  // Stirling's series for log Γ(x), x = k + 1 ≥ 257: the next term is below 1e-20 relative.
  const x = k + 1;
  const r = 1 / x;
  const r2 = r * r;
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680)));
}

function checkPositive(name: string, value: number): void {
  if (!(value > 0 && value < Infinity)) {
    throw new OptionError(`\`${name}\` must be a finite number > 0; received ${String(value)}`);
  }
}

function checkProbability(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) {
    throw new OptionError(`\`${name}\` must be a probability between 0 and 1; received ${String(value)}`);
  }
}

function checkCount(name: string, value: number): void {
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw new OptionError(`\`${name}\` must be a whole number ≥ 0; received ${String(value)}`);
  }
}

/** Layers of the ziggurat. */
const ZIGGURAT_LAYERS = 128;
/** Start of the tail (the rightmost layer edge) and the area of each layer (Marsaglia & Tsang 2000). */
const ZIGGURAT_R = 3.442619855899;
const ZIGGURAT_AREA = 9.91256303526217e-3;
let zigguratX: Float64Array | undefined;
let zigguratRatio: Float64Array | undefined;

/** The layer edges x₀ > x₁ = R > … > x₁₂₈ = 0 and the ratios x_{i+1}/x_i. */
function zigguratTables(): void {
  const x = new Float64Array(ZIGGURAT_LAYERS + 1);
  let f = Math.exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R);
  x[0] = ZIGGURAT_AREA / f; // the base layer: the rectangle under f(R) plus the tail
  x[1] = ZIGGURAT_R;
  for (let i = 2; i < ZIGGURAT_LAYERS; i++) {
    x[i] = Math.sqrt(-2 * Math.log(ZIGGURAT_AREA / x[i - 1] + f));
    f = Math.exp(-0.5 * x[i] * x[i]);
  }
  x[ZIGGURAT_LAYERS] = 0;
  const ratio = new Float64Array(ZIGGURAT_LAYERS);
  for (let i = 0; i < ZIGGURAT_LAYERS; i++) ratio[i] = x[i + 1] / x[i];
  zigguratX = x;
  zigguratRatio = ratio;
}

/**
 * A standard normal by the ziggurat method (Marsaglia & Tsang 2000) with Doornik's (2005) choice of
 * independent uniforms for the layer and the abscissa; exact. Faster than Box–Muller (no
 * logarithm or trigonometry on the usual path), so the gamma draws use it; `normal()` keeps
 * Box–Muller, whose numbers the simulator has always used.
 */
function zigguratNormal(stream: RandomStream): number {
  if (zigguratX === undefined) zigguratTables();
  const x = zigguratX!;
  const ratio = zigguratRatio!;
  for (;;) {
    const u = 2 * stream.uniform() - 1;
    const i = Math.floor(stream.uniform() * ZIGGURAT_LAYERS);
    if (Math.abs(u) < ratio[i]) return u * x[i]; // inside the layer's rectangle
    if (i === 0) {
      // The tail beyond R (Marsaglia 1964): R + a with a ~ Exp(R) accepted with probability exp(−a²/2).
      let a: number;
      let b: number;
      do {
        a = -Math.log(1 - stream.uniform()) / ZIGGURAT_R;
        b = -Math.log(1 - stream.uniform());
      } while (2 * b < a * a);
      return u < 0 ? -(ZIGGURAT_R + a) : ZIGGURAT_R + a;
    }
    // The wedge between the layer's rectangle and the density.
    const z = u * x[i];
    const f0 = Math.exp(-0.5 * (x[i] * x[i] - z * z));
    const f1 = Math.exp(-0.5 * (x[i + 1] * x[i + 1] - z * z));
    if (f1 + stream.uniform() * (f0 - f1) < 1) return z;
  }
}

/** Marsaglia & Tsang (2000): Gamma(shape, 1) for shape ≥ 1, with ziggurat normals. */
function gammaLarge(stream: RandomStream, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = zigguratNormal(stream);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = stream.uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** log of a Gamma(shape, 1) draw (shape > 0, unchecked). */
function logGammaUnit(stream: RandomStream, shape: number): number {
  if (shape >= 1) return Math.log(gammaLarge(stream, shape));
  const g = gammaLarge(stream, shape + 1);
  // 1 − U lies in (0, 1], so the log is finite.
  return Math.log(g) + Math.log(1 - stream.uniform()) / shape;
}

class AleaStream implements RandomStream {
  readonly uniform: () => number;
  private spare = 0;
  private hasSpare = false;

  constructor(key: string) {
    this.uniform = seedrandom.alea(key);
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.uniform())); // 1 − U lies in (0, 1]
    const angle = 2 * Math.PI * this.uniform();
    this.spare = radius * Math.sin(angle);
    this.hasSpare = true;
    return radius * Math.cos(angle);
  }

  exponential(rate = 1): number {
    checkPositive("rate", rate);
    return -Math.log(1 - this.uniform()) / rate;
  }

  gamma(shape: number, rate = 1): number {
    checkPositive("shape", shape);
    checkPositive("rate", rate);
    if (shape >= 1) return gammaLarge(this, shape) / rate;
    return Math.exp(logGammaUnit(this, shape)) / rate;
  }

  beta(a: number, b: number): number {
    checkPositive("a", a);
    checkPositive("b", b);
    if (a >= 1 && b >= 1) {
      const x = gammaLarge(this, a);
      const y = gammaLarge(this, b);
      return x / (x + y);
    }
    const logX = logGammaUnit(this, a);
    const logY = logGammaUnit(this, b);
    return 1 / (1 + Math.exp(logY - logX));
  }

  dirichlet(alpha: ArrayLike<number>, out?: Float64Array): Float64Array {
    const k = alpha.length;
    if (k === 0) throw new OptionError("`alpha` must hold at least one value; received an empty array");
    let small = false;
    for (let i = 0; i < k; i++) {
      checkPositive(`alpha[${i}]`, alpha[i]);
      if (alpha[i] < 1) small = true;
    }
    const result = out ?? new Float64Array(k);
    if (result.length < k) throw new OptionError(`\`out\` must have room for ${k} values; received length ${result.length}`);
    let total = 0;
    if (!small) {
      for (let i = 0; i < k; i++) total += result[i] = gammaLarge(this, alpha[i]);
    } else {
      // In logs: shapes < 1 give draws that can underflow; scale by the largest before leaving logs.
      let max = -Infinity;
      for (let i = 0; i < k; i++) {
        const l = logGammaUnit(this, alpha[i]);
        result[i] = l;
        if (l > max) max = l;
      }
      for (let i = 0; i < k; i++) total += result[i] = Math.exp(result[i] - max);
    }
    for (let i = 0; i < k; i++) result[i] /= total;
    return result;
  }

  poisson(mean: number): number {
    if (!(mean >= 0 && mean < Infinity)) {
      throw new OptionError(`\`mean\` must be a finite number ≥ 0; received ${String(mean)}`);
    }
    if (mean === 0) return 0;
    if (mean < 10) {
      // Inversion: the first k whose cumulative probability exceeds U.
      const u = this.uniform();
      let k = 0;
      let p = Math.exp(-mean);
      let cumulative = p;
      while (cumulative <= u && p > 0) {
        k++;
        p *= mean / k;
        cumulative += p;
      }
      return k;
    }
    return this.poissonPtrs(mean);
  }

  /** Hörmann (1993), PTRS: transformed rejection with squeeze, exact for mean ≥ 10. */
  private poissonPtrs(mean: number): number {
    const rootMean = Math.sqrt(mean);
    const logMean = Math.log(mean);
    const b = 0.931 + 2.53 * rootMean;
    const a = -0.059 + 0.02483 * b;
    const logInverseAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + logInverseAlpha - Math.log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) return k;
    }
  }

  binomial(n: number, p: number): number {
    checkCount("n", n);
    checkProbability("p", p);
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    if (p > 0.5) return n - this.binomialSmallP(n, 1 - p);
    return this.binomialSmallP(n, p);
  }

  /** Binomial(n, p) for 0 < p ≤ 1/2. */
  private binomialSmallP(n: number, p: number): number {
    const q = 1 - p;
    if (n * p < 10) {
      // Inversion: the first x whose cumulative probability exceeds U; P(x) by the recursion
      // P(x) = P(x − 1)·((n + 1)/x − 1)·p/q. Since P(0) = qⁿ ≥ 1 − n·p, a U below 1 − n·p (less a
      // margin for rounding) is 0 without computing the power.
      const u = this.uniform();
      if (u < 1 - n * p - 1e-12) return 0;
      const s = p / q;
      const a = (n + 1) * s;
      let r = Math.pow(q, n);
      let cumulative = r;
      let x = 0;
      while (cumulative <= u && x < n) {
        x++;
        r *= a / x - s;
        cumulative += r;
      }
      return x;
    }
    // Hörmann (1993), BTRS: transformed rejection with squeeze, exact for n·p ≥ 10.
    const spq = Math.sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    let h = NaN; // computed on first need: log m! + log (n − m)!
    let m = 0;
    let logOdds = 0;
    let logAlpha = 0;
    for (;;) {
      const u = this.uniform() - 0.5;
      let v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      if (Number.isNaN(h)) {
        m = Math.floor((n + 1) * p);
        h = logFactorial(m) + logFactorial(n - m);
        logOdds = Math.log(p / q);
        logAlpha = Math.log((2.83 + 5.1 / b) * spq);
      }
      v = Math.log(v) + logAlpha - Math.log(a / (us * us) + b);
      if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * logOdds) return k;
    }
  }

  negativeBinomial(size: number, p: number): number {
    checkPositive("size", size);
    if (!(p > 0 && p <= 1)) {
      throw new OptionError(`\`p\` must be a probability in (0, 1]; received ${String(p)}`);
    }
    if (p === 1) return 0;
    // Failures ~ Poisson(λ), λ ~ Gamma(size, rate p/(1 − p)): mean size·(1 − p)/p.
    const lambda = Math.exp(logGammaUnit(this, size)) * ((1 - p) / p);
    return this.poisson(lambda);
  }

  multinomial(n: number, probabilities: ArrayLike<number>, out?: Float64Array): Float64Array {
    checkCount("n", n);
    const k = probabilities.length;
    if (k === 0) throw new OptionError("`probabilities` must hold at least one value; received an empty array");
    let total = 0;
    let lastPositive = -1;
    for (let i = 0; i < k; i++) {
      const w = probabilities[i];
      if (!(w >= 0 && w < Infinity)) {
        throw new OptionError(`\`probabilities[${i}]\` must be a finite number ≥ 0; received ${String(w)}`);
      }
      total += w;
      if (w > 0) lastPositive = i;
    }
    if (!(total > 0)) throw new OptionError("`probabilities` must have a positive sum; received all zeros");
    const result = out ?? new Float64Array(k);
    if (result.length < k) throw new OptionError(`\`out\` must have room for ${k} values; received length ${result.length}`);
    let remaining = n;
    let rest = total;
    for (let i = 0; i < k; i++) {
      const w = probabilities[i];
      if (remaining === 0 || w === 0) {
        result[i] = 0;
      } else if (i === lastPositive) {
        result[i] = remaining;
        remaining = 0;
      } else {
        // rest ≥ w up to rounding; the last positive category takes whatever remains.
        const x = this.binomial(remaining, w < rest ? w / rest : 1);
        result[i] = x;
        remaining -= x;
      }
      rest -= w;
    }
    return result;
  }
}
