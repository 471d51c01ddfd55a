import type { CaptureData, ModelDiagnostics } from "../types.js";
import { prepareCounts } from "../_lib/prepared.js";
import { checkExistenceCore } from "../_lib/existence.js";
import { parseModel, termName, type ModelInput } from "../models/loglinear/modelSpec.js";

/** Diagnostics of {@link checkModel}, with how existence was settled. */
export interface ModelCheck extends ModelDiagnostics {
  /**
   * `"rank"` when the cells with a positive count alone pin every parameter (the MLE then exists),
   * `"linear-program"` when the Fienberg–Rinaldo programme was solved.
   */
  readonly method: "rank" | "linear-program";
  /**
   * Optimum s of the programme on the observed margins (SparseMSE's `checkident` value; 0 when the
   * MLE does not exist), when the programme was solved. Existence itself is decided on the support
   * (the same programme with every positive count set to 1), which has the same answer and does not
   * depend on the scale of the counts; `lpOptimum` is left out when the counts span so many orders
   * of magnitude that s (of the order of the smallest cells) is below the rounding of the margins.
   */
  readonly lpOptimum?: number;
}

/**
 * Check that a model's extended MLE exists and that its parameters are identifiable, with the
 * status codes of MultipleSystemsEstimation's `check_extended_MLE`: 0 fine, 1 no extended MLE,
 * 2 not identifiable, 3 both.
 *
 * Terms with a zero sufficient statistic are first set to −∞ and removed with their cells. Then
 * existence is the Fienberg & Rinaldo (2012) linear programme — maximise s such that some table on
 * the kept cells with every cell ≥ s has the observed sufficient statistics; the MLE exists iff
 * s > 0, which depends only on which cells are positive, so the programme is solved on that support
 * — and identifiability is the column rank of the design on the kept cells.
 *
 * @param data - capture data.
 * @param model - the model, e.g. `"[12,3]"`.
 * @returns the status and what lies behind it.
 * @throws {ModelSpecError} when the model does not parse.
 * @example
 * checkModel(artificial3, "[12,3]").status // 1
 * @see docs/methodology/existence.md
 */
export function checkModel(data: CaptureData, model: ModelInput): ModelCheck {
  const parsed = parseModel(model, data.lists);
  const prepared = prepareCounts(data.counts, data.lists.length);
  const check = checkExistenceCore(prepared, parsed.parameters, undefined, { optimum: true });
  return {
    status: check.status,
    mleExists: check.mleExists,
    identifiable: check.identifiable,
    emptyOverlaps: check.boundary.map((t) => termName(t, data.lists)),
    method: check.method,
    ...(check.lpOptimum !== undefined ? { lpOptimum: check.lpOptimum } : {}),
  };
}
