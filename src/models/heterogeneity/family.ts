/**
 * The closed-population family (`method: "closed-population"`): Rcapture's M0 … Mbh models and any
 * hierarchical log-linear model with a heterogeneity column, fixed or chosen by BIC/AIC, served by
 * `estimate`, `estimateWithInterval` (profile, and the bootstrap through the registry),
 * post-stratification, trends, reports and the CLI.
 */
import type { CaptureData, EstimateCore, EstimateSettings, Interval, ModelDescription } from "../../types.js";
import { OptionError } from "../../errors.js";
import type { EstimateContext, ParametricModel, TableFamily } from "../../families/types.js";
import { VERSION } from "../../version.js";
import { fitCore, historyTable } from "./_core.js";
import { profileCore } from "./_profile.js";
import { resolveSpec, type HeterogeneityInput } from "./_spec.js";
import { parseHeterogeneity, type Heterogeneity } from "./heterogeneityColumn.js";
import { selectClosedPopulationModel } from "./selectClosedPopulationModel.js";
import type { ClosedModelName, ClosedModelSpec as ModelSpec, ClosedPopulationFit } from "./types.js";
import type { ModelInput } from "../loglinear/modelSpec.js";

/** Options of the closed-population family (read from `estimate`'s options). */
export interface ClosedPopulationOptions {
  /**
   * Rcapture's `M0`, `Mt`, `Mh`, `Mth`, `Mb`, `Mbh`, or a hierarchical log-linear model (`"[12,13,14]"`)
   * to which `heterogeneity` adds its column. Default `"Mth"` unless `select` is given.
   */
  readonly model?: ClosedModelName | ModelInput;
  /** `"bic"` or `"aic"`: choose among every hierarchical model with the heterogeneity column (closedpMS.t). */
  readonly select?: string;
  /** Highest interaction order of the catalogue for `select`. */
  readonly maxOrder?: number;
  /** Heterogeneity form or `{ form, theta }` (θ defaults: Poisson 2, Gamma 3.5). */
  readonly heterogeneity?: HeterogeneityInput;
  /** Chao's model: set negative eta parameters to zero (default true). */
  readonly constrain?: boolean;
}

/** The family's plain spec. */
export type ClosedPopulationSpec =
  | {
      /** A fixed model. */
      readonly kind: "fixed";
      /** The model: base (M0, Mt, Mb, Mbh or log-linear terms) and heterogeneity. */
      readonly model: ModelSpec;
      /** Chao's non-negativity constraint. */
      readonly constrain: boolean;
    }
  | {
      /** BIC/AIC selection over the hierarchical catalogue. */
      readonly kind: "select";
      /** The criterion. */
      readonly criterion: "bic" | "aic";
      /** Highest interaction order of the catalogue (default by number of lists). */
      readonly maxOrder?: number;
      /** The heterogeneity column added to every model, or none. */
      readonly heterogeneity: Heterogeneity | null;
      /** Chao's non-negativity constraint. */
      readonly constrain: boolean;
    };

/** A closed-population estimate through the registry. */
export interface ClosedPopulationEstimate extends EstimateCore {
  /** Always `"closed-population"`. */
  readonly family: "closed-population";
  /** Standard error of the estimate; null without one. */
  readonly standardError: number | null;
  /** The model: `name` Rcapture's (`"Mth Poisson2"`), `hierarchy` `M0` … `Mbh` or the digit notation. */
  readonly model: ModelDescription | null;
  /** The whole fit: coefficients, deviance, df, AIC, BIC, asymptotic bias, Chao's constraint. */
  readonly closedPopulation: ClosedPopulationFit;
  /** With `select`: the criterion, how many models, and the ten best. */
  readonly selection?: {
    /** The criterion ranked by. */
    readonly criterion: "bic" | "aic";
    /** Models in the catalogue. */
    readonly considered: number;
    /** The ten best, best first. */
    readonly top: readonly {
      /** The model's name, e.g. `"[12,13,14] Darroch"`. */
      readonly name: string;
      /** Its estimate (null when below the number observed). */
      readonly estimate: number | null;
      /** Its BIC or AIC. */
      readonly criterion: number;
    }[];
  };
  /** `method` is `"fixed"`, `"bic"` or `"aic"`. */
  readonly settings: EstimateSettings & {
    /** The heterogeneity form and θ, or null. */
    readonly heterogeneity: Heterogeneity | null;
  };
}

