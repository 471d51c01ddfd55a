import type { CaptureData, EstimateWarning, Interval, ModelDescription } from "../../types.js";
import { ModelSpecError, OptionError } from "../../errors.js";
import { fitPoissonDesign as fitDensePoisson, type PoissonDesign as DenseDesign } from "../../_lib/poissonDesign.js";
import { standardNormalQuantile } from "../../_lib/distributions.js";
import { validateLevels } from "../../_lib/validate.js";
import { popcount } from "../../_lib/bits.js";
import { splitStrata } from "../../strata/splitStrata.js";
import type { StratifiedEstimate, StratumEstimate } from "../../strata/types.js";

/** Options of {@link fitCovariateModel}. */
export interface FitCovariateModelOptions {
  /** Covariate (stratum) columns of the model. Default: every covariate column of the data. */
  readonly covariates?: readonly string[];
  /** Interval level(s) of the log-normal intervals. Default 0.95. */
  readonly level?: number | readonly number[];
}

/** A term of a covariate model: a set of lists and a set of covariates. */
interface Term {
  readonly lists: number;
  readonly covariates: readonly number[];
}

/** The design of a covariate model, with the column layout needed to read stratum estimates. */
export interface CovariateDesign {
  readonly design: DenseDesign;
  /** Strata (rows are stratum-major: stratum s, history h at row s·(2^t − 1) + h − 1). */
  readonly strata: readonly Readonly<Record<string, string>>[];
  readonly counts: Float64Array;
  /** For each column, whether it involves no list (intercept and covariate-only terms). */
  readonly listFree: readonly boolean[];
  /** Model description with list and covariate names. */
  readonly description: ModelDescription;
  /** Number of parameters (columns). */
  readonly parameters: number;
}

/**
 * A covariate log-linear model (van der Heijden, Whittaker, Cruyff, Bakker & van der Vliet 2012):
 * one Poisson log-linear model over the table lists × strata, with the list interactions shared by
 * all strata unless a term says otherwise. Terms combine list names and covariate names with `:`:
 * `A:B` (list dependence, the same in every stratum), `A:region` (list A's capture rate differs by
 * region), `A:B:region` (the A–B dependence differs by region). Main effects of every list and of
 * every covariate are always in the model, and every sub-term of a term is too. Categorical
 * covariates are coded against their first level (sorted). Each stratum's dark figure is the fitted
 * count of its unobserved cell, so the stratum estimates sum to the model's total.
 *
 * With every list interacting with the covariate (`A:region + B:region + …` and each list
 * interaction with `:region`) the model equals separate fits per stratum.
 *
 * @param data - capture data with covariate columns (read with `covariates`).
 * @param model - the terms, e.g. `"A:B + A:region + B:region"`; `"main"` for main effects only.
 * @param options - see {@link FitCovariateModelOptions}.
 * @returns per-stratum estimates with log-normal intervals, and the total.
 * @throws {ModelSpecError} for unknown names. @throws {OptionError} without covariate columns.
 * @example
 * fitCovariateModel(data, "A:B + A:region + B:region + C:region + D:region").total.estimate
 * @see docs/methodology/stratification.md
 */
