import type { CaptureData, EstimateWarning, Interval, ResamplingScheme } from "../types.js";
import { OptionError, PrevalenceError } from "../errors.js";
import { validateLevels } from "../_lib/validate.js";
import { omitLists } from "../data/omitLists.js";
import { mergeLists } from "../data/mergeLists.js";
import { DEFAULT_SEED } from "../uncertainty/_runBootstrap.js";
import { VERSION } from "../version.js";
import { comparisonRoutes, type ComparisonRoute } from "./comparisonRoutes.js";
import { runMethod, type ReviewRunOptions } from "./_runMethod.js";

/** Options of {@link listSensitivity}. */
export interface ListSensitivityOptions extends ReviewRunOptions {
  /** Methods (comparison route names, e.g. `"stepwise"`, `"bic"`, `"Mt"`, or names of `routes`). Default `["stepwise"]`. */
  readonly methods?: readonly string[];
  /** Routes of your own besides the comparison's (see `ComparisonRoute`). */
  readonly routes?: readonly ComparisonRoute[];
  /** Omit each list in turn. Default true. */
  readonly omit?: boolean;
  /** Merge each pair of lists. Default true. */
  readonly pairs?: boolean;
  /** Named groups of lists to merge, e.g. `{ police: ["PF", "NCA"] }`. */
  readonly groups?: Readonly<Record<string, readonly string[]>>;
}

/** One variant of the data under one method. */
export interface ListSensitivityRow {
  /** The method (comparison route). */
  readonly method: string;
  /** `"none"` (the data as they are), `"omit"`, `"merge"` (a pair) or `"group"` (a named group). */
  readonly change: "none" | "omit" | "merge" | "group";
  /** The lists omitted or merged (empty for `"none"`). */
  readonly lists: readonly string[];
  /** For people, e.g. `"without NG"`, `"NG + GO merged"`, `"police (PF + NCA)"`. */
  readonly label: string;
  /** People observed on the variant's lists (omitting a list loses those only on it). */
  readonly observed: number;
  /** The estimate; null when none exists. */
  readonly estimate: number | null;
  /** The intervals of the estimate. */
  readonly intervals: readonly Interval[];
  /** The model behind the estimate, where there is one. */
  readonly model: string | null;
  /** estimate − the method's estimate on the data as they are; null when either is missing. */
  readonly shift: number | null;
  /**
   * Omissions only: true when the estimate moved by more than the width of the method's interval
   * on the data as they are (its first interval), as Sharifi Far et al. (2021) ask.
   */
  readonly flagged: boolean;
  /** The variant's warnings. */
  readonly warnings: readonly EstimateWarning[];
}

/** How estimates move when lists are omitted or merged. */
export interface ListSensitivity {
  /** Always `"list-sensitivity"`. */
  readonly kind: "list-sensitivity";
  /** The lists of the data. */
  readonly lists: readonly string[];
  /** People observed. */
  readonly observed: number;
  /** One row per method and variant: first the data as they are, then omissions, pairs, groups. */
  readonly rows: readonly ListSensitivityRow[];
  /** `LIST_SENSITIVE` for every flagged omission. */
  readonly warnings: readonly EstimateWarning[];
  /** Every setting that shaped it. */
  readonly settings: {
    readonly methods: readonly string[];
    readonly ci: "bca" | "percentile" | "none";
    readonly level: readonly number[];
    readonly replicates: number;
    readonly seed: number | string;
    readonly resampling?: ResamplingScheme;
    readonly groups?: Readonly<Record<string, readonly string[]>>;
    readonly version: string;
  };
}

/**
 * Sensitivity of the estimate to the lists (Sharifi Far et al. 2021): re-estimate with
 * each list omitted in turn, each pair of lists merged into one, and each named group merged, with
 * the chosen method(s), and flag an omission that moves the estimate by more than the width of its
 * interval on the data as they are (`LIST_SENSITIVE`). Omitting a list also drops the people seen
 * only on it, so the estimate then targets the same population from fewer sources; merging keeps
 * everyone.
 *
 * @param data - capture data with at least 3 lists.
 * @param options - see {@link ListSensitivityOptions}.
 * @returns one row per method and variant, with the shift from the full data and the flags.
 * @throws {OptionError} for fewer than 3 lists, an unknown method, or a group naming unknown lists.
 * @example
 * const s = await listSensitivity(loadDataset("UKdat_5"), { methods: ["stepwise"], replicates: 200 });
 * s.rows.filter((r) => r.flagged).map((r) => r.label)
 * @see docs/methodology/review.md
 */