function spec(data: CaptureData, options: ClosedPopulationOptions): ClosedPopulationSpec {
  const constrain = options.constrain ?? true;
  if (typeof constrain !== "boolean") throw new OptionError(`\`constrain\` must be true or false; received ${String(constrain)}`);
  if (options.select !== undefined && options.select !== "auto") {
    if (options.model !== undefined) throw new OptionError("give either `model` or `select`, not both");
    if (options.select !== "bic" && options.select !== "aic") {
      throw new OptionError(`\`select\` must be bic or aic for the closed-population family; received ${String(options.select)}`);
    }
    if (data.lists.length < 3) throw new OptionError(`model selection needs at least three lists; received ${data.lists.length}`);
    const heterogeneity = options.heterogeneity === undefined ? null : parseHeterogeneity(options.heterogeneity);
    return { kind: "select", criterion: options.select, ...(options.maxOrder !== undefined ? { maxOrder: options.maxOrder } : {}), heterogeneity, constrain };
  }
  return { kind: "fixed", model: resolveSpec(options.model ?? "Mth", options.heterogeneity, data.lists), constrain };
}

function describe(fit: ClosedPopulationFit, data: CaptureData, base: ModelSpec["base"]): ModelDescription {
  const terms =
    base.kind === "loglinear"
      ? base.parameters.filter((m) => (m & (m - 1)) !== 0).map((m) => data.lists.filter((_l, j) => m & (1 << j)).join(":"))
      : [];
  return { name: fit.name, terms, hierarchy: fit.model };
}

function toEstimate(fit: ClosedPopulationFit, data: CaptureData, modelSpec: ModelSpec, method: string, levels: readonly number[], extra: Partial<ClosedPopulationEstimate> = {}): ClosedPopulationEstimate {
  return {
    kind: "estimate",
    family: "closed-population",
    fitted: fit.estimate !== null,
    estimate: fit.estimate,
    observed: fit.observed,
    unobserved: fit.unobserved,
    standardError: fit.standardError,
    model: describe(fit, data, modelSpec.base),
    intervals: [],
    warnings: fit.warnings,
    closedPopulation: fit,
    settings: { method, level: [...levels], version: VERSION, heterogeneity: modelSpec.heterogeneity },
    ...extra,
  };
}

function estimateFamily(data: CaptureData, s: ClosedPopulationSpec, context: EstimateContext): ClosedPopulationEstimate {
  const table = historyTable(data.counts, data.lists);
  if (s.kind === "fixed") {
    return toEstimate(fitCore(table, s.model, { constrain: s.constrain }).result, data, s.model, "fixed", context.levels);
  }
  const selection = selectClosedPopulationModel(data, { heterogeneity: s.heterogeneity ?? undefined, criterion: s.criterion, maxOrder: s.maxOrder, constrain: s.constrain });
  const best = selection.best;
  const selectionSummary = {
    criterion: s.criterion,
    considered: selection.considered,
    top: selection.models.slice(0, 10).map((m) => ({ name: m.name, estimate: m.estimate, criterion: s.criterion === "bic" ? m.fit!.bic : m.fit!.aic })),
  };
  if (best === null) {
    const empty: ClosedPopulationFit = {
      kind: "closed-population",
      name: "no model",
      model: "none",
      heterogeneity: s.heterogeneity,
      estimate: null,
      observed: data.observed,
      unobserved: null,
      standardError: null,
      intervals: [],
      coefficients: [],
      fit: null,
      asymptoticBias: null,
      constrainedToZero: [],
      warnings: [{ code: "NO_VALID_MODEL", message: "no model of the catalogue could be fitted to these data" }],
    };
    return { ...toEstimate(empty, data, { base: { kind: "M0" }, heterogeneity: s.heterogeneity }, s.criterion, context.levels), model: null, selection: selectionSummary };
  }
  return toEstimate(best, data, bestSpec(best, data, s), s.criterion, context.levels, { selection: selectionSummary });
}