export function fitCovariateModel(
  data: CaptureData,
  model: string | readonly string[],
  options: FitCovariateModelOptions = {},
): StratifiedEstimate {
  const levels = validateLevels(options.level);
  const covariates = [...(options.covariates ?? data.covariates ?? [])];
  const built = buildCovariateDesign(data, model, covariates);
  const fit = fitDensePoisson(built.design, built.counts);
  const t = data.lists.length;
  const cellsPerStratum = (1 << t) - 1;
  const warnings: EstimateWarning[] = [];
  if (fit.status !== 0) {
    if (fit.status & 1) {
      warnings.push({
        code: "MLE_DOES_NOT_EXIST",
        message: `the covariate model ${built.description.name} has no extended MLE on these data (status ${fit.status}): no estimates; remedies: drop list × covariate terms, merge strata or lists`,
      });
    }
    if (fit.status & 2) {
      warnings.push({
        code: "NOT_IDENTIFIABLE",
        message: `the parameters of the covariate model ${built.description.name} are not identifiable on these data (status ${fit.status}): no estimates; remedies: drop list × covariate terms, merge strata or lists`,
      });
    }
    return {
      kind: "strata",
      family: "covariate",
      method: "covariate",
      by: covariates,
      strata: built.strata.map((stratum, s) => ({
        stratum,
        estimate: null,
        observed: sumRange(built.counts, s * cellsPerStratum, cellsPerStratum),
        unobserved: null,
        model: built.description,
        intervals: [],
        warnings: [],
      })),
      total: { estimate: null, observed: data.observed, intervals: [], warnings: [] },
      model: built.description,
      warnings,
      settings: { model: built.description.name, covariates, level: levels },
    };
  }
  const keptIndex = new Map(fit.kept.map((j, a) => [j, a] as const));
  const p = fit.kept.length;
  const gradients: Float64Array[] = [];
  const unobserved: number[] = [];
  const strata: StratumEstimate[] = built.strata.map((stratum, s) => {
    const row = s * cellsPerStratum;
    const g = new Float64Array(p);
    const { eta, boundary } = unobservedLinearPredictor(built, keptIndex, fit.beta, s, t, g);
    const observed = sumRange(built.counts, row, cellsPerStratum);
    const stratumWarnings: EstimateWarning[] = [];
    if (boundary || observed === 0) {
      stratumWarnings.push({
        code: "STRATUM_EMPTY",
        message: `nobody was observed in stratum ${JSON.stringify(stratum)}: its estimate is 0 under the model; remedy: merge it with a neighbouring stratum`,
      });
      gradients.push(new Float64Array(p));
      unobserved.push(0);
      return { stratum, estimate: observed, observed, unobserved: 0, model: built.description, intervals: [], warnings: stratumWarnings };
    }
    const dark = Math.exp(eta);
    const variance = quadratic(fit.covariance, g, p);
    gradients.push(g.map((v) => v * dark));
    unobserved.push(dark);
    const se = Math.sqrt(variance);
    return {
      stratum,
      estimate: observed + dark,
      observed,
      unobserved: dark,
      model: built.description,
      intervals: levels.map((level) => {
        const z = standardNormalQuantile(0.5 + level / 2);
        return { method: "lognormal", level, lower: observed + Math.exp(eta - z * se), upper: observed + Math.exp(eta + z * se) };
      }),
      warnings: stratumWarnings,
    };
  });
  // total dark figure U = Σ exp(η_s): delta-method variance, log-normal interval on U
  const totalDark = unobserved.reduce((a, b) => a + b, 0);
  const gradient = new Float64Array(p);
  for (const g of gradients) for (let a = 0; a < p; a++) gradient[a] += g[a];
  const seLog = Math.sqrt(quadratic(fit.covariance, gradient, p)) / totalDark;
  const totalIntervals: Interval[] =
    totalDark > 0
      ? levels.map((level) => {
          const z = standardNormalQuantile(0.5 + level / 2);
          return {
            method: "lognormal",
            level,
            lower: data.observed + totalDark * Math.exp(-z * seLog),
            upper: data.observed + totalDark * Math.exp(z * seLog),
          };
        })
      : [];
  if (!fit.converged) {
    warnings.push({ code: "NOT_CONVERGED", message: `the Newton iterations for ${built.description.name} did not converge` });
  }
  return {
    kind: "strata",
    family: "covariate",
    method: "covariate",
    by: covariates,
    strata,
    total: { estimate: data.observed + totalDark, observed: data.observed, intervals: totalIntervals, warnings: [] },
    model: built.description,
    fit: {
      logLikelihood: fit.logLikelihood,
      deviance: fit.deviance,
      df: fit.df,
      aic: 2 * built.parameters - 2 * fit.logLikelihood,
      bic: built.parameters * Math.log(data.observed) - 2 * fit.logLikelihood,
      parameters: built.parameters,
    },
    warnings,
    settings: { model: built.description.name, covariates, level: levels },
  };
}

