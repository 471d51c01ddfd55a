/**
 * The two-list family (`method: "lincoln-petersen"`): the Lincoln–Petersen estimator n1·n2/m, or
 * Chapman's (n1 + 1)(n2 + 1)/(m + 1) − 1 with `estimator: "chapman"`, with their Wald intervals.
 */
import type { CaptureData, EstimateCore, EstimateSettings } from "../../types.js";
import { OptionError } from "../../errors.js";
import type { TableFamily } from "../../families/types.js";
import { VERSION } from "../../version.js";
import { lincolnPetersen, type TwoListEstimate } from "./lincolnPetersen.js";

/** Options of the two-list family. */
export interface TwoListOptions {
  /** `"lincoln-petersen"` (default) or `"chapman"` (defined when nobody is on both lists, less biased). */
  readonly estimator?: "lincoln-petersen" | "chapman";
}

/** The family's plain spec. */
export interface TwoListSpec {
  /** Which estimator. */
  readonly estimator: "lincoln-petersen" | "chapman";
}

/** A two-list population estimate. */
export interface TwoListPopulationEstimate extends EstimateCore {
  /** Always `"lincoln-petersen"`. */
  readonly family: "lincoln-petersen";
  /** Standard error of the estimate (the estimator's variance formula); null without an estimate. */
  readonly standardError: number | null;
  /** Both estimators, the list sizes and the overlap. */
  readonly twoList: TwoListEstimate;
  /** `method` is the estimator. */
  readonly settings: EstimateSettings & { readonly method: "lincoln-petersen" | "chapman" };
}

function chapmanOf(n1: number, n2: number, m: number): number {
  return ((n1 + 1) * (n2 + 1)) / (m + 1) - 1;
}

/** The two-list family. */
export const lincolnPetersenFamily: TableFamily<TwoListSpec, TwoListPopulationEstimate, TwoListOptions> = {
  name: "lincoln-petersen",
  title: "Two-list estimator (Lincoln–Petersen or Chapman)",
  scope: "table",
  spec(data: CaptureData, options: TwoListOptions): TwoListSpec {
    if (data.lists.length !== 2) {
      throw new OptionError(`the lincoln-petersen family needs exactly 2 lists; received ${data.lists.length}`);
    }
    const estimator = options.estimator ?? "lincoln-petersen";
    if (estimator !== "lincoln-petersen" && estimator !== "chapman") {
      throw new OptionError(`\`estimator\` must be lincoln-petersen or chapman; received ${String(estimator)}`);
    }
    return { estimator };
  },
  estimate(data, spec, context) {
    const twoList = lincolnPetersen(data, { level: context.levels });
    const chosen = spec.estimator === "chapman" ? twoList.chapman : twoList.lincolnPetersen;
    return {
      kind: "estimate",
      family: "lincoln-petersen",
      fitted: chosen !== null,
      estimate: chosen?.estimate ?? null,
      observed: data.observed,
      unobserved: chosen === null ? null : chosen.estimate - data.observed,
      standardError: chosen?.standardError ?? null,
      intervals: chosen?.intervals ?? [],
      twoList,
      warnings: twoList.warnings,
      settings: { method: spec.estimator, level: context.levels, version: VERSION },
    };
  },
  pointIntervals: "wald",
  replicates(spec) {
    return {
      rows: 1,
      estimate(counts, out, offset) {
        const m = counts[2];
        const n1 = counts[0] + m;
        const n2 = counts[1] + m;
        out[offset] = spec.estimator === "chapman" ? chapmanOf(n1, n2, m) : m > 0 ? (n1 * n2) / m : Number.NaN;
      },
    };
  },
  parametric(result) {
    if (!result.fitted || result.estimate === null) return undefined;
    // the independence model: P(on list j) = n_j / N̂, the lists independent
    const total = result.estimate;
    const p1 = result.twoList.firstList / total;
    const p2 = result.twoList.secondList / total;
    return {
      population: Math.round(total),
      probabilities: [(1 - p1) * (1 - p2), p1 * (1 - p2), (1 - p1) * p2, p1 * p2],
    };
  },
};
