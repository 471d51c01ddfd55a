import { describe, expect, it } from "vitest";
import { prepareCounts } from "../../src/_lib/prepared.js";
import { splitBoundary } from "../../src/_lib/poissonFit.js";
import { solve } from "yalps";
import { existenceLinearProgram, maximiseFloor } from "../../src/_lib/lp.js";
import { checkExistenceCore, maskColumns } from "../../src/_lib/existence.js";
import { cachedCatalogue } from "../../src/selection/enumerateModels.js";
import { parseModel } from "../../src/models/loglinear/modelSpec.js";
import { fixtureCases, loadDataset, rPackages } from "../fixtures.js";

describe("the Fienberg–Rinaldo linear programme", () => {
  // SparseMSE's checkident (lpSolve) reports the optimum s.
  for (const name of fixtureCases("datasets", Object.keys(rPackages.datasets) as string[], 11)) {
    const ci = rPackages.datasets[name].methods.sparsemse_checkident;
    const cases: [string, string | readonly string[], number][] = [
      ["main effects", "main", ci.main_effects.lp_objval],
      ["all two-way", "pairwise", ci.all_twoway.lp_objval],
      ["stepwise model", ci.selected_model.mX ?? [], ci.selected_model.lp_objval],
    ];
    it(`has SparseMSE's optimum on ${name} for main effects, all two-way and the stepwise model`, () => {
      const data = loadDataset(name);
      const prepared = prepareCounts(data.counts, data.lists.length);
      for (const [label, spec, expected] of cases) {
        const model = parseModel(spec, data.lists);
        const { kept, keptCells } = splitBoundary(prepared, model.parameters);
        const cells: number[] = [];
        for (let h = 1; h < prepared.size; h++) if (keptCells[h]) cells.push(h);
        const optimum = existenceLinearProgram(cells, kept, kept.map((t) => prepared.margins[t]));
        expect(Math.abs(optimum - expected), label).toBeLessThan(1e-8 + 1e-9 * expected);
      }
    });
  }
});

describe("the existence programme on the support", () => {
  /** The programme on the observed margins, by YALPS (the solver used before, an independent check). */
  function yalpsOptimum(cells: readonly number[], parameters: readonly number[], margins: readonly number[]): number {
    const constraints = new Map<string, { equal?: number; min?: number }>();
    parameters.forEach((theta, i) => constraints.set(`m${theta}`, { equal: margins[i] }));
    for (const h of cells) constraints.set(`c${h}`, { min: 0 });
    const variables = new Map<string, Map<string, number>>();
    for (const h of cells) {
      const coefficients = new Map<string, number>();
      for (const theta of parameters) if ((theta & h) === theta) coefficients.set(`m${theta}`, 1);
      coefficients.set(`c${h}`, 1);
      variables.set(`x${h}`, coefficients);
    }
    variables.set("s", new Map<string, number>(cells.map((h) => [`c${h}`, -1] as const)).set("s", 1));
    const solution = solve({ direction: "maximize", objective: "s", constraints, variables });
    expect(solution.status).toBe("optimal");
    return solution.result;
  }

  it("decides existence as YALPS does on the observed margins, on 400 random sparse tables and models", () => {
    let seed = 12345;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    let byProgramme = 0;
    let disagreements = 0;
    for (let trial = 0; trial < 400; trial++) {
      const t = 4 + (trial % 2);
      const counts = Array.from({ length: 2 ** t - 1 }, () => (random() < 0.45 ? 1 + Math.floor(random() * 30) : 0));
      const prepared = prepareCounts(counts, t);
      const catalogue = cachedCatalogue(t, undefined);
      const parameters = catalogue.models[Math.floor(random() * catalogue.models.length)];
      const split = splitBoundary(prepared, parameters);
      const check = checkExistenceCore(prepared, parameters, split);
      if (check.method !== "linear-program") continue;
      byProgramme++;
      const cells: number[] = [];
      for (let h = 1; h < prepared.size; h++) if (split.keptCells[h]) cells.push(h);
      const optimum = yalpsOptimum(cells, split.kept, split.kept.map((theta) => prepared.margins[theta]));
      if (check.mleExists !== optimum > 1e-9) disagreements++;
    }
    expect(byProgramme).toBeGreaterThan(150);
    expect(disagreements).toBe(0);
  });

  it("gives the same answer when the counts are multiplied by up to 1e12, or one cell is", () => {
    // the sparse six-list table of issue 9 (11 positive cells): its BIC model exists, a model with six pairs at A does not
    const counts = new Array<number>(63).fill(0);
    const rows: [string, number][] = [
      ["101010", 1], ["010100", 2], ["101000", 4], ["111111", 1], ["101011", 1], ["001011", 2],
      ["111000", 2], ["101101", 1], ["110101", 3], ["101111", 3], ["010110", 1],
    ];
    for (const [history, count] of rows) counts[parseInt([...history].reverse().join(""), 2) - 1] = count;
    const lists = ["A", "B", "C", "D", "E", "F"];
    let cases = 0;
    for (const [spec, status] of [["A:C + B:D + B:E + C:E + D:F + E:F", 0], ["A:B + A:C + A:D + A:E + A:F + B:C", 1]] as const) {
      const model = parseModel(spec, lists);
      const base = checkExistenceCore(prepareCounts(counts, 6), model.parameters);
      expect(base).toMatchObject({ method: "linear-program", status });
      for (const scale of [1e3, 1e7, 1e9, 1e12]) {
        expect(checkExistenceCore(prepareCounts(counts.map((c) => c * scale), 6), model.parameters).status).toBe(status);
        const oneLarge = counts.map((c, i) => (i === 4 ? c * scale : c));
        expect(checkExistenceCore(prepareCounts(oneLarge, 6), model.parameters).status).toBe(status);
        cases += 2;
      }
    }
    expect(cases).toBe(16);
  });

  it("prices cells by a subset-sum transform as it does directly", () => {
    const kept = [0, 1, 2, 4, 8, 3, 12];
    const cellsAll = Array.from({ length: 15 }, (_, i) => i + 1);
    const dual = Float64Array.from(kept, (_, i) => Math.sin(i + 1));
    const few = maskColumns(4, kept, cellsAll.slice(0, 2)); // direct sums
    const many = maskColumns(4, kept, cellsAll); // the transform
    const outFew = new Float64Array(2);
    const outMany = new Float64Array(15);
    few.price(dual, outFew);
    many.price(dual, outMany);
    const column = new Float64Array(kept.length);
    cellsAll.forEach((h, j) => {
      many.column(j, column);
      const direct = column.reduce((s, v, i) => s + v * dual[i], 0);
      expect(outMany[j]).toBeCloseTo(direct, 14);
      if (j < 2) expect(outFew[j]).toBeCloseTo(direct, 14);
    });
  });

  it("maximises the floor exactly on a small programme with a known optimum", () => {
    // two cells, one parameter (the total): z1 + z2 = 3, z ≥ s: s = 1.5
    const columns = { rows: 1, columns: 2, column: (_j: number, out: Float64Array) => (out[0] = 1), price: (y: Float64Array, out: Float64Array) => out.fill(y[0]) };
    const solution = maximiseFloor(columns, [2], [3]);
    expect(solution.positive).toBe(true);
    expect(solution.optimum).toBeCloseTo(1.5, 12);
  });
});
