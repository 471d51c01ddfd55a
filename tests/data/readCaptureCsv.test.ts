import { describe, expect, it } from "vitest";

import { readCaptureCsv, type ReadCaptureCsvOptions } from "../../src/data/index.js";
import { CaptureDataError, OptionError, type DataIssue, type DataIssueCode } from "../../src/errors.js";
import { fixtureCsv, issuesOf } from "../fixtures.js";

describe("readCaptureCsv on published tables", () => {
  it("reads the UK 2013 table as 6 lists, 63 counts and 2,744 people observed", () => {
    const data = readCaptureCsv(fixtureCsv("UKdat.csv"));
    expect(data.lists).toEqual(["LA", "NG", "PF", "GO", "GP", "NCA"]);
    expect(data.counts).toHaveLength(63);
    expect(data.observed).toBe(2744);
    expect(data.counts.reduce((a, b) => a + b, 0)).toBe(2744);
    expect(data.records).toBeUndefined();
    expect(data.covariates).toBeUndefined();
  });

  it("puts each row's count at index history − 1, bit j standing for list j", () => {
    const { counts } = readCaptureCsv(fixtureCsv("UKdat.csv"));
    expect(counts[1 - 1]).toBe(54); // LA only
    expect(counts[2 - 1]).toBe(463); // NG only
    expect(counts[4 - 1]).toBe(907); // PF only
    expect(counts[32 - 1]).toBe(57); // NCA only
    expect(counts[1 + 2 + 4 + 8 - 1]).toBe(1); // LA, NG, PF, GO
    expect(counts[63 - 1]).toBe(0); // on every list: not in the table
  });

  it("reads the New Orleans table as 8 lists and 186 people observed", () => {
    const data = readCaptureCsv(fixtureCsv("NewOrl.csv"));
    expect(data.lists).toEqual(["A", "B", "C", "D", "E", "F", "G", "H"]);
    expect(data.counts).toHaveLength(255);
    expect(data.observed).toBe(186);
  });
});

describe("readCaptureCsv formats", () => {
  it("gives the same counts for one row per person as for the aggregated table of the same people", () => {
    const aggregated = fixtureCsv("UKdat.csv");
    const [header, ...rows] = aggregated.trim().split("\n");
    const people: string[] = [];
    for (const row of rows) {
      const cells = row.split(",");
      const count = Number(cells.pop());
      for (let i = 0; i < count; i++) people.push(cells.join(","));
    }
    people.reverse();
    const recordsCsv = [header.split(",").slice(0, -1).join(","), ...people].join("\n");
    const fromRecords = readCaptureCsv(recordsCsv);
    expect(fromRecords.counts).toEqual(readCaptureCsv(aggregated).counts);
    expect(fromRecords.observed).toBe(2744);
    expect(readCaptureCsv(recordsCsv, { format: "records" }).counts).toEqual(fromRecords.counts);
  });

  it("finds the count column by the names count, n, freq or frequency in any case", () => {
    for (const name of ["count", "N", "Freq", "FREQUENCY"]) {
      expect(readCaptureCsv(`A,${name},B\n1,30,0\n0,20,1\n1,10,1\n`)).toEqual({
        lists: ["A", "B"],
        counts: [30, 20, 10],
        observed: 60,
      });
    }
  });

  it("uses the count column and list columns named in the options, lists in the given order", () => {
    const data = readCaptureCsv("x,A,B,people\n9,1,0,30\n9,0,1,20\n9,1,1,10\n", { count: "people", lists: ["B", "A"] });
    expect(data).toEqual({ lists: ["B", "A"], counts: [20, 30, 10], observed: 60 });
  });

  it("accepts whole counts written as 12.0 or 1e3, semicolons, CRLF line ends, a byte-order mark and spaces", () => {
    const data = readCaptureCsv("\uFEFF A ; B ; count \r\n 1 ; 0 ; 12.0 \r\n0;1;1e3\r\n1;1;+3\r\n");
    expect(data).toEqual({ lists: ["A", "B"], counts: [12, 1000, 3], observed: 1015 });
  });

  it("accepts and ignores an aggregated row on no list when its count is 0", () => {
    expect(readCaptureCsv("A,B,count\n0,0,0\n1,0,3\n1,1,2\n")).toEqual({ lists: ["A", "B"], counts: [3, 0, 2], observed: 5 });
  });

  it("keeps covariate columns per row, in header order, and still aggregates the counts over all rows", () => {
    const csv = "region,LA,NG,year,count\nnorth,1,0,2020,3\nsouth,1,0,2020,2\nnorth,0,1,2021,4\n";
    const data = readCaptureCsv(csv, { covariates: ["year", "region"] });
    expect(data.lists).toEqual(["LA", "NG"]);
    expect(data.counts).toEqual([5, 4, 0]);
    expect(data.observed).toBe(9);
    expect(data.covariates).toEqual(["region", "year"]);
    expect(data.records).toEqual([
      { history: 1, count: 3, values: { region: "north", year: "2020" } },
      { history: 1, count: 2, values: { region: "south", year: "2020" } },
      { history: 2, count: 4, values: { region: "north", year: "2021" } },
    ]);
  });

  it("keeps one record per person, with count 1, for records with covariates", () => {
    const data = readCaptureCsv("A,B,sex\n1,0,f\n1,0,f\n0,1,m\n", { covariates: ["sex"] });
    expect(data.counts).toEqual([2, 1, 0]);
    expect(data.records).toEqual([
      { history: 1, count: 1, values: { sex: "f" } },
      { history: 1, count: 1, values: { sex: "f" } },
      { history: 2, count: 1, values: { sex: "m" } },
    ]);
  });
});

