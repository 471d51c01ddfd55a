import type { CaptureData, EstimateWarning, ResamplingScheme } from "../types.js";
import { OptionError } from "../errors.js";
import { validateInteger, validateLevels } from "../_lib/validate.js";
import { DEFAULT_SEED } from "../uncertainty/_runBootstrap.js";
import { VERSION } from "../version.js";
import { comparisonRoutes, type ComparisonRoute } from "./comparisonRoutes.js";
import { runMethod, type ReviewRunOptions } from "./_runMethod.js";
import { summariseConsistency } from "./summariseConsistency.js";

/** Options of {@link internalConsistency}. */
export interface InternalConsistencyOptions extends ReviewRunOptions {
  /** Methods (comparison route names, or names of `routes`). Default `["stepwise", "main"]`. */
  readonly methods?: readonly string[];
  /** Routes of your own besides the comparison's, e.g. `{ method: "independence", family: "loglinear", options: { model: "main" }, interval: "profile" }`. */
  readonly routes?: readonly ComparisonRoute[];
  /**
   * A reference list whose members seen on another list number fewer than this is not estimated
   * (`TOO_FEW_OBSERVED`). Default 30, as Binette & Steorts (2022).
   */
  readonly minObserved?: number;
}

/** One list taken as the truth, under one method. */
export interface ConsistencyRow {
  /** The method. */
  readonly method: string;
  /** The reference list: its members are the population whose size is estimated from the other lists. */
  readonly list: string;
  /** Its true size: the people on it. */
  readonly size: number;
  /** Its members seen on at least one other list (the observed of the conditioned table). */
  readonly observed: number;
  /** The size estimated from the other lists; null when not estimated. */
  readonly estimate: number | null;
  /** Lower limit of the first interval; null when there is none. */
  readonly lower: number | null;
  /** Upper limit of the first interval; null when there is none. */
  readonly upper: number | null;
  /** Whether the interval holds the true size (limits included); null without an interval. */
  readonly covered: boolean | null;
  /** log(estimate / size); null without an estimate. */
  readonly logRelativeBias: number | null;
  /** The run's warnings (and `TOO_FEW_OBSERVED` when skipped). */
  readonly warnings: readonly EstimateWarning[];
}

/** The summary Binette & Steorts tabulate, per method, over the lists estimated. */
export interface ConsistencySummary {
  /** The method. */
  readonly method: string;
  /** Reference lists with an estimate. */
  readonly lists: number;
  /** Mean of the log relative biases. */
  readonly meanLogRelativeBias: number | null;
  /** Their sample standard deviation (n − 1). */
  readonly sdLogRelativeBias: number | null;
  /** √(mean of their squares). */
  readonly rmseLogRelativeBias: number | null;
  /** Their median. */
  readonly medianLogRelativeBias: number | null;
  /** Share of the intervals holding the true size. */
  readonly coverage: number | null;
  /** Share of the lower limits at or below the true size. */
  readonly lowerCoverage: number | null;
  /** Share of the upper limits at or above the true size. */
  readonly upperCoverage: number | null;
}

/** Internal consistency of methods on one table. */
export interface InternalConsistency {
  /** Always `"consistency"`. */
  readonly kind: "consistency";
  /** One row per method and reference list. */
  readonly lists: readonly ConsistencyRow[];
  /** One row per method. */
  readonly summary: readonly ConsistencySummary[];
  /** Every setting that shaped it. */
  readonly settings: {
    readonly methods: readonly string[];
    readonly ci: "bca" | "percentile" | "none";
    readonly level: readonly number[];
    readonly replicates: number;
    readonly seed: number | string;
    readonly resampling?: ResamplingScheme;
    readonly minObserved: number;
    readonly version: string;
  };
}

/**
 * The table of the members of `list`, on the other lists: a person on `list` with history h has
 * history h without `list`; those on no other list are its unobserved part (their number is known).
 *
 * @param data - capture data with at least 3 lists.
 * @param list - the reference list's name.
 * @returns the conditioned table and the list's true size.
 * @example
 * conditionOnList({ lists: ["A", "B", "C"], counts: [5, 4, 2, 3, 1, 0, 1], observed: 16 }, "A")
 * // { data: { lists: ["B", "C"], counts: [2, 1, 1], observed: 4 }, size: 9 }
 * @see docs/methodology/review.md
 */
