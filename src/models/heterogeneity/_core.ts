/**
 * The closed-population family's core: cell tables, design columns, one fit, Chao's constraint,
 * the estimate and its standard error, the asymptotic-bias check and Rcapture's warnings.
 */
import type { EstimateWarning, FitStatistics } from "../../types.js";
import { popcount } from "../../_lib/bits.js";
import { logGamma } from "../../_lib/distributions.js";
import { fitPoissonGlm, type Design, type GlmFit } from "./_glm.js";
import { chaoValue, heterogeneityLabel, heterogeneityValue, type Heterogeneity } from "./heterogeneityColumn.js";
import type { ClosedCoefficient, ClosedModelBase, ClosedModelSpec, ClosedPopulationFit } from "./types.js";

/**
 * The cells a model is fitted to. Capture histories: one row per observable history (row r is
 * history r + 1, bit j = list j). Counts by number of captures: one row per k = 1…t0, with offset
 * log C(t, k) (t finite) or −log k! (continuous time).
 */
export interface CellTable {
  readonly y: Float64Array;
  /** Number of captures of each row. */
  readonly captures: Int32Array;
  /** History mask of each row (capture-history tables only). */
  readonly history?: Int32Array;
  readonly offset?: Float64Array;
  /** Lists or occasions (Infinity for continuous time). */
  readonly occasions: number;
  /** Largest k used (t0); equals `occasions` for capture histories. */
  readonly maxCaptures: number;
  /** List names (capture histories only). */
  readonly lists?: readonly string[];
  readonly observed: number;
}

/** The model part without heterogeneity (see {@link ClosedModelBase}). */
export type BaseModel = ClosedModelBase;
/** A model: base and heterogeneity (see {@link ClosedModelSpec}). */
export type ModelSpec = ClosedModelSpec;

/** A table of capture histories from counts indexed by history − 1. */
export function historyTable(counts: ArrayLike<number>, lists: readonly string[]): CellTable {
  const t = lists.length;
  const rows = (1 << t) - 1;
  const y = new Float64Array(rows);
  const captures = new Int32Array(rows);
  const history = new Int32Array(rows);
  let observed = 0;
  for (let r = 0; r < rows; r++) {
    y[r] = counts[r];
    observed += counts[r];
    history[r] = r + 1;
    captures[r] = popcount(r + 1);
  }
  return { y, captures, history, occasions: t, maxCaptures: t, lists, observed };
}

/** First capture occasion (1-based) of a history: its lowest set bit. */
function firstCapture(h: number): number {
  return 31 - Math.clz32(h & -h) + 1;
}

/** Names of the design columns and a function filling a row, for a spec on a table. */
export interface BuiltDesign {
  readonly names: readonly string[];
  readonly design: Design;
  /** Index of the first heterogeneity column (= columns when none). */
  readonly heterogeneityStart: number;
  /** Chao's j of each Chao column, in order. */
  readonly chaoColumns: readonly number[];
}

/** Chao's j values 3…t (or t0 when smaller). */
export function allChaoColumns(table: CellTable): number[] {
  const top = Math.min(table.occasions, table.maxCaptures);
  const out: number[] = [];
  for (let j = 3; j <= top; j++) out.push(j);
  return out;
}

/**
 * Build the design on the table's rows, plus (when `unobservedRow`) a last row for the unobserved
 * cell (k = 0: intercept only; not defined for Mb and Mbh).
 */
