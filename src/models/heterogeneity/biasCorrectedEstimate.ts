import type { CaptureData, EstimateWarning } from "../../types.js";
import { OptionError } from "../../errors.js";
import { logGamma } from "../../_lib/distributions.js";
import { behaviouralEstimate, fitCore, historyTable, formatNumber, type CellTable, type CoreFit } from "./_core.js";
import { refitShifted, sufficientStatisticShift } from "./_biasCorrection.js";
import { resolveSpec, type HeterogeneityInput } from "./_spec.js";
import { countsTable } from "./closedPopulationModelsFromCounts.js";
import { resolveOccasions, type CountsByCaptures } from "./countsByCaptures.js";
import type { ClosedModelName } from "./types.js";
import type { ModelInput } from "../loglinear/modelSpec.js";

/** Options of {@link biasCorrectedEstimate}. */
export interface BiasCorrectedEstimateOptions {
  /** `M0`, `Mt`, `Mh`, `Mth` (Rcapture's names) or a log-linear model. Default `"M0"` (Rcapture's). */
  readonly model?: ClosedModelName | ModelInput;
  /** Heterogeneity form or `{ form, theta }`; `Mh` and `Mth` default to Chao's lower bound. */
  readonly heterogeneity?: HeterogeneityInput;
  /** Counts by number of captures only: the number of occasions (`Infinity`: continuous time). */
  readonly occasions?: number;
  /** Counts by number of captures only: fit f1 … f_t0. */
  readonly t0?: number;
  /** Chao's model: set negative eta parameters to zero (Rcapture's `neg`). Default true. */
  readonly constrain?: boolean;
}

/** A bias-corrected estimate (Rcapture's `closedp.bc`). */
export interface BiasCorrectedEstimate {
  /** Discriminant of the result kind. */
  readonly kind: "bias-corrected";
  /** The model's name, e.g. `"Mth Darroch"`. */
  readonly name: string;
  /**
   * How the correction was made: `"chapman"` (two lists, Mt), `"chao"` (Chao's bias-corrected
   * moment estimator, Mh Chao), `"sufficient-statistics"` (Rivest & Lévesque's modified
   * frequencies), or `null` when no corrected estimate is given.
   */
  readonly method: "chapman" | "chao" | "sufficient-statistics" | null;
  /** The corrected estimate; `null` when not available (see `warnings`). */
  readonly estimate: number | null;
  /** The uncorrected estimate of the same model, for comparison; `null` when it was not fitted. */
  readonly uncorrected: number | null;
  /** People observed (n). */
  readonly observed: number;
  /** Estimated number seen by nobody; `null` with `estimate`. */
  readonly unobserved: number | null;
  /** Standard error from the corrected fit (Chapman: Seber–Wittes; Chao: Chao's); `null` with `estimate`. */
  readonly standardError: number | null;
  /** `NOT_AVAILABLE`, `ESTIMATE_BELOW_OBSERVED`, the fit's own warnings; empty when none. */
  readonly warnings: readonly EstimateWarning[];
}

/**
 * Bias-corrected abundance for the closed-population models (Rcapture's `closedp.bc`; Rivest &
 * Lévesque 2001). Two lists with Mt: Chapman's estimator with the Seber–Wittes variance. Mh with
 * Chao's form: Chao's (1987) bias-corrected moment estimator n + A·f1(f1 − 1)/(2(f2 + 1)),
 * A = (t − 1)/t. Otherwise the model is refitted with the sufficient statistics shifted by
 * ½(Σ h*x − x₀) (see docs/methodology/heterogeneity.md), which generalises Chapman's correction.
 *
 * Mb and Mbh: the removal model refitted with Σ(k − 1)·y raised by 3 and Σ(f − 1)·y lowered by 3
 * (f the first capture occasion); a corrected population below the number observed (Mb on
 * UKdat_5: −3,788) is not reported (`ESTIMATE_BELOW_OBSERVED`).
 *
 * Not given, with a `NOT_AVAILABLE` warning: Mth with a Gamma or non-default Poisson column
 * (Rcapture refuses them: the correction is defined for heterogeneity columns that are sums of
 * interaction counts).
 *
 * @param data - capture data, or counts by number of captures (then `occasions` is required and
 *   only M0 and Mh apply).
 * @param options - see {@link BiasCorrectedEstimateOptions}.
 * @returns the corrected estimate and its standard error.
 * @throws {OptionError} for an unknown model or heterogeneity, or counts without `occasions`.
 * @example
 * biasCorrectedEstimate(ukdat5, { model: "M0" }).estimate // 14779.75
 * @see docs/methodology/heterogeneity.md
 */
