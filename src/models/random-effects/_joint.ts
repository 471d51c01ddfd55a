/**
 * The joint system in (β, u) for given θ: Henderson's mixed-model equations of the penalised
 * Poisson log-likelihood F(β, u) = Σ (y η − μ) − ½ u·u,
 *
 *   [ XᵀMX    XᵀMA     ] [β]       ( M = diag μ, A = Z Λ_θ )
 *   [ AᵀMX    AᵀMA + I ] [u]
 *
 * solved block by block through the Schur complement S = XᵀMX − Σ_b B_b D_b⁻¹ B_bᵀ
 * (B_b = X_bᵀ M A_b, D_b = A_bᵀ M A_b + I). Used twice: penalised IRLS over (β, u) jointly for
 * starting values (lme4's nAGQ = 0 inner problem), and at the fit, where the inverse of this matrix
 * is the conditional covariance of (β, u) given the data (the prediction-error covariance of
 * Henderson 1975, conditional on θ).
 */
import { cholesky, choleskyInverse, choleskySolve } from "../../_lib/linalg.js";
import type { RandomEffectsProblem } from "./_problem.js";

/** Factorised joint system at a point. */
export interface JointSystem {
  /** F(β, u). */
  readonly penalised: number;
  /** Gradient of F in β (p) and per block in u. */
  readonly gradientBeta: Float64Array;
  readonly gradientU: Float64Array[];
  /** Cholesky factor of each block's D_b. */
  readonly dFactor: Float64Array[];
  /** D_b⁻¹ B_bᵀ per block (q × p, row-major). */
  readonly dInverseBt: Float64Array[];
  /** Cholesky factor of the Schur complement S (p × p); null when S is singular. */
  readonly sFactor: Float64Array | null;
}

/** Arrays a joint system is built in, reusable from one build to the next. */
export interface JointWorkspace {
  readonly gradientU: Float64Array[];
  readonly dFactor: Float64Array[];
  readonly dInverseBt: Float64Array[];
}

/** A workspace for `problem`'s joint systems. */
export function jointWorkspace(problem: RandomEffectsProblem): JointWorkspace {
  const p = problem.fixed.length;
  return {
    gradientU: problem.blocks.map((b) => new Float64Array(b.q)),
    dFactor: problem.blocks.map((b) => new Float64Array(b.q * b.q)),
    dInverseBt: problem.blocks.map((b) => new Float64Array(b.q * p)),
  };
}

/**
 * Build and factorise the joint system at (β, θ, u), in `workspace` when given (a system built in
 * a workspace is overwritten by the next build in it).
 */
