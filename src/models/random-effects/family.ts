/**
 * The random-effects family (`method: "random-effects"`): one Poisson log-linear mixed model over
 * all strata — fixed list effects, a random intercept per stratum and optionally random list main
 * effects, or a random walk over periods — fitted by maximum likelihood under the Laplace
 * approximation. Registered as a stratified family: `estimateByStratum` and `estimateTrend` serve it
 * with the registry's bootstrap (`bca`/`percentile`, nonparametric within strata or parametric per
 * stratum from the fitted cells) or its own conditional intervals (`ci: "conditional"`). Its
 * parametric bootstrap with fresh random effects (bootstrap-t) is {@link estimateRandomEffects}.
 */
import type { CaptureData } from "../../types.js";
import { OptionError } from "../../errors.js";
import type { ParametricModel, StratifiedFamily, StratifiedSpec } from "../../families/types.js";
import { splitStrata } from "../../strata/splitStrata.js";
import { describeModel, parseModel, type ModelInput } from "../loglinear/modelSpec.js";
import { fitRandomEffects, prepareRandomEffects } from "./fitRandomEffects.js";
import { predictStrata } from "./_estimates.js";
import { buildProblem, type RandomEffectsStructure, type RandomEffectsTerms } from "./_problem.js";
import type { RandomEffectsEstimate } from "./types.js";
import { popcount } from "../../_lib/bits.js";

/** Options of the random-effects family (with `estimateByStratum`, `estimateTrend`: `method: "random-effects"`). */
export interface RandomEffectsOptions {
  /** The fixed part: a hierarchical log-linear model over the lists, e.g. `"A:B"`. Default `"main"`. */
  readonly model?: ModelInput;
  /** `"intercept"` (default), `"lists"` (random list main effects too) or `"reach"` (and a reach shared by the lists). */
  readonly random?: RandomEffectsTerms;
  /** `"independent"` (default) or `"random-walk"` over the ordered values of one stratum column. */
  readonly structure?: RandomEffectsStructure;
}

/** The random-effects family's plain spec. */
export interface RandomEffectsSpec extends StratifiedSpec {
  /** The fixed part's interaction terms, e.g. `["A:B"]` (main effects implied). */
  readonly model: readonly string[];
  readonly random: RandomEffectsTerms;
  readonly structure: RandomEffectsStructure;
}

/** The random-effects family. */
export const randomEffectsFamily: StratifiedFamily<RandomEffectsSpec, RandomEffectsEstimate, RandomEffectsOptions> = {
  name: "random-effects",
  title: "Random-effects log-linear model over all strata (Laplace)",
  scope: "stratified",
  spec(data: CaptureData, options): RandomEffectsSpec {
    const by = [...options.by];
    const random = options.random ?? "intercept";
    if (random !== "intercept" && random !== "lists" && random !== "reach") {
      throw new OptionError(`\`random\` must be "intercept", "lists" or "reach"; received ${String(random)}`);
    }
    const structure = options.structure ?? "independent";
    if (structure !== "independent" && structure !== "random-walk") {
      throw new OptionError(`\`structure\` must be "independent" or "random-walk"; received ${String(structure)}`);
    }
    if (structure === "random-walk" && by.length !== 1) {
      throw new OptionError(`a random walk runs over one ordered period column; \`by\` received ${by.length} columns (${by.join(", ")})`);
    }
    splitStrata(data, by); // unknown columns throw here
    const model = describeModel(parseModel(options.model ?? "main", data.lists)).terms;
    return { by, model: [...model], random, structure };
  },
  estimate(data, spec, context) {
    return fitRandomEffects(data, { by: spec.by, model: spec.model, random: spec.random, structure: spec.structure, level: context.levels });
  },
  pointIntervals: "conditional",
  replicates(spec, data) {
    // refits start from the fit to the original data, as glmer's refit does
    const setup = prepareRandomEffects(data, { by: spec.by, model: spec.model, random: spec.random, structure: spec.structure, ci: "none" });
    const S = setup.problem.strata.length;
    const m = setup.problem.m;
    const original = setup.failure ? null : predictStrata(setup.problem, setup.problem.counts);
    const start = original && Number.isFinite(original.fit.logLikelihood) ? original.fit : null;
    return {
      rows: S,
      estimate(counts, out, offset) {
        out.fill(Number.NaN, offset, offset + S);
        const problem = buildProblem(
          setup.problem.lists,
          setup.problem.strata.map((stratum, s) => ({ stratum, counts: Array.from(counts.subarray(s * m, (s + 1) * m)) })),
          setup.problem.model,
          spec.random,
          spec.structure,
        );
        if (problem.pooledStatus !== 0) return;
        const sameTerms = start !== null && problem.fixed.length === setup.problem.fixed.length;
        const predictions = predictStrata(problem, problem.counts, {
          information: false,
          ...(sameTerms && start ? { start: { beta: start.beta, theta: start.theta }, ...(start.information ? { initialInformation: start.information } : {}) } : {}),
        });
        if (!predictions.fit.converged) return;
        for (let s = 0; s < S; s++) out[offset + s] = problem.observed[s] + Math.exp(predictions.eta[s]);
      },
    };
  },
  parametric(result, data) {
    if (result.total.estimate === null) return undefined;
    return parametricModels(result, data.lists);
  },
};

/**
 * Each stratum's fitted model as a population for the registry's parametric bootstrap: its
 * estimate (rounded) spread over the 2^t cells in proportion to the fitted means given the
 * stratum's conditional modes, exp(x_h·β̂ + b̂_s0 + Σ_j h_j b̂_sj), the unobserved cell's being its
 * dark figure.
 */
export function parametricModels(result: RandomEffectsEstimate, lists: readonly string[]): ParametricModel[] {
  const size = 1 << lists.length;
  return result.strata.map((s) => {
    const means = new Float64Array(size);
    for (let h = 0; h < size; h++) {
      let eta = 0;
      let boundary = false;
      for (const c of result.coefficients) {
        const terms = c.term === "(Intercept)" ? [] : c.term.split(":");
        if (!terms.every((name) => h & (1 << lists.indexOf(name)))) continue;
        if (c.estimate === null) boundary = true;
        else eta += c.estimate;
      }
      eta += s.randomEffects["(Intercept)"] ?? 0;
      eta += (s.randomEffects["(Reach)"] ?? 0) * popcount(h);
      lists.forEach((name, j) => {
        if (h & (1 << j)) eta += s.randomEffects[name] ?? 0;
      });
      means[h] = boundary ? 0 : Math.exp(eta);
    }
    let total = 0;
    for (let h = 0; h < size; h++) total += means[h];
    return { population: Math.round(s.estimate as number), probabilities: Array.from(means, (v) => v / total) };
  });
}
