import { describe, expect, it } from "vitest";
import { rankModels } from "../../src/selection/rankModels.js";
import { enumerateModels } from "../../src/selection/enumerateModels.js";
import { parseModel } from "../../src/models/loglinear/modelSpec.js";
import { fixtureCases, loadDataset, mse, relativeError } from "../fixtures.js";

const TOL = 1e-6;

/** Compare models as sets of generators, not as text. */
function sameModel(hierarchy: string, lists: readonly string[], reference: string): boolean {
  const a = parseModel(hierarchy, lists).parameters;
  const b = parseModel(reference, lists).parameters;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

describe("enumerateModels", () => {
  it.each([
    [3, 2, 8],
    [4, 3, 113],
    [5, 3, 6212],
    [5, 4, 6893],
    [6, 2, 32768],
    [4, 2, 64],
    [5, 2, 1024],
  ])("has the catalogue size of MultipleSystemsEstimation for %i lists up to order %i: %i models", (t, order, count) => {
    expect(enumerateModels(t, { maxOrder: order })).toHaveLength(count);
  });

  it("lists every model once, each closed under subsets", () => {
    const models = enumerateModels(5, { maxOrder: 4 });
    const keys = new Set(models.map((m) => m.join(",")));
    expect(keys.size).toBe(models.length);
    for (const m of models) {
      const set = new Set(m);
      for (const theta of m) for (let s = theta; s > 0; s = (s - 1) & theta) expect(set.has(s)).toBe(true);
      expect(set.has(31)).toBe(false);
    }
  });

  it("rejects an order below 1", () => {
    expect(() => enumerateModels(4, { maxOrder: 0 })).toThrow(/maxOrder/);
  });
});

describe("rankModels reproduces MultipleSystemsEstimation's BIC search", () => {
  const names = (Object.keys(mse.datasets) as string[]).filter((n) => typeof mse.datasets[n].bic?.model === "string");
  for (const name of fixtureCases("BIC searches (Artificial_3 has none)", names, 8)) {
    const ref = mse.datasets[name].bic;
    it(`${name}: ${ref.n_models_valid} of ${ref.n_models_in_catalogue} models valid, selects ${ref.model} with estimate ${ref.popest.toFixed(2)}`, () => {
      const data = loadDataset(name);
      const ranking = rankModels(data);
      expect(ranking.considered).toBe(ref.n_models_in_catalogue);
      expect(ranking.models).toHaveLength(ref.n_models_valid);
      expect(ranking.maxOrder).toBe(ref.maxorder_used);
      const best = ranking.models[0];
      expect(sameModel(best.model.hierarchy, data.lists, ref.model)).toBe(true);
      expect(relativeError(best.estimate, ref.popest)).toBeLessThan(TOL);
      expect(relativeError(best.bic, ref.BIC)).toBeLessThan(TOL);
      ref.top_models.forEach((top: { model: string; abundance: number; BIC: number }, i: number) => {
        const ours = ranking.models[i];
        expect(sameModel(ours.model.hierarchy, data.lists, top.model), `rank ${i + 1}`).toBe(true);
        expect(relativeError(ours.estimate, top.abundance)).toBeLessThan(TOL);
        expect(relativeError(ours.bic, top.BIC)).toBeLessThan(TOL);
      });
    });
  }

  it("ranks by AIC when asked, and the AIC order is sorted", () => {
    const ranking = rankModels(loadDataset("Kosovo"), { criterion: "aic" });
    for (let i = 1; i < ranking.models.length; i++) {
      expect(ranking.models[i].aic).toBeGreaterThanOrEqual(ranking.models[i - 1].aic);
    }
  });
});
