/** Result and option types of the log-linear family. */
import type { EstimateSettings, EstimateWarning } from "../../types.js";
import type { ModelSelection, SelectionMethod } from "../../selection/selectModel.js";
import type { TwoListEstimate } from "../twoList/lincolnPetersen.js";
import type { LoglinearFit, UnfittedModel } from "./fitLoglinear.js";
import type { ModelInput } from "./modelSpec.js";

/** Options of the log-linear family (`method: "loglinear"`, the default). */
export interface LoglinearOptions {
  /** A fixed model (`"LA:NG + NG:GP"`, `"[12,23]"`, `"main"`); when given, no selection is run. */
  readonly model?: ModelInput;
  /** Model selection when no `model` is given. Default `"auto"`. */
  readonly select?: SelectionMethod;
  /** Highest interaction order for exhaustive selection. */
  readonly maxOrder?: number;
  /** Stepwise threshold. Default 0.02. */
  readonly pThreshold?: number;
  /**
   * Bootstrap of exhaustive (`bic`/`aic`) selection only: re-select among the best `top` models of
   * the original data in each replicate (MultipleSystemsEstimation's `ntopmodels`). Default: the
   * whole valid catalogue.
   */
  readonly top?: number;
  /**
   * Stop Newton as R's glm does, to compare replicates with the R packages at 1e-9 (validation
   * only; the point estimate always iterates to the MLE). Default `"tight"`.
   */
  readonly stopping?: "tight" | "glm";
}

/** How a log-linear estimate was made: every option that shaped it, and the library version. */
export interface LoglinearSettings extends EstimateSettings {
  /** The selection method that ran (`auto` resolved), or `"fixed"` when a `model` was given. */
  readonly method: "fixed" | "bic" | "aic" | "stepwise";
  /** The `select` option as given (`"auto"` by default), or `"fixed"` when a `model` was given. */
  readonly requested: string;
  /** Exhaustive (BIC/AIC) selection: the highest interaction order in the catalogue searched. */
  readonly maxOrder?: number;
  /** Stepwise selection: the p-value threshold used. */
  readonly pThreshold?: number;
  /** Bootstrap with `top` only: re-selection among the best `top` models of the original data. */
  readonly top?: number;
}

/** What the log-linear family adds to every result: how the model was chosen, the two-list estimates and the settings. */
export interface EstimateExtras {
  /** Always `"estimate"`: one population estimate. */
  readonly kind: "estimate";
  /** Always `"loglinear"`: the family that made it. */
  readonly family: "loglinear";
  /** How the model was chosen (for a fixed model: `{ method: "fixed" }`). */
  readonly selection:
    | ModelSelection
    | {
        /** No selection ran: the model was given. */
        readonly method: "fixed";
        /** Always empty: the fit's warnings are in the result's `warnings`. */
        readonly warnings: readonly EstimateWarning[];
      };
  /** Lincoln–Petersen and Chapman, for two-list data. */
  readonly twoList?: TwoListEstimate;
  /** How the estimate was made: every option that shaped it, and the library version. */
  readonly settings: LoglinearSettings;
}

/** No model could be fitted (no candidate passed the existence/identifiability check). */
export interface NoModelEstimate extends EstimateExtras {
  /** Always false: no model was fitted. */
  readonly fitted: false;
  /** Always null: no estimate exists. */
  readonly estimate: null;
  /** People observed on at least one list. */
  readonly observed: number;
  /** Always null: no estimate exists. */
  readonly unobserved: null;
  /** Always empty. */
  readonly intervals: readonly [];
  /** Always null: no candidate model passed the existence/identifiability check. */
  readonly model: null;
  /** Always null: `selection` tells how many models were skipped and why. */
  readonly diagnostics: null;
  /** `NO_VALID_MODEL`, with any list warnings (`NONINFORMATIVE_LIST`, `NO_OVERLAP`). */
  readonly warnings: readonly EstimateWarning[];
}

/** A log-linear population estimate: the fitted model's result plus how it was chosen. */
export type LoglinearEstimate = (LoglinearFit & EstimateExtras) | (UnfittedModel & EstimateExtras) | NoModelEstimate;