export function buildDesign(table: CellTable, spec: ModelSpec, unobservedRow = false): BuiltDesign {
  const names: string[] = ["(Intercept)"];
  const fillers: ((k: number, h: number) => number)[] = [];
  const base = spec.base;
  const t = table.occasions;
  switch (base.kind) {
    case "M0":
      names.push("captures");
      fillers.push((k) => k);
      break;
    case "Mt":
      for (let j = 0; j < t; j++) {
        names.push(table.lists?.[j] ?? `c${j + 1}`);
        const bit = 1 << j;
        fillers.push((_k, h) => ((h & bit) !== 0 ? 1 : 0));
      }
      break;
    case "loglinear":
      for (const theta of base.parameters) {
        if (theta === 0) continue;
        names.push(termLabel(theta, table.lists ?? []));
        fillers.push((_k, h) => ((h & theta) === theta ? 1 : 0));
      }
      break;
    case "Mb":
    case "Mbh":
      names.push("captures − 1", "first capture − 1");
      fillers.push(
        (k) => k - 1,
        (_k, h) => (h === 0 ? 0 : firstCapture(h) - 1),
      );
      if (base.kind === "Mbh") {
        names.push("first capture after occasion 1");
        fillers.push((_k, h) => (h !== 0 && firstCapture(h) > 1 ? 1 : 0));
      }
      break;
  }
  const heterogeneityStart = names.length;
  const h = spec.heterogeneity;
  let chaoColumns: number[] = [];
  if (h !== null) {
    if (h.form === "chao") {
      chaoColumns = [...(spec.chaoColumns ?? allChaoColumns(table))];
      for (const j of chaoColumns) {
        names.push(`eta${j}`);
        fillers.push((k) => chaoValue(j, k));
      }
    } else {
      names.push(heterogeneityLabel(h));
      fillers.push((k) => heterogeneityValue(h, k));
    }
  }
  const rows = table.y.length + (unobservedRow ? 1 : 0);
  const columns = names.length;
  const x = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const observedRow = r < table.y.length;
    const k = observedRow ? table.captures[r] : 0;
    const hist = observedRow ? (table.history?.[r] ?? 0) : 0;
    x[r * columns] = 1;
    for (let c = 1; c < columns; c++) x[r * columns + c] = fillers[c - 1](k, hist);
  }
  return { names, design: { x, rows, columns }, heterogeneityStart, chaoColumns };
}

function termLabel(mask: number, lists: readonly string[]): string {
  const parts: string[] = [];
  for (let j = 0; j < 31; j++) if (mask & (1 << j)) parts.push(lists[j] ?? `c${j + 1}`);
  return parts.join(":");
}

/** Rcapture's model name: `M0`, `Mh Chao (LB)`, `Mth Poisson2`, `[12,13] Darroch` … */
export function modelName(spec: ModelSpec): string {
  const h = spec.heterogeneity;
  const base = spec.base;
  if (base.kind === "loglinear") return h === null ? base.hierarchy : `${base.hierarchy} ${heterogeneityLabel(h)}`;
  if (h === null) return base.kind;
  if (base.kind === "M0") return `Mh ${heterogeneityLabel(h)}`;
  if (base.kind === "Mt") return `Mth ${heterogeneityLabel(h)}`;
  return base.kind;
}

/** Short model label: `M0` … `Mbh`, or the hierarchy. */
export function modelLabel(spec: ModelSpec): string {
  const base = spec.base;
  if (base.kind === "loglinear") return base.hierarchy;
  if (spec.heterogeneity !== null && base.kind === "M0") return "Mh";
  if (spec.heterogeneity !== null && base.kind === "Mt") return "Mth";
  return base.kind;
}

/** Everything a fit produced, for the public result and for intervals and bias correction. */
export interface CoreFit {
  readonly spec: ModelSpec;
  readonly built: BuiltDesign;
  readonly glm: GlmFit;
  /** Rows used (extended MLE removes rows covered by an empty interaction). */
  readonly include: Uint8Array;
  readonly boundaryTerms: readonly string[];
  readonly result: ClosedPopulationFit;
}

export interface CoreOptions {
  /** Chao: set negative eta to zero (Rcapture's `neg`, default true). */
  readonly constrain?: boolean;
  readonly stopping?: "glm" | "tight";
}

/**
 * Fit one model: the glm, Chao's constraint (drop the most negative eta and refit, until none
 * is negative), the estimate, standard error, fit statistics, asymptotic bias and warnings.
 */
