/**
 * The built library in a real browser (headless Chromium driven by playwright-core): the page
 * tests/browser/index.html imports /dist/index.js and /dist/datasets.js as ES modules, estimates on
 * a bundled dataset, bootstraps a BCa interval on the main thread and renders the HTML report into
 * the document. The numbers it shows must be the ones Node computes from the same build.
 *
 * Run with `npm run build && npm run test:browser` (vitest.browser.config.ts); not part of `npm test`.
 * Needs Debian's chromium at /usr/bin/chromium (or $CHROMIUM_PATH): without it the test fails when
 * $CI is set and is skipped otherwise. Leaves a screenshot in test-artifacts/browser-report.png.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "playwright-core";
import { startStaticServer, type StaticServer } from "./server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = join(ROOT, "test-artifacts");
const SCREENSHOT = join(ARTIFACTS, "browser-report.png");
const DATASET = "Kosovo";
const REPLICATES = 50;
const SEED = 7;
/** Plots formatReport draws for an estimate with kept replicates and its data. */
const PLOTS = ["bootstrap", "sensitivity", "overlaps"];

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) {
  // In CI a missing browser is a failure, not a skip.
  describe("browser", () => {
    it("has Chromium", () => {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
      );
    });
  });
}

/** Relative difference, 0 for equal numbers. */
function relDiff(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** Every `data-value` of an HTML report, in document order. */
function dataValues(html: string): number[] {
  const report = html.slice(html.indexOf("<body>"));
  return [...report.matchAll(/data-value="([^"]*)"/g)].map((m) => Number(m[1]));
}

interface PageResults {
  ok: boolean;
  error?: string;
  version: string;
  observed: number;
  point: { estimate: number | null; fitted: boolean; model: string | null };
  interval: { estimate: number | null; intervals: { method: string; level: number; lower: number; upper: number }[]; settings: Record<string, unknown> };
  shown: { estimate: number; values: number[] };
  vega: { version: string; view: boolean; compile: boolean };
}

describe.skipIf(!haveChromium)("the built package in headless Chromium", () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  let results: PageResults;

  beforeAll(async () => {
    for (const f of ["dist/index.js", "dist/datasets.js"]) {
      if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run build\` before the browser test`);
    }
    server = await startStaticServer(ROOT);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Playwright gives every launch a new, empty user-data-dir of its own.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on("pageerror", (e) => pageErrors.push(String(e.stack ?? e)));
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(`${m.text()} (${m.location().url})`);
    });
    page.on("requestfailed", (r) => failedRequests.push(`${r.url()}: ${r.failure()?.errorText}`));
    await page.goto(`${server.origin}/tests/browser/index.html?dataset=${DATASET}&replicates=${REPLICATES}&seed=${SEED}`);
    await page.waitForFunction("window.prevalenceResults !== undefined", undefined, { timeout: 120_000 });
    results = (await page.evaluate("window.prevalenceResults")) as PageResults;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("runs without errors, failed requests or console errors", () => {
    expect(results.error, "error thrown in the page").toBeUndefined();
    expect(results.ok).toBe(true);
    expect(pageErrors, "uncaught page errors").toEqual([]);
    expect(consoleErrors, "console errors").toEqual([]);
    expect(failedRequests, "failed requests").toEqual([]);
    expect(server.failures, "HTTP errors").toEqual([]);
  });

  it("the import map covers every bare specifier the build leaves, and vega/vega-lite load through it", async () => {
    // esbuild reads the module graph of the browser entries (chunks included) without bundling packages.
    const graph = await build({
      entryPoints: [join(ROOT, "dist/index.js"), join(ROOT, "dist/datasets.js")],
      bundle: true,
      packages: "external",
      format: "esm",
      platform: "neutral",
      write: false,
      metafile: true,
      logLevel: "silent",
      outdir: "/nonexistent",
    });
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const bare = new Map<string, string>();
    for (const [file, input] of Object.entries(graph.metafile.inputs)) {
      for (const i of input.imports) if (i.external) bare.set(i.path, `${i.kind} in ${file}`);
    }
    const staticBuiltins = [...bare].filter(([s, how]) => builtins.has(s) && how.startsWith("import-statement"));
    expect(staticBuiltins, "static imports of Node built-ins cannot load in a browser").toEqual([]);

    const html = readFileSync(join(ROOT, "tests/browser/index.html"), "utf8");
    const importMap = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)![1]) as { imports: Record<string, string> };
    const unmapped = [...bare.keys()].filter((s) => !builtins.has(s) && !(s in importMap.imports));
    expect(unmapped, "bare specifiers missing from the import map in tests/browser/index.html").toEqual([]);
    expect([...bare.keys()]).toEqual(expect.arrayContaining(["vega", "vega-lite"]));

    expect(results.vega.view && results.vega.compile, "vega.View and vegaLite.compile").toBe(true);
    const vegaVersion = JSON.parse(readFileSync(join(ROOT, "node_modules/vega/package.json"), "utf8")).version;
    expect(results.vega.version).toBe(vegaVersion);
  });

  it("shows the numbers Node computes from the same build", async () => {
    const lib = await import(pathToFileURL(join(ROOT, "dist/index.js")).href);
    const datasets = await import(pathToFileURL(join(ROOT, "dist/datasets.js")).href);
    const data = datasets.loadDataset(DATASET);
    const point = lib.estimate(data);
    const withInterval = await lib.estimateWithInterval(data, { ci: "bca", replicates: REPLICATES, seed: SEED, threads: 1, keepReplicates: true, sensitivity: true });
    const html: string = await lib.formatReport(withInterval, { format: "html", data });

    expect(results.version).toBe(lib.VERSION);
    expect(results.observed).toBe(data.observed);
    expect(results.point.model).toBe(point.model?.name ?? null);
    expect(point.estimate).toBeTypeOf("number");
    expect(relDiff(results.point.estimate!, point.estimate)).toBeLessThanOrEqual(1e-9);
    expect(relDiff(results.interval.estimate!, withInterval.estimate)).toBeLessThanOrEqual(1e-9);
    expect(relDiff(results.shown.estimate, withInterval.estimate)).toBeLessThanOrEqual(1e-9);
    expect(results.interval.settings).toEqual(JSON.parse(JSON.stringify(withInterval.settings)));

    // The bootstrap repeats the model selection 50 times: allow rounding, not a different answer.
    expect(results.interval.intervals.length).toBe(withInterval.intervals.length);
    expect(withInterval.intervals.length).toBeGreaterThan(0);
    results.interval.intervals.forEach((b, k) => {
      const n = withInterval.intervals[k];
      expect([b.method, b.level]).toEqual([n.method, n.level]);
      expect(relDiff(b.lower, n.lower), `${n.method} lower`).toBeLessThanOrEqual(1e-6);
      expect(relDiff(b.upper, n.upper), `${n.method} upper`).toBeLessThanOrEqual(1e-6);
    });

    // Every number in the report's tables (data-value) matches Node's report of the same call.
    const expected = dataValues(html);
    expect(expected.length).toBeGreaterThan(10);
    expect(results.shown.values.length).toBe(expected.length);
    const off = results.shown.values
      .map((v, k) => ({ k, browser: v, node: expected[k] }))
      .filter(({ browser, node }) => !(Number.isFinite(browser) && relDiff(browser, node) <= 1e-6));
    expect(off, "data-value attributes differing from Node's report").toEqual([]);
  });

  it("draws every plot as an SVG and saves a screenshot", async () => {
    const figures = await page.$$eval("figure[data-plot]", (els) =>
      els.map((el) => {
        const svg = el.querySelector("svg");
        const box = svg?.getBoundingClientRect();
        return {
          kind: el.getAttribute("data-plot"),
          svg: svg !== null && svg !== undefined,
          marks: svg?.querySelectorAll("path, rect, line, text").length ?? 0,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
        };
      }),
    );
    expect(figures.map((f) => f.kind).sort()).toEqual([...PLOTS].sort());
    for (const f of figures) {
      expect(f.svg, `${f.kind} has an <svg>`).toBe(true);
      expect(f.marks, `${f.kind} has marks`).toBeGreaterThan(5);
      expect(f.width * f.height, `${f.kind} is drawn with a size`).toBeGreaterThan(0);
    }
    expect(await page.locator("#estimate").isVisible()).toBe(true);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