/**
 * η of stratum s's unobserved cell: the sum of the coefficients of the list-free columns (intercept
 * and covariate-only terms) that are 1 in that stratum's rows. `boundary` is true when one of them
 * was fitted at −∞ (nobody observed in the stratum). When `gradient` is given, it receives 1 for
 * each coefficient used.
 */
export function unobservedLinearPredictor(
  built: CovariateDesign,
  keptIndex: ReadonlyMap<number, number>,
  beta: Float64Array,
  stratum: number,
  nLists: number,
  gradient?: Float64Array,
): { eta: number; boundary: boolean } {
  const { x, columns } = built.design;
  const row = stratum * ((1 << nLists) - 1); // any row of the stratum carries its covariate indicators
  let eta = 0;
  let boundary = false;
  for (let j = 0; j < columns; j++) {
    if (!built.listFree[j] || !x[row * columns + j]) continue;
    const a = keptIndex.get(j);
    if (a === undefined) boundary = true;
    else {
      eta += beta[a];
      if (gradient) gradient[a] = 1;
    }
  }
  return { eta, boundary };
}

function sumRange(values: ArrayLike<number>, start: number, length: number): number {
  let s = 0;
  for (let i = start; i < start + length; i++) s += values[i];
  return s;
}

function quadratic(matrix: Float64Array, v: Float64Array, p: number): number {
  let s = 0;
  for (let a = 0; a < p; a++) {
    if (v[a] === 0) continue;
    for (let b = 0; b < p; b++) s += v[a] * matrix[a * p + b] * v[b];
  }
  return s;
}

/** Parse the model and lay out the design over strata × observable histories. */
export function buildCovariateDesign(
  data: CaptureData,
  model: string | readonly string[],
  covariates: readonly string[],
): CovariateDesign {
  if (covariates.length === 0) {
    throw new OptionError("a covariate model needs at least one covariate column; read the data with `covariates`");
  }
  const lists = data.lists;
  const t = lists.length;
  const strata = splitStrata(data, covariates);
  const levelsOf = covariates.map((c) => [...new Set(strata.map((s) => s.stratum[c]))]);
  for (let i = 0; i < covariates.length; i++) {
    const values = levelsOf[i];
    const numeric = values.every((v) => v !== "" && Number.isFinite(Number(v)));
    values.sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  }
  const terms = parseCovariateTerms(model, lists, covariates);
  // closure: every sub-term, every list and covariate main effect, the intercept
  const termKeys = new Map<string, Term>();
  const add = (term: Term): void => {
    termKeys.set(`${term.lists}|${term.covariates.join(",")}`, term);
  };
  add({ lists: 0, covariates: [] });
  for (let j = 0; j < t; j++) add({ lists: 1 << j, covariates: [] });
  for (let c = 0; c < covariates.length; c++) add({ lists: 0, covariates: [c] });
  for (const term of terms) {
    for (let l = term.lists; ; l = (l - 1) & term.lists) {
      const n = term.covariates.length;
      for (let m = 0; m < 1 << n; m++) add({ lists: l, covariates: term.covariates.filter((_, i) => m & (1 << i)) });
      if (l === 0) break;
    }
  }
  const ordered = [...termKeys.values()].sort(
    (a, b) =>
      popcount(a.lists) + a.covariates.length - (popcount(b.lists) + b.covariates.length) ||
      a.covariates.length - b.covariates.length ||
      a.lists - b.lists ||
      a.covariates.join(",").localeCompare(b.covariates.join(",")),
  );
  // columns: each term expands to one column per combination of non-reference levels
  const columnSpecs: { lists: number; levels: [number, string][] }[] = [];
  for (const term of ordered) {
    let combos: [number, string][][] = [[]];
    for (const c of term.covariates) {
      const next: [number, string][][] = [];
      for (const combo of combos) for (const level of levelsOf[c].slice(1)) next.push([...combo, [c, level]]);
      combos = next;
    }
    for (const combo of combos) columnSpecs.push({ lists: term.lists, levels: combo });
  }
  const cellsPerStratum = (1 << t) - 1;
  const rows = strata.length * cellsPerStratum;
  const columns = columnSpecs.length;
  const x = new Uint8Array(rows * columns);
  const counts = new Float64Array(rows);
  strata.forEach((s, si) => {
    for (let h = 1; h <= cellsPerStratum; h++) {
      const r = si * cellsPerStratum + h - 1;
      counts[r] = s.data.counts[h - 1];
      columnSpecs.forEach((spec, j) => {
        if ((spec.lists & h) !== spec.lists) return;
        for (const [c, level] of spec.levels) if (s.stratum[covariates[c]] !== level) return;
        x[r * columns + j] = 1;
      });
    }
  });
  const name = (term: Term): string =>
    [...listNames(term.lists, lists), ...term.covariates.map((c) => covariates[c])].join(":");
  const generators = ordered.filter(
    (a) =>
      (a.lists !== 0 || a.covariates.length > 0) &&
      !ordered.some(
        (b) =>
          b !== a &&
          (a.lists & b.lists) === a.lists &&
          a.covariates.every((c) => b.covariates.includes(c)) &&
          (b.lists !== a.lists || b.covariates.length > a.covariates.length),
      ),
  );
  generators.sort(
    (a, b) => popcount(b.lists) + b.covariates.length - (popcount(a.lists) + a.covariates.length) || ordered.indexOf(a) - ordered.indexOf(b),
  );
  const interactionTerms = generators.filter((g) => popcount(g.lists) + g.covariates.length >= 2).map(name);
  // R notation as elsewhere: lists by their number from 1 run together ("12"), covariates by name.
  const digits = (term: Term): string => {
    const numbers = listNames(term.lists, lists).map((list) => String(lists.indexOf(list) + 1)).join("");
    return [...(numbers ? [numbers] : []), ...term.covariates.map((c) => covariates[c])].join(":");
  };
  const description: ModelDescription = {
    name: `[${generators.map(name).join(", ")}]`,
    terms: interactionTerms,
    hierarchy: `[${generators.map(digits).join(",")}]`,
  };
  return {
    design: { x, rows, columns },
    strata: strata.map((s) => s.stratum),
    counts,
    listFree: columnSpecs.map((spec) => spec.lists === 0),
    description,
    parameters: columns,
  };
}

