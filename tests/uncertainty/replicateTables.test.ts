/**
 * The replicate estimator is exact: on 300 bootstrap-resampled Western tables (drawn in R), the
 * stepwise procedure the bootstrap re-runs in every replicate gives, table by table, the estimate and
 * the model of MultipleSystemsEstimation 1.2.0 and SparseMSE 2.0.1 (fixture
 * tests/fixtures/reference/r2026/replicate_tables.json; see its README line).
 */
import { describe, expect, it } from "vitest";
import { fixtureCases, referenceJson, relativeError } from "../fixtures.js";
import { estimate } from "../../src/estimate.js";
import { loglinearFamily } from "../../src/models/loglinear/family.js";

const reference = referenceJson("r2026/replicate_tables.json").datasets.Western;
const lists: string[] = reference.lists;
const t = lists.length;

/** counts_lex (first list the most significant digit) → counts by history mask − 1 (list j is bit j). */
function toMaskOrder(countsLex: readonly number[]): number[] {
  const counts = new Array<number>(2 ** t - 1).fill(0);
  (reference.cells as string[]).forEach((cell, i) => {
    let mask = 0;
    for (let j = 0; j < t; j++) if (cell[j] === "1") mask |= 1 << j;
    counts[mask - 1] = countsLex[i];
  });
  return counts;
}

interface Table {
  readonly replicate: number;
  readonly counts_lex: number[];
  readonly mse_r_stepwise: { estimate: number; terms: string[] };
  readonly sparsemse_stepwise: { estimate: number; terms: string[]; empty_overlaps_in_model: string[] };
}

describe("the stepwise replicate estimator on R's resampled Western tables", () => {
  const tables = fixtureCases<Table>("resampled tables", reference.replicates, 300);
  const data = { lists, counts: toMaskOrder(reference.original.counts_lex), observed: reference.n_observed };
  const spec = loglinearFamily.spec(data, { select: "stepwise" });
  // R's glm stopping rule, so that R's estimates can be matched to 1e-9 (validation only)
  const glmSpec = loglinearFamily.spec(data, { select: "stepwise", stopping: "glm" });

  it("reads the original table as the CSV says (345 observed, stepwise estimate 2,483.38)", () => {
    expect(data.counts.reduce((a, b) => a + b, 0)).toBe(345);
    expect(relativeError(estimate(data, { select: "stepwise" }).estimate as number, reference.original.mse_r_stepwise.estimate)).toBeLessThan(1e-9);
  });

  it("gives MultipleSystemsEstimation's and SparseMSE's estimate on every table (relative 1e-9 with R's stopping rule, 1e-6 with the default)", () => {
    const tight = loglinearFamily.replicates(spec, data);
    const glm = loglinearFamily.replicates(glmSpec, data);
    const out = new Float64Array(2);
    let worstTight = 0;
    let worstGlm = 0;
    for (const table of tables) {
      const counts = Float64Array.from(toMaskOrder(table.counts_lex));
      tight.estimate(counts, out, 0, { item: table.replicate, seed: "1" });
      glm.estimate(counts, out, 1, { item: table.replicate, seed: "1" });
      for (const r of [table.mse_r_stepwise.estimate, table.sparsemse_stepwise.estimate]) {
        worstTight = Math.max(worstTight, relativeError(out[0], r));
        worstGlm = Math.max(worstGlm, relativeError(out[1], r));
      }
    }
    expect(worstGlm).toBeLessThan(1e-9);
    expect(worstTight).toBeLessThan(1e-6);
  });

  it("chooses MultipleSystemsEstimation's model on every table (SparseMSE's, once its empty overlaps are added back)", () => {
    const sameAsMse = tables.filter((table) => {
      const counts = toMaskOrder(table.counts_lex);
      const r = estimate({ lists, counts, observed: counts.reduce((a, b) => a + b, 0) }, { select: "stepwise" });
      const ours = [...(r.model?.terms ?? [])].sort();
      const sparse = [...table.sparsemse_stepwise.terms, ...table.sparsemse_stepwise.empty_overlaps_in_model].sort();
      return JSON.stringify(ours) === JSON.stringify([...table.mse_r_stepwise.terms].sort()) && JSON.stringify(ours) === JSON.stringify(sparse);
    });
    expect(sameAsMse).toHaveLength(300);
  });
});
