/**
 * Multinomial profile likelihood of N (Cormack 1992) for a closed-population model with any
 * real-valued design: each candidate N completes the table with N − n people in the unobserved
 * cell (design row: intercept only; offset 0), the model is refitted, and
 * ℓ(N) = log Γ(N+1) − log Γ(N−n+1) − Σ log y! + Σ_{cells, unobserved included} y log(μ̂/N).
 * The design is the one of the fit (for Chao's model, after its constraint), as Rcapture's closedpCI.
 */
import type { EstimateWarning } from "../../types.js";
import { bracketDown, bracketUp, brentRoot } from "../../_lib/brentRoot.js";
import { digamma, logGamma, standardNormalQuantile } from "../../_lib/distributions.js";
import { fitPoissonGlm, type Design } from "./_glm.js";
import { formatNumber, type CellTable, type CoreFit } from "./_core.js";
import type { ProfileInterval } from "./types.js";

export interface ProfileOutcome {
  readonly estimate: number | null;
  readonly intervals: readonly ProfileInterval[];
  readonly warnings: readonly EstimateWarning[];
}

/** Profile the population size of a fitted log-linear model (not Mb/Mbh). */
export function profileCore(table: CellTable, core: CoreFit, levels: readonly number[], maxRatio: number): ProfileOutcome {
  const n = table.observed;
  const fitted = core.result;
  if (fitted.fit === null || !core.glm.fullRank) {
    return { estimate: null, intervals: [], warnings: [{ code: "NOT_AVAILABLE", message: `${fitted.name} was not fitted: no profile interval` }] };
  }
  // completed design: the rows used by the fit, plus the unobserved row (intercept only)
  const base = core.glm;
  const p = base.coefficients.length;
  const keptRows: number[] = [];
  for (let r = 0; r < core.include.length; r++) if (core.include[r]) keptRows.push(r);
  const rows = keptRows.length + 1;
  const x = new Float64Array(rows * p);
  const fitDesign = designOfFit(core);
  x.set(fitDesign.x.subarray(0, keptRows.length * p));
  x[keptRows.length * p] = 1;
  const design: Design = { x, rows, columns: p };
  const y = new Float64Array(rows);
  const offset = new Float64Array(rows);
  keptRows.forEach((r, i) => {
    y[i] = table.y[r];
    offset[i] = table.offset?.[r] ?? 0;
  });
  let logFactorials = 0;
  for (let i = 0; i < rows - 1; i++) logFactorials += logGamma(y[i] + 1);

  let start: Float64Array = Float64Array.from(base.coefficients);
  let unconverged = false;
  const cache = new Map<number, { l: number; slope: number }>();
  const at = (N: number): { l: number; slope: number } => {
    const hit = cache.get(N);
    if (hit) return hit;
    const unobserved = Math.max(0, N - n);
    y[rows - 1] = unobserved;
    let fit = fitPoissonGlm(design, y, { offset, stopping: "tight", start, covariance: false });
    // a warm start far from the new table's MLE can fail where glm's start (μ = y + 0.1) does not
    if (!fit.converged) fit = fitPoissonGlm(design, y, { offset, stopping: "tight", covariance: false });
    if (!fit.converged) unconverged = true;
    else start = Float64Array.from(fit.coefficients);
    const logN = Math.log(N);
    let sum = 0;
    for (let i = 0; i < rows; i++) if (y[i] > 0) sum += y[i] * (Math.log(fit.mu[i]) - logN);
    const l = logGamma(N + 1) - logGamma(unobserved + 1) - logFactorials + sum;
    const slope = digamma(N + 1) - digamma(unobserved + 1) + Math.log(fit.mu[rows - 1]) - logN;
    const value = { l, slope };
    cache.set(N, value);
    return value;
  };

  const poissonEstimate = n + Math.exp(base.coefficients[0]);
  const cap = maxRatio * poissonEstimate;
  const warnings: EstimateWarning[] = [];
  const maximum = maximise((N) => at(N).slope, n, poissonEstimate, cap);
  if (maximum === null) {
    return {
      estimate: null,
      intervals: [],
      warnings: [
        {
          code: "PROFILE_UNBOUNDED",
          message: `the profile likelihood of ${fitted.name} still rises at ${formatNumber(cap)} (\`maxRatio\` ${maxRatio} × the Poisson estimate): no multinomial estimate below that bound`,
        },
      ],
    };
  }
  const top = at(maximum).l;
  const intervals: ProfileInterval[] = [];
  for (const level of levels) {
    const z = standardNormalQuantile((1 + level) / 2);
    const cutoff = top - (z * z) / 2;
    const excess = (N: number): number => at(N).l - cutoff;
    let lower: number = n;
    const down = bracketDown(excess, n, maximum);
    if (down === null) {
      warnings.push({
        code: "PROFILE_UNBOUNDED",
        message: `at level ${level} the profile likelihood of ${fitted.name} at the observed count ${n} is still above the cut-off: the lower limit is the observed count`,
      });
    } else lower = brentRoot(excess, ...down);
    const up = bracketUp(excess, n, maximum, cap);
    if (up === null) {
      warnings.push({
        code: "PROFILE_UNBOUNDED",
        message: `at level ${level} the profile likelihood of ${fitted.name} is still above the cut-off at ${formatNumber(cap)} (\`maxRatio\` ${maxRatio} × the Poisson estimate ${formatNumber(poissonEstimate)}): the upper limit is above that, not found; raise \`maxRatio\` to search further`,
      });
      intervals.push({ method: "profile-likelihood", level, lower, upper: null, upperSearchedTo: cap });
    } else {
      intervals.push({ method: "profile-likelihood", level, lower, upper: brentRoot(excess, ...up) });
    }
  }
  if (unconverged) {
    warnings.push({
      code: "PROFILE_NOT_CONVERGED",
      message: `some fits of ${fitted.name} to the completed table did not converge while profiling: the limits may be inaccurate`,
    });
  }
  return { estimate: maximum, intervals, warnings };
}

/** The design rows and columns actually fitted (extended-MLE rows and columns removed). */
function designOfFit(core: CoreFit): Design {
  const { design } = core.built;
  const dropped = new Set(core.boundaryTerms);
  const columns: number[] = [];
  core.built.names.forEach((name, c) => {
    if (!dropped.has(name)) columns.push(c);
  });
  const rows: number[] = [];
  for (let r = 0; r < core.include.length; r++) if (core.include[r]) rows.push(r);
  const x = new Float64Array(rows.length * columns.length);
  rows.forEach((r, i) => columns.forEach((c, j) => (x[i * columns.length + j] = design.x[r * design.columns + c])));
  return { x, rows: rows.length, columns: columns.length };
}

function maximise(slope: (N: number) => number, n: number, start: number, cap: number): number | null {
  const s0 = slope(start);
  if (s0 === 0) return start;
  if (s0 < 0) {
    const b = bracketDown(slope, n, start, s0);
    return b === null ? n : brentRoot(slope, ...b);
  }
  const b = bracketUp(slope, n, start, cap, s0);
  return b === null ? null : brentRoot(slope, ...b);
}
