import type { CaptureData } from "../types.js";
import { OptionError } from "../errors.js";
import { isLoglinear, type ReportResult } from "./_resultKind.js";
import type { ReportDocument } from "./_document.js";
import { estimateDocument } from "./_estimateDocument.js";
import { strataDocument } from "./_strataDocument.js";
import { trendDocument } from "./_trendDocument.js";
import { renderMarkdown } from "./_markdown.js";
import { renderText, underline } from "./_textDocument.js";
import { csvField, renderCsv } from "./_csv.js";
import { comparisonDocument, consistencyDocument, listSensitivityDocument, reviewCsvRows, studyDocument, type ReviewResult } from "./_reviewDocuments.js";
import { renderHtml } from "./_html.js";
import { plotsFor } from "./_plots.js";
import { renderSvgs } from "./_renderSvg.js";
import { formatEstimateText } from "./formatText.js";

export type { ReportResult } from "./_resultKind.js";

/** Output formats of {@link formatReport}. */
export type ReportFormat = "text" | "markdown" | "html" | "json" | "csv";

const FORMATS: readonly ReportFormat[] = ["text", "markdown", "html", "json", "csv"];
const KINDS: readonly ReportResult["kind"][] = ["estimate", "strata", "trend", "comparison", "list-sensitivity", "consistency", "study"];

/** Options of {@link formatReport}. */
export interface FormatReportOptions {
  /** `"text"` (terminal), `"markdown"`, `"html"` (one self-contained page with plots), `"json"` or `"csv"`. */
  readonly format: ReportFormat;
  /** Report title (text, markdown and HTML). Default by kind of result, e.g. `"Population estimate"`. */
  readonly title?: string;
  /**
   * The capture data the result was estimated from. When given, reports add the list sizes and
   * overlaps (a heat map in HTML).
   */
  readonly data?: CaptureData;
}

/**
 * Render an estimate, a stratified estimate, a trend, or a result of the reviewer's tools (a
 * comparison of methods with its forest plot, a sensitivity to the lists, an internal consistency
 * check, a simulation study with its coverage plot) as a report.
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
 *   tables and plots drawn by vega-lite on the spot: sensitivity to the model (needs
 *   `sensitivity: true` in `estimateWithInterval`), the bootstrap distribution (needs
 *   `keepReplicates: true`), strata or trend, and list overlaps (needs `data`), each in a
 *   `<figure data-plot="…">`. Vega is imported only for this format. A report renders the result:
 *   it never fits a model.
 *
 * Results are told apart by their `kind` (`estimate`, `strata`, `trend`) and estimates by their
 * `family`: any registered family is rendered (its core numbers, intervals, warnings and settings;
 * the log-linear family's model, fit and selection too).
 *
 * @param result - from {@link estimate} or {@link estimateWithInterval} (any family), or a stratified or trend analysis.
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
  const kind: unknown = result?.kind;
  if (!KINDS.includes(kind as ReportResult["kind"])) {
    throw new OptionError(`\`result\` must be a result of prevalence (its \`kind\` one of ${KINDS.join(", ")}); received kind ${JSON.stringify(kind)}`);
  }
  if (options.data) checkData(result, options.data);
  switch (format) {
    case "json":
      return JSON.stringify(result, null, 2);
    case "csv":
      return isReview(result) ? reviewCsvRows(result).map((r) => `${r.map((v) => csvField(v === null ? "" : String(v))).join(",")}\r\n`).join("") : renderCsv(result);
    case "text":
      return result.kind === "estimate" && isLoglinear(result)
        ? `${options.title ? `${underline(options.title, "=")}\n\n` : ""}${formatEstimateText(result)}`
        : renderText(documentOf(result, options));
    case "markdown":
      return renderMarkdown(documentOf(result, options));
    case "html": {
      const plots = plotsFor(result, options.data);
      const svgs = await renderSvgs(plots.map((p) => p.spec));
      return renderHtml(
        documentOf(result, options),
        plots.map((p, k) => ({ kind: p.kind, caption: p.caption, svg: svgs[k] })),
      );
    }
  }
}

function isReview(result: ReportResult): result is ReviewResult {
  return result.kind === "comparison" || result.kind === "list-sensitivity" || result.kind === "consistency" || result.kind === "study";
}

function documentOf(result: ReportResult, options: FormatReportOptions): ReportDocument {
  switch (result.kind) {
    case "estimate":
      return estimateDocument(result, options.title ?? "Population estimate", options.data);
    case "strata":
      return strataDocument(result, options.title ?? `Population estimate by ${result.by.join(", ")}`, options.data);
    case "trend":
      return trendDocument(result, options.title ?? `Population trend by ${result.period}`, options.data);
    case "comparison":
      return comparisonDocument(result, options.title ?? "Every method side by side");
    case "list-sensitivity":
      return listSensitivityDocument(result, options.title ?? "Sensitivity to the lists");
    case "consistency":
      return consistencyDocument(result, options.title ?? "Internal consistency");
    case "study":
      return studyDocument(result, options.title ?? `Simulation study: ${result.name}`);
  }
}

/** `data` must be the data the result came from: the same observed total (trends: at least the periods'). */
function checkData(result: ReportResult, data: CaptureData): void {
  const observed =
    result.kind === "estimate" || result.kind === "comparison" || result.kind === "list-sensitivity"
      ? result.observed
      : result.kind === "strata"
        ? result.total.observed
        : undefined;
  if (observed !== undefined && observed !== data.observed) {
    throw new OptionError(
      `\`data\` must be the capture data the result was estimated from; its observed total is ${data.observed}, the result's is ${observed}`,
    );
  }
}