export function fitCore(table: CellTable, spec: ModelSpec, options: CoreOptions = {}): CoreFit {
  const constrain = options.constrain ?? true;
  let current = spec;
  if (spec.heterogeneity?.form === "chao" && spec.chaoColumns === undefined) {
    current = { ...spec, chaoColumns: allChaoColumns(table) };
  }
  const zeroed: string[] = [];
  for (;;) {
    const core = fitOnce(table, current, options, zeroed);
    if (current.heterogeneity?.form !== "chao" || !constrain || !core.glm.fullRank) return core;
    // Active set: drop the most negative eta and refit, until none is negative (one at a time, so
    // that an eta at rounding level in an early fit does not decide the final set).
    const { coefficients } = core.glm;
    const start = core.built.heterogeneityStart;
    let worst = -1;
    let lowest = 0;
    core.built.chaoColumns.forEach((_j, i) => {
      if (coefficients[start + i] < lowest) {
        lowest = coefficients[start + i];
        worst = i;
      }
    });
    if (worst < 0) return core;
    const dropped = core.built.chaoColumns[worst];
    zeroed.push(`eta${dropped}`);
    current = { ...current, chaoColumns: core.built.chaoColumns.filter((j) => j !== dropped) };
  }
}

function fitOnce(table: CellTable, spec: ModelSpec, options: CoreOptions, zeroed: readonly string[]): CoreFit {
  const built = buildDesign(table, spec);
  const n = table.observed;
  const name = modelName(spec);
  const model = modelLabel(spec);
  const warnings: EstimateWarning[] = [];

  // Extended MLE for 0/1 interaction columns with an empty margin (log-linear bases only).
  let design = built.design;
  const include = new Uint8Array(table.y.length).fill(1);
  const boundaryTerms: string[] = [];
  let keptColumns = Array.from({ length: design.columns }, (_, c) => c);
  if (spec.base.kind === "loglinear") {
    const p = design.columns;
    const boundary: number[] = [];
    for (let c = 1; c < built.heterogeneityStart; c++) {
      let margin = 0;
      for (let r = 0; r < design.rows; r++) margin += design.x[r * p + c] * table.y[r];
      if (margin === 0 && built.names[c].includes(":")) boundary.push(c);
    }
    if (boundary.length > 0) {
      for (let r = 0; r < design.rows; r++) {
        if (boundary.some((c) => design.x[r * p + c] !== 0)) include[r] = 0;
      }
      keptColumns = keptColumns.filter((c) => !boundary.includes(c));
      boundaryTerms.push(...boundary.map((c) => built.names[c]));
      design = subDesign(design, include, keptColumns);
      warnings.push({
        code: "BOUNDARY_PARAMETERS",
        message: `nobody is on all the lists of ${boundaryTerms.join(", ")}: ${boundaryTerms.length === 1 ? "that term takes" : "those terms take"} the value −∞ (extended MLE) and the cells it covers are left out`,
      });
    }
  }
  const y = include.every((v) => v === 1) ? table.y : table.y.filter((_v, r) => include[r] === 1);
  const offset =
    table.offset === undefined
      ? undefined
      : include.every((v) => v === 1)
        ? table.offset
        : table.offset.filter((_v, r) => include[r] === 1);
  const glm = fitPoissonGlm(design, y, { offset, stopping: options.stopping ?? "glm" });
  const p = design.columns;

  if (zeroed.length > 0) {
    warnings.push({
      code: "HETEROGENEITY_CONSTRAINED",
      message: `${zeroed.join(", ")} of Chao's lower-bound model ${zeroed.length === 1 ? "was" : "were"} negative and set to zero (non-negativity constraint): the deviance can no longer be compared with the other heterogeneity models by a likelihood-ratio test`,
    });
  }

  // Rcapture's conventions: every design column counts as a parameter (the −∞ ones of the extended
  // MLE too, as glm keeps them in its rank) and df = cells − parameters over all observable cells.
  const allParameters = built.design.columns;
  const allCells = built.design.rows;
  const fitStatistics = (ll: number, deviance: number): FitStatistics => ({
    logLikelihood: ll,
    deviance,
    df: allCells - allParameters,
    parameters: allParameters,
    aic: -2 * ll + 2 * allParameters,
    bic: -2 * ll + allParameters * Math.log(n),
    converged: glm.converged,
    iterations: glm.iterations,
  });

  if (!glm.fullRank) {
    warnings.push({
      code: "NOT_IDENTIFIABLE",
      message: `the design of ${name} is not of full rank on these data${table.occasions < 3 && spec.heterogeneity !== null ? " (heterogeneity models need at least three lists or occasions)" : ""}: its parameters are not identifiable and no estimate is reported`,
    });
    const result: ClosedPopulationFit = {
      kind: "closed-population",
      name,
      model,
      heterogeneity: spec.heterogeneity,
      estimate: null,
      observed: n,
      unobserved: null,
      standardError: null,
      intervals: [],
      coefficients: [],
      fit: null,
      asymptoticBias: null,
      constrainedToZero: zeroed,
      warnings,
    };
    return { spec, built, glm, include, boundaryTerms, result };
  }

  const beta = glm.coefficients;
  const cov = glm.covariance;
  // Estimate and standard error.
  let unobserved: number;
  let variance: number;
  if (spec.base.kind === "Mb" || spec.base.kind === "Mbh") {
    ({ unobserved, variance } = behaviouralEstimate(table, design, glm, spec.base.kind));
  } else {
    unobserved = Math.exp(beta[0]);
    variance = unobserved + unobserved * unobserved * cov[0];
  }
  const estimate = n + unobserved;
  const bias = asymptoticBias(design, glm);

  if (!glm.converged) {
    warnings.push({
      code: "NOT_CONVERGED",
      message: `the fit of ${name} did not converge in ${glm.iterations} iterations: the estimate is questionable`,
    });
  }
  if (Math.abs(bias) > 0.1 * estimate) {
    warnings.push({
      code: "LARGE_ASYMPTOTIC_BIAS",
      message: `the asymptotic bias of ${name}'s estimate (${formatNumber(bias)}) is large compared with the estimate ${formatNumber(estimate)}: the estimate is questionable`,
    });
  }
  if (glm.ratesNumericallyZero) {
    warnings.push({
      code: "FITTED_RATES_ZERO",
      message: `some fitted cell means of ${name} are numerically zero: the model sits at the edge of its parameter space`,
    });
  }
  const belowObserved = !(estimate >= n) || !Number.isFinite(estimate);
  if (belowObserved) {
    warnings.push({
      code: "ESTIMATE_BELOW_OBSERVED",
      message: `${name} gives ${formatNumber(estimate)}, below the ${n} people observed: the model does not describe these data and no estimate is reported`,
    });
  }
  const coefficients: ClosedCoefficient[] = [];
  let kept = 0;
  for (let c = 0; c < built.names.length; c++) {
    if (keptColumns.includes(c)) {
      coefficients.push({ term: built.names[c], estimate: beta[kept], standardError: Math.sqrt(cov[kept * p + kept]) });
      kept++;
    } else coefficients.push({ term: built.names[c], estimate: null, standardError: null });
  }
  for (const z of zeroed) coefficients.push({ term: z, estimate: null, standardError: null });

  const result: ClosedPopulationFit = {
    kind: "closed-population",
    name,
    model,
    heterogeneity: spec.heterogeneity,
    estimate: belowObserved ? null : estimate,
    observed: n,
    unobserved: belowObserved ? null : unobserved,
    standardError: belowObserved || !(variance >= 0) ? null : Math.sqrt(variance),
    intervals: [],
    coefficients,
    fit: fitStatistics(glm.logLikelihood, glm.deviance),
    asymptoticBias: bias,
    constrainedToZero: zeroed,
    warnings,
  };
  return { spec, built, glm, include, boundaryTerms, result };
}

