import type { CaptureData } from "../../types.js";
import { validateLevels } from "../../_lib/validate.js";
import { fitLoglinear } from "./fitLoglinear.js";
import type { LoglinearEstimate } from "./types.js";

/** One candidate model of a selection, refitted: its estimate and log-normal interval. */
export interface SensitivityRow {
  /** Where the candidate stands in the selection and which model it is, e.g. `"2. [LA:NG, GO, GP]"` or `"step 1: + LA:NG"`. */
  readonly label: string;
  /** The candidate model's name. */
  readonly model: string;
  /** Whether it is the model the selection chose. */
  readonly chosen: boolean;
  /** Its estimate. */
  readonly estimate: number;
  /** The level of `lower`/`upper`. */
  readonly level: number;
  /** Lower limit of its log-normal interval. */
  readonly lower: number;
  /** Upper limit of its log-normal interval. */
  readonly upper: number;
}

/** Options of {@link modelSensitivity}. */
export interface ModelSensitivityOptions {
  /** Level of each candidate's log-normal interval. Default: the result's first level. */
  readonly level?: number;
}

/**
 * How the estimate depends on the model: every candidate the selection weighed (the ranking of an
 * exhaustive search, or each step of the stepwise path), refitted on the data, with its estimate and
 * log-normal interval. Candidates that fail the existence or identifiability check are left out.
 *
 * @param data - the capture data `result` was estimated from.
 * @param result - a log-linear estimate (from `estimate` or `estimateWithInterval`).
 * @param options - see {@link ModelSensitivityOptions}.
 * @returns one row per candidate, in the selection's order; empty for a fixed model.
 * @example
 * modelSensitivity(data, estimate(data, { select: "bic" })).map((r) => r.estimate)
 * @see docs/methodology/model-selection.md
 */
export function modelSensitivity(data: CaptureData, result: LoglinearEstimate, options: ModelSensitivityOptions = {}): SensitivityRow[] {
  const level = validateLevels(options.level ?? result.settings.level[0])[0];
  const chosen = result.model?.name;
  return candidates(result).flatMap((c) => {
    const fit = fitLoglinear(data, c.terms.length > 0 ? c.terms : "main", { level });
    if (!fit.fitted) return [];
    const i = fit.intervals[0];
    return [
      {
        label: `${c.prefix} ${c.label ?? fit.model.name}`,
        model: fit.model.name,
        chosen: fit.model.name === chosen,
        estimate: fit.estimate,
        level,
        lower: i.lower,
        upper: i.upper,
      },
    ];
  });
}

interface Candidate {
  /** Axis label; the model's name is used when absent. */
  readonly label?: string;
  readonly prefix: string;
  readonly terms: readonly string[];
}

/** The models the selection weighed: the ranking of an exhaustive search, or the stepwise path. */
function candidates(result: LoglinearEstimate): Candidate[] {
  const s = result.selection;
  if (s.method === "fixed") return [];
  if (s.method === "stepwise") {
    const steps = s.steps ?? [];
    return [
      { prefix: "start:", label: "main effects", terms: [] },
      ...steps.map((step, k) => ({ prefix: `step ${k + 1}:`, label: `+ ${step.term}`, terms: steps.slice(0, k + 1).map((x) => x.term) })),
    ];
  }
  return (s.ranking ?? []).map((r, k) => ({ prefix: `${k + 1}.`, terms: r.model.terms }));
}
