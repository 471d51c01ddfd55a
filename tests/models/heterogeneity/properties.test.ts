import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fitCore, historyTable, type CellTable, type ModelSpec } from "../../../src/models/heterogeneity/_core.js";
import { closedPopulationModels } from "../../../src/models/heterogeneity/closedPopulationModels.js";
import { fitClosedPopulationModel } from "../../../src/models/heterogeneity/fitClosedPopulationModel.js";
import { parseHeterogeneity } from "../../../src/models/heterogeneity/heterogeneityColumn.js";
import type { CaptureData } from "../../../src/types.js";
import { loadDataset, relativeError } from "../../fixtures.js";

const FORMS = ["chao", "poisson", "darroch", "gamma"] as const;

/** The same people with the lists in another order: new list j is old list perm[j]. */
function permuteLists(data: CaptureData, perm: readonly number[]): CaptureData {
  const t = data.lists.length;
  const counts = new Array<number>(2 ** t - 1).fill(0);
  for (let h = 1; h < 2 ** t; h++) {
    let g = 0;
    for (let j = 0; j < t; j++) if (h & (1 << perm[j])) g |= 1 << j;
    counts[g - 1] = data.counts[h - 1];
  }
  return { lists: perm.map((j) => data.lists[j]), counts, observed: data.observed };
}

describe("each heterogeneity model nests Mt (and Mh nests M0) when its heterogeneity parameter is zero", () => {
  for (const name of ["UKdat_5", "Kosovo", "Western"]) {
    it(`${name}: fitted to Mt's (M0's) own fitted counts, Mth (Mh) puts its heterogeneity at 0 and gives Mt's (M0's) estimate`, () => {
      const data = loadDataset(name);
      const observedTable = historyTable(data.counts, data.lists);
      let checked = 0;
      for (const base of ["Mt", "M0"] as const) {
        const plain = fitCore(observedTable, { base: { kind: base }, heterogeneity: null }, { stopping: "tight" });
        // a table that the model without heterogeneity fits exactly
        const exact: CellTable = { ...observedTable, y: Float64Array.from(plain.glm.mu) };
        for (const form of FORMS) {
          const spec: ModelSpec = { base: { kind: base }, heterogeneity: parseHeterogeneity(form) };
          const fit = fitCore(exact, spec, { stopping: "tight", constrain: false });
          const start = fit.built.heterogeneityStart;
          for (let c = start; c < fit.glm.coefficients.length; c++) expect(Math.abs(fit.glm.coefficients[c]), `${base} ${form}`).toBeLessThan(1e-7);
          expect(relativeError(fit.result.estimate!, plain.result.estimate!), `${base} ${form}`).toBeLessThan(1e-9);
          expect(fit.glm.deviance).toBeLessThan(1e-8);
          // on the observed data the heterogeneity model can only fit better (lower deviance)
          const observed = fitCore(observedTable, spec, { stopping: "tight", constrain: false });
          expect(observed.glm.deviance).toBeLessThanOrEqual(plain.glm.deviance + 1e-8);
          checked++;
        }
      }
      expect(checked).toBe(8);
    });
  }
});

describe("the estimates do not change when the lists are permuted", () => {
  it("every model but Mb and Mbh (whose lists are ordered occasions), on random permutations of four datasets", () => {
    const names = ["Kosovo", "Western", "MY5", "UKdat_5"];
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.integer({ min: 0, max: 10_000 }), (name, seed) => {
        const data = loadDataset(name);
        const t = data.lists.length;
        const perm = Array.from({ length: t }, (_, j) => j);
        let state = seed + 1;
        for (let i = t - 1; i > 0; i--) {
          state = (state * 16807) % 2147483647;
          const j = state % (i + 1);
          [perm[i], perm[j]] = [perm[j], perm[i]];
        }
        const a = closedPopulationModels(data).models;
        const b = closedPopulationModels(permuteLists(data, perm)).models;
        for (let i = 0; i < a.length; i++) {
          if (a[i].name === "Mb" || a[i].name === "Mbh") continue;
          // glm's stopping rule makes the numbers depend on rounding at ~1e-10, not on the order
          expect(relativeError(b[i].estimate!, a[i].estimate!), `${name} ${a[i].name}`).toBeLessThan(1e-8);
          expect(Math.abs(b[i].fit!.deviance - a[i].fit!.deviance)).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 8, seed: 42 },
    );
  });

  it("a log-linear model with a heterogeneity column, its terms renamed with the lists", () => {
    const data = loadDataset("Kosovo");
    const perm = [2, 0, 3, 1];
    const permuted = permuteLists(data, perm);
    const a = fitClosedPopulationModel(data, { model: "EXH:ABA + EXH:OSCE", heterogeneity: "darroch" });
    const b = fitClosedPopulationModel(permuted, { model: "EXH:ABA + EXH:OSCE", heterogeneity: "darroch" });
    expect(relativeError(b.estimate!, a.estimate!)).toBeLessThan(1e-8);
  });
});
