/**
 * A dense Poisson log-linear fit for designs that are not hierarchical models over list masks
 * (covariate models: lists × strata). Columns are products of 0/1 indicators, so the extended MLE
 * applies as for list models: a column whose sufficient statistic is zero takes −∞, and the cells it
 * covers are removed. Newton–Raphson with a glm-like start and step halving, Cholesky solves.
 */
import { cholesky, choleskyInverse, choleskySolve, psdRank } from "./linalg.js";
import { logGamma } from "./distributions.js";
import { existenceLinearProgramDense } from "./lp.js";

export interface DenseDesign {
  /** Cells × columns, row-major, entries 0 or 1. */
  readonly x: Uint8Array;
  readonly rows: number;
  readonly columns: number;
}

export interface DenseFit {
  /** Columns fitted (finite), in column order; the others are boundary (−∞). */
  readonly kept: readonly number[];
  readonly boundary: readonly number[];
  /** Coefficients of the kept columns. */
  readonly beta: Float64Array;
  /** Covariance of `beta` (kept × kept). */
  readonly covariance: Float64Array;
  /** Fitted mean per cell (0 for removed cells). */
  readonly mu: Float64Array;
  readonly keptRows: Uint8Array;
  readonly logLikelihood: number;
  readonly deviance: number;
  readonly df: number;
  readonly converged: boolean;
  readonly iterations: number;
  /** 0 fine, 1 no extended MLE, 2 not identifiable, 3 both (as check_extended_MLE). */
  readonly status: 0 | 1 | 2 | 3;
}

