/**
 * Poisson log-linear fit with real-valued design columns and an optional offset, by iteratively
 * reweighted least squares (IRLS, = Newton for the canonical log link).
 *
 * Narrow engine for the closed-population family, written here until the shared Newton/IRLS engine
 * (issue 8) lands on main. Two stopping rules:
 * - `"glm"` (default): start from μ = y + 0.1 and stop as R's `glm.fit` stops
 *   (|D − D_old| / (|D| + 0.1) < 1e-8, at most 25 iterations); the covariance is the inverse of
 *   XᵀWX at the weights of the last iteration, as `summary.glm` reports it. Rcapture's numbers carry
 *   this convergence error (up to ~1e-4 relative on the flat heterogeneity models), so reproducing
 *   them to 1e-6 needs the same iterations.
 * - `"tight"`: iterate to the MLE within rounding (profile-likelihood fits).
 *
 * Rows with `include[r] === 0` are left out (the unobserved cell in an observed-data fit).
 */
import { cholesky, choleskyInverse, choleskySolve } from "../../_lib/linalg.js";
import { logGamma } from "../../_lib/distributions.js";

/** A dense design: rows × columns, row-major, any real values. */
export interface Design {
  readonly x: Float64Array;
  readonly rows: number;
  readonly columns: number;
}

export interface GlmOptions {
  readonly offset?: ArrayLike<number>;
  readonly stopping?: "glm" | "tight";
  /** Warm start (tight mode only): coefficients to start from. */
  readonly start?: ArrayLike<number>;
  readonly maxIterations?: number;
  /** Skip the covariance. */
  readonly covariance?: boolean;
}

export interface GlmFit {
  readonly coefficients: Float64Array;
  /** Covariance of the coefficients (columns × columns); empty when singular or not asked. */
  readonly covariance: Float64Array;
  readonly mu: Float64Array;
  readonly deviance: number;
  /** Σ y log μ − μ − log y! over the rows fitted. */
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly iterations: number;
  /** False when XᵀWX could not be factorised: the design is rank-deficient on these rows. */
  readonly fullRank: boolean;
  /** Some fitted mean fell below 10 · machine epsilon (R's "fitted rates numerically 0 occurred"). */
  readonly ratesNumericallyZero: boolean;
}

const EPSILON = 2.220446049250313e-16;
/** Fixed multipliers for row fingerprints (any distinct irrational-looking numbers). */
const FINGERPRINT = [0.5698402909980532, 0.8566748838545029, 0.6180339887498949, 0.4142135623730951, 0.7320508075688772, 0.2360679774997897, 0.6457513110645907, 0.1622776601683793];

