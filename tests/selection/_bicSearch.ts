/** MultipleSystemsEstimation's BIC searches, checked in rankModels.test.ts (3–5 lists) and rankModels.slow.test.ts (6 lists). */
import { expect } from "vitest";
import { rankModels } from "../../src/selection/rankModels.js";
import { parseModel } from "../../src/models/loglinear/modelSpec.js";
import { fixtureCases, loadDataset, mse, relativeError } from "../fixtures.js";

const TOL = 1e-6;

/** Compare models as sets of generators, not as text. */
function sameModel(hierarchy: string, lists: readonly string[], reference: string): boolean {
  const a = parseModel(hierarchy, lists).parameters;
  const b = parseModel(reference, lists).parameters;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The datasets with a BIC search in the reference (8: Artificial_3 has none), split at 6 lists. */
export function bicSearchCases(): { quick: readonly string[]; slow: readonly string[] } {
  const names = (Object.keys(mse.datasets) as string[]).filter((n) => typeof mse.datasets[n].bic?.model === "string");
  const all = fixtureCases("BIC searches (Artificial_3 has none)", names, 8);
  const six = (name: string): boolean => loadDataset(name).lists.length >= 6;
  return { quick: all.filter((n) => !six(n)), slow: fixtureCases("6-list BIC searches", all.filter(six), 2) };
}

export function bicSearchTitle(name: string): string {
  const ref = mse.datasets[name].bic;
  return `${name}: ${ref.n_models_valid} of ${ref.n_models_in_catalogue} models valid, selects ${ref.model} with estimate ${ref.popest.toFixed(2)}`;
}

/** The catalogue size, the valid models, the selected model and the top ten with their BIC and estimate. */
export function checkBicSearch(name: string): void {
  const ref = mse.datasets[name].bic;
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
}
