/**
 * The routes {@link compareMethods} runs within each registered family: log-linear stepwise, BIC,
 * AIC and main effects; the BIC-weighted model average; the two-list estimator; Rcapture's
 * closed-population models (M0 … Mbh with their heterogeneity forms); the Bayesian families
 * (bayesthresh, dga, lcmcr) with their defaults, once they are registered. A family registered later
 * appears on its own: with the routes it declares (`comparisonRoutes` on the family), with the
 * routes this table keeps for its name, or else with one route of its defaults.
 */
import type { CaptureData } from "../types.js";
import type { ComparisonRoute } from "../families/types.js";

export type { ComparisonRoute };
import { getFamily, listFamilies } from "../families/registry.js";

/** Rcapture's closed-population models (`closedp.t`), by the names it prints. */
const CLOSED_POPULATION: readonly { readonly method: string; readonly model: string; readonly heterogeneity?: string }[] = [
  { method: "M0", model: "M0" },
  { method: "Mt", model: "Mt" },
  { method: "Mh Chao (LB)", model: "Mh", heterogeneity: "chao" },
  { method: "Mh Poisson2", model: "Mh", heterogeneity: "poisson" },
  { method: "Mh Darroch", model: "Mh", heterogeneity: "darroch" },
  { method: "Mh Gamma3.5", model: "Mh", heterogeneity: "gamma" },
  { method: "Mth Chao (LB)", model: "Mth", heterogeneity: "chao" },
  { method: "Mth Poisson2", model: "Mth", heterogeneity: "poisson" },
  { method: "Mth Darroch", model: "Mth", heterogeneity: "darroch" },
  { method: "Mth Gamma3.5", model: "Mth", heterogeneity: "gamma" },
  { method: "Mb", model: "Mb" },
  { method: "Mbh", model: "Mbh" },
];

function closedPopulationRoutes(family: string): ComparisonRoute[] {
  return CLOSED_POPULATION.map((m) => ({
    method: m.method,
    family,
    options: { model: m.model, ...(m.heterogeneity ? { heterogeneity: m.heterogeneity } : {}) },
    interval: "profile" as const,
  }));
}

/**
 * Routes kept here by family name, for families that do not declare their own. Families of this
 * table that are not registered are skipped.
 */
const ROUTE_TABLE: Readonly<Record<string, (data: CaptureData) => ComparisonRoute[]>> = {
  loglinear: (data) => [
    { method: "stepwise", family: "loglinear", options: { select: "stepwise" }, interval: "bootstrap" },
    ...(data.lists.length <= 6
      ? [
          { method: "bic", family: "loglinear", options: { select: "bic" }, interval: "bootstrap" as const },
          { method: "aic", family: "loglinear", options: { select: "aic" }, interval: "bootstrap" as const },
        ]
      : []),
    { method: "main", family: "loglinear", options: { model: "main" }, interval: "bootstrap" },
  ],
  // averaging over the whole catalogue in every replicate is slow: the bootstrap re-weighs the
  // best 100 models of the original data (MultipleSystemsEstimation's default for 5–6 lists)
  "loglinear-average": (data) =>
    data.lists.length >= 3 && data.lists.length <= 6
      ? [{ method: "bic-average", family: "loglinear-average", options: { criterion: "bic", top: 100 }, interval: "bootstrap" }]
      : [],
  "lincoln-petersen": (data) =>
    data.lists.length === 2 ? [{ method: "lincoln-petersen", family: "lincoln-petersen", interval: "bootstrap" }] : [],
  // Rcapture's closed-population models (closedp.t's rows), with their profile-likelihood intervals
  "closed-population": () => closedPopulationRoutes("closed-population"),
  bayesthresh: () => [{ method: "bayesthresh", family: "bayesthresh", interval: "posterior" }],
  dga: () => [{ method: "dga", family: "dga", interval: "posterior" }],
  lcmcr: () => [{ method: "lcmcr", family: "lcmcr", interval: "posterior" }],
  // fits all strata at once: not a method for one table
  covariate: () => [],
};

/**
 * The routes a comparison runs on `data`: for every registered table family, the routes it declares,
 * else those of the table above, else one route with its defaults (named after the family).
 *
 * @param data - the capture data to compare methods on.
 * @returns the routes, in the registry's order of families.
 * @example
 * comparisonRoutes(data).map((r) => r.method) // ["stepwise", "bic", "aic", "main", "bic-average", …]
 * @see docs/methodology/review.md
 */
export function comparisonRoutes(data: CaptureData): ComparisonRoute[] {
  const routes: ComparisonRoute[] = [];
  for (const summary of listFamilies()) {
    if (summary.scope !== "table") continue;
    const family = getFamily(summary.name);
    if (typeof family.comparisonRoutes === "function") routes.push(...family.comparisonRoutes(data));
    else if (ROUTE_TABLE[summary.name] !== undefined) routes.push(...ROUTE_TABLE[summary.name](data));
    else routes.push({ method: summary.name, family: summary.name, interval: "bootstrap" });
  }
  return routes;
}
