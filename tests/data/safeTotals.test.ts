import { describe, expect, it } from "vitest";

import { captureDataFromCounts, captureDataFromRecords, mergeLists, readCaptureCsv, readCaptureCsvStream } from "../../src/data/index.js";
import { estimate } from "../../src/estimate.js";
import { fitLoglinear } from "../../src/models/loglinear/fitLoglinear.js";
import { CaptureDataError } from "../../src/errors.js";
import { issuesOf } from "../fixtures.js";

const MAX = Number.MAX_SAFE_INTEGER; // 9007199254740991 = 2^53 − 1

// Reproducers of issue 9, item 3: totals past 2^53 − 1 used to be accepted (observed
// 18014398509481984 for 9007199254740991 + 9007199254740991 + 1). Past 2^53 − 1 whole numbers are not
// exact in a double, so every sum that passes it is refused with TOTAL_TOO_LARGE.
describe("counts that add up past 2^53 − 1 are refused with TOTAL_TOO_LARGE", () => {
  it("a table whose observed total passes it (the reproducer)", async () => {
    const csv = `A,B,count\n1,0,${MAX}\n0,1,${MAX}\n1,1,1\n`;
    const issues = issuesOf(() => readCaptureCsv(csv));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "TOTAL_TOO_LARGE" });
    expect(issues[0].message).toContain("more than 9007199254740991 (2^53 − 1)");
    await expect(readCaptureCsvStream([csv])).rejects.toMatchObject({ issues: [expect.objectContaining({ code: "TOTAL_TOO_LARGE" })] });
    expect(issuesOf(() => captureDataFromCounts(["A", "B"], [
      { history: "10", count: MAX },
      { history: "01", count: MAX },
      { history: "11", count: 1 },
    ])).map((i) => i.code)).toEqual(["TOTAL_TOO_LARGE"]);
  });

  it("one history's counts summed over strata (covariate values), at the row where it passes", async () => {
    const csv = `A,B,region,count\n1,0,north,${MAX}\n1,0,south,1\n0,1,north,1\n1,1,north,1\n`;
    const issues = issuesOf(() => readCaptureCsv(csv, { covariates: ["region"] }));
    expect(issues.map((i) => [i.code, i.row])).toEqual([["TOTAL_TOO_LARGE", 3]]);
    expect(issues[0].message).toContain("capture history 10 (A)");
    const streamed = await readCaptureCsvStream([csv], { covariates: ["region"] }).catch((error: unknown) => error);
    expect(streamed).toBeInstanceOf(CaptureDataError);
    expect((streamed as CaptureDataError).issues.map((i) => i.code)).toEqual(["TOTAL_TOO_LARGE"]);
  });

  it("merged duplicate rows", async () => {
    const csv = `A,B,count\n1,0,${MAX}\n1,0,${MAX}\n0,1,1\n1,1,1\n`;
    expect(issuesOf(() => readCaptureCsv(csv, { duplicates: "merge" })).map((i) => [i.code, i.row])).toEqual([["TOTAL_TOO_LARGE", 3]]);
    await expect(readCaptureCsvStream([csv], { duplicates: "merge" })).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: "TOTAL_TOO_LARGE", row: 3 })],
    });
  });

  it("one row per person cannot reach it, but merged lists can", () => {
    const data = captureDataFromCounts(["A", "B", "C"], [
      { history: "100", count: MAX - 1 },
      { history: "010", count: 1 },
      { history: "001", count: 0 },
      { history: "110", count: 0 },
    ]);
    expect(data.observed).toBe(MAX);
    // A and B merged: still MAX people, fine.
    expect(mergeLists(data, ["A", "B"]).observed).toBe(MAX);
    expect(captureDataFromRecords(["A", "B"], [{ A: 1, B: 0 }]).observed).toBe(1);
  });

  it("capture data built by hand reaches the estimators as a typed error, never a rounded fit", () => {
    const data = { lists: ["A", "B"], counts: [MAX, MAX, 1], observed: 2 * MAX + 1 };
    expect(() => estimate(data)).toThrow(CaptureDataError);
    expect(() => fitLoglinear(data, "main")).toThrow(/more than 9007199254740991/);
  });

  it("accepts totals of exactly 2^53 − 1", () => {
    const data = readCaptureCsv(`A,B,count\n1,0,${MAX - 2}\n0,1,1\n1,1,1\n`);
    expect(data.observed).toBe(MAX);
  });
});
