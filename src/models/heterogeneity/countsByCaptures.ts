import Papa from "papaparse";
import { CaptureDataError, OptionError, type DataIssue } from "../../errors.js";
import type { CaptureData } from "../../types.js";
import { popcount } from "../../_lib/bits.js";

/**
 * Counts by number of captures: how many people were seen on exactly k lists or occasions,
 * k = 1, 2, … (Rcapture's `dtype = "nbcap"` data). Enough for M0 and the Mh models; not for models
 * with list (time) effects.
 */
export interface CountsByCaptures {
  /** `frequencies[k − 1]` = people seen exactly k times, k = 1 … K. */
  readonly frequencies: readonly number[];
  /** People observed (Σ f_k). */
  readonly observed: number;
}

/**
 * Read the `nbcap,freq` CSV format: a header `nbcap,freq`, then one row per number of captures k
 * (1, 2, …) with its frequency. Missing k count as zero.
 *
 * @param text - the CSV text.
 * @returns the frequencies f_1 … f_K (K the largest k given).
 * @throws {CaptureDataError} listing every problem with its row and column: missing columns, k
 *   that is not a positive integer or is repeated, a frequency that is not a non-negative integer,
 *   nobody observed.
 * @example
 * readCountsByCapturesCsv("nbcap,freq\n1,6\n2,4\n3,5").frequencies // [6, 4, 5]
 * @see docs/methodology/heterogeneity.md
 */
export function readCountsByCapturesCsv(text: string): CountsByCaptures {
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true });
  const issues: DataIssue[] = [];
  const rows = parsed.data;
  if (rows.length === 0) throw new CaptureDataError([{ code: "EMPTY_INPUT", message: "the file is empty" }]);
  const header = rows[0].map((h) => h.trim());
  const kColumn = header.indexOf("nbcap");
  const fColumn = header.indexOf("freq");
  if (kColumn < 0) issues.push({ code: "MISSING_COLUMN", message: "no `nbcap` column (number of captures)", row: 1 });
  if (fColumn < 0) issues.push({ code: "MISSING_COLUMN", message: "no `freq` column (frequency)", row: 1 });
  if (issues.length > 0) throw new CaptureDataError(issues);
  const byK = new Map<number, number>();
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i];
    const kText = (row[kColumn] ?? "").trim();
    const fText = (row[fColumn] ?? "").trim();
    const k = Number(kText);
    const f = Number(fText);
    let ok = true;
    if (kText === "" || !Number.isInteger(k) || k < 1) {
      issues.push({ code: "INVALID_HISTORY", message: `number of captures must be a positive integer; received "${kText}"`, row: i + 1, column: "nbcap" });
      ok = false;
    } else if (byK.has(k)) {
      issues.push({ code: "DUPLICATE_HISTORY", message: `number of captures ${k} appears twice`, row: i + 1, column: "nbcap" });
      ok = false;
    }
    if (fText === "" || !Number.isFinite(f)) {
      issues.push({ code: "MISSING_COUNT", message: `frequency must be a number; received "${fText}"`, row: i + 1, column: "freq" });
      ok = false;
    } else if (f < 0) {
      issues.push({ code: "NEGATIVE_COUNT", message: `frequency must not be negative; received ${f}`, row: i + 1, column: "freq" });
      ok = false;
    } else if (!Number.isInteger(f)) {
      issues.push({ code: "FRACTIONAL_COUNT", message: `frequency must be a whole number; received ${f}`, row: i + 1, column: "freq" });
      ok = false;
    }
    if (ok) byK.set(k, f);
  }
  if (issues.length > 0) throw new CaptureDataError(issues);
  return countsByCapturesFromFrequencies([...Array(Math.max(0, ...byK.keys())).keys()].map((i) => byK.get(i + 1) ?? 0));
}

/**
 * Counts by number of captures from an array of frequencies f_1, f_2, ….
 *
 * @param frequencies - `frequencies[k − 1]` = people seen exactly k times.
 * @returns the validated counts.
 * @throws {CaptureDataError} for a frequency that is not a non-negative integer, or nobody observed.
 * @example
 * countsByCapturesFromFrequencies([1645, 183, 37, 13, 1, 1]).observed // 1880
 */
export function countsByCapturesFromFrequencies(frequencies: readonly number[]): CountsByCaptures {
  const issues: DataIssue[] = [];
  frequencies.forEach((f, i) => {
    if (typeof f !== "number" || !Number.isInteger(f) || f < 0) {
      issues.push({ code: "INVALID_COUNT", message: `frequency of ${i + 1} captures must be a non-negative integer; received ${String(f)}`, row: i + 1 });
    }
  });
  const observed = frequencies.reduce((s, f) => s + (Number.isFinite(f) ? f : 0), 0);
  if (issues.length === 0 && observed === 0) issues.push({ code: "NO_OBSERVATIONS", message: "nobody was observed" });
  if (issues.length > 0) throw new CaptureDataError(issues);
  return { frequencies: [...frequencies], observed };
}

/**
 * Collapse capture histories to counts by number of captures.
 *
 * @param data - capture data.
 * @returns f_1 … f_t (t the number of lists).
 * @example
 * countsByCapturesFromCaptureData(ukdat).frequencies // [2523, 214, 6, 1, 0, 0]
 */
export function countsByCapturesFromCaptureData(data: CaptureData): CountsByCaptures {
  const t = data.lists.length;
  const f = new Array<number>(t).fill(0);
  data.counts.forEach((c, r) => {
    f[popcount(r + 1) - 1] += c;
  });
  return countsByCapturesFromFrequencies(f);
}

/** Check the occasions/t0 options against the data; returns [t, t0]. */
export function resolveOccasions(counts: CountsByCaptures, occasions: number | undefined, t0: number | undefined): [number, number] {
  if (occasions === undefined) {
    throw new OptionError("`occasions` is required for counts by number of captures: the number of lists or occasions, or Infinity for continuous time");
  }
  const K = counts.frequencies.length;
  if (!(occasions === Number.POSITIVE_INFINITY || (Number.isInteger(occasions) && occasions >= 2))) {
    throw new OptionError(`\`occasions\` must be an integer of at least 2 or Infinity; received ${String(occasions)}`);
  }
  let lastSeen = 0;
  counts.frequencies.forEach((f, i) => {
    if (f > 0) lastSeen = i + 1;
  });
  if (occasions !== Number.POSITIVE_INFINITY && lastSeen > occasions) {
    throw new OptionError(`\`occasions\` must be at least the largest number of captures observed (${lastSeen}); received ${occasions}`);
  }
  const top = t0 ?? (occasions === Number.POSITIVE_INFINITY ? lastSeen : occasions);
  if (!Number.isInteger(top) || top < 2 || (occasions !== Number.POSITIVE_INFINITY && top > occasions)) {
    throw new OptionError(`\`t0\` must be an integer from 2 to the number of occasions; received ${String(t0)}`);
  }
  void K;
  return [occasions, top];
}