function subDesign(design: Design, include: Uint8Array, columns: readonly number[]): Design {
  const rows: number[] = [];
  for (let r = 0; r < design.rows; r++) if (include[r]) rows.push(r);
  const x = new Float64Array(rows.length * columns.length);
  rows.forEach((r, i) => {
    columns.forEach((c, j) => {
      x[i * columns.length + j] = design.x[r * design.columns + c];
    });
  });
  return { x, rows: rows.length, columns: columns.length };
}

/**
 * Second-order asymptotic bias of exp(b0): exp(b0)·(B0 + V00/2), with B = (XᵀWX)⁻¹ Xᵀ W ξ,
 * ξ_r = −½ x_rᵀ(XᵀWX)⁻¹x_r, the bias of the Poisson log-linear MLE (Cordeiro & McCullagh 1991).
 */
export function asymptoticBias(design: Design, glm: GlmFit): number {
  const { x, rows, columns: p } = design;
  const c = glm.covariance;
  const v = new Float64Array(p);
  const tmp = new Float64Array(p);
  for (let r = 0; r < rows; r++) {
    const row = r * p;
    for (let i = 0; i < p; i++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += c[i * p + j] * x[row + j];
      tmp[i] = s;
    }
    let z = 0;
    for (let i = 0; i < p; i++) z += x[row + i] * tmp[i];
    const w = glm.mu[r] * (-0.5 * z);
    for (let i = 0; i < p; i++) v[i] += x[row + i] * w;
  }
  let b0 = 0;
  for (let j = 0; j < p; j++) b0 += c[j] * v[j];
  const e = Math.exp(glm.coefficients[0]);
  return e * (b0 + c[0] / 2);
}

