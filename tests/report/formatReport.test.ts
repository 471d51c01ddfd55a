import { beforeAll, describe, expect, it } from "vitest";
import Papa from "papaparse";
import { estimate, type LoglinearEstimate } from "../../src/estimate.js";
import { estimateWithInterval, type IntervalExtras } from "../../src/estimateWithInterval.js";
import { OptionError } from "../../src/errors.js";
import { formatReport } from "../../src/report/formatReport.js";
import { formatEstimateText } from "../../src/report/formatText.js";
import type { CaptureData } from "../../src/types.js";
import { loadDataset } from "../fixtures.js";
import { stratified, trend } from "./_results.js";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function parseCsv(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** Every `<figure data-plot="…">` in order. */
function plotsIn(html: string): string[] {
  return [...html.matchAll(/<figure data-plot="([a-z]+)">/g)].map((m) => m[1]);
}

let data: CaptureData;
let stepwise: LoglinearEstimate & IntervalExtras;
let bic: LoglinearEstimate;

beforeAll(async () => {
  data = loadDataset("Kosovo");
  stepwise = await estimateWithInterval(data, { select: "stepwise", replicates: 200, threads: 1, keepReplicates: true, sensitivity: true });
  bic = estimate(data, { select: "bic" });
});

describe("formatReport as markdown", () => {
  it("shows the estimate, observed count, dark figure and every interval with its method and level", async () => {
    const md = await formatReport(stepwise, { format: "markdown" });
    if (!stepwise.fitted) throw new Error("expected a fitted estimate");
    expect(md).toMatch(/^# Population estimate\n/);
    expect(md).toContain(`| Estimate | ${integer.format(stepwise.estimate)} |`);
    expect(md).toContain(`| Observed | ${integer.format(stepwise.observed)} |`);
    expect(md).toContain(`| Dark figure (unobserved) | ${integer.format(stepwise.unobserved)} |`);
    for (const i of stepwise.intervals) {
      expect(md).toContain(`| ${i.method} | ${Math.round(i.level * 100)}% | ${integer.format(i.lower)} | ${integer.format(i.upper)} |`);
    }
    for (const heading of ["Model", "Fit statistics", "Diagnostics", "Selection", "Settings"]) expect(md).toContain(`\n## ${heading}\n`);
  });

  it("lists every stepwise step with the interaction added and its p-value", async () => {
    const md = await formatReport(stepwise, { format: "markdown" });
    const steps = stepwise.selection.method === "stepwise" ? (stepwise.selection.steps ?? []) : [];
    expect(steps.length).toBeGreaterThan(0);
    steps.forEach((s, k) => expect(md).toContain(`| ${k + 1} | ${s.term} | `));
  });

  it("shows the BIC ranking with the chosen model marked", async () => {
    const md = await formatReport(bic, { format: "markdown" });
    const ranking = bic.selection.method === "bic" ? (bic.selection.ranking ?? []) : [];
    expect(ranking.length).toBeGreaterThan(1);
    const rows = md.split("\n").filter((line) => /^\| \d+ \| \\\[/.test(line));
    expect(rows).toHaveLength(ranking.length);
    expect(rows[0]).toMatch(/\| yes \|$/);
    expect(rows.slice(1).every((r) => r.endsWith("|  |"))).toBe(true);
  });

  it("has a row per stratum and a total row for a stratified estimate", async () => {
    const md = await formatReport(stratified, { format: "markdown", title: "By region" });
    expect(md).toMatch(/^# By region\n/);
    expect(md).toContain("| north | farm | 1,520 | 800 | 720 | 1,200 | 2,101 |");
    expect(md).toContain("| **Total** |  | **3,925** | **1,912** |");
    expect(md).toContain("south, \"coast\" \\<b\\>\\&");
  });

  it("has the periods, the changes and the slope for a trend", async () => {
    const md = await formatReport(trend, { format: "markdown" });
    expect(md).toContain("| 2020 | 1,300 | 500 | 800 | 2.60 | 1,001 | 1,801 | \\[A:B, C\\] | 0 |");
    expect(md).toContain("| 2019 | 2021 | 650 | 101 | 1,300 |");
    expect(md).toContain("**Change per year (least-squares slope): 325**");
  });

  it("escapes markdown in list names", async () => {
    const named = { ...data, lists: ["<b>&", "ABA", "OSCE", "HRW"] };
    const md = await formatReport(estimate(named), { format: "markdown", data: named });
    expect(md).not.toContain("<b>");
    expect(md).toContain("\\<b\\>\\&");
  });
});

describe("formatReport as text", () => {
  it("is formatEstimateText under the title for an estimate", async () => {
    expect(await formatReport(bic, { format: "text" })).toBe(formatEstimateText(bic));
    expect(await formatReport(bic, { format: "text", title: "Kosovo" })).toBe(`Kosovo\n======\n\n${formatEstimateText(bic)}`);
  });

  it("aligns a table of strata with a total row", async () => {
    const text = await formatReport(stratified, { format: "text" });
    const lines = text.split("\n");
    const north = lines.find((l) => l.startsWith("north "));
    const total = lines.find((l) => /^Total {2,}/.test(l));
    expect(north).toMatch(/1,520 +800 +720 +1,200 +2,101 +\[A:B, C\] +0$/);
    expect(total).toMatch(/3,925 +1,912 +2,013 +3,301 +5,001 +0$/);
    expect(text).toContain("[STRATUM_NO_VALID_MODEL] east · farm:");
  });

  it("shows the periods, changes and slope of a trend", async () => {
    const text = await formatReport(trend, { format: "text" });
    expect(text).toMatch(/\n2021 +1,651 +610 +1,041 +2\.71 +1,251 +2,300 +\[A, B, C\] +0\n/);
    expect(text).toMatch(/\n2019 +2020 +300 +-151 +801\n/);
    expect(text).toContain("Change per year (least-squares slope): 325");
  });
});

describe("formatReport as JSON", () => {
  it("round-trips every kind of result", async () => {
    for (const result of [stepwise, bic, stratified, trend]) {
      const json = await formatReport(result, { format: "json" });
      expect(json).toBe(JSON.stringify(result, null, 2));
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(result)));
    }
  });
});

describe("formatReport as CSV", () => {
  it("writes one header row and one row for an estimate, with interval columns by method and level", async () => {
    if (!stepwise.fitted) throw new Error("expected a fitted estimate");
    const rows = parseCsv(await formatReport(stepwise, { format: "csv" }));
    expect(rows).toEqual([
      ["estimate", "observed", "unobserved", "bca_0.95_lower", "bca_0.95_upper"],
      [stepwise.estimate, stepwise.observed, stepwise.unobserved, stepwise.intervals[0].lower, stepwise.intervals[0].upper].map(String),
    ]);
  });

  it("gives every interval of every level its own pair of columns", async () => {
    const two = estimate(data, { select: "bic", level: [0.9, 0.95] });
    const [header] = parseCsv(await formatReport(two, { format: "csv" }));
    expect(header.slice(3)).toEqual(["lognormal_0.9_lower", "lognormal_0.9_upper", "lognormal_0.95_lower", "lognormal_0.95_upper"]);
  });

  it("writes a row per stratum and a total row, stratum columns first, quoting as RFC 4180 asks", async () => {
    const text = await formatReport(stratified, { format: "csv" });
    expect(text).toContain('"south, ""coast"" <b>&",factory,');
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(["region", "sector", "estimate", "observed", "unobserved", "lognormal_0.95_lower", "lognormal_0.95_upper"]);
    expect(rows.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ["north", "farm"],
      ['south, "coast" <b>&', "factory"],
      ["east", "farm"],
      ["total", ""],
    ]);
    expect(rows[3]).toEqual(["east", "farm", "", "12", "", "", ""]);
    expect(rows[4].slice(2, 4)).toEqual(["3925.3", "1912"]);
  });

  it("writes a trend's periods (with their models), changes and slope", async () => {
    const rows = parseCsv(await formatReport(trend, { format: "csv" }));
    expect(rows).toEqual([
      ["row", "year", "from", "to", "estimate", "observed", "unobserved", "bca_0.95_lower", "bca_0.95_upper", "model"],
      ["period", "2019", "", "", "1000.5", "400", "600.5", "800.25", "1400.75", "[A:B, C]"],
      ["period", "2020", "", "", "1300.25", "500", "800.25", "1000.5", "1800.5", "[A:B, C]"],
      ["period", "2021", "", "", "1650.75", "610", "1040.75", "1250.5", "2300.25", "[A, B, C]"],
      ["change", "", "2019", "2020", "299.75", "", "", "-150.5", "800.5", ""],
      ["change", "", "2020", "2021", "350.5", "", "", "-120.25", "900.75", ""],
      ["change", "", "2019", "2021", "650.25", "", "", "100.5", "1300.25", ""],
      ["slope", "", "", "", "325.125", "", "", "40.5", "650.25", ""],
    ]);
  });

  it("names each period's model in a trend's text report", async () => {
    const text = await formatReport(trend, { format: "text" });
    expect(text).toMatch(/Model/);
    expect(text).toContain("[A:B, C]");
    expect(text).toContain("[A, B, C]");
  });
});

describe("formatReport as HTML", () => {
  let html: string;
  beforeAll(async () => {
    html = await formatReport(stepwise, { format: "html", data, title: "Kosovo" });
  });

  it("is one page with the sensitivity, bootstrap and overlap plots as inline SVG", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(plotsIn(html).sort()).toEqual(["bootstrap", "overlaps", "sensitivity"]);
    const figures = html.match(/<figure data-plot="[a-z]+">\n<svg[\s\S]*?<\/svg>\n<figcaption>[^<]+<\/figcaption>\n<\/figure>/g) ?? [];
    expect(figures).toHaveLength(3);
  });

  it("loads nothing from outside the page and needs no script", () => {
    const urls = html.match(/https?:\/\/[^\s"')]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"]));
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|@import/i);
  });

  it("puts the estimate in #estimate with its exact value", () => {
    if (!stepwise.fitted) throw new Error("expected a fitted estimate");
    expect(html).toContain(`<strong id="estimate" data-value="${stepwise.estimate}">${integer.format(stepwise.estimate)}</strong>`);
  });

  it("gives every number in a table its exact value in data-value", () => {
    const cells = html.match(/<td class="num"[^>]*>[^<]*<\/td>/g) ?? [];
    expect(cells.length).toBeGreaterThan(50);
    for (const cell of cells) {
      const m = /data-value="([^"]*)">([^<]*)</.exec(cell);
      if (m === null) expect(cell).toMatch(/>–</);
      else expect(Number.isNaN(Number(m[1]))).toBe(false);
    }
    for (const i of stepwise.fitted ? stepwise.intervals : []) {
      expect(html).toContain(`data-value="${i.lower}"`);
      expect(html).toContain(`data-value="${i.upper}"`);
    }
  });

  it("gives every SVG its own clip-path ids", () => {
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("escapes list names and the title", async () => {
    const named = { ...data, lists: ["<b>&", "ABA", "OSCE", "HRW"] };
    const named_ = await estimateWithInterval(named, { select: "bic", ci: "lognormal", sensitivity: true });
    const page = await formatReport(named_, { format: "html", data: named, title: 'Kosovo "<i>" & co' });
    expect(page).not.toContain("<b>");
    expect(page).not.toContain("<i>");
    expect(page).toContain("&lt;b&gt;&amp;");
    expect(page).toContain("<title>Kosovo &quot;&lt;i&gt;&quot; &amp; co</title>");
    expect(plotsIn(page).sort()).toEqual(["overlaps", "sensitivity"]);
  });

  it("draws the strata with the total for a stratified estimate", async () => {
    const page = await formatReport(stratified, { format: "html" });
    expect(plotsIn(page)).toEqual(["strata"]);
    expect(page).toContain('<strong id="estimate" data-value="3925.3">3,925</strong>');
    expect(page).toContain("south, &quot;coast&quot; &lt;b&gt;&amp;");
    expect(page).not.toContain("<b>");
    expect(page).toContain('<tr class="emphasis"><td>Total</td>');
  });

  it("draws the estimates by period for a trend, with the slope in #slope", async () => {
    const page = await formatReport(trend, { format: "html" });
    expect(plotsIn(page)).toEqual(["trend"]);
    expect(page).toContain("<svg");
    expect(page).toContain('<strong id="slope" data-value="325.125">325</strong>');
  });

  it("leaves out the overlaps without data, and the plots whose numbers the result does not carry", async () => {
    expect(plotsIn(await formatReport(stepwise, { format: "html" })).sort()).toEqual(["bootstrap", "sensitivity"]);
    // a plain estimate carries neither replicates nor refitted candidates: a report never fits
    expect(plotsIn(await formatReport(bic, { format: "html" }))).toEqual([]);
  });
});