describe("readCaptureCsv duplicates", () => {
  const csv = "A,B,count\n1,0,3\n0,1,2\n1,0,4\n";

  it("rejects a repeated capture history by default, naming both rows", () => {
    const issues = issuesOf(() => readCaptureCsv(csv));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "DUPLICATE_HISTORY", row: 4 });
    expect(issues[0].message).toContain("rows 2 and 4");
  });

  it("adds the counts of a repeated capture history with duplicates: merge", () => {
    expect(readCaptureCsv(csv, { duplicates: "merge" })).toEqual({ lists: ["A", "B"], counts: [7, 2, 0], observed: 9 });
  });

  it("treats rows with the same history but different covariate values as different, not duplicates", () => {
    const data = readCaptureCsv("A,B,g,count\n1,0,x,3\n1,0,y,4\n", { covariates: ["g"] });
    expect(data.counts).toEqual([7, 0, 0]);
    expect(data.records).toHaveLength(2);
  });

  it("rejects rows with the same history and the same covariate values, and merges them into one record", () => {
    const covariateCsv = "A,B,g,count\n1,0,x,3\n1,0,y,4\n1,0,x,5\n";
    expect(issuesOf(() => readCaptureCsv(covariateCsv, { covariates: ["g"] }))).toMatchObject([
      { code: "DUPLICATE_HISTORY", row: 4 },
    ]);
    const merged = readCaptureCsv(covariateCsv, { covariates: ["g"], duplicates: "merge" });
    expect(merged.counts).toEqual([12, 0, 0]);
    expect(merged.records).toEqual([
      { history: 1, count: 8, values: { g: "x" } },
      { history: 1, count: 4, values: { g: "y" } },
    ]);
  });

  it("never treats repeated rows of a records file as duplicates: each row is a person", () => {
    expect(readCaptureCsv("A,B\n1,0\n1,0\n").counts).toEqual([2, 0, 0]);
  });
});

