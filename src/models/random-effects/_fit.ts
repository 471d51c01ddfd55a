/**
 * Maximum likelihood under the Laplace approximation: maximise ℓ(β, θ) over the fixed effects and
 * the standard deviations jointly (as glmer with nAGQ = 1 does), by a quasi-Newton method on the
 * exact gradient of ℓ: the Hessian from finite differences of that gradient at the start, BFGS
 * updates after, a Levenberg shift when it is not negative definite, a backtracking (Armijo) line
 * search; the final Hessian (for standard errors) again by differences of the gradient.
 *
 * ℓ is an even function of every θ_k (u_l → −u_l leaves the model unchanged), so θ is optimised
 * without a bound and reported as |θ|; a variance component at zero is a stationary point that
 * Newton's method reaches at its quadratic rate.
 */
import { cholesky, choleskyInverse, choleskySolve } from "../../_lib/linalg.js";
import { createLaplaceEvaluator, copyModes, type LaplaceEvaluator } from "./_laplace.js";
import { jointSystem, penalisedIrls } from "./_joint.js";
import type { RandomEffectsProblem } from "./_problem.js";

export interface LaplaceFit {
  readonly beta: Float64Array;
  /** Standard deviations (≥ 0), one per variance component. */
  readonly theta: Float64Array;
  /** Conditional modes of the spherical random effects, per block. */
  readonly modes: Float64Array[];
  readonly logLikelihood: number;
  readonly gradient: Float64Array;
  /** −∇²ℓ over (β, θ) by forward differences of the exact gradient; null when not asked for or not finite. */
  readonly information: Float64Array | null;
  readonly converged: boolean;
  readonly iterations: number;
  /** Evaluations of ℓ and its gradient. */
  readonly evaluations: number;
  /** Components whose standard deviation is zero at the optimum (a singular fit). */
  readonly singular: readonly number[];
}

export interface LaplaceFitOptions {
  /** Start (β, θ); by default θ from the spread of the strata's observed counts and β by joint penalised IRLS. */
  readonly start?: { readonly beta: ArrayLike<number>; readonly theta: ArrayLike<number> };
  readonly maxIterations?: number;
  /** An initial −∇²ℓ (e.g. the original fit's, for a bootstrap replicate started there): quasi-Newton from it. */
  readonly initialInformation?: ArrayLike<number>;
  /** Compute the information matrix (for standard errors). Default true. */
  readonly information?: boolean;
}

/** Standard deviations below this are reported as exactly zero (a boundary fit). */
const ZERO_SD = 1e-7;

/** Default start of the standard deviations. */
export function startTheta(problem: RandomEffectsProblem): Float64Array {
  const K = problem.components.length;
  const theta = new Float64Array(K).fill(0.2);
  const logs = Array.from(problem.observed, (n) => Math.log(n + 0.5));
  const values = problem.structure === "random-walk" ? logs.slice(1).map((v, i) => v - logs[i]) : logs;
  if (values.length >= 2) {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    theta[0] = Math.min(3, Math.max(0.2, sd));
  } else theta[0] = 1;
  return theta;
}

/**
 * Default start: β and the modes by penalised IRLS over (β, u) at the starting θ, then a few
 * EM-like updates of θ from the modes and their conditional variances,
 * θ_k² ← θ_k² · mean over the u_l of component k of (ũ_l² + (D⁻¹)_ll), each followed by penalised IRLS.
 * Cheap (no Laplace gradient), and brings Newton's method close to the optimum.
 */
function startValues(problem: RandomEffectsProblem, counts: Float64Array, modes: Float64Array[]): { beta: Float64Array; theta: Float64Array } {
  const p = problem.fixed.length;
  const K = problem.components.length;
  const theta = startTheta(problem);
  const beta = new Float64Array(p);
  let total = 0;
  let cells = 0;
  for (const block of problem.blocks) {
    for (const r of block.rows) {
      total += counts[r];
      cells++;
    }
  }
  beta[0] = Math.log(total / Math.max(1, cells) + 0.5);
  // a start needs no more precision than the quasi-Newton method's first steps can use
  penalisedIrls(problem, counts, beta, theta, modes, 100, 1e-8);
  for (let round = 0; round < EM_ROUNDS; round++) {
    const system = jointSystem(problem, counts, beta, theta, modes);
    const sum = new Float64Array(K);
    const number = new Float64Array(K);
    problem.blocks.forEach((block, b) => {
      const q = block.q;
      const inverse = choleskyInverse(system.dFactor[b], q);
      for (let l = 0; l < q; l++) {
        const k = block.component[l];
        sum[k] += modes[b][l] ** 2 + inverse[l * q + l];
        number[k]++;
      }
    });
    for (let k = 0; k < K; k++) {
      const next = theta[k] * Math.sqrt(sum[k] / number[k]);
      // keep away from zero: Newton's method settles a vanishing component
      theta[k] = Math.min(5, Math.max(0.02, next));
    }
    penalisedIrls(problem, counts, beta, theta, modes, 3, 1e-8);
  }
  return { beta, theta };
}

