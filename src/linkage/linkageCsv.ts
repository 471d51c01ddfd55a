/**
 * The files the linkage writes: the capture histories, the clusters and the clerical-review pairs.
 */
import type { CaptureData } from "../types.js";
import { OptionError } from "../errors.js";
import type { Linkage } from "./types.js";

/** A CSV cell, quoted when it holds a comma, quote or line break (RFC 4180). */
function cell(value: string | number | boolean | null): string {
  const text = value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function lines(rows: readonly (readonly (string | number | boolean | null)[])[]): string {
  return `${rows.map((r) => r.map(cell).join(",")).join("\n")}\n`;
}

/**
 * Capture data as an aggregated capture CSV: one 0/1 column per list, the covariates, and `count`;
 * one row per capture history (and covariate values) with a positive count, as `readCaptureCsv` and
 * `prevalence estimate` read it.
 *
 * @param data - capture data, e.g. `linkage.data`.
 * @returns the CSV text (LF line ends).
 * @throws {OptionError} when a list or covariate is named `count`.
 * @example
 * historiesCsv(linkage.data) // "police,ngo,shelter,labour,region,count\n1,0,0,0,north,812\n..."
 * @see docs/methodology/linkage.md
 */
export function historiesCsv(data: CaptureData): string {
  const covariates = data.covariates ?? [];
  if ([...data.lists, ...covariates].includes("count")) {
    throw new OptionError('a list or covariate named "count" would clash with the count column of the histories');
  }
  const bits = (h: number) => data.lists.map((_, j) => (Math.floor(h / 2 ** j) % 2 === 1 ? 1 : 0));
  const rows: (string | number)[][] = [];
  if (data.records && covariates.length > 0) {
    for (const r of data.records) if (r.count > 0) rows.push([...bits(r.history), ...covariates.map((c) => r.values[c] ?? ""), r.count]);
  } else {
    data.counts.forEach((count, i) => {
      if (count > 0) rows.push([...bits(i + 1), count]);
    });
  }
  return lines([[...data.lists, ...covariates, "count"], ...rows]);
}

/**
 * One row per input record: `list` (its name), `row` (its 1-based data row in its file) and
 * `person` (the cluster it was linked into, 1 … persons).
 *
 * @param linkage - from {@link linkRecords}.
 * @returns the CSV text (LF line ends), records in file order.
 * @example
 * clustersCsv(linkage) // "list,row,person\npolice,1,1\npolice,2,2\n..."
 * @see docs/methodology/linkage.md
 */
export function clustersCsv(linkage: Pick<Linkage, "records" | "settings">): string {
  const names = linkage.settings.lists.map((l) => l.name);
  const { list, row, person } = linkage.records;
  const out: (string | number)[][] = [["list", "row", "person"]];
  for (let i = 0; i < list.length; i++) out.push([names[list[i]], row[i], person[i]]);
  return lines(out);
}

/**
 * The borderline pairs for clerical review: one row per pair with its weight, probability and
 * whether it was linked, both records' list, row and fields as written, and every comparison's
 * level; a reviewer fills in the last column, `decision` (left blank).
 *
 * @param linkage - from {@link linkRecords} (its `review` pairs).
 * @returns the CSV text (LF line ends), highest weight first.
 * @example
 * clericalReviewCsv(linkage) // "weight,probability,linked,left_list,left_row,right_list,right_row,first_name_left,..."
 * @see docs/methodology/linkage.md
 */
export function clericalReviewCsv(linkage: Pick<Linkage, "review" | "settings">): string {
  const fields = linkage.settings.fields;
  const compared = linkage.settings.comparisons.map((c) => c.field);
  const header = [
    "weight",
    "probability",
    "linked",
    "left_list",
    "left_row",
    "right_list",
    "right_row",
    ...fields.flatMap((f) => [`${f}_left`, `${f}_right`]),
    ...compared.map((f) => `${f}_level`),
    "decision",
  ];
  const rows = linkage.review.map((p) => [
    Number(p.weight.toFixed(4)),
    Number(p.probability.toPrecision(6)),
    p.linked,
    p.left.list,
    p.left.row,
    p.right.list,
    p.right.row,
    ...fields.flatMap((f) => [p.left.values[f] ?? null, p.right.values[f] ?? null]),
    ...compared.map((f) => p.levels[f] ?? ""),
    "",
  ]);
  return lines([header, ...rows]);
}
