import { describe, expect, it } from "vitest";

import { captureDataFromRecords, readCaptureCsv } from "../../src/data/index.js";
import { CaptureDataError, OptionError, type DataIssue, type DataIssueCode } from "../../src/errors.js";
import { issuesOf } from "../fixtures.js";

describe("captureDataFromRecords", () => {
  it("counts one person per record, membership given as numbers, strings or booleans", () => {
    const data = captureDataFromRecords(
      ["A", "B"],
      [
        { A: 1, B: 0 },
        { A: "1", B: " 1 " },
        { A: false, B: true },
        { A: true, B: "0", other: "ignored" },
      ],
    );
    expect(data).toEqual({ lists: ["A", "B"], counts: [2, 1, 1], observed: 4 });
  });

  it("keeps covariates as strings, one record per person", () => {
    const data = captureDataFromRecords(
      ["A", "B"],
      [
        { A: 1, B: 0, age: 31, region: "north" },
        { A: 1, B: 1, age: null, region: "south" },
      ],
      { covariates: ["region", "age"] },
    );
    expect(data.covariates).toEqual(["region", "age"]);
    expect(data.records).toEqual([
      { history: 1, count: 1, values: { region: "north", age: "31" } },
      { history: 3, count: 1, values: { region: "south", age: "" } },
    ]);
  });

  it("gives the same data as reading a records CSV of the same people", () => {
    const csv = "A,B,C,g\n1,0,0,x\n1,1,0,y\n0,0,1,x\n1,0,0,x\n";
    const records = csv
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => {
        const [A, B, C, g] = line.split(",");
        return { A, B, C, g };
      });
    expect(captureDataFromRecords(["A", "B", "C"], records, { covariates: ["g"] })).toEqual(
      readCaptureCsv(csv, { covariates: ["g"] }),
    );
  });

  const cases: { what: string; records: unknown[]; code: DataIssueCode; row?: number; column?: string }[] = [
    { what: "no records", records: [], code: "EMPTY_INPUT" },
    { what: "a list field that no record has", records: [{ A: 1, b: 0 }], code: "MISSING_COLUMN", column: "B" },
    { what: "a record without a list field", records: [{ A: 1, B: 0 }, { A: 1 }], code: "NOT_BINARY", row: 2, column: "B" },
    { what: "a membership of 2", records: [{ A: 1, B: 2 }], code: "NOT_BINARY", row: 1, column: "B" },
    { what: "a membership of yes", records: [{ A: "yes", B: 0 }], code: "NOT_BINARY", row: 1, column: "A" },
    { what: "a person on no list", records: [{ A: 1, B: 0 }, { A: 0, B: false }], code: "ALL_ZERO_HISTORY", row: 2 },
    { what: "a record that is not an object", records: [{ A: 1, B: 0 }, "1,0"], code: "INVALID_ENTRY", row: 2 },
  ];

  it.each(cases)("reports $code for $what", ({ records, code, row, column }) => {
    const issues = issuesOf(() => captureDataFromRecords(["A", "B"], records as Record<string, unknown>[]));
    expect(issues).toHaveLength(1);
    expect({ code: issues[0].code, row: issues[0].row, column: issues[0].column }).toEqual({ code, row, column });
  });

  it("reports a covariate that no record has", () => {
    expect(issuesOf(() => captureDataFromRecords(["A", "B"], [{ A: 1, B: 0 }], { covariates: ["g"] }))).toMatchObject([
      { code: "MISSING_COLUMN", column: "g" },
    ]);
  });

  it("throws an OptionError for a field that is both a list and a covariate", () => {
    expect(() => captureDataFromRecords(["A", "B"], [{ A: 1, B: 0 }], { covariates: ["B"] })).toThrow(OptionError);
  });
});
