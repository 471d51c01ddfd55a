/** Private: render a report document as GitHub-flavoured markdown. */
import { cellText, type Cell } from "./_cells.js";
import type { Block, ReportDocument } from "./_document.js";

/** Backslash-escape the characters markdown would read as markup, and fold line breaks. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, " ").replace(/[\\`*_[\]<>|&~#!]/g, (c) => `\\${c}`);
}

/** The document as markdown, ending with a newline. */
export function renderMarkdown(doc: ReportDocument): string {
  const parts = [`# ${escapeMarkdown(doc.title)}`];
  for (const section of doc.sections) {
    parts.push(`## ${escapeMarkdown(section.heading)}`);
    for (const block of section.blocks) parts.push(markdownBlock(block));
  }
  return `${parts.join("\n\n")}\n`;
}

function markdownBlock(block: Block): string {
  switch (block.kind) {
    case "headline":
      return `**${escapeMarkdown(block.label)}: ${block.value.text}**${block.detail ? ` — ${escapeMarkdown(block.detail)}` : ""}`;
    case "fields":
      return markdownTable(["Quantity", "Value"], block.rows, [], false);
    case "table":
      return markdownTable(block.headers, block.rows, block.emphasis ?? [], true);
    case "paragraph":
      return escapeMarkdown(block.text);
    case "list":
      return block.items.map((i) => `- ${i.label ? `**${escapeMarkdown(i.label)}**: ` : ""}${escapeMarkdown(i.text)}`).join("\n");
  }
}

function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  emphasis: readonly number[],
  alignNumbers: boolean,
): string {
  const numeric = headers.map((_, j) => alignNumbers && rows.some((r) => typeof r[j] === "object"));
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(headers.map(escapeMarkdown)),
    line(numeric.map((n) => (n ? "---:" : "---"))),
    ...rows.map((r, k) =>
      line(
        r.map((c) => {
          const text = typeof c === "string" ? escapeMarkdown(c) : cellText(c);
          return emphasis.includes(k) && text !== "" ? `**${text}**` : text;
        }),
      ),
    ),
  ].join("\n");
}