/** Check and fit. When the status is not 0 the fit fields are empty. */
export function fitDensePoisson(design: DenseDesign, y: ArrayLike<number>, maxIterations = 100): DenseFit {
  const { x, rows, columns } = design;
  const margins = new Float64Array(columns);
  for (let r = 0; r < rows; r++) {
    const yr = y[r];
    if (yr === 0) continue;
    for (let j = 0; j < columns; j++) if (x[r * columns + j]) margins[j] += yr;
  }
  const boundary: number[] = [];
  const kept: number[] = [];
  for (let j = 0; j < columns; j++) (margins[j] === 0 ? boundary : kept).push(j);
  const keptRows = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    keptRows[r] = boundary.every((j) => x[r * columns + j] === 0) ? 1 : 0;
  }
  const p = kept.length;
  const gram = (weight: (r: number) => number): Float64Array => {
    const g = new Float64Array(p * p);
    for (let r = 0; r < rows; r++) {
      if (!keptRows[r]) continue;
      const w = weight(r);
      if (w === 0) continue;
      for (let a = 0; a < p; a++) {
        if (!x[r * columns + kept[a]]) continue;
        for (let b = 0; b <= a; b++) if (x[r * columns + kept[b]]) g[a * p + b] += w;
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) g[b * p + a] = g[a * p + b];
    return g;
  };

  // identifiability on the kept cells, existence by rank on the positive cells or by the LP
  const identifiable = psdRank(gram((r) => 1), p) === p;
  let exists = psdRank(gram((r) => (y[r] > 0 ? 1 : 0)), p) === p;
  if (!exists) {
    const keptRowList: number[] = [];
    for (let r = 0; r < rows; r++) if (keptRows[r]) keptRowList.push(r);
    const optimum = existenceLinearProgramDense(
      keptRowList,
      kept,
      (r, j) => x[r * columns + j] === 1,
      kept.map((j) => margins[j]),
    );
    exists = optimum > 1e-9;
  }
  const status = ((exists ? 0 : 1) + (identifiable ? 0 : 2)) as 0 | 1 | 2 | 3;
  const mu = new Float64Array(rows);
  if (status !== 0) {
    return {
      kept, boundary, beta: new Float64Array(0), covariance: new Float64Array(0), mu, keptRows,
      logLikelihood: 0, deviance: 0, df: 0, converged: false, iterations: 0, status,
    };
  }

  const eta = new Float64Array(rows);
  const linear = (beta: Float64Array): void => {
    for (let r = 0; r < rows; r++) {
      if (!keptRows[r]) continue;
      let s = 0;
      for (let a = 0; a < p; a++) if (x[r * columns + kept[a]]) s += beta[a];
      eta[r] = s;
    }
  };
  const devianceAt = (beta: Float64Array, out: Float64Array): number => {
    linear(beta);
    let d = 0;
    for (let r = 0; r < rows; r++) {
      if (!keptRows[r]) {
        out[r] = 0;
        continue;
      }
      const m = Math.exp(eta[r]);
      out[r] = m;
      const yr = y[r];
      d += yr > 0 ? yr * Math.log(yr / m) - (yr - m) : m;
    }
    return 2 * d;
  };

  // start: weighted least squares of log(y + 0.1) + (y − μ0)/μ0 with weights μ0 = y + 0.1
  let beta = new Float64Array(p);
  {
    const h = gram((r) => y[r] + 0.1);
    const rhs = new Float64Array(p);
    for (let r = 0; r < rows; r++) {
      if (!keptRows[r]) continue;
      const m0 = y[r] + 0.1;
      const wz = m0 * (Math.log(m0) + (y[r] - m0) / m0);
      for (let a = 0; a < p; a++) if (x[r * columns + kept[a]]) rhs[a] += wz;
    }
    cholesky(h, p);
    choleskySolve(h, p, rhs);
    beta = rhs;
  }
  let deviance = devianceAt(beta, mu);
  const slack = 1e-11 * (1 + Array.from(y).reduce((s, v) => s + (v > 0 ? v * Math.abs(Math.log(v)) + v : 0), 0));
  let converged = false;
  let iterations = 1;
  const trialMu = new Float64Array(rows);
  while (iterations < maxIterations) {
    iterations++;
    const h = gram((r) => mu[r]);
    const step = new Float64Array(p);
    for (let r = 0; r < rows; r++) {
      if (!keptRows[r]) continue;
      const g = y[r] - mu[r];
      for (let a = 0; a < p; a++) if (x[r * columns + kept[a]]) step[a] += g;
    }
    const gradient = Float64Array.from(step);
    if (!cholesky(h, p)) break;
    choleskySolve(h, p, step);
    let decrement = 0;
    let largest = 0;
    for (let a = 0; a < p; a++) {
      decrement += step[a] * gradient[a];
      largest = Math.max(largest, Math.abs(step[a]));
    }
    let factor = 1;
    let trial = beta;
    let newDeviance = Number.POSITIVE_INFINITY;
    for (let halving = 0; halving < 40; halving++) {
      trial = beta.map((b, a) => b + factor * step[a]);
      newDeviance = devianceAt(trial, trialMu);
      if (Number.isFinite(newDeviance) && newDeviance <= deviance + slack) break;
      factor /= 2;
    }
    if (!Number.isFinite(newDeviance)) break;
    beta = trial;
    mu.set(trialMu);
    deviance = newDeviance;
    if (factor === 1 && decrement < 1e-10 * (Math.abs(deviance) + 0.1) && largest < 1e-7) {
      converged = true;
      break;
    }
  }
  const h = gram((r) => mu[r]);
  const covariance = cholesky(h, p) ? choleskyInverse(h, p) : new Float64Array(0);
  let logLikelihood = 0;
  let keptCount = 0;
  for (let r = 0; r < rows; r++) {
    if (!keptRows[r]) continue;
    keptCount++;
    const yr = y[r];
    logLikelihood += (yr > 0 ? yr * Math.log(mu[r]) : 0) - mu[r] - logGamma(yr + 1);
  }
  return {
    kept, boundary, beta, covariance, mu, keptRows, logLikelihood, deviance,
    df: keptCount - p, converged, iterations, status,
  };
}
