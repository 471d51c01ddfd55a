import { describe, expect, it } from "vitest";
import { closedPopulationModels } from "../../../src/models/heterogeneity/closedPopulationModels.js";
import { fitClosedPopulationModel } from "../../../src/models/heterogeneity/fitClosedPopulationModel.js";
import { biasCorrectedEstimate } from "../../../src/models/heterogeneity/biasCorrectedEstimate.js";
import { readCaptureCsv } from "../../../src/data/readCaptureCsv.js";
import { fixtureCases, fixtureCsv, loadDataset } from "../../fixtures.js";

// Tables without reference numbers (Korea, HIV, lesbian, New Orleans 186, and Rcapture's animal
// examples): what works on the reference datasets must run here too — every number finite or
// null with a warning, every estimate at least the number observed, the results plain JSON.
const NAMES = ["Korea", "HIV", "lesbian", "NewOrl", "NewOrl_5"];
const RCAPTURE = ["hare", "duck", "bunting", "mvole_period3", "rbvole_period1"];

function finiteOrNull(value: unknown, path: string): void {
  if (typeof value === "number") expect(Number.isFinite(value), path).toBe(true);
  else if (Array.isArray(value)) value.forEach((v, i) => finiteOrNull(v, `${path}[${i}]`));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) finiteOrNull(v, `${path}.${k}`);
}

describe("the closed-population family on tables without reference numbers", () => {
  const tables = fixtureCases("tables", [...NAMES.map((n) => [n, loadDataset(n)] as const), ...RCAPTURE.map((n) => [n, readCaptureCsv(fixtureCsv(`rcapture/${n}.csv`))] as const)], 10);
  for (const [name, data] of tables) {
    it(`${name} (${data.lists.length} lists, ${data.observed} observed): the table, a profile interval and a bias correction`, () => {
      const table = closedPopulationModels(data);
      expect(table.models).toHaveLength(12);
      finiteOrNull(table, name);
      expect(JSON.parse(JSON.stringify(table))).toEqual(table);
      for (const m of table.models) {
        if (m.estimate === null) expect(m.warnings.length, m.name).toBeGreaterThan(0);
        else expect(m.estimate, m.name).toBeGreaterThanOrEqual(data.observed);
      }
      const profiled = fitClosedPopulationModel(data, { model: "Mth", heterogeneity: "darroch", interval: "profile" });
      finiteOrNull(profiled, name);
      if (profiled.estimate !== null && profiled.intervals.length > 0) expect(profiled.intervals[0].lower).toBeLessThanOrEqual(profiled.estimate);
      const bc = biasCorrectedEstimate(data, { model: "Mh", heterogeneity: "poisson" });
      finiteOrNull(bc, name);
    });
  }
});
