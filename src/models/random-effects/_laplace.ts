/**
 * The Laplace approximation to the log-likelihood of a Poisson log-linear mixed model, and its exact
 * gradient, for given fixed effects β and standard deviations θ.
 *
 * In block b (random effects u_b ~ N(0, I), cells i with η_i = x_i·β + a_i·u_b, a_i = θ ⊙ p_i):
 *
 *   f(u) = Σ_i (y_i η_i − μ_i) − ½ u·u,     H = I + Aᵀ M A   (M = diag μ),
 *   ℓ_b(β, θ) = f(ũ) − Σ_i log y_i! − ½ log det H(ũ),
 *
 * with ũ the conditional mode (found by Newton's method: penalised IRLS, exact for the canonical
 * log link). This is lme4's Laplace deviance (nAGQ = 1) divided by −2. The gradient follows from
 * the envelope theorem (∂f/∂u = 0 at ũ) plus the derivative of log det H through ũ(β, θ):
 *
 *   dũ/dψ = H⁻¹ ∂(∇_u f)/∂ψ,   dη/dψ = ∂η/∂ψ + A dũ/dψ,
 *   ∂ℓ/∂β = Xᵀ(y − μ − ½w),
 *   ∂ℓ/∂θ_k = (y − μ)·e_k − tr(H⁻¹AᵀM A_k) − ½[w·e_k + (A_k v)·(y − μ)],
 *
 * where A_k = ∂A/∂θ_k (the pattern's columns of component k), e_k = A_k ũ, c_i = μ_i a_iᵀH⁻¹a_i,
 * v = H⁻¹Aᵀc and w = c − M A v. With W = PᵀMP (so H = I + ΘWΘ), tr(H⁻¹AᵀMA_k) = Σ_{l∈k} (H⁻¹ΘW)_ll.
 * Cost per block and evaluation: O(rows·q²) — A is never formed.
 */
import { cholesky, choleskySolve } from "../../_lib/linalg.js";
import { logGamma } from "../../_lib/distributions.js";
import type { RandomEffectsBlock, RandomEffectsProblem } from "./_problem.js";

/** Newton decrement (gᵀH⁻¹g) below which the conditional mode counts as found. */
const INNER_TOLERANCE = 1e-20;
const INNER_MAX_ITERATIONS = 60;

/** Evaluates ℓ(β, θ) and its gradient on given counts; the conditional modes are kept between calls. */
export interface LaplaceEvaluator {
  readonly problem: RandomEffectsProblem;
  /** Fixed parameters p; variance components K. φ = (β, θ) has p + K entries. */
  readonly p: number;
  readonly K: number;
  /**
   * ℓ at φ; writes the gradient when given. `modes` (one array per block) is the warm start and
   * receives the conditional modes. Returns NaN when some mode cannot be found.
   */
  evaluate(phi: Float64Array, modes: Float64Array[], gradient?: Float64Array): number;
  /** Fresh zero modes. */
  zeroModes(): Float64Array[];
  /** Evaluations so far. */
  readonly evaluations: number;
}

