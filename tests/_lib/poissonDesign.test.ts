import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkPoissonDesign, fitPoissonDesign, type PoissonDesign } from "../../src/_lib/poissonDesign.js";
import { fitPoissonLoglinear } from "../../src/_lib/poissonFit.js";
import { prepareCounts } from "../../src/_lib/prepared.js";
import { parseModel } from "../../src/models/loglinear/modelSpec.js";
import { popcount } from "../../src/_lib/bits.js";
import { loadDataset, relativeError } from "../fixtures.js";

// stats::glm fits of real-valued designs, made by tests/fixtures/engine/gen-engine.R (see its README).
const engine = JSON.parse(readFileSync(new URL("../fixtures/engine/engine.json", import.meta.url), "utf8"));

const heterogeneity: Record<string, (k: number) => number> = {
  darroch: (k) => (k * k) / 2,
  poisson: (k) => 2 ** k - 1,
  gamma: (k) => -Math.log(3.5 + k) + Math.log(3.5),
};

/** Rows: history 0 (unobserved, predicted) then 1 .. 2^t − 1; columns: 1, one per list, f(k). */
function heterogeneityDesign(nLists: number, f: (k: number) => number): PoissonDesign {
  const rows = 1 << nLists;
  const columns = nLists + 2;
  const x = new Float64Array(rows * columns);
  for (let h = 0; h < rows; h++) {
    x[h * columns] = 1;
    for (let j = 0; j < nLists; j++) x[h * columns + 1 + j] = (h >> j) & 1;
    x[h * columns + nLists + 1] = f(popcount(h));
  }
  return { x, rows, columns };
}

interface GlmBlock {
  coefficients: number[];
  standardErrors: number[];
  deviance: number;
  logLikelihood: number;
  df: number;
  iterations: number;
  unobserved: number;
}

function caseInputs(c: { counts: number[]; heterogeneity: string; offset: boolean }) {
  const nLists = Math.log2(c.counts.length + 1);
  const design = heterogeneityDesign(nLists, heterogeneity[c.heterogeneity]);
  const y = Float64Array.from([0, ...c.counts]);
  const offset = c.offset ? Float64Array.from({ length: y.length }, (_, h) => (h === 0 ? 0 : 0.2 * Math.sin(h))) : undefined;
  return { design, y, offset };
}

describe("fitPoissonDesign reproduces stats::glm on real-valued heterogeneity designs", () => {
  it("holds 24 cases (4 tables × 3 heterogeneity columns × with and without an offset)", () => {
    expect(engine.cases).toHaveLength(24);
  });
  for (const c of engine.cases) {
    const label = `${c.dataset}, ${c.heterogeneity}${c.offset ? ", with an offset" : ""}`;
    it(`${label}: the MLE to R's at epsilon 1e-15, within 1e-9`, () => {
      const { design, y, offset } = caseInputs(c);
      const fit = fitPoissonDesign(design, y, { unobserved: [0], offset });
      const ref: GlmBlock = c.glmTight;
      expect(fit.status).toBe(0);
      expect(fit.convergence).toMatchObject({ rule: "newton-decrement", converged: true });
      // Coefficients: both fits stop at rounding (ours when the predicted next step is below 1e-9).
      ref.coefficients.forEach((b, j) => expect(Math.abs(fit.coefficients[j] - b)).toBeLessThan(1e-9 * Math.max(1, Math.abs(b))));
      expect(relativeError(fit.mu[0], ref.unobserved)).toBeLessThan(1e-9);
      expect(Math.abs(fit.deviance - ref.deviance)).toBeLessThan(1e-9 * Math.max(1, ref.deviance));
      expect(relativeError(fit.logLikelihood, ref.logLikelihood)).toBeLessThan(1e-12);
      expect(fit.df).toBe(ref.df);
      // Standard errors: R's come from the weights of its last iteration, converged here to 1e-15.
      const p = fit.free.length;
      ref.standardErrors.forEach((se, j) => expect(relativeError(Math.sqrt(fit.covariance[j * p + j]), se)).toBeLessThan(1e-8));
    });
    it(`${label}: with stopping "glm", R's iteration count and R's default-control numbers within 1e-9`, () => {
      const { design, y, offset } = caseInputs(c);
      const fit = fitPoissonDesign(design, y, { unobserved: [0], offset, stopping: "glm" });
      const ref: GlmBlock = c.glmDefault;
      expect(fit.convergence).toMatchObject({ rule: "glm-deviance", tolerance: 1e-8, converged: true, iterations: ref.iterations });
      ref.coefficients.forEach((b, j) => expect(Math.abs(fit.coefficients[j] - b)).toBeLessThan(1e-9 * Math.max(1, Math.abs(b))));
      expect(relativeError(fit.mu[0], ref.unobserved)).toBeLessThan(1e-9);
      expect(Math.abs(fit.deviance - ref.deviance)).toBeLessThan(1e-9 * Math.max(1, ref.deviance));
    });
  }
});