/** EM-like updates of θ in the default start. */
const EM_ROUNDS = 3;

export function fitLaplace(problem: RandomEffectsProblem, counts: Float64Array, options: LaplaceFitOptions = {}): LaplaceFit {
  const evaluator = createLaplaceEvaluator(problem, counts);
  const { p, K } = evaluator;
  const n = p + K;
  let modes = evaluator.zeroModes();
  const phi = new Float64Array(n);
  if (options.start) {
    phi.set(Array.from(options.start.beta), 0);
    phi.set(Array.from(options.start.theta), p);
  } else {
    const start = startValues(problem, counts, modes);
    phi.set(start.beta, 0);
    phi.set(start.theta, p);
  }
  const gradient = new Float64Array(n);
  let value = evaluator.evaluate(phi, modes, gradient);
  if (!Number.isFinite(value)) {
    // a start far off: restart the modes from zero and θ from the default
    modes = evaluator.zeroModes();
    phi.set(startTheta(problem), p);
    value = evaluator.evaluate(phi, modes, gradient);
  }
  const maxIterations = options.maxIterations ?? 200;
  let converged = false;
  let iterations = 0;
  let small = 0;
  const trialGradient = new Float64Array(n);
  // −∇²ℓ by forward differences at the start (or the one given, as for a bootstrap replicate started
  // at the original fit), then improved by BFGS updates after every step (quasi-Newton), and
  // recomputed by differences where a step along it fails. `fresh`: it belongs to the current point.
  let information: Float64Array | null = options.initialInformation ? Float64Array.from(options.initialInformation) : null;
  let fresh = false;
  if (Number.isFinite(value)) {
    for (; iterations < maxIterations; iterations++) {
      if (information === null) {
        information = finiteDifferenceInformation(evaluator, phi, modes, gradient);
        fresh = true;
        if (information === null) break;
      }
      const step = newtonStep(information, gradient, n);
      let decrement = 0;
      for (let j = 0; j < n; j++) decrement += step[j] * gradient[j];
      let relative = 0;
      for (let j = 0; j < n; j++) relative = Math.max(relative, Math.abs(step[j]) / Math.max(1, Math.abs(phi[j])));
      if (decrement < 1e-16 || relative < 1e-12) {
        converged = true;
        break;
      }
      let scale = 1;
      let accepted = false;
      for (let halving = 0; halving < 50; halving++) {
        const trial = phi.map((v, j) => v + scale * step[j]);
        const trialModes = copyModes(modes);
        const trialValue = evaluator.evaluate(trial, trialModes, trialGradient);
        // near the optimum the change in ℓ is below its rounding: take the Newton step
        const enough = decrement < 1e-9 ? Number.isFinite(trialValue) : trialValue >= value + 1e-4 * scale * decrement;
        if (enough) {
          bfgsUpdate(information, trial, phi, gradient, trialGradient, n);
          phi.set(trial);
          modes = trialModes;
          value = trialValue;
          gradient.set(trialGradient);
          accepted = true;
          fresh = false;
          break;
        }
        scale /= 2;
      }
      if (!accepted) {
        if (fresh) {
          converged = decrement < 1e-8;
          break;
        }
        // a kept Hessian failed: recompute it here
        information = null;
        continue;
      }
      if (decrement < 1e-9) {
        small++;
        if (small >= 6) {
          converged = true;
          iterations++;
          break;
        }
      }
    }
  }
  // report θ ≥ 0: flip the sign of a negative θ_k with its modes
  const singular: number[] = [];
  const flips = new Int8Array(n).fill(1);
  for (let k = 0; k < K; k++) {
    const flip = phi[p + k] < 0;
    if (flip) flips[p + k] = -1;
    if (Math.abs(phi[p + k]) < ZERO_SD) {
      phi[p + k] = 0;
      singular.push(k);
    } else if (flip) phi[p + k] = -phi[p + k];
    if (flip || singular.includes(k)) {
      problem.blocks.forEach((block, b) => {
        for (let l = 0; l < block.q; l++) if (block.component[l] === k) modes[b][l] = singular.includes(k) ? 0 : -modes[b][l];
      });
    }
  }
  if (Number.isFinite(value)) value = evaluator.evaluate(phi, modes, gradient);
  let finalInformation: Float64Array | null = null;
  if (options.information !== false && Number.isFinite(value)) {
    finalInformation = fresh && information !== null ? flipSigns(information, flips, n) : finiteDifferenceInformation(evaluator, phi, modes, gradient);
  }
  return {
    beta: phi.slice(0, p),
    theta: phi.slice(p),
    modes,
    logLikelihood: value,
    gradient: Float64Array.from(gradient),
    information: finalInformation,
    converged: converged && Number.isFinite(value),
    iterations,
    evaluations: evaluator.evaluations,
    singular,
  };
}