export function createLaplaceEvaluator(problem: RandomEffectsProblem, counts: Float64Array): LaplaceEvaluator {
  const { m, x, blocks } = problem;
  const p = problem.fixed.length;
  const K = problem.components.length;
  let logFactorials = 0;
  for (const block of blocks) for (const r of block.rows) logFactorials += logGamma(counts[r] + 1);
  const maxRows = Math.max(...blocks.map((b) => b.rows.length));
  const maxQ = Math.max(...blocks.map((b) => b.q));
  const xb = new Float64Array(m);
  const coefX = new Float64Array(m);
  const theta = new Float64Array(K);
  // per block: θ of each random effect, b = θ ⊙ u
  const scale = new Float64Array(maxQ);
  const effect = new Float64Array(maxQ);
  let eta = new Float64Array(maxRows);
  let mu = new Float64Array(maxRows);
  let etaTrial = new Float64Array(maxRows);
  let muTrial = new Float64Array(maxRows);
  const c = new Float64Array(maxRows);
  const trial = new Float64Array(maxQ);
  const gu = new Float64Array(maxQ);
  const step = new Float64Array(maxQ);
  const z = new Float64Array(maxQ);
  const v = new Float64Array(maxQ);
  const residualSum = new Float64Array(maxQ);
  const wSum = new Float64Array(maxQ);
  const column = new Float64Array(maxQ);
  const h = new Float64Array(maxQ * maxQ);
  const w = new Float64Array(maxQ * maxQ);
  const hInverse = new Float64Array(maxQ * maxQ);

  /** η, μ and f at u (b = θ ⊙ u); returns f (−∞ when μ overflows). */
  const predictor = (block: RandomEffectsBlock, u: Float64Array, etaOut: Float64Array, muOut: Float64Array): number => {
    const { rows, history, q, pattern } = block;
    let f = 0;
    for (let l = 0; l < q; l++) {
      effect[l] = scale[l] * u[l];
      f -= 0.5 * u[l] * u[l];
    }
    for (let i = 0; i < rows.length; i++) {
      let e = xb[history[i]];
      const row = i * q;
      for (let l = 0; l < q; l++) e += pattern[row + l] * effect[l];
      const mi = Math.exp(e);
      etaOut[i] = e;
      muOut[i] = mi;
      f += counts[rows[i]] * e - mi;
    }
    return Number.isFinite(f) ? f : -Infinity;
  };

  /** Conditional mode of a block; leaves η, μ, W and chol(H) at the mode. Returns f(ũ) or NaN. */
  const mode = (block: RandomEffectsBlock, u: Float64Array): number => {
    const { rows, q, pattern, component } = block;
    const n = rows.length;
    for (let l = 0; l < q; l++) scale[l] = theta[component[l]];
    let f = predictor(block, u, eta, mu);
    if (!Number.isFinite(f)) {
      u.fill(0);
      f = predictor(block, u, eta, mu);
    }
    for (let iteration = 0; ; iteration++) {
      residualSum.fill(0, 0, q);
      w.fill(0, 0, q * q);
      for (let i = 0; i < n; i++) {
        const r = counts[rows[i]] - mu[i];
        const mi = mu[i];
        const row = i * q;
        for (let l = 0; l < q; l++) {
          const pl = pattern[row + l];
          if (pl === 0) continue;
          residualSum[l] += pl * r;
          const weight = mi * pl;
          for (let k = 0; k <= l; k++) w[l * q + k] += weight * pattern[row + k];
        }
      }
      for (let l = 0; l < q; l++) {
        gu[l] = scale[l] * residualSum[l] - u[l];
        for (let k = 0; k <= l; k++) {
          const value = scale[l] * w[l * q + k] * scale[k] + (k === l ? 1 : 0);
          h[l * q + k] = value;
          h[k * q + l] = value;
          w[k * q + l] = w[l * q + k];
        }
      }
      if (!cholesky(h, q)) return Number.NaN;
      for (let l = 0; l < q; l++) step[l] = gu[l];
      choleskySolve(h, q, step);
      let decrement = 0;
      for (let l = 0; l < q; l++) decrement += gu[l] * step[l];
      if (decrement < INNER_TOLERANCE) return f;
      if (iteration >= INNER_MAX_ITERATIONS) return decrement < 1e-12 ? f : Number.NaN;
      let length = 1;
      let accepted = false;
      for (let halving = 0; halving < 40; halving++) {
        for (let l = 0; l < q; l++) trial[l] = u[l] + length * step[l];
        const fTrial = predictor(block, trial, etaTrial, muTrial);
        if (fTrial >= f - 1e-13 * Math.abs(f)) {
          for (let l = 0; l < q; l++) u[l] = trial[l];
          f = fTrial;
          [eta, etaTrial] = [etaTrial, eta];
          [mu, muTrial] = [muTrial, mu];
          accepted = true;
          break;
        }
        length /= 2;
      }
      if (!accepted) return decrement < 1e-12 ? f : Number.NaN;
    }
  };

  let evaluations = 0;
  const evaluate = (phi: Float64Array, modes: Float64Array[], gradient?: Float64Array): number => {
    evaluations++;
    for (let k = 0; k < K; k++) theta[k] = phi[p + k];
    for (let hh = 0; hh < m; hh++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += x[hh * p + j] * phi[j];
      xb[hh] = s;
    }
    let total = -logFactorials;
    if (gradient) {
      gradient.fill(0);
      coefX.fill(0);
    }
    for (let b = 0; b < blocks.length; b++) {
      const block = blocks[b];
      const u = modes[b];
      const f = mode(block, u);
      if (!Number.isFinite(f)) return Number.NaN;
      const q = block.q;
      let logDet = 0;
      for (let l = 0; l < q; l++) logDet += 2 * Math.log(h[l * q + l]);
      total += f - 0.5 * logDet;
      if (gradient) blockGradient(block, u, gradient);
    }
    if (gradient) {
      for (let hh = 0; hh < m; hh++) {
        const coefficient = coefX[hh];
        if (coefficient === 0) continue;
        for (let j = 0; j < p; j++) gradient[j] += coefficient * x[hh * p + j];
      }
    }
    return total;
  };

  /** Adds the block's part of ∂ℓ/∂θ to `gradient` and its ∂ℓ/∂η coefficients to `coefX`. */
  const blockGradient = (block: RandomEffectsBlock, u: Float64Array, gradient: Float64Array): void => {
    const { rows, history, q, pattern, component } = block;
    const n = rows.length;
    // c_i = μ_i a_iᵀH⁻¹a_i = μ_i |L⁻¹a_i|², and Aᵀc
    v.fill(0, 0, q);
    for (let i = 0; i < n; i++) {
      const row = i * q;
      let hi = 0;
      for (let l = 0; l < q; l++) {
        let s = pattern[row + l] * scale[l];
        for (let k = 0; k < l; k++) s -= h[l * q + k] * z[k];
        const zl = s / h[l * q + l];
        z[l] = zl;
        hi += zl * zl;
      }
      const ci = mu[i] * hi;
      c[i] = ci;
      for (let l = 0; l < q; l++) v[l] += pattern[row + l] * scale[l] * ci;
    }
    choleskySolve(h, q, v); // v = H⁻¹Aᵀc
    for (let l = 0; l < q; l++) effect[l] = scale[l] * v[l]; // Av = P (θ ⊙ v)
    residualSum.fill(0, 0, q);
    wSum.fill(0, 0, q);
    for (let i = 0; i < n; i++) {
      const row = i * q;
      let av = 0;
      for (let l = 0; l < q; l++) av += pattern[row + l] * effect[l];
      const wi = c[i] - mu[i] * av;
      const r = counts[rows[i]] - mu[i];
      coefX[history[i]] += r - 0.5 * wi;
      for (let l = 0; l < q; l++) {
        const pl = pattern[row + l];
        if (pl === 0) continue;
        residualSum[l] += pl * r;
        wSum[l] += pl * wi;
      }
    }
    // tr(H⁻¹AᵀMA_k) = Σ_{l∈k} (H⁻¹ΘW)_ll: H⁻¹ column by column
    for (let j = 0; j < q; j++) {
      for (let l = 0; l < q; l++) column[l] = l === j ? 1 : 0;
      choleskySolve(h, q, column);
      for (let l = 0; l < q; l++) hInverse[l * q + j] = column[l];
    }
    const p0 = p;
    for (let l = 0; l < q; l++) {
      let trace = 0;
      for (let k = 0; k < q; k++) trace += hInverse[l * q + k] * scale[k] * w[k * q + l];
      gradient[p0 + component[l]] += u[l] * (residualSum[l] - 0.5 * wSum[l]) - 0.5 * v[l] * residualSum[l] - trace;
    }
  };

  return {
    problem,
    p,
    K,
    evaluate,
    zeroModes: () => blocks.map((b) => new Float64Array(b.q)),
    get evaluations() {
      return evaluations;
    },
  };
}

/** A deep copy of conditional modes. */
export function copyModes(modes: readonly Float64Array[]): Float64Array[] {
  return modes.map((u) => Float64Array.from(u));
}
