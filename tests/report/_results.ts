/** Hand-made stratified and trend results for the report tests, shaped as src/strata/types.ts says. */
import type { StratifiedEstimate, TrendEstimate } from "../../src/strata/types.js";

/** Two regions, one with a comma, a quote and markup in its name, and a stratum with no estimate. */
export const stratified: StratifiedEstimate = {
  kind: "strata",
  family: "loglinear",
  method: "post-stratified",
  by: ["region", "sector"],
  strata: [
    {
      stratum: { region: "north", sector: "farm" },
      estimate: 1520.4,
      observed: 800,
      unobserved: 720.4,
      model: { name: "[A:B, C]", terms: ["A:B"], hierarchy: "[12,3]" },
      intervals: [{ method: "lognormal", level: 0.95, lower: 1200.2, upper: 2100.7 }],
      warnings: [],
    },
    {
      stratum: { region: 'south, "coast" <b>&', sector: "factory" },
      estimate: 2404.9,
      observed: 1100,
      unobserved: 1304.9,
      model: { name: "[A, B, C]", terms: [], hierarchy: "[1,2,3]" },
      intervals: [{ method: "lognormal", level: 0.95, lower: 1900.1, upper: 3300.3 }],
      warnings: [],
    },
    {
      stratum: { region: "east", sector: "farm" },
      estimate: null,
      observed: 12,
      unobserved: null,
      model: null,
      intervals: [],
      warnings: [{ code: "STRATUM_NO_VALID_MODEL", message: "no model passed the check in this stratum" }],
    },
  ],
  total: {
    estimate: 3925.3,
    observed: 1912,
    intervals: [{ method: "lognormal", level: 0.95, lower: 3300.5, upper: 5000.9 }],
    warnings: [],
  },
  warnings: [],
  settings: { seed: 7, level: [0.95] },
};

/** Three years with a change table and a slope. */
export const trend: TrendEstimate = {
  kind: "trend",
  family: "loglinear",
  period: "year",
  periods: [
    { period: "2019", estimate: 1000.5, observed: 400, unobserved: 600.5, ratio: 2.5, model: { name: "[A:B, C]", terms: ["A:B"], hierarchy: "[12,3]" }, intervals: [{ method: "bca", level: 0.95, lower: 800.25, upper: 1400.75 }], warnings: [] },
    { period: "2020", estimate: 1300.25, observed: 500, unobserved: 800.25, ratio: 2.6, model: { name: "[A:B, C]", terms: ["A:B"], hierarchy: "[12,3]" }, intervals: [{ method: "bca", level: 0.95, lower: 1000.5, upper: 1800.5 }], warnings: [] },
    { period: "2021", estimate: 1650.75, observed: 610, unobserved: 1040.75, ratio: 2.71, model: { name: "[A, B, C]", terms: [], hierarchy: "[1,2,3]" }, intervals: [{ method: "bca", level: 0.95, lower: 1250.5, upper: 2300.25 }], warnings: [] },
  ],
  changes: [
    { from: "2019", to: "2020", difference: 299.75, intervals: [{ method: "bca", level: 0.95, lower: -150.5, upper: 800.5 }] },
    { from: "2020", to: "2021", difference: 350.5, intervals: [{ method: "bca", level: 0.95, lower: -120.25, upper: 900.75 }] },
    { from: "2019", to: "2021", difference: 650.25, intervals: [{ method: "bca", level: 0.95, lower: 100.5, upper: 1300.25 }] },
  ],
  slope: { estimate: 325.125, intervals: [{ method: "bca", level: 0.95, lower: 40.5, upper: 650.25 }] },
  warnings: [],
  settings: { seed: 1234, replicates: 200, level: [0.95] },
};
