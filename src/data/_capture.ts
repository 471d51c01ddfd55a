/**
 * Private helpers shared by the functions in `src/data`: checking counts and capture histories,
 * assembling a {@link CaptureData} from validated rows, and re-coding data onto new lists.
 * Nothing here is exported from the package.
 */

import { CaptureDataError, OptionError, type DataIssue } from "../errors.js";
import type { CaptureData, CaptureRecord } from "../types.js";

/** Most lists a dataset may have: `2^20 − 1` ≈ one million capture-history cells. */
export const MAX_LISTS = 20;

/** How repeated capture histories are handled. */
export type DuplicatePolicy = "reject" | "merge";

/** One checked source row. `history`/`count` are `null` when the row had a problem with them. */
export interface Entry {
  /** 1-based CSV line, or 1-based index of the entry for plain-object input. */
  readonly row: number;
  readonly history: number | null;
  readonly count: number | null;
  /** Covariate values, present only when the source has covariates. */
  readonly values?: Readonly<Record<string, string>>;
}

/** What a bad count is: the issue code and the requirement it broke. */
export interface CountProblem {
  readonly code: "MISSING_COUNT" | "NEGATIVE_COUNT" | "FRACTIONAL_COUNT" | "INVALID_COUNT";
  readonly requirement: string;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Checks a numeric count: a finite, non-negative, whole, safe integer. */
export function checkCountNumber(value: number): CountProblem | number {
  if (!Number.isFinite(value)) return { code: "INVALID_COUNT", requirement: "must be a finite number" };
  if (value < 0) return { code: "NEGATIVE_COUNT", requirement: "must not be negative" };
  if (!Number.isInteger(value)) return { code: "FRACTIONAL_COUNT", requirement: "must be a whole number" };
  if (value > Number.MAX_SAFE_INTEGER) {
    return { code: "INVALID_COUNT", requirement: `must be at most ${Number.MAX_SAFE_INTEGER}` };
  }
  return value + 0; // turns -0 into 0
}

/** Checks a count written as text (already trimmed): decimal or exponent notation, integral. */
export function checkCountText(text: string): CountProblem | number {
  if (text === "") return { code: "MISSING_COUNT", requirement: "must be given" };
  if (!DECIMAL.test(text)) return { code: "INVALID_COUNT", requirement: "must be a number" };
  return checkCountNumber(Number(text));
}

/** `JSON.stringify` of a value for a message, shortened when long. */
export function quote(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  else if (typeof value === "bigint") text = `${value}n`;
  else if (value === undefined) text = "undefined";
  else if (typeof value === "function") text = "a function";
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
    if (text.length > 60) text = `${text.slice(0, 60)}…`;
  }
  return text;
}

/** `"101"`-style label of a history: character `j` is 1 when bit `j` is set. */
export function labelHistory(history: number, nLists: number): string {
  let label = "";
  for (let j = 0; j < nLists; j++) label += Math.floor(history / 2 ** j) % 2 === 1 ? "1" : "0";
  return label;
}

/** Readable description of a history, e.g. `101 (LA, PF)`. */
export function describeHistory(history: number, lists: readonly string[]): string {
  const on = lists.filter((_, j) => Math.floor(history / 2 ** j) % 2 === 1);
  return `${labelHistory(history, lists.length)} (${on.length > 0 ? on.join(", ") : "on no list"})`;
}

/** Issues about the list names themselves: blank, repeated, too few, too many. */
export function checkListNames(lists: readonly string[], issues: DataIssue[]): void {
  const seen = new Set<string>();
  lists.forEach((name, j) => {
    if (name.trim() === "") {
      issues.push({
        code: "INVALID_COLUMN_NAME",
        message: `list ${j + 1} must have a non-blank name; received ${quote(name)}`,
      });
    } else if (seen.has(name)) {
      issues.push({ code: "DUPLICATE_COLUMN", column: name, message: `list name ${quote(name)} is given more than once` });
    }
    seen.add(name);
  });
  pushListCountIssues(lists, issues);
}

/** TOO_FEW_LISTS / TOO_MANY_LISTS issues for a set of lists. */
export function pushListCountIssues(lists: readonly string[], issues: DataIssue[]): void {
  if (lists.length < 2) {
    issues.push({
      code: "TOO_FEW_LISTS",
      message: `capture data needs at least 2 lists; received ${lists.length}${lists.length > 0 ? ` (${lists.join(", ")})` : ""}`,
    });
  } else if (lists.length > MAX_LISTS) {
    issues.push({
      code: "TOO_MANY_LISTS",
      message: `capture data may have at most ${MAX_LISTS} lists (2^${MAX_LISTS} − 1 capture histories); received ${lists.length}`,
    });
  }
}