/** The hierarchical design of a model over all 2^t histories (row h = history h), as a dense matrix. */
function hierarchicalDesign(nLists: number, parameters: readonly number[]): PoissonDesign {
  const rows = 1 << nLists;
  const columns = parameters.length;
  const x = new Uint8Array(rows * columns);
  for (let h = 0; h < rows; h++) parameters.forEach((theta, j) => (x[h * columns + j] = (theta & h) === theta ? 1 : 0));
  return { x, rows, columns };
}

describe("one engine: the hierarchical fit is the dense fit of the same design", () => {
  const cases: [string, string][] = [
    ["UKdat_5", "pairwise"],
    ["NewOrl_5", "pairwise"],
    ["Western", "[12,13,23,4,5]"],
    ["UKdat", "main"],
  ];
  it(`gives the same coefficients, fitted cells and log-likelihood within 1e-9 on ${cases.length} model fits, empty overlaps included`, () => {
    let boundaryCases = 0;
    for (const [name, spec] of cases) {
      const data = loadDataset(name);
      const model = parseModel(spec, data.lists);
      const prepared = prepareCounts(data.counts, data.lists.length);
      const hierarchical = fitPoissonLoglinear(prepared, model.parameters);
      const dense = fitPoissonDesign(hierarchicalDesign(data.lists.length, model.parameters), prepared.y, { unobserved: [0] });
      expect(dense.status).toBe(0);
      expect(dense.boundary).toEqual(hierarchical.boundary.map((theta) => model.parameters.indexOf(theta)));
      if (dense.boundary.length > 0) boundaryCases++;
      hierarchical.kept.forEach((theta, i) => {
        const j = model.parameters.indexOf(theta);
        expect(Math.abs(dense.coefficients[j] - hierarchical.beta[i])).toBeLessThan(1e-9 * Math.max(1, Math.abs(hierarchical.beta[i])));
      });
      for (const j of dense.boundary) expect(dense.coefficients[j]).toBe(Number.NEGATIVE_INFINITY);
      for (let h = 0; h < prepared.size; h++) expect(Math.abs(dense.mu[h] - hierarchical.mu[h])).toBeLessThanOrEqual(1e-9 * Math.max(1, hierarchical.mu[h]));
      expect(relativeError(dense.logLikelihood, hierarchical.logLikelihood)).toBeLessThan(1e-12);
      expect(dense.df).toBe(hierarchical.nKeptCells - hierarchical.kept.length);
      expect(hierarchical.convergence).toMatchObject({ rule: "newton-decrement", tolerance: 1e-10, stepTolerance: 1e-9, converged: true });
    }
    expect(boundaryCases).toBeGreaterThan(0);
  });

  it("fits a completed table (the unobserved cell given a count) as the profile likelihood does", () => {
    const data = loadDataset("UKdat_5");
    const model = parseModel("[12,23,34,45]", data.lists);
    const prepared = prepareCounts(data.counts, data.lists.length);
    const y = Float64Array.from(prepared.y);
    y[0] = 1234.5; // a fractional count, as the profile uses
    const dense = fitPoissonDesign(hierarchicalDesign(data.lists.length, model.parameters), y);
    const complete = { ...prepared, y, margins: prepared.margins.map((m, t) => (t === 0 ? m + 1234.5 : m)), firstCell: 0 as const };
    const hierarchical = fitPoissonLoglinear(complete, model.parameters);
    expect(dense.df).toBe(32 - model.parameters.length);
    expect(relativeError(dense.mu[0], hierarchical.mu[0])).toBeLessThan(1e-9);
    // with the intercept in the model, the fitted cells sum to the completed total
    const total = dense.mu.reduce((a, b) => a + b, 0);
    expect(relativeError(total, prepared.observed + 1234.5)).toBeLessThan(1e-12);
  });
});