/** The model spec of a selected fit (its hierarchy re-read against the lists). */
function bestSpec(best: ClosedPopulationFit, data: CaptureData, s: ClosedPopulationSpec & { kind: "select" }): ModelSpec {
  return resolveSpec(best.model, s.heterogeneity ?? undefined, data.lists);
}

/** The closed-population family. */
export const closedPopulationFamily: TableFamily<ClosedPopulationSpec, ClosedPopulationEstimate, ClosedPopulationOptions> = {
  name: "closed-population",
  title: "Closed-population models with heterogeneity and behaviour (Rcapture's M0 … Mbh)",
  scope: "table",
  spec,
  estimate: estimateFamily,
  replicates(s, data) {
    const lists = data.lists;
    return {
      rows: 1,
      estimate(counts, out, offset) {
        const replicate: CaptureData = { lists, counts: Array.from(counts), observed: counts.reduce((a, b) => a + b, 0) };
        if (s.kind === "fixed") {
          const fit = fitCore(historyTable(replicate.counts, lists), s.model, { constrain: s.constrain }).result;
          out[offset] = fit.estimate ?? Number.NaN;
          return;
        }
        const best = selectClosedPopulationModel(replicate, { heterogeneity: s.heterogeneity ?? undefined, criterion: s.criterion, maxOrder: s.maxOrder, constrain: s.constrain }).best;
        out[offset] = best?.estimate ?? Number.NaN;
      },
    };
  },
  intervals: {
    profile(data, result, context) {
      if (!result.fitted || result.model === null) return { intervals: [], warnings: [] };
      const modelSpec = resolveSpec(result.model.hierarchy, result.settings.heterogeneity ?? undefined, data.lists);
      const kind = modelSpec.base.kind;
      if (kind === "Mb" || kind === "Mbh") {
        return { intervals: [], warnings: [{ code: "NOT_AVAILABLE", message: `no profile-likelihood interval for ${kind}: its population is not the intercept of a log-linear model` }] };
      }
      const table = historyTable(data.counts, data.lists);
      const core = fitCore(table, modelSpec, { constrain: true });
      const profile = profileCore(table, core, context.levels, 3);
      // the registry's intervals carry numbers: a limit beyond the search is the search bound, marked truncated
      const intervals: Interval[] = profile.intervals.map((i) =>
        i.upper === null
          ? { method: i.method, level: i.level, lower: i.lower, upper: i.upperSearchedTo!, truncated: true }
          : { method: i.method, level: i.level, lower: i.lower, upper: i.upper },
      );
      return { intervals, warnings: profile.warnings, uncertainty: { method: "profile", profileEstimate: profile.estimate } };
    },
  },
  parametric(result, data, s): ParametricModel | undefined {
    if (!result.fitted || result.estimate === null || result.model === null) return undefined;
    const modelSpec = s.kind === "fixed" ? s.model : resolveSpec(result.model.hierarchy, s.heterogeneity ?? undefined, data.lists);
    const core = fitCore(historyTable(data.counts, data.lists), modelSpec, { constrain: s.constrain });
    if (core.result.estimate === null || core.include.some((v) => v === 0)) return undefined;
    const total = core.result.estimate;
    const probabilities = [core.result.unobserved! / total, ...Array.from(core.glm.mu, (m) => m / total)];
    const sum = probabilities.reduce((a, b) => a + b, 0);
    return { population: Math.round(total), probabilities: probabilities.map((p) => p / sum) };
  },
  logUnobservedStandardError(result) {
    if (!result.fitted) return null;
    const hierarchy = result.model?.hierarchy;
    if (hierarchy === "Mb" || hierarchy === "Mbh") return null;
    return result.closedPopulation.coefficients[0]?.standardError ?? null;
  },
};
