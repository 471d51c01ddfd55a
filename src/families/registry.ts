/**
 * The estimator registry: every estimator is a family registered here by name. The built-in
 * families are listed below; others are added at run time with {@link registerFamily}.
 */
import { OptionError } from "../errors.js";
import { loglinearFamily } from "../models/loglinear/family.js";
import { lincolnPetersenFamily } from "../models/twoList/family.js";
import { covariateFamily } from "../models/covariate/family.js";
import { closedPopulationFamily } from "../models/heterogeneity/family.js";
import { lcmcrFamily } from "../models/lcmcr/family.js";
import { modelAverageFamily } from "../models/loglinearAverage/family.js";
import { dgaFamily } from "../models/dga/family.js";
import { bayesthreshFamily } from "../models/bayesthresh/family.js";
import { randomEffectsFamily } from "../models/random-effects/family.js";
import type { EstimatorFamily, StratifiedFamily, TableFamily } from "./types.js";

/** The families that ship with prevalence, in the order `listFamilies` gives them. */
const BUILT_IN: readonly EstimatorFamily[] = [
  loglinearFamily,
  lincolnPetersenFamily,
  covariateFamily,
  closedPopulationFamily,
  lcmcrFamily,
  modelAverageFamily,
  dgaFamily,
  bayesthreshFamily,
  randomEffectsFamily,
];

const families = new Map<string, EstimatorFamily>(BUILT_IN.map((f) => [f.name, f]));

/** A registered family, as {@link listFamilies} describes it. */
export interface FamilySummary {
  /** The name to pass as `method`, e.g. `"loglinear"`. */
  readonly name: string;
  /** For people. */
  readonly title: string;
  /** `"table"`: one table, one estimate; `"stratified"`: all strata of a table at once. */
  readonly scope: "table" | "stratified";
  /** Whether it ships with prevalence. */
  readonly builtIn: boolean;
}

/**
 * Register an estimator family, so that `estimate`, `estimateWithInterval`, the bootstrap,
 * `estimateByStratum`, `estimateTrend` and `formatReport` serve it by its name.
 *
 * @param family - the family (see docs/architecture.md for what it provides).
 * @throws {OptionError} when the name is blank or already taken by another family.
 * @example
 * registerFamily(myFamily);
 * estimate(data, { method: myFamily.name });
 * @see docs/architecture.md
 */
export function registerFamily(family: EstimatorFamily): void {
  if (typeof family?.name !== "string" || family.name.trim() === "") {
    throw new OptionError(`\`family.name\` must be a non-blank string; received ${JSON.stringify(family?.name)}`);
  }
  const scope: unknown = family.scope;
  if (scope !== "table" && scope !== "stratified") {
    throw new OptionError(`\`family.scope\` must be "table" or "stratified"; received ${JSON.stringify(scope)}`);
  }
  const existing = families.get(family.name);
  if (existing !== undefined && existing !== family) {
    throw new OptionError(`a family named "${family.name}" is already registered`);
  }
  families.set(family.name, family);
}

/**
 * The registered families.
 *
 * @returns one summary per family, built-in ones first.
 * @example
 * listFamilies().map((f) => f.name) // ["loglinear", "lincoln-petersen", "covariate", …]
 */
export function listFamilies(): FamilySummary[] {
  return [...families.values()].map((f) => ({ name: f.name, title: f.title, scope: f.scope, builtIn: BUILT_IN.includes(f) }));
}

/** Whether `name` is a built-in family (worker threads know it without importing anything). */
export function isBuiltInFamily(name: string): boolean {
  return BUILT_IN.some((f) => f.name === name);
}

/** The family registered under `name`. */
export function getFamily(name: string): EstimatorFamily {
  const family = families.get(name);
  if (family === undefined) {
    throw new OptionError(`\`method\` must name a registered family (${[...families.keys()].join(", ")}); received ${JSON.stringify(name)}`);
  }
  return family;
}

/** The table family registered under `name` (one table, one estimate). */
export function getTableFamily(name: string): TableFamily {
  const family = getFamily(name);
  if (family.scope !== "table") {
    throw new OptionError(`the ${family.name} family fits all strata at once: use estimateByStratum(data, { by, method: "${family.name}" })`);
  }
  return family;
}

/** The stratified family registered under `name`. */
export function getStratifiedFamily(name: string): StratifiedFamily {
  const family = getFamily(name);
  if (family.scope !== "stratified") {
    throw new OptionError(`the ${family.name} family estimates one table: it is applied stratum by stratum (post-stratification)`);
  }
  return family;
}