/** Options of {@link assembleCaptureData}. */
export interface AssembleOptions {
  /** Covariate names, or undefined when the source has none. */
  readonly covariates?: readonly string[];
  readonly duplicates: DuplicatePolicy;
  /**
   * True when every entry is one person (records): an all-zero history is always an error and
   * duplicates are impossible. False for aggregated rows.
   */
  readonly personRows: boolean;
  /** Issues found so far; more are added and, if any, all are thrown. */
  readonly issues: DataIssue[];
}

/**
 * Builds capture data from checked entries, adding all-zero-history, duplicate and
 * no-observation issues; throws one {@link CaptureDataError} listing every issue if there is any.
 */
export function assembleCaptureData(
  lists: readonly string[],
  entries: readonly Entry[],
  options: AssembleOptions,
): CaptureData {
  const { covariates, duplicates, personRows, issues } = options;
  const listsUsable = lists.length >= 2 && lists.length <= MAX_LISTS;
  const counts: number[] = listsUsable ? new Array<number>(2 ** lists.length - 1).fill(0) : [];
  const records: { history: number; count: number; values: Readonly<Record<string, string>> }[] = [];
  const firstRow = new Map<string, { row: number; record: number }>();

  for (const entry of entries) {
    const { history, count } = entry;
    if (history === null || count === null) continue;
    if (history === 0) {
      if (personRows || count > 0) {
        issues.push({
          code: "ALL_ZERO_HISTORY",
          row: entry.row,
          message: personRows
            ? `every person must be on at least one list; this row is on none (${labelHistory(0, lists.length)})`
            : `a row with count ${count} must be on at least one list; this row is on none ` +
              `(${labelHistory(0, lists.length)}); the unobserved are what is estimated, not data`,
        });
      }
      continue; // an all-zero row with count 0 says nothing and is skipped
    }
    const values = entry.values ?? {};
    if (!personRows) {
      const key = `${history}\u0000${JSON.stringify((covariates ?? []).map((c) => values[c] ?? ""))}`;
      const first = firstRow.get(key);
      if (first !== undefined) {
        if (duplicates === "reject") {
          const same = covariates !== undefined && covariates.length > 0 ? " with the same covariate values" : "";
          issues.push({
            code: "DUPLICATE_HISTORY",
            row: entry.row,
            message:
              `capture history ${describeHistory(history, lists)}${same} appears in rows ${first.row} and ` +
              `${entry.row}; each history may appear once (use duplicates: "merge" to add their counts)`,
          });
        } else {
          if (listsUsable && !addSafely(counts, history, count, entry.row, lists, issues)) continue;
          const merged = records[first.record];
          merged.count += count;
        }
        continue;
      }
      firstRow.set(key, { row: entry.row, record: records.length });
    }
    if (listsUsable && !addSafely(counts, history, count, entry.row, lists, issues)) continue;
    records.push({ history, count, values });
  }

  const observed = counts.reduce((sum, c) => sum + c, 0);
  if (observed > Number.MAX_SAFE_INTEGER && !issues.some((i) => i.code === "TOTAL_TOO_LARGE")) issues.push(totalTooLarge(observed));
  if (issues.length === 0 && observed === 0) {
    issues.push({
      code: "NO_OBSERVATIONS",
      message: "capture data must observe at least one person; every count is 0",
    });
  }
  if (issues.length > 0) throw new CaptureDataError(sortIssues(issues));

  if (covariates === undefined) return { lists: [...lists], counts, observed };
  return { lists: [...lists], counts, observed, records, covariates: [...covariates] };
}

/**
 * Adds `count` to history `history`'s count unless the sum would pass 2^53 − 1 (then adds a
 * TOTAL_TOO_LARGE issue and returns false).
 */
function addSafely(counts: number[], history: number, count: number, row: number, lists: readonly string[], issues: DataIssue[]): boolean {
  const sum = counts[history - 1] + count;
  if (sum > Number.MAX_SAFE_INTEGER) {
    issues.push({
      code: "TOTAL_TOO_LARGE",
      row,
      message:
        `the counts of capture history ${describeHistory(history, lists)} add up to more than ${Number.MAX_SAFE_INTEGER} ` +
        `(2^53 − 1), beyond exact whole numbers; received ${counts[history - 1]} + ${count}`,
    });
    return false;
  }
  counts[history - 1] = sum;
  return true;
}

/** The TOTAL_TOO_LARGE issue for an observed total past 2^53 − 1. */
export function totalTooLarge(observed: number): DataIssue {
  return {
    code: "TOTAL_TOO_LARGE",
    message: `the counts add up to ${observed}, more than ${Number.MAX_SAFE_INTEGER} (2^53 − 1) people, beyond exact whole numbers`,
  };
}