/** Fit a Poisson log-linear model. `y[r]` may be fractional (bias-corrected frequencies, profile tables). */
export function fitPoissonGlm(design: Design, y: ArrayLike<number>, options: GlmOptions = {}): GlmFit {
  const { x, rows, columns: p } = design;
  const offset = options.offset;
  const tight = options.stopping === "tight";
  const maxIterations = options.maxIterations ?? (tight ? 100 : 25);
  const mu = new Float64Array(rows);
  const eta = new Float64Array(rows);
  const beta = new Float64Array(p);
  const a = new Float64Array(p * p);
  let fullRank = true;

  const offsets = new Float64Array(rows);
  if (offset !== undefined) for (let r = 0; r < rows; r++) offsets[r] = offset[r];
  const devianceOf = (m: Float64Array): number => {
    let d = 0;
    for (let r = 0; r < rows; r++) {
      const yr = y[r];
      // y log(y/μ) − (y − μ); for y ≤ 0 (shifted frequencies of a bias correction) the same up to a
      // constant in μ: μ − y log μ, which keeps the objective convex
      d += yr > 0 ? yr * Math.log(yr / m[r]) - (yr - m[r]) : m[r] - (yr < 0 ? yr * Math.log(m[r]) : 0);
    }
    return 2 * d;
  };
  // Rows with the same design row and offset (every history with k captures, in M0 and Mh) share
  // their linear predictor and enter the least-squares step as one row with the summed weight:
  // Σ_r w_r (z_r − xᵀβ)² = Σ_g W_g (z̄_g − x_gᵀβ)² + const, with W_g = Σ w_r and z̄_g = Σ w_r z_r / W_g.
  const group = new Int32Array(rows);
  const representative: number[] = [];
  {
    // fingerprint each row by a fixed pseudo-random combination of its entries, confirm equality
    const seen = new Map<number, number[]>();
    for (let r = 0; r < rows; r++) {
      let key = offsets[r] * 0.7548776662466927;
      for (let j = 0; j < p; j++) key += x[r * p + j] * FINGERPRINT[j % FINGERPRINT.length] * (1 + j / 1024);
      const candidates = seen.get(key);
      let g = -1;
      if (candidates !== undefined) {
        for (const c of candidates) {
          const q = representative[c];
          let same = offsets[q] === offsets[r];
          for (let j = 0; same && j < p; j++) same = x[q * p + j] === x[r * p + j];
          if (same) {
            g = c;
            break;
          }
        }
      }
      if (g < 0) {
        g = representative.length;
        representative.push(r);
        if (candidates === undefined) seen.set(key, [g]);
        else candidates.push(g);
      }
      group[r] = g;
    }
  }
  const groups = representative.length;
  const groupEta = new Float64Array(groups);
  const setLinear = (b: ArrayLike<number>): void => {
    for (let g = 0; g < groups; g++) {
      const r = representative[g];
      let s = offsets[r];
      const row = r * p;
      for (let j = 0; j < p; j++) s += x[row + j] * b[j];
      groupEta[g] = s;
    }
    for (let r = 0; r < rows; r++) {
      const s = groupEta[group[r]];
      eta[r] = s;
      mu[r] = Math.exp(s);
    }
  };
  /**
   * Weighted least squares of z on X with weights w = μ (the IRLS step), by Householder QR of
   * √W·X (grouped rows) as R's glm.fit (Cdqrls), which keeps the accuracy of near-degenerate fits;
   * result into `beta`, and R (upper triangle, p×p) into `rFactor`.
   */
  // √W·X column by column (column j at qx[j·groups …]), so that the Householder loops run over
  // contiguous memory.
  const qx = new Float64Array(groups * p);
  const qz = new Float64Array(groups);
  const weightSum = new Float64Array(groups);
  const rFactor = new Float64Array(p * p);
  const weightedStep = (): boolean => {
    weightSum.fill(0);
    qz.fill(0);
    for (let r = 0; r < rows; r++) {
      const g = group[r];
      weightSum[g] += mu[r];
      qz[g] += mu[r] * (eta[r] - offsets[r]) + (y[r] - mu[r]);
    }
    let scale = 0;
    for (let g = 0; g < groups; g++) {
      const root = Math.sqrt(weightSum[g]);
      qz[g] = root > 0 ? qz[g] / root : 0;
      weightSum[g] = root;
    }
    for (let j = 0; j < p; j++) {
      const base = j * groups;
      let norm = 0;
      for (let g = 0; g < groups; g++) {
        const v = weightSum[g] * x[representative[g] * p + j];
        qx[base + g] = v;
        norm += v * v;
      }
      scale = Math.max(scale, Math.sqrt(norm));
    }
    const m = groups;
    for (let j = 0; j < p; j++) {
      const cj = j * m;
      let norm2 = 0;
      for (let r = j; r < m; r++) norm2 += qx[cj + r] * qx[cj + r];
      const norm = Math.sqrt(norm2);
      if (!(norm > 1e-11 * scale)) return false;
      const head = qx[cj + j];
      const alpha = head > 0 ? -norm : norm;
      // v = (column j from row j) − alpha·e_j; ‖v‖² = ‖x‖² − 2·alpha·head + alpha²
      const v0 = head - alpha;
      qx[cj + j] = v0;
      const vnorm2 = norm2 - 2 * alpha * head + alpha * alpha;
      for (let c = j + 1; c < p; c++) {
        const cc = c * m;
        let dot = 0;
        for (let r = j; r < m; r++) dot += qx[cj + r] * qx[cc + r];
        const f = (2 * dot) / vnorm2;
        for (let r = j; r < m; r++) qx[cc + r] -= f * qx[cj + r];
      }
      let dotz = 0;
      for (let r = j; r < m; r++) dotz += qx[cj + r] * qz[r];
      const fz = (2 * dotz) / vnorm2;
      for (let r = j; r < m; r++) qz[r] -= fz * qx[cj + r];
      rFactor[j * p + j] = alpha;
      for (let c = j + 1; c < p; c++) rFactor[j * p + c] = qx[c * m + j];
    }
    for (let i = p - 1; i >= 0; i--) {
      let sum = qz[i];
      for (let c = i + 1; c < p; c++) sum -= rFactor[i * p + c] * beta[c];
      beta[i] = sum / rFactor[i * p + i];
    }
    return true;
  };

  let deviance: number;
  let devianceOld: number;
  let converged = false;
  let iterations = 0;
  if (tight && options.start !== undefined) {
    beta.set(Array.from(options.start));
    setLinear(beta);
    devianceOld = devianceOf(mu);
  } else {
    for (let r = 0; r < rows; r++) {
      mu[r] = y[r] + 0.1;
      eta[r] = Math.log(mu[r]);
    }
    devianceOld = devianceOf(mu);
  }
  deviance = devianceOld;
  // The last factorised XᵀWX (for the covariance, as summary.glm).
  let factor = new Float64Array(0);
  const trial = new Float64Array(p);
  const previous = new Float64Array(p);
  while (iterations < maxIterations) {
    iterations++;
    previous.set(beta);
    if (!weightedStep()) {
      fullRank = false;
      break;
    }
    factor = Float64Array.from(rFactor);
    setLinear(beta);
    deviance = devianceOf(mu);
    if (tight) {
      // step halving when the deviance rises (never needed by glm on these models, kept for safety)
      let halvings = 0;
      while (!(deviance <= devianceOld + 1e-10 * (Math.abs(devianceOld) + 1)) && halvings < 30 && (iterations > 1 || options.start !== undefined)) {
        for (let j = 0; j < p; j++) trial[j] = (beta[j] + previous[j]) / 2;
        beta.set(trial);
        setLinear(beta);
        deviance = devianceOf(mu);
        halvings++;
      }
      let largest = 0;
      for (let j = 0; j < p; j++) largest = Math.max(largest, Math.abs(beta[j] - previous[j]));
      if (Math.abs(deviance - devianceOld) / (Math.abs(deviance) + 0.1) < 1e-12 && largest < 1e-9) {
        converged = true;
        break;
      }
    } else if (Math.abs(deviance - devianceOld) / (Math.abs(deviance) + 0.1) < 1e-8) {
      converged = true;
      break;
    }
    if (!Number.isFinite(deviance)) break;
    devianceOld = deviance;
  }

  let covariance: Float64Array = new Float64Array(0);
  if (fullRank && options.covariance !== false) {
    if (tight) {
      // at the final fitted values
      for (let r = 0; r < rows; r++) eta[r] = Math.log(mu[r]);
      a.fill(0);
      for (let r = 0; r < rows; r++) {
        const row = r * p;
        for (let i = 0; i < p; i++) {
          const wi = mu[r] * x[row + i];
          if (wi === 0) continue;
          for (let j = 0; j <= i; j++) a[i * p + j] += wi * x[row + j];
        }
      }
      for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) a[j * p + i] = a[i * p + j];
      if (cholesky(a, p)) covariance = choleskyInverse(a, p);
      else fullRank = false;
    } else if (factor.length === p * p) {
      covariance = inverseFromR(factor, p);
    }
  }

  let logLikelihood = 0;
  let ratesNumericallyZero = false;
  for (let r = 0; r < rows; r++) {
    const yr = y[r];
    logLikelihood += (yr > 0 ? yr * Math.log(mu[r]) : 0) - mu[r] - logGamma(yr + 1);
    if (mu[r] < 10 * EPSILON) ratesNumericallyZero = true;
  }
  return {
    coefficients: beta,
    covariance,
    mu,
    deviance,
    logLikelihood,
    converged,
    iterations,
    fullRank,
    ratesNumericallyZero,
  };
}

/** (RᵀR)⁻¹ = R⁻¹R⁻ᵀ from an upper-triangular R (p×p, row-major). */
function inverseFromR(r: Float64Array, p: number): Float64Array {
  const inv = new Float64Array(p * p); // R⁻¹, upper triangular
  for (let j = 0; j < p; j++) {
    inv[j * p + j] = 1 / r[j * p + j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += r[i * p + k] * inv[k * p + j];
      inv[i * p + j] = -s / r[i * p + i];
    }
  }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < p; k++) s += inv[i * p + k] * inv[j * p + k];
      out[i * p + j] = s;
      out[j * p + i] = s;
    }
  }
  return out;
}