export function biasCorrectedEstimate(data: CaptureData | CountsByCaptures, options: BiasCorrectedEstimateOptions = {}): BiasCorrectedEstimate {
  const histories = "lists" in data;
  const model = options.model ?? "M0";
  let table: CellTable;
  let classWeight: (k: number) => number;
  if (histories) {
    table = historyTable(data.counts, data.lists);
    classWeight = () => 1;
  } else {
    const [t, t0] = resolveOccasions(data, options.occasions, options.t0);
    if (model !== "M0" && model !== "Mh") throw new OptionError(`\`model\` must be M0 or Mh for counts by number of captures; received ${String(model)}`);
    table = countsTable(data, t, t0);
    classWeight = t === Number.POSITIVE_INFINITY ? (k) => Math.exp(-logGamma(k + 1)) : (k) => Math.exp(logGamma(t + 1) - logGamma(k + 1) - logGamma(t - k + 1));
  }
  const spec = resolveSpec(model, options.heterogeneity, histories ? (data as CaptureData).lists : null);
  const core = fitCore(table, spec, { constrain: options.constrain });
  const fitted = core.result;
  const n = data.observed;
  const base = {
    kind: "bias-corrected" as const,
    name: fitted.name,
    observed: n,
    uncorrected: fitted.estimate,
  };
  const none = (warnings: EstimateWarning[]): BiasCorrectedEstimate => ({
    ...base,
    method: null,
    estimate: null,
    unobserved: null,
    standardError: null,
    warnings,
  });
  const kind = spec.base.kind;
  if (fitted.fit === null) return none([...fitted.warnings]);
  if (kind === "Mb" || kind === "Mbh") return behaviouralCorrection(core, table, kind, base, none);
  const h = spec.heterogeneity;
  const t = table.occasions;
  if (kind === "Mt" && h !== null && (h.form === "gamma" || (h.form === "poisson" && h.theta !== 2))) {
    return none([
      {
        code: "NOT_AVAILABLE",
        message: `no bias correction for Mth with ${h.form === "gamma" ? "Gamma" : `Poisson θ = ${h.theta}`} heterogeneity: the correction of Rivest & Lévesque is defined for heterogeneity columns that are sums of interaction counts (Chao, Poisson θ = 2, Darroch); Rcapture refuses it too`,
      },
    ]);
  }

  // Two lists, Mt: Chapman with the Seber–Wittes variance.
  if (histories && t === 2 && kind === "Mt" && h === null) {
    const [y10, y01, y11] = [table.y[0], table.y[1], table.y[2]];
    const n1 = y10 + y11;
    const n2 = y01 + y11;
    const estimate = ((n1 + 1) * (n2 + 1)) / (y11 + 1) - 1;
    const variance = ((n1 + 1) * (n2 + 1) * (n1 - y11) * (n2 - y11)) / ((y11 + 1) ** 2 * (y11 + 2));
    return { ...base, method: "chapman", estimate, unobserved: estimate - n, standardError: Math.sqrt(variance), warnings: [] };
  }

  // Mh with Chao's form: Chao's bias-corrected moment estimator.
  if (kind === "M0" && h?.form === "chao") {
    const a = t === Number.POSITIVE_INFINITY ? 1 : (t - 1) / t;
    const f1 = frequency(table, 1);
    const f2 = frequency(table, 2);
    const f0 = (a * f1 * (f1 - 1)) / (2 * (f2 + 1));
    const variance =
      (a * f1 * (f1 - 1)) / (2 * (f2 + 1)) +
      (a * a * f1 * (2 * f1 - 1) ** 2) / (4 * (f2 + 1) ** 2) +
      (a * a * f1 * f1 * f2 * (f1 - 1) ** 2) / (4 * (f2 + 1) ** 4);
    return { ...base, method: "chao", estimate: n + f0, unobserved: f0, standardError: Math.sqrt(variance), warnings: [] };
  }

  return shiftedCorrection(core, table, classWeight, base, none);
}

