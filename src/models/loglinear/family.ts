/**
 * The log-linear family (`method: "loglinear"`, the default): a hierarchical Poisson log-linear
 * model, fixed or chosen by exhaustive BIC/AIC or stepwise selection, with the extended MLE.
 */
import type { CaptureData, EstimateWarning } from "../../types.js";
import { OptionError } from "../../errors.js";
import { prepareCounts } from "../../_lib/prepared.js";
import { fitPoissonLoglinear } from "../../_lib/poissonFit.js";
import { checkExistenceCore } from "../../_lib/existence.js";
import { validateInteger } from "../../_lib/validate.js";
import type { EstimateContext, ParametricModel, TableFamily } from "../../families/types.js";
import { resolveMethod, selectPrepared } from "../../selection/_selectPrepared.js";
import { validateThreshold } from "../../selection/_stepwisePrepared.js";
import { dropNoninformativeLists } from "../../data/dropNoninformativeLists.js";
import { profileLikelihoodInterval } from "../../uncertainty/profileLikelihoodInterval.js";
import { VERSION } from "../../version.js";
import { lincolnPetersen } from "../twoList/lincolnPetersen.js";
import { fitPreparedModel } from "./_fitPrepared.js";
import { describeModel, modelFromMasks, parseModel } from "./modelSpec.js";
import { createEstimator, type EstimatorSpec } from "./_replicates.js";
import type { LoglinearEstimate, LoglinearOptions, LoglinearSettings } from "./types.js";

/** The log-linear family's plain spec: the procedure (a fixed model or a selection rule) and how it was asked for. */
export type LoglinearSpec = EstimatorSpec & {
  /** The `select` option as given (`"auto"` by default), or `"fixed"`. */
  readonly requested: string;
};

/** Validate the log-linear options and resolve them into the procedure to run. */
function loglinearSpec(data: CaptureData, options: LoglinearOptions): LoglinearSpec {
  const stopping = options.stopping;
  if (stopping !== undefined && stopping !== "tight" && stopping !== "glm") {
    throw new OptionError(`\`stopping\` must be tight or glm; received ${String(stopping)}`);
  }
  const top = options.top === undefined ? undefined : validateInteger("top", options.top, 1);
  if (options.model !== undefined) {
    if (top !== undefined) throw new OptionError("`top` applies to exhaustive (bic or aic) selection only");
    const model = parseModel(options.model, data.lists);
    return { kind: "fixed", parameters: model.parameters, requested: "fixed", ...(stopping ? { stopping } : {}) };
  }
  const method = resolveMethod(options.select, data.lists.length);
  const requested = options.select ?? "auto";
  if (method === "stepwise") {
    if (top !== undefined) throw new OptionError("`top` applies to exhaustive (bic or aic) selection only");
    return { kind: "stepwise", pThreshold: validateThreshold(options.pThreshold), requested, ...(stopping ? { stopping } : {}) };
  }
  return {
    kind: "exhaustive",
    criterion: method,
    ...(options.maxOrder !== undefined ? { maxOrder: options.maxOrder } : {}),
    ...(top !== undefined ? { top } : {}),
    requested,
    ...(stopping ? { stopping } : {}),
  };
}

/** The point estimate: select (unless the model is fixed), check, fit. */
function loglinearEstimate(data: CaptureData, spec: LoglinearSpec, context: EstimateContext): LoglinearEstimate {
  const levels = context.levels;
  const prepared = prepareCounts(data.counts, data.lists.length);
  const twoList = data.lists.length === 2 ? lincolnPetersen(data, { level: levels }) : undefined;
  const listWarnings = [...noninformativeWarnings(data), ...(twoList?.warnings ?? [])];
  const extrasBase = twoList ? { twoList } : {};
  const top = spec.kind === "exhaustive" && spec.top !== undefined ? { top: spec.top } : {};

  if (spec.kind === "fixed") {
    const fit = fitPreparedModel(prepared, modelFromMasks(spec.parameters, data.lists), levels);
    return {
      ...fit,
      warnings: [...listWarnings, ...fit.warnings],
      selection: { method: "fixed", warnings: [] },
      ...extrasBase,
      settings: { method: "fixed", requested: "fixed", level: levels, version: VERSION },
    };
  }
  const { selection, model } = selectPrepared(prepared, data.lists, {
    select: spec.kind === "stepwise" ? "stepwise" : spec.criterion,
    ...(spec.kind === "exhaustive" ? { maxOrder: spec.maxOrder } : { pThreshold: spec.pThreshold }),
  });
  const settings: LoglinearSettings = {
    method: selection.method,
    requested: spec.requested,
    ...(selection.maxOrder !== undefined ? { maxOrder: selection.maxOrder } : {}),
    ...(selection.pThreshold !== undefined ? { pThreshold: selection.pThreshold } : {}),
    level: levels,
    version: VERSION,
    ...top,
  };
  if (model === undefined) {
    return {
      kind: "estimate",
      family: "loglinear",
      fitted: false,
      estimate: null,
      observed: data.observed,
      unobserved: null,
      intervals: [],
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

/** The log-linear family. */
export const loglinearFamily: TableFamily<LoglinearSpec, LoglinearEstimate, LoglinearOptions> = {
  name: "loglinear",
  title: "Log-linear model",
  scope: "table",
  spec: loglinearSpec,
  estimate: loglinearEstimate,
  pointIntervals: "lognormal",
  replicates(spec, data) {
    const prepared = prepareCounts(data.counts, data.lists.length);
    if (spec.kind === "fixed") {
      const status = checkExistenceCore(prepared, spec.parameters).status;
      if (status !== 0) {
        throw new OptionError(
          `the model ${describeModel(modelFromMasks(spec.parameters, data.lists)).name} fails the existence/identifiability check on these data (status ${status}): nothing to bootstrap`,
        );
      }
    }
    return createEstimator(spec, prepared, data.lists);
  },
  intervals: {
    profile(data, result, context) {
      if (!result.fitted) return { intervals: [], warnings: [] };
      const profile = profileLikelihoodInterval(data, result.model.terms, { level: context.levels });
      return {
        intervals: profile.intervals,
        warnings: profile.warnings.filter((w) => w.code !== "BOUNDARY_PARAMETERS"),
        uncertainty: { method: "profile", profileEstimate: profile.estimate },
      };
    },
  },
  parametric(result, data): ParametricModel | undefined {
    if (!result.fitted) return undefined;
    const prepared = prepareCounts(data.counts, data.lists.length);
    const model = parseModel(result.model.terms, data.lists);
    const fit = fitPoissonLoglinear(prepared, model.parameters, { covariance: false, identifiable: true });
    const total = prepared.observed + fit.mu[0];
    return { population: Math.round(total), probabilities: Array.from(fit.mu, (m) => m / total) };
  },
  logUnobservedStandardError(result) {
    return result.fitted ? result.coefficients[0].standardError : null;
  },
};
