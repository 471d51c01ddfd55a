/** Private: render a report document and its plots as one self-contained HTML page. */
import { cellText, type Cell } from "./_cells.js";
import type { Block, PlotKind, ReportDocument } from "./_document.js";
import { REPORT_CSS } from "./_htmlStyle.js";

/** A rendered plot: its SVG text and caption. */
export interface RenderedPlot {
  readonly kind: PlotKind;
  readonly svg: string;
  readonly caption: string;
}

/** Escape text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/**
 * The page: inline CSS, inline SVG, no script and no external resource. Each number in a table
 * carries its exact value in `data-value`; each plot is a `<figure data-plot="…">` placed in the
 * section it belongs to (plots not claimed by any section go at the end).
 */
export function renderHtml(doc: ReportDocument, plots: readonly RenderedPlot[]): string {
  const placed = new Set<PlotKind>();
  const sections = doc.sections.map((section) => {
    const figures = (section.plots ?? []).flatMap((kind) => {
      const plot = plots.find((p) => p.kind === kind);
      if (!plot) return [];
      placed.add(kind);
      return [figure(plot)];
    });
    return `<section>\n<h2>${escapeHtml(section.heading)}</h2>\n${[...section.blocks.map(htmlBlock), ...figures].join("\n")}\n</section>`;
  });
  const rest = plots.filter((p) => !placed.has(p.kind)).map(figure);
  if (rest.length > 0) sections.push(`<section>\n<h2>Plots</h2>\n${rest.join("\n")}\n</section>`);
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${escapeHtml(doc.title)}</h1>`,
    ...sections,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function figure(plot: RenderedPlot): string {
  return `<figure data-plot="${plot.kind}">\n${plot.svg}\n<figcaption>${escapeHtml(plot.caption)}</figcaption>\n</figure>`;
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case "headline":
      return `<p class="headline">${escapeHtml(block.label)}: <strong id="${escapeHtml(block.id)}"${valueAttribute(block.value)}>${escapeHtml(block.value.text)}</strong>${block.detail ? ` <span class="detail">${escapeHtml(block.detail)}</span>` : ""}</p>`;
    case "fields":
      return `<table class="fields">\n<tbody>\n${block.rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th>${td(value)}</tr>`).join("\n")}\n</tbody>\n</table>`;
    case "table": {
      const numeric = block.headers.map((_, j) => block.rows.some((r) => typeof r[j] === "object"));
      const head = block.headers.map((h, j) => `<th scope="col"${numeric[j] ? ' class="num"' : ""}>${escapeHtml(h)}</th>`).join("");
      const rows = block.rows.map((r, k) => `<tr${block.emphasis?.includes(k) ? ' class="emphasis"' : ""}>${r.map(td).join("")}</tr>`);
      return `<div class="scroll"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join("\n")}\n</tbody>\n</table></div>`;
    }
    case "paragraph":
      return `<p>${escapeHtml(block.text)}</p>`;
    case "list":
      return `<ul class="warnings">\n${block.items.map((i) => `<li>${i.label ? `<code>${escapeHtml(i.label)}</code> ` : ""}${escapeHtml(i.text)}</li>`).join("\n")}\n</ul>`;
  }
}

function td(cell: Cell): string {
  return typeof cell === "string" ? `<td>${escapeHtml(cell)}</td>` : `<td class="num"${valueAttribute(cell)}>${escapeHtml(cellText(cell))}</td>`;
}

function valueAttribute(cell: { readonly value: number | null }): string {
  return cell.value === null ? "" : ` data-value="${escapeHtml(String(cell.value))}"`;
}
