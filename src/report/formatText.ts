import type { LoglinearEstimate } from "../models/loglinear/types.js";
import type { IntervalExtras } from "../estimateWithInterval.js";
import { formatInteger } from "./_cells.js";

const integer = { format: formatInteger };
const decimal = (x: number, digits = 2): string => x.toFixed(digits);

/**
 * Render a log-linear population estimate as plain text for a terminal or a log (other families:
 * `formatReport(result, { format: "text" })`).
 *
 * @param result - a log-linear estimate from {@link estimate} or {@link estimateWithInterval}.
 * @returns several lines of text, ending with a newline.
 * @example
 * console.log(formatEstimateText(estimate(data)));
 */
export function formatEstimateText(result: LoglinearEstimate & IntervalExtras): string {
  const lines: string[] = [];
  const selection = result.selection;
  const how =
    selection.method === "fixed"
      ? "fixed model"
      : selection.method === "stepwise"
        ? `stepwise selection (pair added while p < ${"pThreshold" in selection ? selection.pThreshold : ""})`
        : `exhaustive ${selection.method.toUpperCase()} over ${"considered" in selection ? selection.considered : "?"} models (${"valid" in selection ? selection.valid : "?"} valid, order ≤ ${"maxOrder" in selection ? selection.maxOrder : "?"})`;
  lines.push(`Observed: ${integer.format(result.observed)}`);
  lines.push(`Selection: ${how}`);
  if (result.model) lines.push(`Model: ${result.model.name}   (R notation ${result.model.hierarchy})`);
  if (result.fitted) {
    lines.push(`Estimate: ${integer.format(result.estimate)}   (dark figure ${integer.format(result.unobserved)}, standard error ${integer.format(result.standardError)})`);
    for (const i of result.intervals) {
      lines.push(`${decimal(i.level * 100, 0)}% interval (${i.method}): ${integer.format(i.lower)} – ${integer.format(i.upper)}`);
    }
    const u = result.uncertainty?.method === "bootstrap" ? result.uncertainty : undefined;
    if (u) {
      const s = result.settings;
      lines.push(
        `Bootstrap: ${u.replicateSummary.valid} of ${u.replicateSummary.requested} replicates valid, seed ${String(s.seed)}, ${s.resampling} resampling${s.top !== undefined ? `, re-selection among the top ${s.top} models` : ", model re-selected in every replicate"}; acceleration ${u.acceleration === null ? "undefined" : u.acceleration.toFixed(5)}, bias correction ${u.biasCorrection === null ? "undefined" : u.biasCorrection.toFixed(5)}`,
      );
      for (const row of u.nested ?? []) {
        const i = row.intervals.find((x) => x.method === "bca") ?? row.intervals[0];
        if (i) lines.push(`  top ${row.top} (${row.model.hierarchy}): ${integer.format(i.lower)} – ${integer.format(i.upper)}`);
      }
    }
    const f = result.fit;
    lines.push(
      `Fit: deviance ${decimal(f.deviance)} on ${f.df} df, log-likelihood ${decimal(f.logLikelihood)}, AIC ${decimal(f.aic)}, BIC ${decimal(f.bic)}, ${f.parameters} parameters`,
    );
    if (result.diagnostics.emptyOverlaps.length > 0) {
      lines.push(`Terms at −∞ (nobody on all their lists): ${result.diagnostics.emptyOverlaps.join(", ")}`);
    }
  } else {
    lines.push("Estimate: none (see warnings)");
    if (result.diagnostics) lines.push(`Check status: ${result.diagnostics.status}`);
  }
  if (result.twoList) {
    const t = result.twoList;
    if (t.lincolnPetersen) lines.push(`Lincoln–Petersen: ${decimal(t.lincolnPetersen.estimate)}`);
    lines.push(`Chapman: ${decimal(t.chapman.estimate)}`);
  }
  for (const w of result.warnings) lines.push(`Warning [${w.code}]: ${w.message}`);
  return `${lines.join("\n")}\n`;
}