describe("the extended MLE, existence and identifiability for real-valued designs", () => {
  it("sends a non-negative column with a zero statistic to −∞ and a non-positive one to +∞, removing their rows", () => {
    // rows 0..5; column 2 is ≥ 0 and loads only on rows with count 0; column 3 is ≤ 0 likewise
    const x = Float64Array.from([
      1, 0, 0, 0,
      1, 1, 0, 0,
      1, 0, 2.5, 0,
      1, 1, 0, -1,
      1, 0, 0, 0,
      1, 1, 0, 0,
    ]);
    const y = [5, 7, 0, 0, 4, 9];
    const fit = fitPoissonDesign({ x, rows: 6, columns: 4 }, y);
    expect(fit.status).toBe(0);
    expect(fit.boundary).toEqual([2, 3]);
    expect(fit.boundarySign).toEqual([-1, 1]);
    expect(Array.from(fit.coefficients.slice(2))).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(Array.from(fit.keptRows)).toEqual([1, 1, 0, 0, 1, 1]);
    expect(fit.mu[2]).toBe(0);
    expect(fit.mu[3]).toBe(0);
    // the rest is the fit of the two remaining columns: a saturated 2×2 on means (5+4)/2 and (7+9)/2
    expect(fit.mu[0]).toBeCloseTo(4.5, 12);
    expect(fit.mu[1]).toBeCloseTo(8, 12);
    expect(fit.df).toBe(2);
  });

  it("finds with the linear programme that Darroch's model has no MLE when only singletons were seen", () => {
    // Three lists, counts only on the histories on one list: η = k²/2 − k + 1/2 = (k − 1)²/2 is a
    // combination of the columns (1, the lists, k²/2) that is 0 on every positive cell and > 0 on the
    // others, so the likelihood rises for ever along it.
    const design = heterogeneityDesign(3, heterogeneity.darroch);
    const y = [0, 12, 9, 0, 15, 0, 0, 0];
    const check = checkPoissonDesign(design, y, { unobserved: [0] });
    expect(check).toMatchObject({ status: 1, mleExists: false, identifiable: true, method: "linear-program", boundary: [] });
    const fit = fitPoissonDesign(design, y, { unobserved: [0] });
    expect(fit.status).toBe(1);
    expect(fit.free).toEqual([]);
    // one person seen twice is not enough: (k − 1)(k − 2)-type directions still vanish on k = 1, 2
    // and are positive on the history on all three lists, which stays empty
    y[3] = 1;
    expect(checkPoissonDesign(design, y, { unobserved: [0] })).toMatchObject({ status: 1, method: "linear-program" });
    // one more, seen three times, makes it exist
    y[7] = 1;
    expect(checkPoissonDesign(design, y, { unobserved: [0] })).toMatchObject({ status: 0, mleExists: true });
  });

  it("decides existence the same way whatever the scale of the counts (the programme runs on the support)", () => {
    const design = heterogeneityDesign(4, heterogeneity.poisson);
    const base = [0, 3, 1, 0, 2, 1, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0];
    for (const scale of [1, 1e3, 1e7, 1e12]) {
      const y = base.map((v) => v * scale);
      y[1] = 1; // one small cell beside huge ones
      expect(checkPoissonDesign(design, y, { unobserved: [0] }).status).toBe(checkPoissonDesign(design, base, { unobserved: [0] }).status);
    }
  });

  it("reports a heterogeneity column that is a combination of the others on two lists as not identifiable", () => {
    // k takes the values 1 and 2 on the observable histories, where k²/2 = (3k − 2)/2 is in the span of 1 and k
    const check = checkPoissonDesign(heterogeneityDesign(2, heterogeneity.darroch), [0, 10, 20, 5], { unobserved: [0] });
    expect(check.identifiable).toBe(false);
    expect(check.status & 2).toBe(2);
  });
});