export function conditionOnList(data: CaptureData, list: string): { data: CaptureData; size: number } {
  const j = data.lists.indexOf(list);
  const others = data.lists.filter((_, k) => k !== j);
  const counts = new Array<number>(2 ** others.length - 1).fill(0);
  let size = 0;
  data.counts.forEach((count, index) => {
    const h = index + 1;
    if ((h & (1 << j)) === 0 || count === 0) return;
    size += count;
    // drop bit j: the bits above it move down one place
    const low = h & ((1 << j) - 1);
    const high = (h >> (j + 1)) << j;
    const g = low | high;
    if (g > 0) counts[g - 1] += count;
  });
  const observed = counts.reduce((a, b) => a + b, 0);
  return { data: { lists: others, counts, observed }, size };
}

/**
 * Internal consistency (Binette & Steorts 2022): each list in turn is taken as a population of known
 * size, whose size is estimated from the other lists restricted to its members (those on it and on
 * no other list play the dark figure). Reports, per method and list, the estimate, its interval,
 * whether the interval holds the true size, and the log relative bias log(N̂/N); and per method the
 * summary their paper tabulates (mean, sd, RMSE and median of the log relative bias; coverage).
 * The lists are not a random sample of the population, so this checks the method's behaviour on
 * populations like the real one, not its coverage in general.
 *
 * @param data - capture data with at least 3 lists.
 * @param options - see {@link InternalConsistencyOptions}.
 * @returns `{ kind: "consistency", lists: [{ method, list, size, estimate, lower, upper, covered, logRelativeBias }], summary }`.
 * @throws {OptionError} for fewer than 3 lists or an unknown method.
 * @example
 * const c = await internalConsistency(loadDataset("Western"), { methods: ["stepwise"], replicates: 200 });
 * c.summary[0].coverage
 * @see docs/methodology/review.md
 */
export async function internalConsistency(data: CaptureData, options: InternalConsistencyOptions = {}): Promise<InternalConsistency> {
  if (data.lists.length < 3) {
    throw new OptionError(`internal consistency needs at least 3 lists (two besides the reference list); received ${data.lists.length}`);
  }
  const levels = validateLevels(options.level);
  const ci = options.ci ?? "bca";
  const methods = options.methods ?? ["stepwise", "main"];
  const minObserved = validateInteger("minObserved", options.minObserved ?? 30, 1);
  const rows: ConsistencyRow[] = [];
  for (const method of methods) {
    for (const list of data.lists) {
      const conditioned = conditionOnList(data, list);
      const base = { method, list, size: conditioned.size, observed: conditioned.data.observed };
      if (conditioned.data.observed < minObserved) {
        rows.push({
          ...base,
          estimate: null,
          lower: null,
          upper: null,
          covered: null,
          logRelativeBias: null,
          warnings: [
            {
              code: "TOO_FEW_OBSERVED",
              message: `only ${conditioned.data.observed} members of ${list} are on another list (fewer than ${minObserved}): not estimated`,
            },
          ],
        });
        continue;
      }
      const route = [...(options.routes ?? []), ...comparisonRoutes(conditioned.data)].find((r) => r.method === method);
      if (route === undefined) {
        throw new OptionError(`\`methods\` must name routes of the comparison (${comparisonRoutes(data).map((r) => r.method).join(", ")}); received ${method}`);
      }
      const run = await runMethod(conditioned.data, route, { ...options, level: levels, ci });
      const interval = run.intervals[0];
      rows.push({
        ...base,
        estimate: run.estimate,
        lower: interval?.lower ?? null,
        upper: interval?.upper ?? null,
        covered: interval ? interval.lower <= conditioned.size && conditioned.size <= interval.upper : null,
        logRelativeBias: run.estimate === null || run.estimate <= 0 ? null : Math.log(run.estimate / conditioned.size),
        warnings: run.warnings,
      });
    }
  }
  return {
    kind: "consistency",
    lists: rows,
    summary: methods.map((m) => summariseConsistency(m, rows.filter((r) => r.method === m))),
    settings: {
      methods: [...methods],
      ci,
      level: levels,
      replicates: options.replicates ?? 1000,
      seed: options.seed ?? DEFAULT_SEED,
      ...(options.resampling !== undefined ? { resampling: options.resampling } : {}),
      minObserved,
      version: VERSION,
    },
  };
}

