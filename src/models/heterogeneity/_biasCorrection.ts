/**
 * Bias correction of log-linear abundance estimators by modified sufficient statistics (Rivest &
 * Lévesque 2001).
 *
 * For a Poisson log-linear model with unobserved-cell row x₀, the second-order bias of exp(x₀ᵀβ̂)
 * is cancelled by fitting the model to frequencies y + a whose sufficient statistics are moved by
 *
 *   Xᵀa = ½ (Σ_r h*_r x_r − x₀),
 *
 * where h*_r are the leverages (hat values) of the cells in the limit of small capture
 * probabilities, all lists alike. Two lists, independence: the three cells each have leverage 1, so
 * one person is added to the cell seen by both lists (Chapman's estimator). Model M0: the people
 * seen once and twice carry the leverage, which adds ½ to the people seen three times. Model Mt:
 * each single-list cell has leverage 1 and the pairs share one unit equally, so n grows by t/2 and
 * each list by (t + 2)/(2t). The limit is computed numerically (leverages at capture-probability
 * scales ε and ε/2, extrapolated to 0), so the same rule serves every design: Mh, Mth, a log-linear
 * model with heterogeneity, Chao's constrained model, counts by number of captures.
 */
import { cholesky, choleskyInverse } from "../../_lib/linalg.js";
import { fitPoissonGlm, type Design, type GlmFit } from "./_glm.js";

/** Leverages of the rows of X under weights w (the diagonal of W^½ X (XᵀWX)⁻¹ XᵀW^½). */
function leverages(design: Design, weights: Float64Array): Float64Array | null {
  const { x, rows, columns: p } = design;
  // normalise the weighted columns (leverages do not depend on column scale)
  const scale = new Float64Array(p);
  for (let r = 0; r < rows; r++) for (let j = 0; j < p; j++) scale[j] += weights[r] * x[r * p + j] * x[r * p + j];
  for (let j = 0; j < p; j++) scale[j] = scale[j] > 0 ? 1 / Math.sqrt(scale[j]) : 1;
  const a = new Float64Array(p * p);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < p; i++) {
      const xi = x[r * p + i] * scale[i] * weights[r];
      if (xi === 0) continue;
      for (let j = 0; j <= i; j++) a[i * p + j] += xi * x[r * p + j] * scale[j];
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) a[j * p + i] = a[i * p + j];
  if (!cholesky(a, p)) return null;
  const v = choleskyInverse(a, p);
  const h = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let i = 0; i < p; i++) {
      const xi = x[r * p + i] * scale[i];
      if (xi === 0) continue;
      for (let j = 0; j < p; j++) s += xi * v[i * p + j] * x[r * p + j] * scale[j];
    }
    h[r] = weights[r] * s;
  }
  return h;
}

/**
 * The shift of the sufficient statistics, ½(Σ h*_r x_r − x₀), for a design whose rows have
 * `captures[r]` captures and whose class weights are `classWeight(k)` (C(t, k) per history is
 * already in the rows for capture histories; for counts by captures pass the class multiplicity).
 */
export function sufficientStatisticShift(design: Design, captures: ArrayLike<number>, x0: ArrayLike<number>, classWeight: (k: number) => number): Float64Array | null {
  const at = (eps: number): Float64Array | null => {
    const w = new Float64Array(design.rows);
    for (let r = 0; r < design.rows; r++) w[r] = classWeight(captures[r]) * eps ** captures[r];
    return leverages(design, w);
  };
  const e1 = 1e-3;
  const h1 = at(e1);
  const h2 = at(e1 / 2);
  if (h1 === null || h2 === null) return null;
  const p = design.columns;
  const d = new Float64Array(p);
  for (let r = 0; r < design.rows; r++) {
    const h = 2 * h2[r] - h1[r]; // first-order extrapolation to ε = 0
    if (Math.abs(h) < 1e-9) continue;
    for (let j = 0; j < p; j++) d[j] += h * design.x[r * p + j];
  }
  for (let j = 0; j < p; j++) d[j] = (d[j] - x0[j]) / 2;
  return d;
}

/**
 * Refit with the sufficient statistics shifted by d: frequencies y + a with a = W X V d (so that
 * Xᵀa = d; a may be negative in some cells, which the concave Poisson likelihood allows), from the
 * original fit, iterated to the MLE. Returns the corrected fit (covariance at its MLE).
 */
export function refitShifted(design: Design, y: ArrayLike<number>, offset: ArrayLike<number> | undefined, fit: GlmFit, d: Float64Array): GlmFit {
  const { x, rows, columns: p } = design;
  // V at the original fit's MLE
  const tight = fitPoissonGlm(design, y, { offset, stopping: "tight", start: fit.coefficients });
  const v = tight.covariance;
  const vd = new Float64Array(p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) vd[i] += v[i * p + j] * d[j];
  const shifted = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += x[r * p + j] * vd[j];
    shifted[r] = y[r] + tight.mu[r] * s;
  }
  return fitPoissonGlm(design, shifted, { offset, stopping: "tight", start: tight.coefficients });
}
