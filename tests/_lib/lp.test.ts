import { describe, expect, it } from "vitest";
import { prepareCounts } from "../../src/_lib/prepared.js";
import { splitBoundary } from "../../src/_lib/poissonFit.js";
import { existenceLinearProgram } from "../../src/_lib/lp.js";
import { parseModel } from "../../src/models/loglinear/modelSpec.js";
import { fixtureCases, loadDataset, rPackages } from "../fixtures.js";

describe("the Fienberg–Rinaldo linear programme", () => {
  // SparseMSE's checkident (lpSolve) reports the optimum s; YALPS rounds it to 1e-8.
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
