import type { CaptureData, EstimateWarning, ModelDescription, ModelDiagnostics } from "./types.js";
import { prepareCounts } from "./_lib/prepared.js";
import { validateLevels } from "./_lib/validate.js";
import { fitPreparedModel, type LoglinearFit, type UnfittedModel } from "./models/loglinear/fitLoglinear.js";
import { parseModel, type ModelInput } from "./models/loglinear/modelSpec.js";
import { selectPrepared, type ModelSelection, type SelectionMethod } from "./selection/selectModel.js";
import { lincolnPetersen, type TwoListEstimate } from "./models/twoList/lincolnPetersen.js";
import { dropNoninformativeLists } from "./data/dropNoninformativeLists.js";
import { VERSION } from "./version.js";

/** Options of {@link estimate}. */
export interface EstimateOptions {
  /** A fixed model (`"LA:NG + NG:GP"`, `"[12,23]"`, `"main"`); when given, no selection is run. */
  readonly model?: ModelInput;
  /** Model selection when no `model` is given. Default `"auto"`. */
  readonly select?: SelectionMethod;
  /** Highest interaction order for exhaustive selection. */
  readonly maxOrder?: number;
  /** Stepwise threshold. Default 0.02. */
  readonly pThreshold?: number;
  /** Interval level(s). Default 0.95. */
  readonly level?: number | readonly number[];
}

/** How the estimate was made: every option that shaped it, and the library version. */
export interface EstimateSettings {
  /** The selection method that ran (`auto` resolved), or `"fixed"` when a `model` was given. */
  readonly method: "fixed" | "bic" | "aic" | "stepwise";
  /** The `select` option as given (`"auto"` by default), or `"fixed"` when a `model` was given. */
  readonly requested: string;
  /** Exhaustive (BIC/AIC) selection: the highest interaction order in the catalogue searched. */
  readonly maxOrder?: number;
  /** Stepwise selection: the p-value threshold used. */
  readonly pThreshold?: number;
  /** Interval level(s), each strictly between 0 and 1. */
  readonly level: readonly number[];
  /** Version of prevalence that made the estimate. */
  readonly version: string;
  /** Set by {@link estimateWithInterval}: the interval method and the bootstrap's settings. */
  readonly ci?: string;
  /** Bootstrap intervals only: the seed of the random streams (default 1234). */
  readonly seed?: number | string;
  /** Bootstrap intervals only: the number of replicates. */
  readonly replicates?: number;
  /** Bootstrap intervals only: the worker threads allowed (the numbers do not depend on it). */
  readonly threads?: number;
  /** Bootstrap intervals only: how the replicates were drawn. */
  readonly resampling?: "nonparametric" | "parametric";
  /** Bootstrap with `top` only: re-selection among the best `top` models of the original data. */
  readonly top?: number;
  /** With `ci: "profile"`: the multinomial profile maximum (which differs slightly from `estimate`). */
  readonly profileEstimate?: number | null;
}

/** What {@link estimate} adds to every result: how the model was chosen, the two-list estimates and the settings. */
export interface EstimateExtras {
  /** How the model was chosen (for a fixed model: `{ method: "fixed" }`). */
  readonly selection: ModelSelection | {
    /** No selection ran: the model was given. */
    readonly method: "fixed";
    /** Always empty: the fit's warnings are in the result's `warnings`. */
    readonly warnings: readonly EstimateWarning[];
  };
  /** Lincoln–Petersen and Chapman, for two-list data. */
  readonly twoList?: TwoListEstimate;
  /** How the estimate was made: every option that shaped it, and the library version. */
  readonly settings: EstimateSettings;
}

/** A population estimate from {@link estimate}: the fitted model's result plus how it was chosen. */
export type PopulationEstimate = (LoglinearFit & EstimateExtras) | (UnfittedModel & EstimateExtras) | NoModelEstimate;