describe("readCaptureCsv bad input", () => {
  interface BadCase {
    readonly what: string;
    readonly csv: string;
    readonly options?: ReadCaptureCsvOptions;
    readonly code: DataIssueCode;
    readonly row?: number;
    readonly column?: string;
  }
  const cases: BadCase[] = [
    { what: "an empty file", csv: "", code: "EMPTY_INPUT" },
    { what: "a file of blank lines", csv: "\n  \n\n", code: "EMPTY_INPUT" },
    { what: "a header without data rows", csv: "A,B,count\n", code: "EMPTY_INPUT", row: 1 },
    { what: "an unclosed quote", csv: 'A,B,count\n1,0,3\n1,1,"5\n', code: "PARSE_ERROR", row: 3 },
    { what: "a row with too few fields", csv: "A,B,count\n1,0\n", code: "PARSE_ERROR", row: 2 },
    { what: "a row with too many fields", csv: "A,B,count\n1,0,3,4\n", code: "PARSE_ERROR", row: 2 },
    { what: "a list column that is not in the header", csv: "A,B,count\n1,0,3\n", options: { lists: ["A", "Z"] }, code: "MISSING_COLUMN", row: 1, column: "Z" },
    { what: "a count column that is not in the header", csv: "A,B,count\n1,0,3\n", options: { count: "total" }, code: "MISSING_COLUMN", row: 1, column: "total" },
    { what: "a covariate column that is not in the header", csv: "A,B,count\n1,0,3\n", options: { covariates: ["region"] }, code: "MISSING_COLUMN", row: 1, column: "region" },
    { what: "format aggregated without a count column", csv: "A,B\n1,0\n", options: { format: "aggregated" }, code: "MISSING_COLUMN", row: 1, column: "count" },
    { what: "a repeated column name", csv: "A,B,A,count\n1,0,0,3\n", code: "DUPLICATE_COLUMN", row: 1, column: "A" },
    { what: "a blank column name", csv: "A,B,,count\n1,0,,3\n", code: "INVALID_COLUMN_NAME", row: 1 },
    { what: "a single list", csv: "A,count\n1,3\n", code: "TOO_FEW_LISTS" },
    { what: "a membership of 2", csv: "A,B,count\n1,2,3\n", code: "NOT_BINARY", row: 2, column: "B" },
    { what: "a membership of TRUE", csv: "A,B,count\n1,0,3\nTRUE,0,1\n", code: "NOT_BINARY", row: 3, column: "A" },
    { what: "a blank membership", csv: "A,B,count\n1,,3\n", code: "NOT_BINARY", row: 2, column: "B" },
    { what: "a blank count", csv: "A,B,count\n1,0,\n", code: "MISSING_COUNT", row: 2, column: "count" },
    { what: "a negative count", csv: "A,B,count\n1,0,-3\n", code: "NEGATIVE_COUNT", row: 2, column: "count" },
    { what: "a fractional count", csv: "A,B,count\n1,0,12.5\n", code: "FRACTIONAL_COUNT", row: 2, column: "count" },
    { what: "a count that is not a number", csv: "A,B,N\n1,0,abc\n", code: "INVALID_COUNT", row: 2, column: "N" },
    { what: "an infinite count", csv: "A,B,count\n1,0,1e999\n", code: "INVALID_COUNT", row: 2, column: "count" },
    { what: "an aggregated row on no list with a positive count", csv: "A,B,count\n1,0,3\n0,0,4\n", code: "ALL_ZERO_HISTORY", row: 3 },
    { what: "a person on no list", csv: "A,B\n1,0\n0,0\n", code: "ALL_ZERO_HISTORY", row: 3 },
    { what: "a repeated history", csv: "A,B,count\n1,0,3\n1,0,4\n", code: "DUPLICATE_HISTORY", row: 3 },
    { what: "only zero counts", csv: "A,B,count\n1,0,0\n0,1,0\n", code: "NO_OBSERVATIONS" },
    { what: "a bad cell after blank lines (rows are file lines)", csv: "A,B,count\n\n1,0,3\n\n   \n1,x,2\n", code: "NOT_BINARY", row: 6, column: "B" },
    {
      what: "a bad cell after a quoted line break (rows are file lines)",
      csv: 'A,B,note,count\n1,0,"two\nlines",3\n1,7,x,1\n',
      options: { covariates: ["note"] },
      code: "NOT_BINARY",
      row: 4,
      column: "B",
    },
    { what: "a bad cell after CRLF line ends", csv: "A,B,count\r\n1,0,3\r\n\r\n1,0,-1\r\n", code: "NEGATIVE_COUNT", row: 4, column: "count" },
  ];

  it.each(cases)("reports $code for $what", ({ csv, options, code, row, column }) => {
    const issues = issuesOf(() => readCaptureCsv(csv, options));
    expect(issues).toHaveLength(1);
    expect(issues[0].code).toBe(code);
    expect(issues[0].row).toBe(row);
    expect(issues[0].column).toBe(column);
    expect(issues[0].message.length).toBeGreaterThan(10);
  });

  it("quotes the offending value in the message", () => {
    const [issue] = issuesOf(() => readCaptureCsv("A,B,count\n1,yes,3\n"));
    expect(issue.message).toContain('"yes"');
    expect(issue.message).toContain("0 or 1");
  });

  it("reports every problem of a file with three different problems, in row order, and returns nothing", () => {
    const csv = ["LA,NG,PF,count", "1,0,0,5", "1,2,0,3", "0,1,0,-4", "1,0,1,2", "1,0,0,7"].join("\n");
    const issues = issuesOf(() => readCaptureCsv(csv));
    expect(issues.map(({ code, row, column }) => ({ code, row, column }))).toEqual([
      { code: "NOT_BINARY", row: 3, column: "NG" },
      { code: "NEGATIVE_COUNT", row: 4, column: "count" },
      { code: "DUPLICATE_HISTORY", row: 6, column: undefined },
    ]);
  });

  it("reports several problems in one row and a header problem together", () => {
    const issues = issuesOf(() => readCaptureCsv("A,B,count\nx,y,z\n", { covariates: ["region"] }));
    expect(issues.map((i) => i.code)).toEqual(["MISSING_COLUMN", "NOT_BINARY", "NOT_BINARY", "INVALID_COUNT"]);
  });

  it("lists every problem in the error message", () => {
    expect(() => readCaptureCsv("A,B,count\n1,2,3\n0,1,-1\n")).toThrow(/2 problems[\s\S]*row 2, column B[\s\S]*row 3, column count/);
  });

  it.each([
    ["a text that is not a string", 42 as unknown as string, {}],
    ["an unknown format", "A,B\n1,0\n", { format: "wide" as "auto" }],
    ["an unknown duplicates policy", "A,B,count\n1,0,1\n", { duplicates: "sum" as "merge" }],
    ["a column that is both a list and a covariate", "A,B,count\n1,0,1\n", { lists: ["A", "B"], covariates: ["B"] }],
    ["a count column with format records", "A,B,count\n1,0,1\n", { format: "records" as const, count: "count" }],
    ["a count column that is also a list", "A,B,count\n1,0,1\n", { lists: ["A", "count"], count: "count" }],
  ])("throws an OptionError for %s", (_, text, options) => {
    expect(() => readCaptureCsv(text, options)).toThrow(OptionError);
  });
});