export async function listSensitivity(data: CaptureData, options: ListSensitivityOptions = {}): Promise<ListSensitivity> {
  if (data.lists.length < 3) {
    throw new OptionError(`list sensitivity needs at least 3 lists (omitting one must leave 2); received ${data.lists.length}`);
  }
  const levels = validateLevels(options.level);
  const ci = options.ci ?? "bca";
  const methods = options.methods ?? ["stepwise"];
  const variants: { change: ListSensitivityRow["change"]; lists: string[]; label: string; data: CaptureData }[] = [
    { change: "none", lists: [], label: "all lists", data },
  ];
  if (options.omit ?? true) {
    for (const list of data.lists) variants.push({ change: "omit", lists: [list], label: `without ${list}`, data: omitLists(data, [list]) });
  }
  if (options.pairs ?? true) {
    for (let a = 0; a < data.lists.length; a++) {
      for (let b = a + 1; b < data.lists.length; b++) {
        const pair = [data.lists[a], data.lists[b]];
        variants.push({ change: "merge", lists: pair, label: `${pair.join(" + ")} merged`, data: mergeLists(data, pair, { name: pair.join("+") }) });
      }
    }
  }
  for (const [name, group] of Object.entries(options.groups ?? {})) {
    let merged: CaptureData;
    try {
      merged = mergeLists(data, group, { name });
    } catch (error) {
      if (error instanceof PrevalenceError) throw new OptionError(`group ${JSON.stringify(name)} cannot be merged: ${error.message}`);
      throw error;
    }
    variants.push({ change: "group", lists: [...group], label: `${name} (${group.join(" + ")})`, data: merged });
  }
  const rows: ListSensitivityRow[] = [];
  const warnings: EstimateWarning[] = [];
  for (const method of methods) {
    const find = (d: CaptureData) => {
      const route = [...(options.routes ?? []), ...comparisonRoutes(d)].find((r) => r.method === method);
      if (route === undefined) {
        throw new OptionError(`\`methods\` must name routes of the comparison (${comparisonRoutes(data).map((r) => r.method).join(", ")}); received ${method}`);
      }
      return route;
    };
    let baseline: { estimate: number | null; width: number | null } = { estimate: null, width: null };
    for (const v of variants) {
      const run = await runMethod(v.data, find(v.data), { ...options, level: levels, ci });
      if (v.change === "none") {
        const first = run.intervals[0];
        baseline = { estimate: run.estimate, width: first ? first.upper - first.lower : null };
      }
      const shift = run.estimate !== null && baseline.estimate !== null ? run.estimate - baseline.estimate : null;
      const flagged = v.change === "omit" && shift !== null && baseline.width !== null && Math.abs(shift) > baseline.width;
      if (flagged) {
        warnings.push({
          code: "LIST_SENSITIVE",
          message: `${method}: omitting ${v.lists[0]} moves the estimate by ${Math.round(shift as number)}, more than the width of its interval on all lists (${Math.round(baseline.width as number)})`,
        });
      }
      rows.push({
        method,
        change: v.change,
        lists: v.lists,
        label: v.label,
        observed: v.data.observed,
        estimate: run.estimate,
        intervals: run.intervals,
        model: run.model,
        shift,
        flagged,
        warnings: run.warnings,
      });
    }
  }
  return {
    kind: "list-sensitivity",
    lists: [...data.lists],
    observed: data.observed,
    rows,
    warnings,
    settings: {
      methods: [...methods],
      ci,
      level: levels,
      replicates: options.replicates ?? 1000,
      seed: options.seed ?? DEFAULT_SEED,
      ...(options.resampling !== undefined ? { resampling: options.resampling } : {}),
      ...(options.groups !== undefined ? { groups: options.groups } : {}),
      version: VERSION,
    },
  };
}