describe("formatReport of an estimate that could not be made", () => {
  const none: LoglinearEstimate = {
    kind: "estimate",
    family: "loglinear",
    fitted: false,
    estimate: null,
    observed: 4400,
    unobserved: null,
    intervals: [],
    model: null,
    diagnostics: null,
    warnings: [{ code: "NO_VALID_MODEL", message: "no model passed the check" }],
    selection: { method: "bic", considered: 113, valid: 0, ranking: [], warnings: [] },
    settings: { method: "bic", requested: "bic", level: [0.95], version: "0.1.0" },
  };

  it("says so in every format and leaves the numbers empty", async () => {
    expect(await formatReport(none, { format: "markdown" })).toContain("**Estimate: –** — no model could be fitted (see the warnings)");
    expect(await formatReport(none, { format: "text" })).toContain("Estimate: none (see warnings)");
    expect(parseCsv(await formatReport(none, { format: "csv" }))).toEqual([["estimate", "observed", "unobserved"], ["", "4400", ""]]);
    const page = await formatReport(none, { format: "html", data });
    expect(page).toContain('<strong id="estimate">–</strong>');
    expect(page).toContain("<code>NO_VALID_MODEL</code>");
    expect(plotsIn(page)).toEqual(["overlaps"]);
  });
});

describe("formatReport options", () => {
  it("rejects an unknown format with an OptionError naming it", async () => {
    // @ts-expect-error: an unknown format
    await expect(formatReport(bic, { format: "pdf" })).rejects.toThrow(OptionError);
    // @ts-expect-error: no options
    await expect(formatReport(bic)).rejects.toThrow(/`format` must be one of .*; received undefined/);
  });

  it("rejects data whose observed total is not the result's", async () => {
    const other = loadDataset("UKdat");
    await expect(formatReport(bic, { format: "markdown", data: other })).rejects.toThrow(OptionError);
    await expect(formatReport(stratified, { format: "html", data: other })).rejects.toThrow(/observed total/);
  });
});

describe("formatInteger", () => {
  it("writes whole numbers exactly as Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }) does", async () => {
    const { formatInteger } = await import("../../src/report/_cells.js");
    const intl = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
    const values = [0, -0, 0.4, 0.5, 1.5, 2.5, -0.2, -0.5, -2.5, 999.5, 1234.49, 25311.2, -1234567.5, 9007199254740991, 1e20, 3e21, Infinity, -Infinity, NaN];
    for (let k = 0; k < 300; k++) values.push((k % 2 ? -1 : 1) * 10 ** ((k % 19) + (k % 7) / 7) * 1.234567);
    expect(values).toHaveLength(319);
    expect(values.map(formatInteger)).toEqual(values.map((x) => intl.format(x)));
  });
});
