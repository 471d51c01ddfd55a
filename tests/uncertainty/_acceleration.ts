/** The jackknife acceleration against MultipleSystemsEstimation's, shared by bootstrapInterval.test.ts and its slow twin. */
import { expect } from "vitest";
import { bootstrapInterval, type BootstrapResult } from "../../src/uncertainty/bootstrapInterval.js";
import { loadDataset, mse, relativeError } from "../fixtures.js";

// The jackknife acceleration is deterministic. Run with R's glm stopping rule, our estimates carry
// the same convergence error as the R packages' and â agrees to 1e-9 (observed: < 1e-11). With the
// default tight stopping it differs from R's by R's own convergence error, which the jackknife's
// small differences amplify to at most ~1e-7 on these data.
export const EXACT = 1e-9;
export const SOLVER = 2e-7;

export async function acceleration(name: string, options: Parameters<typeof bootstrapInterval>[1]): Promise<BootstrapResult> {
  // R's scheme (n fixed): the acceleration compared with R's is that of its jackknife
  return bootstrapInterval(loadDataset(name), { replicates: 1, threads: 1, resampling: "nonparametric", ...options });
}

export function bicAccelerationTitle(name: string): string {
  const bic = mse.datasets[name].bic.bootstrap;
  return `${name}, BIC top ${bic.ntop_used}: â for every nested row (top 1 … top ${bic.ntop_used})`;
}

/** â of every nested row of the BIC top-k bootstrap, and the rows' models, against the reference. */
export async function checkBicAcceleration(name: string): Promise<void> {
  const bic = mse.datasets[name].bic.bootstrap;
  const r = await acceleration(name, { select: "bic", top: bic.ntop_used, nested: true, stopping: "glm" });
  const rows = r.nested ?? [];
  expect(rows).toHaveLength(bic.ahat_all.length);
  rows.forEach((row, k) => expect(relativeError(row.acceleration as number, bic.ahat_all[k]), `top ${k + 1}`).toBeLessThan(EXACT));
  expect(relativeError(r.acceleration as number, bic.ahat_final)).toBeLessThan(EXACT);
  // the nested rows name the retained models in rank order
  expect(rows.map((row) => row.model.hierarchy)).toEqual(bic.BCa_matrix.rownames);
}