function frequency(table: CellTable, k: number): number {
  let f = 0;
  for (let r = 0; r < table.y.length; r++) if (table.captures[r] === k) f += table.y[r];
  return f;
}

function shiftedCorrection(
  core: CoreFit,
  table: CellTable,
  classWeight: (k: number) => number,
  base: { kind: "bias-corrected"; name: string; observed: number; uncorrected: number | null },
  none: (w: EstimateWarning[]) => BiasCorrectedEstimate,
): BiasCorrectedEstimate {
  // the fitted design (Chao's constraint and empty overlaps applied)
  const rows: number[] = [];
  for (let r = 0; r < core.include.length; r++) if (core.include[r]) rows.push(r);
  const dropped = new Set(core.boundaryTerms);
  const columns = core.built.names.map((name, c) => [name, c] as const).filter(([name]) => !dropped.has(name)).map(([, c]) => c);
  const full = core.built.design;
  const p = columns.length;
  const x = new Float64Array(rows.length * p);
  rows.forEach((r, i) => columns.forEach((c, j) => (x[i * p + j] = full.x[r * full.columns + c])));
  const design = { x, rows: rows.length, columns: p };
  const y = rows.map((r) => table.y[r]);
  const offset = table.offset === undefined ? undefined : rows.map((r) => table.offset![r]);
  const captures = rows.map((r) => table.captures[r]);
  const x0 = new Float64Array(p);
  x0[0] = 1; // the unobserved cell: k = 0, every other column 0
  const d = sufficientStatisticShift(design, captures, x0, classWeight);
  if (d === null) {
    return none([{ code: "NOT_AVAILABLE", message: `the leverages of ${base.name} in the small-probability limit are not defined (the design is not of full rank there): no bias correction` }]);
  }
  const corrected = refitShifted(design, y, offset, core.glm, d);
  const warnings: EstimateWarning[] = [];
  if (!corrected.converged) warnings.push({ code: "NOT_CONVERGED", message: `the bias-corrected fit of ${base.name} did not converge` });
  const unobserved = Math.exp(corrected.coefficients[0]);
  const estimate = base.observed + unobserved;
  const variance = unobserved + unobserved * unobserved * corrected.covariance[0];
  if (!(estimate >= base.observed) || !Number.isFinite(estimate)) {
    return none([{ code: "ESTIMATE_BELOW_OBSERVED", message: `the bias-corrected ${base.name} gives ${formatNumber(estimate)}: no estimate is reported` }]);
  }
  return { ...base, method: "sufficient-statistics", estimate, unobserved, standardError: Math.sqrt(variance), warnings };
}

/**
 * Mb and Mbh: the sufficient statistics of the removal design (1, k − 1, f − 1[, f > 1]) shifted
 * by (0, +3, −3[, 0]), then the removal estimate of the refitted model.
 */
function behaviouralCorrection(
  core: CoreFit,
  table: CellTable,
  kind: "Mb" | "Mbh",
  base: { kind: "bias-corrected"; name: string; observed: number; uncorrected: number | null },
  none: (w: EstimateWarning[]) => BiasCorrectedEstimate,
): BiasCorrectedEstimate {
  const design = core.built.design;
  const d = new Float64Array(design.columns);
  d[1] = 3;
  d[2] = -3;
  const corrected = refitShifted(design, table.y, undefined, core.glm, d);
  const { unobserved, variance } = behaviouralEstimate(table, design, corrected, kind);
  const estimate = base.observed + unobserved;
  if (!(estimate >= base.observed) || !Number.isFinite(estimate)) {
    return none([
      {
        code: "ESTIMATE_BELOW_OBSERVED",
        message: `the bias-corrected ${kind} gives ${formatNumber(estimate)}, below the ${base.observed} people observed: the model does not describe these data and no estimate is reported`,
      },
    ]);
  }
  const warnings: EstimateWarning[] = [];
  if (!corrected.converged) warnings.push({ code: "NOT_CONVERGED", message: `the bias-corrected fit of ${kind} did not converge` });
  return { ...base, method: "sufficient-statistics", estimate, unobserved, standardError: variance >= 0 ? Math.sqrt(variance) : null, warnings };
}
