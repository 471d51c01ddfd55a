/**
 * Ranking on prepared counts: the internal twin of {@link rankModels} that the bootstrap's
 * replicates, model averaging and the selection routines share (private: not exported from the package).
 */
import type { PreparedCounts } from "../_lib/prepared.js";
import { fitPoissonLoglinear, splitBoundary, type PoissonFit } from "../_lib/poissonFit.js";
import { checkExistenceCore } from "../_lib/existence.js";
import type { Catalogue } from "./enumerateModels.js";

/** Internal: a ranked entry with its masks, for the selection routines. */
export interface RankedEntry {
  readonly parameters: readonly number[];
  readonly estimate: number;
  readonly bic: number;
  readonly aic: number;
  readonly logLikelihood: number;
}

/**
 * Rank a catalogue on prepared counts (shared with the bootstrap). Each fit starts from the fit of
 * its parent (the model less its last term) when that parent was fitted: Newton then begins at the
 * parent's MLE and needs fewer iterations; the converged MLE is the same.
 */
export function rankPrepared(
  prepared: PreparedCounts,
  catalogue: Catalogue,
  criterion: "bic" | "aic",
): { entries: RankedEntry[]; skipped: Record<1 | 2 | 3, number>; fits: (PoissonFit | undefined)[] } {
  const skipped: Record<1 | 2 | 3, number> = { 1: 0, 2: 0, 3: 0 };
  const entries: RankedEntry[] = [];
  const logN = Math.log(prepared.observed);
  const { models, parents } = catalogue;
  const fits: (PoissonFit | undefined)[] = new Array(models.length);
  // models without an extended MLE: their children that add a term with a positive margin lack one too
  const lacksMle = new Uint8Array(models.length);
  for (let index = 0; index < models.length; index++) {
    const parameters = models[index];
    const split = splitBoundary(prepared, parameters);
    const parent = parents[index];
    const subModelLacksMle =
      parent >= 0 && parent < index && lacksMle[parent] === 1 && prepared.margins[parameters[parameters.length - 1]] > 0;
    const check = checkExistenceCore(prepared, parameters, split, { subModelLacksMle });
    if (!check.mleExists) lacksMle[index] = 1;
    if (check.status !== 0) {
      skipped[check.status]++;
      continue;
    }
    const fit = fitPoissonLoglinear(prepared, parameters, {
      covariance: false,
      start: parent >= 0 ? fits[parent] : undefined,
      split,
      identifiable: true,
    });
    if (!fit.nonsingular) {
      skipped[2]++;
      continue;
    }
    fits[index] = fit;
    const p = parameters.length;
    entries.push({
      parameters,
      estimate: prepared.observed + fit.mu[0],
      bic: p * logN - 2 * fit.logLikelihood,
      aic: 2 * p - 2 * fit.logLikelihood,
      logLikelihood: fit.logLikelihood,
    });
  }
  const key = criterion === "bic" ? "bic" : "aic";
  const order = entries.map((_, i) => i);
  order.sort((a, b) => entries[a][key] - entries[b][key] || a - b);
  return { entries: order.map((i) => entries[i]), skipped, fits };
}
