import { describe, expect, it } from "vitest";
import { rankModels } from "../../src/selection/rankModels.js";
import { enumerateModels } from "../../src/selection/enumerateModels.js";
import { loadDataset } from "../fixtures.js";
import { bicSearchCases, bicSearchTitle, checkBicSearch } from "./_bicSearch.js";


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
    // one assertion over the whole catalogue (a per-subset expect costs seconds)
    const open: string[] = [];
    for (const m of models) {
      const set = new Set(m);
      for (const theta of m) for (let s = theta; s > 0; s = (s - 1) & theta) if (!set.has(s)) open.push(`${m.join(",")} lacks ${s}`);
      if (set.has(31)) open.push(`${m.join(",")} has the five-way term`);
    }
    expect(open).toEqual([]);
  });

  it("rejects an order below 1", () => {
    expect(() => enumerateModels(4, { maxOrder: 0 })).toThrow(/maxOrder/);
  });
});

describe("rankModels reproduces MultipleSystemsEstimation's BIC search", () => {
  // the two 6-list searches (32,768 models each) run in rankModels.slow.test.ts
  const { quick } = bicSearchCases();
  for (const name of quick) it(bicSearchTitle(name), () => checkBicSearch(name));

  it("ranks by AIC when asked, and the AIC order is sorted", () => {
    const ranking = rankModels(loadDataset("Kosovo"), { criterion: "aic" });
    for (let i = 1; i < ranking.models.length; i++) {
      expect(ranking.models[i].aic).toBeGreaterThanOrEqual(ranking.models[i - 1].aic);
    }
  });
});
