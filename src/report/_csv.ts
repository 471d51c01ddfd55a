/** Private: render a result as CSV, one row per estimate. */
import type { Interval } from "../types.js";
import { intervalKeys, findInterval } from "./_cells.js";
import type { EstimateResult } from "./_resultKind.js";
import type { StratifiedEstimate, TrendEstimate } from "../strata/types.js";

/** One estimate line: its stratum values, the numbers and the intervals. */
interface CsvLine {
  readonly stratum: readonly string[];
  readonly estimate: number | null;
  readonly observed: number;
  readonly unobserved: number | null;
  readonly intervals: readonly Interval[];
}

/** Quote a field as RFC 4180 asks: when it holds a comma, a quote or a line break, doubling quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The result as CSV: a header row (stratum columns, `estimate`, `observed`, `unobserved`, then
 * `${method}_${level}_lower`/`_upper` for every interval), then one row per estimate; CRLF line ends.
 * A trend has its own layout; see {@link renderTrendCsv}.
 */
export function renderCsv(result: EstimateResult | StratifiedEstimate | TrendEstimate): string {
  if (result.kind === "trend") return renderTrendCsv(result);
  const { columns, lines } = csvLines(result);
  const keys = intervalKeys(lines.map((l) => l.intervals));
  const header = [
    ...columns,
    "estimate",
    "observed",
    "unobserved",
    ...keys.flatMap((k) => [`${k.method}_${k.level}_lower`, `${k.method}_${k.level}_upper`]),
  ];
  const rows = lines.map((l) => [
    ...l.stratum,
    number(l.estimate),
    number(l.observed),
    number(l.unobserved),
    ...keys.flatMap((k) => {
      const i = findInterval(l.intervals, k);
      return [number(i?.lower ?? null), number(i?.upper ?? null)];
    }),
  ]);
  return [header, ...rows].map((r) => `${r.map(csvField).join(",")}\r\n`).join("");
}

function number(x: number | null): string {
  return x === null ? "" : String(x);
}

function csvLines(r: EstimateResult | StratifiedEstimate | TrendEstimate): { columns: readonly string[]; lines: CsvLine[] } {
  switch (r.kind) {
    case "estimate": {
      return {
        columns: [],
        lines: [
          {
            stratum: [],
            estimate: r.estimate,
            observed: r.observed,
            unobserved: r.fitted ? r.unobserved : null,
            intervals: r.fitted ? r.intervals : [],
          },
        ],
      };
    }
    case "strata": {
      const t = r.total;
      return {
        columns: r.by.length > 0 ? r.by : ["stratum"],
        lines: [
          ...r.strata.map((s) => ({
            stratum: r.by.length > 0 ? r.by.map((b) => s.stratum[b] ?? "") : [""],
            estimate: s.estimate,
            observed: s.observed,
            unobserved: s.unobserved,
            intervals: s.intervals,
          })),
          {
            stratum: r.by.length > 0 ? r.by.map((_, k) => (k === 0 ? "total" : "")) : ["total"],
            estimate: t.estimate,
            observed: t.observed,
            unobserved: t.estimate === null ? null : t.estimate - t.observed,
            intervals: t.intervals,
          },
        ],
      };
    }
    case "trend":
      throw new Error("a trend is written by renderTrendCsv");
  }
}

/**
 * A trend as CSV, everything its report shows: a `row` column says what each row is — `period` (one
 * per period, with its estimate, observed, dark figure, intervals and model), `change` (between two
 * periods, `from` and `to`: the difference of their estimates and its intervals) or `slope` (the
 * least-squares trend per period, in `settings.slopeUnit`, and its intervals).
 */
function renderTrendCsv(result: TrendEstimate): string {
  const keys = intervalKeys([...result.periods.map((p) => p.intervals), ...result.changes.map((c) => c.intervals), result.slope.intervals]);
  const limits = (intervals: readonly Interval[]): string[] =>
    keys.flatMap((k) => {
      const i = findInterval(intervals, k);
      return [number(i?.lower ?? null), number(i?.upper ?? null)];
    });
  const header = [
    "row",
    result.period,
    "from",
    "to",
    "estimate",
    "observed",
    "unobserved",
    ...keys.flatMap((k) => [`${k.method}_${k.level}_lower`, `${k.method}_${k.level}_upper`]),
    "model",
  ];
  const rows = [
    ...result.periods.map((p) => [
      "period",
      p.period,
      "",
      "",
      number(p.estimate),
      number(p.observed),
      number(p.estimate === null ? null : p.estimate - p.observed),
      ...limits(p.intervals),
      p.model?.name ?? "",
    ]),
    ...result.changes.map((c) => ["change", "", c.from, c.to, number(c.difference), "", "", ...limits(c.intervals), ""]),
    ["slope", "", "", "", number(result.slope.estimate), "", "", ...limits(result.slope.intervals), ""],
  ];
  return [header, ...rows].map((r) => `${r.map(csvField).join(",")}\r\n`).join("");
}
