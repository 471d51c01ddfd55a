/** Private: the sections of a report on a trend over periods. */
import type { TrendEstimate } from "../strata/types.js";
import { NONE, count, fixed, intervalCells, intervalHeaders, intervalKeys, percent, whole, type Cell } from "./_cells.js";
import type { CaptureData } from "../types.js";
import { dataSections } from "./_dataDocument.js";
import { settingsSection, warningsSection, type ReportDocument } from "./_document.js";

/** Build the report document of a trend. */
export function trendDocument(result: TrendEstimate, title: string, data?: CaptureData): ReportDocument {
  const periodKeys = intervalKeys(result.periods.map((p) => p.intervals));
  const changeKeys = intervalKeys(result.changes.map((c) => c.intervals));
  const slope = result.slope;
  const first = slope.intervals[0];
  return {
    title,
    sections: [
      {
        heading: "Trend",
        blocks: [
          {
            kind: "headline",
            id: "slope",
            label: `Change per ${result.period} (least-squares slope)`,
            value: count(slope.estimate),
            ...(first ? { detail: `${percent(first.level)} interval (${first.method}): ${count(first.lower).text} – ${count(first.upper).text}` } : {}),
          },
        ],
      },
      {
        heading: "Periods",
        blocks: [
          {
            kind: "table",
            headers: [result.period, "Estimate", "Observed", "Dark figure", "Estimate per observed", ...intervalHeaders(periodKeys), "Model", "Warnings"],
            rows: result.periods.map((p): Cell[] => [
              p.period,
              count(p.estimate),
              count(p.observed),
              count(p.estimate === null ? null : p.estimate - p.observed),
              fixed(p.ratio),
              ...intervalCells(p.intervals, periodKeys),
              p.model?.name ?? NONE,
              whole(p.warnings.length),
            ]),
          },
        ],
        plots: ["trend"],
      },
      {
        heading: "Changes",
        blocks:
          result.changes.length === 0
            ? [{ kind: "paragraph", text: "No change was computed." }]
            : [
                {
                  kind: "table",
                  headers: ["From", "To", "Difference", ...intervalHeaders(changeKeys)],
                  rows: result.changes.map((c): Cell[] => [c.from, c.to, count(c.difference), ...intervalCells(c.intervals, changeKeys)]),
                },
              ],
      },
      {
        heading: "Slope",
        blocks: [
          {
            kind: "table",
            headers: ["Slope per period", ...intervalHeaders(intervalKeys([slope.intervals]))],
            rows: [[count(slope.estimate), ...intervalCells(slope.intervals, intervalKeys([slope.intervals]))]],
          },
        ],
      },
      ...(data ? dataSections(data) : []),
      ...warningsSection([
        ...result.warnings,
        ...result.periods.flatMap((p) => p.warnings.map((w) => ({ ...w, where: `${result.period} ${p.period}` }))),
      ]),
      ...settingsSection(result.settings),
    ],
  };
}
