import { describe, expect, it, vi } from "vitest";
import { estimate } from "../../src/estimate.js";
import { formatReport } from "../../src/report/formatReport.js";
import { loadDataset } from "../fixtures.js";
import { stratified, trend } from "./_results.js";

// Records every import of vega and vega-lite (the modules themselves load as usual).
const loaded = vi.hoisted(() => [] as string[]);
vi.mock("vega", async (importOriginal) => {
  loaded.push("vega");
  return importOriginal();
});
vi.mock("vega-lite", async (importOriginal) => {
  loaded.push("vega-lite");
  return importOriginal();
});

describe("formatReport and vega", () => {
  it("renders text, markdown, JSON and CSV without importing vega or vega-lite", async () => {
    const data = loadDataset("Kosovo");
    const cases = [
      { result: estimate(data), data },
      { result: stratified, data: undefined },
      { result: trend, data: undefined },
    ];
    for (const c of cases) {
      for (const format of ["text", "markdown", "json", "csv"] as const) {
        await expect(formatReport(c.result, { format, data: c.data })).resolves.toBeTypeOf("string");
      }
    }
    expect(loaded).toEqual([]);
  });

  it("imports vega and vega-lite for HTML", async () => {
    await expect(formatReport(trend, { format: "html" })).resolves.toContain("<svg");
    expect([...new Set(loaded)].sort()).toEqual(["vega", "vega-lite"]);
  });
});