function listNames(mask: number, lists: readonly string[]): string[] {
  const out: string[] = [];
  for (let j = 0; j < lists.length; j++) if (mask & (1 << j)) out.push(lists[j]);
  return out;
}

function parseCovariateTerms(model: string | readonly string[], lists: readonly string[], covariates: readonly string[]): Term[] {
  let pieces: string[];
  if (typeof model === "string") {
    let s = model.trim();
    if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
    pieces = s.split(/[,+]/);
  } else pieces = [...model];
  const terms: Term[] = [];
  for (const raw of pieces) {
    const piece = raw.trim();
    if (piece === "" || piece.toLowerCase() === "main") continue;
    let mask = 0;
    const cov: number[] = [];
    for (const name of piece.split(":").map((n) => n.trim())) {
      const j = lists.indexOf(name);
      const c = covariates.indexOf(name);
      if (j >= 0) {
        if (mask & (1 << j)) throw new ModelSpecError(`model term "${piece}" repeats list "${name}"`);
        mask |= 1 << j;
      } else if (c >= 0) {
        if (cov.includes(c)) throw new ModelSpecError(`model term "${piece}" repeats covariate "${name}"`);
        cov.push(c);
      } else {
        throw new ModelSpecError(
          `model term "${piece}" names "${name}", which is neither a list (${lists.join(", ")}) nor a covariate (${covariates.join(", ")})`,
        );
      }
    }
    if (mask === (1 << lists.length) - 1 && lists.length > 1) {
      throw new ModelSpecError(`model term "${piece}" includes every list: the unobserved cells would not be identifiable`);
    }
    terms.push({ lists: mask, covariates: cov.sort((a, b) => a - b) });
  }
  return terms;
}
