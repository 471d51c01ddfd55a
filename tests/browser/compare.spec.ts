/**
 * The comparison report's forest plot in a real browser (headless Chromium via playwright-core):
 * `compareMethods` on UKdat_5 in Node (the built package), its HTML report opened in Chromium, every
 * method a row of the forest plot, and a screenshot left in test-artifacts/compare-forest.png.
 * Run with `npm run build && npm run test:browser`; skipped without Chromium unless $CI is set.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = join(ROOT, "test-artifacts");
const haveChromium = existsSync(CHROMIUM);

describe.skipIf(!haveChromium && !process.env.CI)("the comparison's HTML forest plot in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  let methods: { method: string; estimate: number | null }[];

  beforeAll(async () => {
    const lib = await import(pathToFileURL(join(ROOT, "dist/index.js")).href);
    const datasets = await import(pathToFileURL(join(ROOT, "dist/datasets.js")).href);
    const comparison = await lib.compareMethods(datasets.loadDataset("UKdat_5"), {
      methods: ["stepwise", "bic", "aic", "main", "bic-average"],
      replicates: 20,
      seed: 1,
      threads: 1,
    });
    methods = comparison.methods;
    const html: string = await lib.formatReport(comparison, { format: "html", title: "UKdat_5: every method side by side" });
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, "compare.html");
    writeFileSync(file, html);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(pathToFileURL(file).href);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("draws the forest plot with a row per method and saves a screenshot", async () => {
    const forest = await page.$eval('figure[data-plot="forest"]', (el) => {
      const svg = el.querySelector("svg");
      const box = svg?.getBoundingClientRect();
      return { text: svg?.textContent ?? "", marks: svg?.querySelectorAll("path").length ?? 0, width: box?.width ?? 0, height: box?.height ?? 0 };
    });
    for (const m of methods) expect(forest.text).toContain(m.method);
    expect(forest.marks).toBeGreaterThanOrEqual(methods.length);
    expect(forest.width).toBeGreaterThan(300);
    const figure = await page.$('figure[data-plot="forest"]');
    await figure?.screenshot({ path: join(ARTIFACTS, "compare-forest.png") });
    await page.screenshot({ path: join(ARTIFACTS, "compare-report.png"), fullPage: true });
    expect(existsSync(join(ARTIFACTS, "compare-forest.png"))).toBe(true);
  });
});