export function jointSystem(
  problem: RandomEffectsProblem,
  counts: Float64Array,
  beta: ArrayLike<number>,
  theta: ArrayLike<number>,
  modes: readonly Float64Array[],
  workspace: JointWorkspace = jointWorkspace(problem),
): JointSystem {
  const { m, x } = problem;
  const p = problem.fixed.length;
  const xb = new Float64Array(m);
  for (let h = 0; h < m; h++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += x[h * p + j] * beta[j];
    xb[h] = s;
  }
  const gradientBeta = new Float64Array(p);
  const schur = new Float64Array(p * p);
  const muByHistory = new Float64Array(m);
  const residualByHistory = new Float64Array(m);
  const maxQ = Math.max(...problem.blocks.map((b) => b.q));
  const scale = new Float64Array(maxQ);
  const bt = new Float64Array(maxQ * p); // B_bᵀ: q × p
  const column = new Float64Array(maxQ);
  let penalised = 0;
  for (let b = 0; b < problem.blocks.length; b++) {
    const block = problem.blocks[b];
    const { rows, history, q, pattern, component } = block;
    for (let l = 0; l < q; l++) scale[l] = theta[component[l]];
    const u = modes[b];
    const g = workspace.gradientU[b].fill(0);
    const d = workspace.dFactor[b].fill(0);
    bt.fill(0, 0, q * p);
    for (let i = 0; i < rows.length; i++) {
      const row = i * q;
      let e = xb[history[i]];
      for (let l = 0; l < q; l++) e += pattern[row + l] * scale[l] * u[l];
      const mu = Math.exp(e);
      const y = counts[rows[i]];
      penalised += y * e - mu;
      const r = y - mu;
      muByHistory[history[i]] += mu;
      residualByHistory[history[i]] += r;
      const xRow = history[i] * p;
      for (let l = 0; l < q; l++) {
        const al = pattern[row + l] * scale[l];
        if (al === 0) continue;
        g[l] += al * r;
        const w = mu * al;
        for (let k = 0; k <= l; k++) d[l * q + k] += w * pattern[row + k] * scale[k];
        for (let j = 0; j < p; j++) bt[l * p + j] += w * x[xRow + j];
      }
    }
    for (let l = 0; l < q; l++) {
      penalised -= 0.5 * u[l] * u[l];
      g[l] -= u[l];
      d[l * q + l] += 1;
      for (let k = 0; k < l; k++) d[k * q + l] = d[l * q + k];
    }
    cholesky(d, q); // I + AᵀMA is positive definite
    // D⁻¹Bᵀ, and S −= B D⁻¹ Bᵀ
    const dib = workspace.dInverseBt[b];
    for (let j = 0; j < p; j++) {
      for (let l = 0; l < q; l++) column[l] = bt[l * p + j];
      choleskySolve(d, q, column);
      for (let l = 0; l < q; l++) dib[l * p + j] = column[l];
    }
    for (let j = 0; j < p; j++) {
      for (let k = 0; k <= j; k++) {
        let s = 0;
        for (let l = 0; l < q; l++) s += bt[l * p + j] * dib[l * p + k];
        schur[j * p + k] -= s;
      }
    }
  }
  for (let h = 0; h < m; h++) {
    if (muByHistory[h] === 0 && residualByHistory[h] === 0) continue;
    for (let j = 0; j < p; j++) {
      const xj = x[h * p + j];
      if (xj === 0) continue;
      gradientBeta[j] += xj * residualByHistory[h];
      for (let k = 0; k <= j; k++) schur[j * p + k] += muByHistory[h] * xj * x[h * p + k];
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) schur[k * p + j] = schur[j * p + k];
  const sFactor = cholesky(schur, p) ? schur : null;
  return { penalised, gradientBeta, gradientU: workspace.gradientU, dFactor: workspace.dFactor, dInverseBt: workspace.dInverseBt, sFactor };
}

/** The Newton step of the joint system: Δβ = S⁻¹(g_β − Σ B D⁻¹ g_u), Δu_b = D_b⁻¹ g_u − D_b⁻¹B_bᵀ Δβ. */
export function jointStep(problem: RandomEffectsProblem, system: JointSystem): { beta: Float64Array; u: Float64Array[]; decrement: number } | null {
  const p = problem.fixed.length;
  if (system.sFactor === null) return null;
  const rhs = Float64Array.from(system.gradientBeta);
  const diG: Float64Array[] = [];
  for (let b = 0; b < problem.blocks.length; b++) {
    const q = problem.blocks[b].q;
    const dig = Float64Array.from(system.gradientU[b]);
    choleskySolve(system.dFactor[b], q, dig);
    diG.push(dig);
    // B D⁻¹ g = (D⁻¹Bᵀ)ᵀ g
    const dib = system.dInverseBt[b];
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let l = 0; l < q; l++) s += dib[l * p + j] * system.gradientU[b][l];
      rhs[j] -= s;
    }
  }
  const dBeta = Float64Array.from(rhs);
  choleskySolve(system.sFactor, p, dBeta);
  let decrement = 0;
  for (let j = 0; j < p; j++) decrement += dBeta[j] * system.gradientBeta[j];
  const dU = diG.map((dig, b) => {
    const q = problem.blocks[b].q;
    const dib = system.dInverseBt[b];
    const out = new Float64Array(q);
    for (let l = 0; l < q; l++) {
      let s = dig[l];
      for (let j = 0; j < p; j++) s -= dib[l * p + j] * dBeta[j];
      out[l] = s;
      decrement += s * system.gradientU[b][l];
    }
    return out;
  });
  return { beta: dBeta, u: dU, decrement };
}

/** F(β, u) alone. */
function penalisedValue(
  problem: RandomEffectsProblem,
  counts: Float64Array,
  beta: ArrayLike<number>,
  theta: ArrayLike<number>,
  modes: readonly Float64Array[],
): number {
  const { m, x } = problem;
  const p = problem.fixed.length;
  const xb = new Float64Array(m);
  for (let h = 0; h < m; h++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += x[h * p + j] * beta[j];
    xb[h] = s;
  }
  let value = 0;
  for (let b = 0; b < problem.blocks.length; b++) {
    const { rows, history, q, pattern, component } = problem.blocks[b];
    const u = modes[b];
    for (let i = 0; i < rows.length; i++) {
      let e = xb[history[i]];
      for (let l = 0; l < q; l++) e += pattern[i * q + l] * theta[component[l]] * u[l];
      value += counts[rows[i]] * e - Math.exp(e);
    }
    for (let l = 0; l < q; l++) value -= 0.5 * u[l] * u[l];
  }
  return value;
}

