// Runs the built library in the browser: load a bundled dataset, estimate, estimate with a BCa
// interval on the main thread, render the HTML report into this page, and expose the numbers on
// `window.prevalenceResults` (or the error on `window.prevalenceResults.error`) for the test.
// Query parameters: dataset, replicates, seed (the test passes the same to Node).
import { VERSION, estimate, estimateWithInterval, formatReport } from "/dist/index.js";
import { loadDataset } from "/dist/datasets.js";

const params = new URLSearchParams(location.search);
const dataset = params.get("dataset") ?? "Kosovo";
const replicates = Number(params.get("replicates") ?? 50);
const seed = Number(params.get("seed") ?? 7);
const status = document.getElementById("status");

try {
  const data = loadDataset(dataset);
  const point = estimate(data);
  const withInterval = await estimateWithInterval(data, { ci: "bca", replicates, seed, threads: 1, keepReplicates: true, sensitivity: true });
  const html = await formatReport(withInterval, { format: "html", data });

  // Put the report's styles and body into this page.
  const report = new DOMParser().parseFromString(html, "text/html");
  for (const style of report.head.querySelectorAll("style")) document.head.append(style);
  document.title = report.title;
  document.getElementById("report").replaceChildren(...report.body.childNodes);
  status.remove();

  // Vega and vega-lite came in through formatReport's dynamic import; check they are the real thing.
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);

  window.prevalenceResults = {
    ok: true,
    version: VERSION,
    dataset,
    observed: data.observed,
    point: { estimate: point.estimate, fitted: point.fitted, model: point.model?.name ?? null },
    interval: { estimate: withInterval.estimate, intervals: withInterval.intervals, settings: withInterval.settings },
    shown: {
      estimate: Number(document.getElementById("estimate")?.dataset.value),
      values: [...document.querySelectorAll("#report [data-value]")].map((e) => Number(e.dataset.value)),
    },
    vega: { version: vega.version, view: typeof vega.View === "function", compile: typeof vegaLite.compile === "function" },
  };
} catch (error) {
  status.textContent = `Failed: ${error}`;
  window.prevalenceResults = { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error) };
}
