/** Private: render a report document as plain text for a terminal. */
import { cellText, type Cell } from "./_cells.js";
import type { Block, ReportDocument } from "./_document.js";

/** The document as plain text, ending with a newline. */
export function renderText(doc: ReportDocument): string {
  const parts = [underline(doc.title, "=")];
  for (const section of doc.sections) {
    parts.push(underline(section.heading, "-"));
    for (const block of section.blocks) parts.push(textBlock(block));
  }
  return `${parts.join("\n\n")}\n`;
}

/** A title with a rule of `char` beneath it. */
export function underline(title: string, char: string): string {
  return `${title}\n${char.repeat(Math.max(3, [...title].length))}`;
}

function textBlock(block: Block): string {
  switch (block.kind) {
    case "headline":
      return `${block.label}: ${block.value.text}${block.detail ? `   (${block.detail})` : ""}`;
    case "fields": {
      const width = Math.max(...block.rows.map(([label]) => [...label].length));
      return block.rows.map(([label, value]) => `${`${label}:`.padEnd(width + 1)}  ${cellText(value)}`).join("\n");
    }
    case "table":
      return textTable(block.headers, block.rows);
    case "paragraph":
      return block.text;
    case "list":
      return block.items.map((i) => `- ${i.label ? `[${i.label}] ` : ""}${i.text}`).join("\n");
  }
}

/** Columns padded to a common width; numbers right-aligned. */
function textTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const widths = headers.map((h, j) => Math.max([...h].length, ...rows.map((r) => [...cellText(r[j] ?? "")].length)));
  const numeric = headers.map((_, j) => rows.some((r) => typeof r[j] === "object"));
  const pad = (text: string, j: number) => (numeric[j] ? text.padStart(widths[j]) : text.padEnd(widths[j]));
  const line = (cells: readonly string[]) => cells.map(pad).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map((r) => line(r.map(cellText)))].join("\n");
}