/**
 * Maximise F(β, u) over (β, u) for fixed θ by Newton's method with step halving (F is concave),
 * until the Newton decrement is below `tolerance` or after `maxIterations` steps. Updates `beta` and
 * `modes` in place; returns whether it converged.
 */
export function penalisedIrls(
  problem: RandomEffectsProblem,
  counts: Float64Array,
  beta: Float64Array,
  theta: ArrayLike<number>,
  modes: Float64Array[],
  maxIterations = 100,
  tolerance = 1e-14,
): boolean {
  const workspace = jointWorkspace(problem);
  let system = jointSystem(problem, counts, beta, theta, modes, workspace);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const step = jointStep(problem, system);
    if (step === null) return false;
    if (step.decrement < tolerance) return true;
    let scale = 1;
    let accepted = false;
    for (let halving = 0; halving < 40; halving++) {
      const trialBeta = beta.map((v, j) => v + scale * step.beta[j]);
      const trialModes = modes.map((u, b) => u.map((v, l) => v + scale * step.u[b][l]));
      const value = penalisedValue(problem, counts, trialBeta, theta, trialModes);
      if (Number.isFinite(value) && value >= system.penalised - 1e-12 * Math.abs(system.penalised)) {
        beta.set(trialBeta);
        modes.forEach((u, b) => u.set(trialModes[b]));
        system = jointSystem(problem, counts, beta, theta, modes, workspace);
        accepted = true;
        break;
      }
      scale /= 2;
    }
    if (!accepted) return step.decrement < 1e-8;
  }
  return false;
}

/**
 * Conditional covariance of linear combinations c_s = x₀·β + a₀_s·u (one per stratum: the
 * unobserved cell's linear predictor) from the inverse of the joint system:
 *   Cov(c_s, c_r) = g_sᵀ S⁻¹ g_r + [s, r in one block] a₀_sᵀ D_b⁻¹ a₀_r,  g_s = x₀ − B_b D_b⁻¹ a₀_s.
 * Also returns S⁻¹ (the conditional covariance of β given θ).
 */
export function unobservedCovariance(
  problem: RandomEffectsProblem,
  system: JointSystem,
  theta: ArrayLike<number>,
): { covariance: Float64Array; betaCovariance: Float64Array } | null {
  if (system.sFactor === null) return null;
  const p = problem.fixed.length;
  const S = problem.strata.length;
  const sInverse = choleskyInverse(system.sFactor, p);
  const gs: Float64Array[] = [];
  const dinvA0: Float64Array[] = [];
  const a0s: Float64Array[] = [];
  for (let s = 0; s < S; s++) {
    const b = problem.stratumBlock[s];
    const block = problem.blocks[b];
    const q = block.q;
    const slot = problem.stratumSlot[s];
    const a0 = new Float64Array(q);
    for (let l = 0; l < q; l++) a0[l] = block.unobservedPattern[slot * q + l] * theta[block.component[l]];
    const dia = Float64Array.from(a0);
    choleskySolve(system.dFactor[b], q, dia);
    // g = x₀ − B D⁻¹ a₀ = x₀ − (D⁻¹Bᵀ)ᵀ a₀
    const g = new Float64Array(p);
    g[0] = 1;
    const dib = system.dInverseBt[b];
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let l = 0; l < q; l++) sum += dib[l * p + j] * a0[l];
      g[j] -= sum;
    }
    gs.push(g);
    dinvA0.push(dia);
    a0s.push(a0);
  }
  const covariance = new Float64Array(S * S);
  for (let s = 0; s < S; s++) {
    const sg = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let k = 0; k < p; k++) sum += sInverse[j * p + k] * gs[s][k];
      sg[j] = sum;
    }
    for (let r = 0; r <= s; r++) {
      let c = 0;
      for (let j = 0; j < p; j++) c += gs[r][j] * sg[j];
      if (problem.stratumBlock[s] === problem.stratumBlock[r]) {
        for (let l = 0; l < a0s[s].length; l++) c += a0s[r][l] * dinvA0[s][l];
      }
      covariance[s * S + r] = c;
      covariance[r * S + s] = c;
    }
  }
  return { covariance, betaCovariance: sInverse };
}
