/** Private: a report as sections of blocks, rendered by the text, markdown and HTML renderers. */
import type { Cell, NumberCell } from "./_cells.js";

/** The plots of an HTML report. */
export type PlotKind =
  | "sensitivity"
  | "bootstrap"
  | "strata"
  | "trend"
  | "overlaps"
  | "lcmcr-trace"
  | "lcmcr-posterior"
  | "forest"
  | "lists"
  | "consistency"
  | "study"
  | "posterior"
  | "models"
  | "thresholds"
  | "linkage-weights"
  | "linkage-threshold";

/** A part of a section. */
export type Block =
  /** The main number of the report, with an element id in HTML. */
  | { readonly kind: "headline"; readonly id: string; readonly label: string; readonly value: NumberCell; readonly detail?: string }
  /** Label–value pairs. */
  | { readonly kind: "fields"; readonly rows: readonly (readonly [string, Cell])[] }
  /** A table; `emphasis` lists the indices of rows to stress (a total). */
  | {
      readonly kind: "table";
      readonly headers: readonly string[];
      readonly rows: readonly (readonly Cell[])[];
      readonly emphasis?: readonly number[];
    }
  | { readonly kind: "paragraph"; readonly text: string }
  /** A bulleted list; `label` is stressed (a warning code). */
  | { readonly kind: "list"; readonly items: readonly { readonly label?: string; readonly text: string }[] };

/** A titled section; `plots` are the figures that belong to it (HTML only). */
export interface Section {
  readonly heading: string;
  readonly blocks: readonly Block[];
  readonly plots?: readonly PlotKind[];
}

/** A whole report. */
export interface ReportDocument {
  readonly title: string;
  readonly sections: readonly Section[];
}

/** Warning blocks: one list item per warning, or nothing. */
export function warningsSection(
  warnings: readonly { readonly code: string; readonly message: string; readonly where?: string }[],
): Section[] {
  if (warnings.length === 0) return [];
  return [
    {
      heading: "Warnings",
      blocks: [
        {
          kind: "list",
          items: warnings.map((w) => ({ label: w.code, text: w.where ? `${w.where}: ${w.message}` : w.message })),
        },
      ],
    },
  ];
}

/** A settings record as fields (values that are not numbers or strings shown as JSON). */
export function settingsSection(settings: object): Section[] {
  const rows: [string, Cell][] = Object.entries(settings as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, typeof v === "number" ? { value: v, text: String(v) } : typeof v === "string" ? v : JSON.stringify(v)]);
  return rows.length === 0 ? [] : [{ heading: "Settings", blocks: [{ kind: "fields", rows }] }];
}
