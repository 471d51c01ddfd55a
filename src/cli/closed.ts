/**
 * CLI commands of the closed-population family (uses the public API only):
 * - `prevalence closed <file>`: Rcapture's closedp table (closedp.t; closedp.0 with
 *   `--counts-by-captures --occasions T|inf [--t0 K]`);
 * - `prevalence estimate <file> --model M0|Mt|Mh|Mth|Mb|Mbh|SPEC --heterogeneity FORM [--ci profile]`
 *   and `--select bic|aic --heterogeneity FORM` (closedpCI.t, closedpMS.t with h).
 */
import {
  closedPopulationModels,
  closedPopulationModelsFromCounts,
  fitClosedPopulationModel,
  fitCountsByCapturesModel,
  readCaptureCsv,
  readCountsByCapturesCsv,
  selectClosedPopulationModel,
  type CaptureData,
  type ClosedPopulationFit,
  type ClosedPopulationTable,
  type CountsByCaptures,
  type Heterogeneity,
  type HeterogeneityForm,
} from "../index.js";

/** The parsed command-line values this module reads. */
export interface ClosedCliValues {
  readonly model?: string;
  readonly select?: string;
  readonly heterogeneity?: string;
  readonly theta?: string;
  readonly "counts-by-captures"?: boolean;
  readonly occasions?: string;
  readonly t0?: string;
  readonly ci?: string;
  readonly level?: string[];
  readonly "max-ratio"?: string;
  readonly "max-order"?: string;
  readonly format?: string;
  readonly count?: string;
  readonly lists?: string;
  readonly "merge-duplicates"?: boolean;
}

/** A usage problem: reported on stderr with exit code 2. */
export class ClosedUsageError extends Error {}

const RCAPTURE_MODELS = ["M0", "Mt", "Mh", "Mth", "Mb", "Mbh"];

/** Whether `prevalence estimate` is asked for a model of this family. */
export function wantsClosedFamily(values: ClosedCliValues): boolean {
  if (values.heterogeneity !== undefined || values["counts-by-captures"] || values.occasions !== undefined) return true;
  return values.model !== undefined && RCAPTURE_MODELS.some((m) => m.toLowerCase() === values.model!.trim().toLowerCase());
}

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^(inf|infinity)$/i.test(value.trim())) return Number.POSITIVE_INFINITY;
  const x = Number(value);
  if (value.trim() === "" || Number.isNaN(x)) throw new ClosedUsageError(`--${name} must be a number; received ${value}`);
  return x;
}

function heterogeneityOf(values: ClosedCliValues): Heterogeneity | HeterogeneityForm | undefined {
  if (values.heterogeneity === undefined) {
    if (values.theta !== undefined) throw new ClosedUsageError("--theta needs --heterogeneity poisson or gamma");
    return undefined;
  }
  const form = values.heterogeneity.toLowerCase() as HeterogeneityForm;
  const theta = numberOption("theta", values.theta);
  return theta === undefined ? form : { form, theta };
}

function formatOf(values: ClosedCliValues): "text" | "json" {
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") throw new ClosedUsageError(`--format must be text or json for closed-population models; received ${format}`);
  return format;
}

type Source = { kind: "histories"; data: CaptureData } | { kind: "counts"; counts: CountsByCaptures; occasions: number; t0?: number };

function readSource(text: string, values: ClosedCliValues): Source {
  if (values["counts-by-captures"]) {
    const occasions = numberOption("occasions", values.occasions);
    if (occasions === undefined) throw new ClosedUsageError("--counts-by-captures needs --occasions T (or inf for continuous time)");
    return { kind: "counts", counts: readCountsByCapturesCsv(text), occasions, t0: numberOption("t0", values.t0) };
  }
  if (values.occasions !== undefined || values.t0 !== undefined) throw new ClosedUsageError("--occasions and --t0 go with --counts-by-captures");
  const data = readCaptureCsv(text, {
    count: values.count,
    lists: values.lists?.split(",").map((s) => s.trim()).filter(Boolean),
    duplicates: values["merge-duplicates"] ? "merge" : "reject",
  });
  return { kind: "histories", data };
}

/** `prevalence closed <file>`: the whole table, as text or JSON. */
export function runClosedTable(text: string, values: ClosedCliValues): string {
  const format = formatOf(values);
  const source = readSource(text, values);
  const table: ClosedPopulationTable =
    source.kind === "counts"
      ? closedPopulationModelsFromCounts(source.counts, { occasions: source.occasions, t0: source.t0 })
      : closedPopulationModels(source.data);
  if (format === "json") {
    const models = table.models.map((m) => ({
      name: m.name,
      estimate: m.estimate,
      standardError: m.standardError,
      deviance: m.fit?.deviance ?? null,
      df: m.fit?.df ?? null,
      aic: m.fit?.aic ?? null,
      bic: m.fit?.bic ?? null,
      warnings: m.warnings,
    }));
    return `${JSON.stringify({ observed: table.observed, occasions: table.occasions, models }, null, 2)}\n`;
  }
  return tableText(table);
}