describe("non-negativity constraints", () => {
  // A design where the unconstrained MLE has a negative coefficient on a constrained column.
  const design = heterogeneityDesign(4, heterogeneity.darroch);
  const y = Float64Array.from([0, 60, 55, 12, 50, 10, 11, 1, 48, 9, 12, 1, 13, 2, 1, 0]);

  /** Score Σ x_rj (y_r − μ_r) over the data rows. */
  function score(fit: { mu: Float64Array }, j: number): number {
    let s = 0;
    for (let r = 1; r < design.rows; r++) s += Number(design.x[r * design.columns + j]) * (y[r] - fit.mu[r]);
    return s;
  }

  it("holds a column at 0 when the likelihood pushes it below, and the result satisfies the KKT conditions", () => {
    const free = fitPoissonDesign(design, y, { unobserved: [0] });
    const het = design.columns - 1;
    expect(free.coefficients[het]).toBeLessThan(0);
    for (const method of ["active-set", "drop-negative"] as const) {
      const fit = fitPoissonDesign(design, y, { unobserved: [0], nonNegative: [het], constraintMethod: method });
      expect(fit.status).toBe(0);
      expect(fit.atZero).toEqual([het]);
      expect(fit.coefficients[het]).toBe(0);
      expect(fit.free).toEqual([0, 1, 2, 3, 4]);
      // KKT for a concave likelihood on β_het ≥ 0: zero score on the free columns, score ≤ 0 on the held one
      for (const j of fit.free) expect(Math.abs(score(fit, j))).toBeLessThan(1e-7);
      expect(score(fit, het)).toBeLessThan(0);
      // it is the fit of the design without that column
      const without = fitPoissonDesign(
        { x: Float64Array.from({ length: design.rows * 5 }, (_, i) => Number(design.x[Math.floor(i / 5) * design.columns + (i % 5)])), rows: design.rows, columns: 5 },
        y,
        { unobserved: [0] },
      );
      expect(relativeError(fit.mu[0], without.mu[0])).toBeLessThan(1e-12);
      expect(fit.logLikelihood).toBeLessThan(free.logLikelihood);
    }
  });

  it("leaves a constrained column free when its unconstrained coefficient is positive", () => {
    const yPositive = Float64Array.from([0, 30, 25, 20, 28, 22, 21, 25, 27, 19, 24, 26, 23, 28, 30, 40]);
    const unconstrained = fitPoissonDesign(design, yPositive, { unobserved: [0] });
    const het = design.columns - 1;
    expect(unconstrained.coefficients[het]).toBeGreaterThan(0);
    const fit = fitPoissonDesign(design, yPositive, { unobserved: [0], nonNegative: [het] });
    expect(fit.atZero).toEqual([]);
    expect(fit.coefficients[het]).toBe(unconstrained.coefficients[het]);
  });

  it("releases a held column again when its score turns positive (active set over two constrained columns)", () => {
    // columns: 1, lists, [k ≥ 2], [k ≥ 3]; counts made so that the joint fit is infeasible but the
    // constrained optimum keeps one of the two
    const base = heterogeneityDesign(4, () => 0);
    const columns = 7;
    const x = new Float64Array(base.rows * columns);
    for (let h = 0; h < base.rows; h++) {
      for (let j = 0; j < 5; j++) x[h * columns + j] = Number(base.x[h * base.columns + j]);
      x[h * columns + 5] = popcount(h) >= 2 ? 1 : 0;
      x[h * columns + 6] = popcount(h) >= 3 ? 1 : 0;
    }
    const counts = Float64Array.from([0, 40, 38, 20, 41, 19, 22, 2, 39, 21, 18, 3, 20, 2, 3, 4]);
    const d = { x, rows: base.rows, columns };
    const fit = fitPoissonDesign(d, counts, { unobserved: [0], nonNegative: [5, 6] });
    expect(fit.status).toBe(0);
    for (const j of [5, 6]) expect(fit.coefficients[j]).toBeGreaterThanOrEqual(0);
    const scoreOf = (j: number): number => {
      let s = 0;
      for (let r = 1; r < d.rows; r++) s += x[r * columns + j] * (counts[r] - fit.mu[r]);
      return s;
    };
    for (const j of fit.free) expect(Math.abs(scoreOf(j))).toBeLessThan(1e-7);
    for (const j of fit.atZero) expect(scoreOf(j)).toBeLessThanOrEqual(1e-9);
  });
});