/** Issues without a row first (in the order found), then by row; stable. */
export function sortIssues(issues: readonly DataIssue[]): DataIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => (a.issue.row ?? 0) - (b.issue.row ?? 0) || a.index - b.index)
    .map(({ issue }) => issue);
}

/** Throws an {@link OptionError} unless `data` looks like capture data with consistent counts. */
export function assertCaptureData(data: CaptureData, name = "data"): void {
  if (typeof data !== "object" || data === null || !Array.isArray(data.lists) || !Array.isArray(data.counts)) {
    throw new OptionError(`\`${name}\` must be capture data ({ lists, counts, observed }); received ${quote(data)}`);
  }
  const t = data.lists.length;
  if (t < 1 || t > MAX_LISTS || data.counts.length !== 2 ** t - 1) {
    throw new OptionError(
      `\`${name}.counts\` must have 2^t − 1 entries for its t = ${t} lists; received ${data.counts.length}`,
    );
  }
}

/**
 * Re-codes capture data onto new lists: new list `k` holds whoever is on any of the old lists
 * `groups[k]` (indices into `data.lists`). Old lists in no group are dropped, and people on no new
 * list vanish (from the counts and from `records`). Throws NO_OBSERVATIONS if nobody is left.
 */
export function recodeLists(
  data: CaptureData,
  names: readonly string[],
  groups: readonly (readonly number[])[],
): CaptureData {
  const masks = groups.map((group) => group.reduce((mask, j) => mask + 2 ** j, 0));
  const recode = (history: number): number => {
    let next = 0;
    masks.forEach((mask, k) => {
      if (intersects(history, mask)) next += 2 ** k;
    });
    return next;
  };
  const counts = new Array<number>(2 ** names.length - 1).fill(0);
  const issues: DataIssue[] = [];
  data.counts.forEach((count, index) => {
    const next = recode(index + 1);
    if (next > 0 && issues.length === 0) addSafely(counts, next, count, index + 1, names, issues);
  });
  const observed = counts.reduce((sum, c) => sum + c, 0);
  if (issues.length === 0 && observed > Number.MAX_SAFE_INTEGER) issues.push(totalTooLarge(observed));
  if (issues.length > 0) throw new CaptureDataError(issues.map(({ row: _row, ...issue }) => issue));
  if (observed === 0) {
    throw new CaptureDataError([
      {
        code: "NO_OBSERVATIONS",
        message: `capture data must observe at least one person; nobody is on the lists ${names.join(", ")}`,
      },
    ]);
  }
  const result: { lists: string[]; counts: number[]; observed: number; records?: CaptureRecord[]; covariates?: string[] } =
    { lists: [...names], counts, observed };
  if (data.records !== undefined) {
    result.records = data.records
      .map((record) => ({ history: recode(record.history), count: record.count, values: { ...record.values } }))
      .filter((record) => record.history > 0);
  }
  if (data.covariates !== undefined) result.covariates = [...data.covariates];
  return result;
}

/** True when the bit masks `a` and `b` (each below 2^31 or not) share a set bit. */
export function intersects(a: number, b: number): boolean {
  if (a < 2 ** 31 && b < 2 ** 31) return (a & b) !== 0;
  let x = a;
  let y = b;
  while (x > 0 && y > 0) {
    if (x % 2 === 1 && y % 2 === 1) return true;
    x = Math.floor(x / 2);
    y = Math.floor(y / 2);
  }
  return false;
}

/** Names in `wanted` that are not lists of `data`, as UNKNOWN_LIST issues. */
export function unknownListIssues(lists: readonly string[], wanted: readonly string[], argument: string): DataIssue[] {
  return wanted
    .filter((name) => !lists.includes(name))
    .map((name) => ({
      code: "UNKNOWN_LIST" as const,
      column: name,
      message: `\`${argument}\` must name lists of the data (${lists.join(", ")}); received ${quote(name)}`,
    }));
}

/** Throws an {@link OptionError} unless `value` is an array of strings. */
export function assertStringArray(value: unknown, name: string): asserts value is readonly string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw new OptionError(`\`${name}\` must be an array of strings; received ${quote(value)}`);
  }
}

/** Throws an {@link OptionError} unless `value` is undefined or one of `allowed`. */
export function assertOneOf(value: unknown, allowed: readonly string[], name: string): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    throw new OptionError(`\`${name}\` must be one of ${allowed.map((a) => `"${a}"`).join(", ")}; received ${quote(value)}`);
  }
}
