import type { CaptureData } from "../types.js";
import { OptionError } from "../errors.js";
import { tagResult, type ReportResult, type TaggedResult } from "./_resultKind.js";
import type { ReportDocument } from "./_document.js";
import { estimateDocument } from "./_estimateDocument.js";
import { strataDocument } from "./_strataDocument.js";
import { trendDocument } from "./_trendDocument.js";
import { renderMarkdown } from "./_markdown.js";
import { renderText, underline } from "./_textDocument.js";
import { renderCsv } from "./_csv.js";
import { renderHtml } from "./_html.js";
import { plotsFor } from "./_plots.js";
import { renderSvgs } from "./_renderSvg.js";
import { formatEstimateText } from "./formatText.js";

export type { ReportResult } from "./_resultKind.js";

/** Output formats of {@link formatReport}. */
export type ReportFormat = "text" | "markdown" | "html" | "json" | "csv";

const FORMATS: readonly ReportFormat[] = ["text", "markdown", "html", "json", "csv"];

/** Options of {@link formatReport}. */
export interface FormatReportOptions {
  /** `"text"` (terminal), `"markdown"`, `"html"` (one self-contained page with plots), `"json"` or `"csv"`. */
  readonly format: ReportFormat;
  /** Report title (text, markdown and HTML). Default by kind of result, e.g. `"Population estimate"`. */
  readonly title?: string;
  /**
   * The capture data the result was estimated from. When given, reports add the list sizes and
   * overlaps (a heat map in HTML) and, in HTML, the sensitivity plot that refits every candidate model.
   */
  readonly data?: CaptureData;
}

/**
 * Render an estimate, a stratified estimate or a trend as a report.
 *
 * - `text`: a terminal summary ({@link formatEstimateText} for an estimate; tables for strata and trends).
 * - `markdown`: headings and tables: estimate, observed, dark figure, intervals, model, fit
 *   statistics, diagnostics, selection (ranking or stepwise steps), strata and total, periods,
 *   changes and slope, warnings, settings.
 * - `json`: `JSON.stringify(result, null, 2)`.
 * - `csv`: a header row and one row per estimate (per stratum plus a `total` row; per period), with
 *   columns: stratum columns, `estimate`, `observed`, `unobserved`, then
 *   `${method}_${level}_lower`/`_upper` per interval; RFC 4180 quoting, CRLF line ends.
 * - `html`: one self-contained page (inline CSS and SVG, no script, no external resource) with the
 *   tables and plots drawn by vega-lite on the spot: sensitivity to the model (needs `data`), the
 *   bootstrap distribution (needs `keepReplicates: true`), strata or trend, and list overlaps (needs
 *   `data`), each in a `<figure data-plot="…">`. Vega is imported only for this format.
 *
 * @param result - from {@link estimate}, {@link estimateWithInterval}, or a stratified or trend analysis.
 * @param options - see {@link FormatReportOptions}.
 * @returns the report text.
 * @throws {OptionError} for an unknown `format`, or `data` whose observed total differs from the result's.
 * @throws {MissingDependencyError} for `format: "html"` when the optional packages vega and vega-lite
 *   are not installed (`npm install vega vega-lite`).
 * @example
 * const r = await estimateWithInterval(data, { keepReplicates: true });
 * writeFileSync("report.html", await formatReport(r, { format: "html", data }));
 * await formatReport(r, { format: "csv" });
 * // "estimate,observed,unobserved,bca_0.95_lower,bca_0.95_upper\r\n10451.3,…"
 */
export async function formatReport(result: ReportResult, options: FormatReportOptions): Promise<string> {
  const format = options?.format;
  if (!FORMATS.includes(format)) {
    throw new OptionError(`\`format\` must be one of ${FORMATS.join(", ")}; received ${String(format)}`);
  }
  const tagged = tagResult(result);
  if (options.data) checkData(tagged, options.data);
  switch (format) {
    case "json":
      return JSON.stringify(result, null, 2);
    case "csv":
      return renderCsv(tagged);
    case "text":
      return tagged.kind === "estimate"
        ? `${options.title ? `${underline(options.title, "=")}\n\n` : ""}${formatEstimateText(tagged.result)}`
        : renderText(documentOf(tagged, options));
    case "markdown":
      return renderMarkdown(documentOf(tagged, options));
    case "html": {
      const plots = plotsFor(tagged, options.data);
      const svgs = await renderSvgs(plots.map((p) => p.spec));
      return renderHtml(
        documentOf(tagged, options),
        plots.map((p, k) => ({ kind: p.kind, caption: p.caption, svg: svgs[k] })),
      );
    }
  }
}

function documentOf(tagged: TaggedResult, options: FormatReportOptions): ReportDocument {
  switch (tagged.kind) {
    case "estimate":
      return estimateDocument(tagged.result, options.title ?? "Population estimate", options.data);
    case "strata":
      return strataDocument(tagged.result, options.title ?? `Population estimate by ${tagged.result.by.join(", ")}`, options.data);
    case "trend":
      return trendDocument(tagged.result, options.title ?? `Population trend by ${tagged.result.period}`, options.data);
  }
}

/** `data` must be the data the result came from: the same observed total (trends: at least the periods'). */
function checkData(tagged: TaggedResult, data: CaptureData): void {
  const observed =
    tagged.kind === "estimate" ? tagged.result.observed : tagged.kind === "strata" ? tagged.result.total.observed : undefined;
  if (observed !== undefined && observed !== data.observed) {
    throw new OptionError(
      `\`data\` must be the capture data the result was estimated from; its observed total is ${data.observed}, the result's is ${observed}`,
    );
  }
}
