/**
 * Internal consistency (Binette & Steorts 2022) on UKdat_5, Ned_5, NewOrl_5_185 and Western: each
 * list in turn is taken as a population of known size and estimated from the other lists; per
 * method, the mean log relative bias and the coverage beside the paper's published summary.
 *
 *   npx tsx examples/consistency.ts [replicates=1000]
 *
 * Methods as in the paper's analysis (MSETools): "independence" is the main-effects model with a
 * profile-likelihood interval; "stepwise" is SparseMSE's stepwise selection with the BCa interval
 * re-selecting in every replicate (R's nonparametric scheme, as the paper used). Their LCMCR row:
 * add "lcmcr" to `methods` (registered; its MCMC takes tens of seconds per reference list, so it is
 * left out of the default run); dga with its defaults and posterior interval.
 */
import { internalConsistency, summariseConsistency, type ConsistencyRow } from "../src/index.js";
import { loadDataset } from "../src/datasets/index.js";

const replicates = Number(process.argv[2] ?? 1000);
const datasets = ["UKdat_5", "Ned_5", "NewOrl_5_185", "Western"];
const routes = [{ method: "independence", family: "loglinear", options: { model: "main" }, interval: "profile" as const }];
const methods = ["independence", "stepwise", "bic-average", "dga"];
// Binette & Steorts (2022), the internal-consistency summary over their five datasets (lists with
// at least 30 members on other lists): mean log relative bias and coverage of 95% intervals.
const published: Record<string, { meanLogRelativeBias: number; coverage: number }> = {
  independence: { meanLogRelativeBias: -0.29, coverage: 0.88 },
  stepwise: { meanLogRelativeBias: -0.17, coverage: 0.9 },
  dga: { meanLogRelativeBias: -0.34, coverage: 0.8 },
  lcmcr: { meanLogRelativeBias: -0.52, coverage: 0.6 },
};
const rows: ConsistencyRow[] = [];
for (const name of datasets) {
  const c = await internalConsistency(loadDataset(name), { methods, routes, replicates, seed: 1234, resampling: "nonparametric" });
  rows.push(...c.lists);
  console.log(`\n${name}`);
  console.log("method         list     size  observed  estimate   95% interval        covered  log rel. bias");
  for (const r of c.lists) {
    const interval = r.lower === null ? "–" : `[${Math.round(r.lower)}, ${Math.round(r.upper as number)}]`;
    console.log(
      `${r.method.padEnd(14)} ${r.list.padEnd(7)} ${String(r.size).padStart(5)} ${String(r.observed).padStart(9)} ${r.estimate === null ? "–".padStart(9) : String(Math.round(r.estimate)).padStart(9)}   ${interval.padEnd(18)}  ${r.covered === null ? "–" : r.covered ? "yes" : "no "}      ${r.logRelativeBias === null ? "–" : r.logRelativeBias.toFixed(2)}`,
    );
  }
}
console.log("\nSummary over the four datasets beside Binette & Steorts (2022; their five datasets, other versions)");
console.log("method         lists  mean LRB  (published)  RMSE LRB  coverage  (published)");
for (const method of methods) {
  const s = summariseConsistency(method, rows.filter((r) => r.method === method));
  const p = published[method];
  console.log(
    `${method.padEnd(14)} ${String(s.lists).padStart(5)}  ${s.meanLogRelativeBias?.toFixed(2).padStart(8)}  ${(p ? p.meanLogRelativeBias.toFixed(2) : "–").padStart(11)}  ${s.rmseLogRelativeBias?.toFixed(2).padStart(8)}  ${s.coverage?.toFixed(2).padStart(8)}  ${(p ? p.coverage.toFixed(2) : "–").padStart(11)}`,
  );
}