/**
 * −∇²ℓ by forward differences of the exact gradient, symmetrised. The step, 10⁻⁵·max(1, |φ_j|),
 * balances truncation against the rounding left in the gradient by the conditional modes: the
 * standard errors from it agree with central second differences of ℓ itself to about 10⁻⁵.
 */
function finiteDifferenceInformation(
  evaluator: LaplaceEvaluator,
  phi: Float64Array,
  modes: readonly Float64Array[],
  gradient: Float64Array,
): Float64Array | null {
  const n = phi.length;
  const out = new Float64Array(n * n);
  const plus = new Float64Array(n);
  const point = Float64Array.from(phi);
  for (let j = 0; j < n; j++) {
    const step = 1e-5 * Math.max(1, Math.abs(phi[j]));
    point[j] = phi[j] + step;
    if (!Number.isFinite(evaluator.evaluate(point, copyModes(modes), plus))) return null;
    for (let i = 0; i < n; i++) out[i * n + j] = -(plus[i] - gradient[i]) / step;
    point[j] = phi[j];
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = (out[i * n + j] + out[j * n + i]) / 2;
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}

/** D J D with D = diag(signs): the information after flipping the sign of some θ_k. */
function flipSigns(information: Float64Array, signs: Int8Array, n: number): Float64Array {
  return information.map((v, index) => v * signs[Math.floor(index / n)] * signs[index % n]);
}

/**
 * BFGS update in place of J ≈ −∇²ℓ after the step s = φ₁ − φ₀ with y = g₀ − g₁:
 * J ← J − (Js)(Js)ᵀ/(sᵀJs) + yyᵀ/(yᵀs), skipped when yᵀs is not positive (J stays positive definite).
 */
function bfgsUpdate(information: Float64Array, next: Float64Array, current: Float64Array, gradient: Float64Array, nextGradient: Float64Array, n: number): void {
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  let ys = 0;
  for (let j = 0; j < n; j++) {
    s[j] = next[j] - current[j];
    y[j] = gradient[j] - nextGradient[j];
    ys += y[j] * s[j];
  }
  const js = new Float64Array(n);
  let sjs = 0;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += information[i * n + j] * s[j];
    js[i] = v;
    sjs += s[i] * v;
  }
  let ss = 0;
  for (let j = 0; j < n; j++) ss += s[j] * s[j];
  if (!(ys > 1e-12 * Math.sqrt(ss) * Math.sqrt(y.reduce((a, v) => a + v * v, 0))) || !(sjs > 0)) return;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) information[i * n + j] += (y[i] * y[j]) / ys - (js[i] * js[j]) / sjs;
  }
}

/** Solve J d = g, shifting J by λI (Levenberg) until it is positive definite. */
function newtonStep(information: Float64Array, gradient: Float64Array, n: number): Float64Array {
  let maxDiagonal = 0;
  for (let j = 0; j < n; j++) maxDiagonal = Math.max(maxDiagonal, Math.abs(information[j * n + j]));
  let shift = 0;
  for (let attempt = 0; attempt < 40; attempt++) {
    const factor = Float64Array.from(information);
    for (let j = 0; j < n; j++) factor[j * n + j] += shift;
    if (cholesky(factor, n)) {
      const step = Float64Array.from(gradient);
      choleskySolve(factor, n, step);
      return step;
    }
    shift = shift === 0 ? 1e-8 * Math.max(1, maxDiagonal) : shift * 10;
  }
  // steepest ascent as a last resort
  return Float64Array.from(gradient, (g) => g / Math.max(1, maxDiagonal));
}
