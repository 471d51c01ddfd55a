/** Private: the document model shared by the text, markdown and HTML renderers, and number formatting. */
import type { FitStatistics, Interval } from "../types.js";

/** A number shown in a report: its exact value (null when there is none) and how it is displayed. */
export interface NumberCell {
  readonly value: number | null;
  readonly text: string;
}

/** A table cell: plain text or a number. */
export type Cell = string | NumberCell;

let integerFormat: Intl.NumberFormat | undefined;

/**
 * `x` rounded to a whole number (halves away from zero) with comma thousands separators, as
 * `Intl.NumberFormat("en-US", { maximumFractionDigits: 0 })` writes it, without building that
 * formatter (its first use costs about 20 ms of a command's start-up) unless |x| ≥ 1e21.
 */
export function formatInteger(x: number): string {
  const magnitude = Math.abs(x);
  if (!Number.isFinite(x) || magnitude >= 1e21) {
    integerFormat ??= new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
    return integerFormat.format(x);
  }
  const digits = String(Math.round(magnitude));
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ",");
  return x < 0 || Object.is(x, -0) ? `-${grouped}` : grouped;
}

/** Shown for a missing number. */
export const NONE = "–";

/** A count or population size, rounded to a whole number with thousands separators. */
export function count(x: number | null | undefined): NumberCell {
  return x === null || x === undefined || !Number.isFinite(x)
    ? { value: x ?? null, text: x === null || x === undefined ? NONE : String(x) }
    : { value: x, text: formatInteger(x) };
}

/** A number with a fixed number of decimals. */
export function fixed(x: number | null | undefined, digits = 2): NumberCell {
  return x === null || x === undefined || !Number.isFinite(x)
    ? { value: x ?? null, text: x === null || x === undefined ? NONE : String(x) }
    : { value: x, text: x.toFixed(digits) };
}

/** A p-value: three significant digits, exponent notation below 0.001. */
export function pValue(x: number): NumberCell {
  return { value: x, text: x !== 0 && x < 0.001 ? x.toExponential(2) : x.toPrecision(3) };
}

/** A whole number shown as it is (degrees of freedom, iterations, replicates). */
export function whole(x: number): NumberCell {
  return { value: x, text: String(x) };
}

/** A level as a percentage: `0.95` → `95%`. */
export function percent(level: number): string {
  return `${Number((level * 100).toPrecision(10))}%`;
}

/** The cell's displayed text. */
export function cellText(cell: Cell): string {
  return typeof cell === "string" ? cell : cell.text;
}

/** An interval's method and level, as a key and as column labels. */
export interface IntervalKey {
  readonly method: string;
  readonly level: number;
}

/** Every (method, level) pair met in the interval lists, in first-seen order. */
export function intervalKeys(lists: readonly (readonly Interval[])[]): IntervalKey[] {
  const keys: IntervalKey[] = [];
  for (const list of lists) {
    for (const i of list) {
      if (!keys.some((k) => k.method === i.method && k.level === i.level)) keys.push({ method: i.method, level: i.level });
    }
  }
  return keys;
}

/** The interval of `key` in `list`, if any. */
export function findInterval(list: readonly Interval[], key: IntervalKey): Interval | undefined {
  return list.find((i) => i.method === key.method && i.level === key.level);
}

/** Table headers for interval columns: `95% bca lower`, `95% bca upper`, … */
export function intervalHeaders(keys: readonly IntervalKey[]): string[] {
  return keys.flatMap((k) => [`${percent(k.level)} ${k.method} lower`, `${percent(k.level)} ${k.method} upper`]);
}

/** Interval cells in the order of `keys` (missing ones shown as {@link NONE}). */
export function intervalCells(list: readonly Interval[], keys: readonly IntervalKey[]): NumberCell[] {
  return keys.flatMap((k) => {
    const i = findInterval(list, k);
    return [count(i?.lower ?? null), count(i?.upper ?? null)];
  });
}

/** Label–value rows of the fit statistics shared by every model (log-likelihood to BIC). */
export function fitStatisticRows(
  f: Pick<FitStatistics, "logLikelihood" | "deviance" | "df" | "parameters" | "aic" | "bic">,
): [string, Cell][] {
  return [
    ["Log-likelihood", fixed(f.logLikelihood)],
    ["Deviance", fixed(f.deviance)],
    ["Degrees of freedom", whole(f.df)],
    ["Parameters", whole(f.parameters)],
    ["AIC", fixed(f.aic)],
    ["BIC", fixed(f.bic)],
  ];
}
