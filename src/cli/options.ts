/** The options of the command line (see the help in main.ts, which describes each once). */

import { BAYESIAN_FLAGS } from "./bayesianFlags.js";

/** The command line's options, for node:util's parseArgs. */
export const OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
  method: { type: "string" },
  estimator: { type: "string" },
  model: { type: "string" },
  select: { type: "string" },
  "max-order": { type: "string" },
  "p-threshold": { type: "string" },
  level: { type: "string", multiple: true },
  format: { type: "string" },
  output: { type: "string", short: "o" },
  dataset: { type: "string" },
  strata: { type: "string" },
  trend: { type: "string" },
  count: { type: "string" },
  lists: { type: "string" },
  omit: { type: "string" },
  merge: { type: "string", multiple: true },
  covariates: { type: "string" },
  "merge-duplicates": { type: "boolean" },
  sheet: { type: "string" },
  ci: { type: "string" },
  replicates: { type: "string" },
  seed: { type: "string" },
  threads: { type: "string" },
  top: { type: "string" },
  nested: { type: "boolean" },
  resampling: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  heterogeneity: { type: "string" },
  theta: { type: "string" },
  "counts-by-captures": { type: "boolean" },
  occasions: { type: "string" },
  t0: { type: "string" },
  "max-ratio": { type: "string" },
  classes: { type: "string" },
  chains: { type: "string" },
  burnin: { type: "string" },
  samples: { type: "string" },
  thinning: { type: "string" },
  ...BAYESIAN_FLAGS,
  random: { type: "string" },
  structure: { type: "string" },
  link: { type: "string" },
  draws: { type: "string" },
  histories: { type: "string" },
  clusters: { type: "string" },
  review: { type: "string" },
} as const;

/** The options of `estimate --link` only. */
export const LINK_OPTIONS = ["draws", "histories", "clusters", "review"] as const;

/** The options of `--method lcmcr` only. */
export const LCMCR_OPTIONS = ["classes", "chains", "burnin", "samples", "thinning"] as const;