/** `prevalence estimate` for this family: one model (with a profile interval) or a selection. */
export function runClosedEstimate(text: string, values: ClosedCliValues): string {
  const format = formatOf(values);
  const source = readSource(text, values);
  const heterogeneity = heterogeneityOf(values);
  const ci = values.ci ?? "none";
  if (ci !== "profile" && ci !== "none") throw new ClosedUsageError(`--ci must be profile or none for closed-population models; received ${ci}`);
  const interval = ci as "profile" | "none";
  const level = values.level?.map((l) => numberOption("level", l) as number);
  const maxRatio = numberOption("max-ratio", values["max-ratio"]);
  if (values.select !== undefined) {
    if (values.select !== "bic" && values.select !== "aic") throw new ClosedUsageError(`--select must be bic or aic with --heterogeneity; received ${values.select}`);
    if (source.kind === "counts") throw new ClosedUsageError("--select needs capture histories, not counts by number of captures");
    const selection = selectClosedPopulationModel(source.data, {
      heterogeneity,
      criterion: values.select,
      maxOrder: numberOption("max-order", values["max-order"]),
    });
    if (selection.best === null) throw new ClosedUsageError("no model could be fitted to these data");
    const best =
      interval === "profile"
        ? fitClosedPopulationModel(source.data, { model: selection.best.model, heterogeneity, interval, level, maxRatio })
        : selection.best;
    if (format === "json") {
      return `${JSON.stringify({ ...best, selection: { criterion: selection.criterion, considered: selection.considered, top: selection.models.slice(0, 10).map((m) => ({ name: m.name, estimate: m.estimate, bic: m.fit?.bic, aic: m.fit?.aic })) } }, null, 2)}\n`;
    }
    const top = selection.models
      .slice(0, 10)
      .map((m) => `  ${m.name.padEnd(34)} ${formatCell(m.estimate).padStart(12)} ${formatCell(selection.criterion === "bic" ? m.fit!.bic : m.fit!.aic).padStart(12)}`);
    return `${fitText(best)}\nBest ${Math.min(10, selection.models.length)} of ${selection.considered} models by ${selection.criterion.toUpperCase()}:\n  ${"model".padEnd(34)} ${"estimate".padStart(12)} ${selection.criterion.toUpperCase().padStart(12)}\n${top.join("\n")}\n`;
  }
  const model = values.model ?? "Mth";
  const fit =
    source.kind === "counts"
      ? fitCountsByCapturesModel(source.counts, { occasions: source.occasions, t0: source.t0, model: model as "M0" | "Mh", heterogeneity, interval, level, maxRatio })
      : fitClosedPopulationModel(source.data, { model, heterogeneity, interval, level, maxRatio });
  return format === "json" ? `${JSON.stringify(fit, null, 2)}\n` : fitText(fit);
}

function formatCell(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined) return "—";
  return x.toFixed(digits);
}

function tableText(table: ClosedPopulationTable): string {
  const header = `${"model".padEnd(16)}${"estimate".padStart(12)}${"std. error".padStart(12)}${"deviance".padStart(11)}${"df".padStart(5)}${"AIC".padStart(11)}${"BIC".padStart(11)}  warnings`;
  const rows = table.models.map((m) => {
    const codes = m.warnings.map((w) => w.code).join(", ");
    return `${m.name.padEnd(16)}${formatCell(m.estimate).padStart(12)}${formatCell(m.standardError).padStart(12)}${formatCell(m.fit?.deviance, 3).padStart(11)}${String(m.fit?.df ?? "—").padStart(5)}${formatCell(m.fit?.aic, 3).padStart(11)}${formatCell(m.fit?.bic, 3).padStart(11)}  ${codes}`;
  });
  const occasions = table.occasions === "continuous" ? "continuous time" : `${table.occasions} lists or occasions`;
  return `Closed-population models (Rcapture's closedp): ${table.observed} observed, ${occasions}\n\n${header}\n${rows.join("\n")}\n`;
}

function fitText(fit: ClosedPopulationFit): string {
  const lines = [`Model ${fit.name}: ${fit.observed} observed`];
  if (fit.estimate === null) lines.push("No estimate (see warnings).");
  else {
    lines.push(`Estimate ${fit.estimate.toFixed(1)} (standard error ${formatCell(fit.standardError)}), unobserved ${formatCell(fit.unobserved)}`);
  }
  if (fit.profileEstimate !== undefined && fit.profileEstimate !== null) lines.push(`Multinomial profile estimate ${fit.profileEstimate.toFixed(1)}`);
  for (const i of fit.intervals) {
    const upper = i.upper === null ? `above ${i.upperSearchedTo!.toFixed(1)} (not found)` : i.upper.toFixed(1);
    lines.push(`${Math.round(i.level * 1000) / 10}% profile-likelihood interval: ${i.lower.toFixed(1)} to ${upper}`);
  }
  if (fit.fit !== null) {
    lines.push(`Deviance ${fit.fit.deviance.toFixed(3)} on ${fit.fit.df} df, AIC ${fit.fit.aic.toFixed(3)}, BIC ${fit.fit.bic.toFixed(3)}`);
  }
  if (fit.constrainedToZero.length > 0) lines.push(`Set to zero by Chao's constraint: ${fit.constrainedToZero.join(", ")}`);
  for (const w of fit.warnings) lines.push(`Warning [${w.code}]: ${w.message}`);
  return `${lines.join("\n")}\n`;
}