/** No model could be fitted (no candidate passed the existence/identifiability check). */
export interface NoModelEstimate extends EstimateExtras {
  /** Always false: no model was fitted. */
  readonly fitted: false;
  /** Always null: no estimate exists. */
  readonly estimate: null;
  /** People observed on at least one list. */
  readonly observed: number;
  /** Always null: no candidate model passed the existence/identifiability check. */
  readonly model: null;
  /** Always null: `selection` tells how many models were skipped and why. */
  readonly diagnostics: null;
  /** `NO_VALID_MODEL`, with any list warnings (`NONINFORMATIVE_LIST`, `NO_OVERLAP`). */
  readonly warnings: readonly EstimateWarning[];
}

/**
 * Estimate the size of a hidden population from capture data in one call: choose a model (or take
 * the one given), check that its estimate exists and is identifiable, fit it, and report the total
 * with its dark figure.
 *
 * @param data - capture data (see {@link readCaptureCsv}).
 * @param options - see {@link EstimateOptions}.
 * @returns the estimate; when the model fails the checks, `fitted: false`, `estimate: null` and a
 *   warning say so.
 * @throws {ModelSpecError} when `model` does not parse.
 * @throws {OptionError} for out-of-range options.
 * @example
 * const result = estimate(readCaptureCsv(text), { select: "stepwise" });
 * console.log(result.estimate, result.model?.name);
 * @see docs/methodology/loglinear.md
 */
export function estimate(data: CaptureData, options: EstimateOptions = {}): PopulationEstimate {
  const levels = validateLevels(options.level);
  const prepared = prepareCounts(data.counts, data.lists.length);
  const twoList = data.lists.length === 2 ? lincolnPetersen(data, { level: levels }) : undefined;
  const listWarnings = [...noninformativeWarnings(data), ...(twoList?.warnings ?? [])];
  const extrasBase = twoList ? { twoList } : {};

  if (options.model !== undefined) {
    const model = parseModel(options.model, data.lists);
    const fit = fitPreparedModel(prepared, model, levels);
    return {
      ...fit,
      warnings: [...listWarnings, ...fit.warnings],
      selection: { method: "fixed", warnings: [] },
      ...extrasBase,
      settings: { method: "fixed", requested: "fixed", level: levels, version: VERSION },
    };
  }

  const { selection, model } = selectPrepared(prepared, data.lists, options);
  const settings: EstimateSettings = {
    method: selection.method,
    requested: options.select ?? "auto",
    ...(selection.maxOrder !== undefined ? { maxOrder: selection.maxOrder } : {}),
    ...(selection.pThreshold !== undefined ? { pThreshold: selection.pThreshold } : {}),
    level: levels,
    version: VERSION,
  };
  if (model === undefined) {
    return {
      fitted: false,
      estimate: null,
      observed: data.observed,
      model: null,
      diagnostics: null,
      warnings: [...listWarnings, ...selection.warnings],
      selection,
      ...extrasBase,
      settings,
    };
  }
  const fit = fitPreparedModel(prepared, model, levels);
  return {
    ...fit,
    warnings: [...listWarnings, ...selection.warnings, ...fit.warnings],
    selection,
    ...extrasBase,
    settings,
  };
}

function noninformativeWarnings(data: CaptureData): EstimateWarning[] {
  let dropped;
  try {
    dropped = dropNoninformativeLists(data).dropped;
  } catch {
    return [
      {
        code: "NONINFORMATIVE_LIST",
        message: "fewer than 2 lists are informative (the others are empty, hold everyone, or repeat another list)",
      },
    ];
  }
  return dropped.map((d) => ({
    code: "NONINFORMATIVE_LIST" as const,
    message:
      d.reason === "empty"
        ? `list ${d.list} is empty: it carries no information (see dropNoninformativeLists)`
        : d.reason === "all"
          ? `list ${d.list} holds every observed person: it carries no information about the dark figure (see dropNoninformativeLists)`
          : `list ${d.list} holds exactly the same people as ${d.of}: one of them carries no information (see dropNoninformativeLists)`,
  }));
}

export type { ModelDescription, ModelDiagnostics };
