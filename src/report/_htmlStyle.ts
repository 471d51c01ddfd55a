/** Private: the style sheet inlined in HTML reports. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --accent: #c0392b; --band: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.7em; margin: 0 0 0.4em; }
h2 { font-size: 1.2em; margin: 1.8em 0 0.6em; padding-bottom: 0.2em; border-bottom: 1px solid var(--rule); }
p.headline { font-size: 1.25em; margin: 0.4em 0 0.8em; }
p.headline strong { font-size: 1.5em; color: var(--accent); font-variant-numeric: tabular-nums; }
p.headline .detail { display: block; font-size: 0.8em; color: var(--muted); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.92em; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { background: var(--band); border-bottom: 2px solid var(--rule); }
table.fields th { font-weight: 500; color: var(--muted); padding-right: 24px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.fields td.num { text-align: left; }
tr.emphasis td { font-weight: 600; border-top: 2px solid var(--rule); }
ul.warnings { padding-left: 1.2em; }
code { font: 0.88em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--band); padding: 1px 4px; border-radius: 3px; }
figure { margin: 1.2em 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.9em; margin-top: 0.3em; }
@media print { main { max-width: none; } figure { break-inside: avoid; } }
`;
