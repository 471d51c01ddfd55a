import { describe, expect, it, vi } from "vitest";

import { formatReport } from "../../src/report/formatReport.js";
import { MissingDependencyError } from "../../src/errors.js";
import { trend } from "./_results.js";

// vega and vega-lite are optional peer dependencies, needed for HTML reports only: here they are missing.
vi.mock("vega", () => {
  throw Object.assign(new Error("Cannot find package 'vega' imported from prevalence"), { code: "ERR_MODULE_NOT_FOUND" });
});

describe("formatReport without vega", () => {
  it("renders the other formats and refuses HTML with a MissingDependencyError saying what to install", async () => {
    await expect(formatReport(trend, { format: "text" })).resolves.toContain("Trend");
    const error = await formatReport(trend, { format: "html" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingDependencyError);
    expect(error).toMatchObject({ packages: ["vega", "vega-lite"] });
    expect((error as Error).message).toBe(
      "an HTML report needs the optional packages vega and vega-lite, not installed here: npm install vega vega-lite",
    );
  });
});
