/**
 * The command line's random-effects route: `prevalence estimate FILE --strata X --random
 * intercept|lists|reach` (or `--trend PERIOD --random …`, a random walk over periods). Loaded only
 * when asked for; it uses the public functions, each from its own module.
 */
import type { CaptureData } from "../types.js";
import type { EstimateWithIntervalOptions } from "../estimateWithInterval.js";
import type { StratifiedEstimate, TrendEstimate } from "../strata/types.js";
import type { RandomEffectsEstimate, RandomEffectsStructure, RandomEffectsTerms, RandomEffectsTrendEstimate } from "../models/random-effects/types.js";

/** What the random-effects route needs from the command line, already parsed. */
export interface RandomEffectsCommand {
  readonly random: string;
  readonly structure?: string;
  readonly strata?: readonly string[];
  readonly trend?: string;
  readonly model?: string;
  readonly select?: string;
  readonly covariates?: readonly string[];
  readonly ci?: string;
  readonly level?: number | readonly number[];
  readonly replicates?: number;
  readonly seed?: number | string;
  readonly threads?: number;
  readonly resampling?: EstimateWithIntervalOptions["resampling"];
  readonly onProgress?: (done: number, total: number) => void;
}

/** A usage problem, reported by the caller with exit code 2. */
export class RandomEffectsUsageError extends Error {}

/** Run the random-effects analysis the command line asks for. */
export async function runRandomEffects(
  data: CaptureData,
  command: RandomEffectsCommand,
): Promise<RandomEffectsEstimate | RandomEffectsTrendEstimate | StratifiedEstimate | TrendEstimate> {
  if (command.random !== "intercept" && command.random !== "lists" && command.random !== "reach") {
    throw new RandomEffectsUsageError(`--random must be intercept, lists or reach; received ${command.random}`);
  }
  if (command.structure !== undefined && command.structure !== "independent" && command.structure !== "random-walk") {
    throw new RandomEffectsUsageError(`--structure must be independent or random-walk; received ${command.structure}`);
  }
  if (command.select !== undefined) throw new RandomEffectsUsageError("--random takes a fixed list part (--model), not --select");
  if (command.covariates !== undefined) throw new RandomEffectsUsageError("give either --covariates (a covariate model) or --random (a random-effects model)");
  if (!command.strata && !command.trend) throw new RandomEffectsUsageError("--random needs the strata: --strata X[,Y] or --trend PERIOD");
  const ci = command.ci ?? "bootstrap";
  if (!["bootstrap", "conditional", "none", "bca", "percentile"].includes(ci)) {
    throw new RandomEffectsUsageError(`with --random, --ci must be bootstrap, conditional, none, bca or percentile; received ${ci}`);
  }
  const random = command.random as RandomEffectsTerms;
  const common = {
    model: command.model,
    random,
    level: command.level,
    replicates: command.replicates,
    seed: command.seed,
    threads: command.threads,
    onProgress: command.onProgress,
  };
  const registry = ci === "bca" || ci === "percentile";
  if (command.trend) {
    if (command.strata && !command.strata.every((c) => c === command.trend)) {
      throw new RandomEffectsUsageError("--trend takes one period column; with --random the periods are its strata");
    }
    const structure = (command.structure ?? "random-walk") as RandomEffectsStructure;
    if (registry) {
      const { estimateTrend } = await import("../strata/estimateTrend.js");
      return estimateTrend(data, { ...common, method: "random-effects", structure, period: command.trend, ci, resampling: command.resampling });
    }
    const { estimateRandomEffectsTrend } = await import("../models/random-effects/estimateRandomEffectsTrend.js");
    return estimateRandomEffectsTrend(data, { ...common, structure, period: command.trend, ci: ci as "bootstrap" | "conditional" | "none" });
  }
  const structure = (command.structure ?? "independent") as RandomEffectsStructure;
  const by = [...(command.strata as readonly string[])];
  if (registry) {
    const { estimateByStratum } = await import("../strata/estimateByStratum.js");
    return estimateByStratum(data, { ...common, method: "random-effects", structure, by, ci, resampling: command.resampling });
  }
  const { estimateRandomEffects } = await import("../models/random-effects/estimateRandomEffects.js");
  return estimateRandomEffects(data, { ...common, structure, by, ci: ci as "bootstrap" | "conditional" | "none" });
}