/**
 * Mb and Mbh: with c = expit(coefficient of k − 1) the recapture probability and
 * q = exp(coefficient of f − 1)·(1 − c) the probability of not being caught for the first time on
 * an occasion, Mb's population is (Σμ)/(1 − q^t) and Mbh's is u₁ + (Σ_{f≥2} μ)/(1 − q^{t−1})
 * (Pollock & Otis' generalized removal). The variance is the delta method over the coefficients
 * plus the unobserved count's Poisson variance.
 */
export function behaviouralEstimate(table: CellTable, design: Design, glm: GlmFit, kind: "Mb" | "Mbh"): { unobserved: number; variance: number } {
  const t = table.occasions;
  const beta = glm.coefficients;
  const p = design.columns;
  const c = 1 / (1 + Math.exp(-beta[1]));
  const q = Math.exp(beta[2]) * (1 - c);
  const power = kind === "Mb" ? t : t - 1;
  const qp = q ** power;
  // S = Σ μ over the cells of the removal part (all cells for Mb, first capture after occasion 1 for Mbh)
  const gradS = new Float64Array(p);
  let s = 0;
  for (let r = 0; r < design.rows; r++) {
    if (kind === "Mbh" && design.x[r * p + 3] === 0) continue;
    const m = glm.mu[r];
    s += m;
    for (let j = 0; j < p; j++) gradS[j] += m * design.x[r * p + j];
  }
  const ratio = qp / (1 - qp);
  const unobserved = s * ratio;
  // d ratio / d q = power q^(power−1) / (1 − q^power)²; dq/dβ1 = −q c, dq/dβ2 = q
  const dRatio = (power * q ** (power - 1)) / ((1 - qp) * (1 - qp));
  const gradient = new Float64Array(p);
  for (let j = 0; j < p; j++) gradient[j] = gradS[j] * ratio;
  gradient[1] += s * dRatio * (-q * c);
  gradient[2] += s * dRatio * q;
  let quadratic = 0;
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) quadratic += gradient[i] * glm.covariance[i * p + j] * gradient[j];
  return { unobserved, variance: quadratic + unobserved };
}

/** log C(t, k). */
export function logChoose(t: number, k: number): number {
  return logGamma(t + 1) - logGamma(k + 1) - logGamma(t - k + 1);
}

export function formatNumber(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
