import { describe, expect, it } from "vitest";

import { captureDataFromCounts, readCaptureCsv, type CountRow } from "../../src/data/index.js";
import { CaptureDataError, OptionError, type DataIssue, type DataIssueCode } from "../../src/errors.js";
import { fixtureCsv, issuesOf } from "../fixtures.js";

describe("captureDataFromCounts", () => {
  it("builds capture data from histories given as 0/1 strings or arrays, char j being list j", () => {
    const data = captureDataFromCounts(["A", "B", "C"], [
      { history: "100", count: 5 },
      { history: [0, 1, 0], count: 4 },
      { history: "101", count: 2 },
      { history: [1, 1, 1], count: 1 },
    ]);
    expect(data).toEqual({ lists: ["A", "B", "C"], counts: [5, 4, 0, 0, 2, 0, 1], observed: 12 });
  });

  it("gives the same data as reading the CSV of the same table", () => {
    const csv = fixtureCsv("UKdat.csv");
    const [header, ...lines] = csv.trim().split("\n");
    const lists = header.split(",").slice(0, -1);
    const rows: CountRow[] = lines.map((line) => {
      const cells = line.split(",");
      return { history: cells.slice(0, -1).join(""), count: Number(cells.at(-1)) };
    });
    expect(captureDataFromCounts(lists, rows)).toEqual(readCaptureCsv(csv));
  });

  it("accepts and ignores a history on no list with count 0", () => {
    expect(captureDataFromCounts(["A", "B"], [{ history: "00", count: 0 }, { history: "11", count: 2 }]).counts).toEqual([0, 0, 2]);
  });

  it("rejects a repeated history by default and adds the counts with duplicates: merge", () => {
    const rows = [
      { history: "10", count: 3 },
      { history: [1, 0], count: 4 },
    ];
    const issues = issuesOf(() => captureDataFromCounts(["A", "B"], rows));
    expect(issues).toMatchObject([{ code: "DUPLICATE_HISTORY", row: 2 }]);
    expect(issues[0].message).toContain("rows 1 and 2");
    expect(captureDataFromCounts(["A", "B"], rows, { duplicates: "merge" }).counts).toEqual([7, 0, 0]);
  });

  const cases: { what: string; lists: string[]; rows: unknown[]; code: DataIssueCode; row?: number; column?: string }[] = [
    { what: "no rows", lists: ["A", "B"], rows: [], code: "EMPTY_INPUT" },
    { what: "one list", lists: ["A"], rows: [{ history: "1", count: 2 }], code: "TOO_FEW_LISTS" },
    { what: "a repeated list name", lists: ["A", "A"], rows: [{ history: "10", count: 2 }], code: "DUPLICATE_COLUMN", column: "A" },
    { what: "a blank list name", lists: ["A", " "], rows: [{ history: "10", count: 2 }], code: "INVALID_COLUMN_NAME" },
    { what: "a row that is not an object", lists: ["A", "B"], rows: [{ history: "10", count: 2 }, 7], code: "INVALID_ENTRY", row: 2 },
    { what: "a history of the wrong length", lists: ["A", "B"], rows: [{ history: "101", count: 2 }], code: "INVALID_HISTORY", row: 1 },
    { what: "a history that is a number", lists: ["A", "B"], rows: [{ history: 3, count: 2 }], code: "INVALID_HISTORY", row: 1 },
    { what: "a membership of 2", lists: ["A", "B"], rows: [{ history: [1, 2], count: 2 }], code: "NOT_BINARY", row: 1, column: "B" },
    { what: "a membership of x", lists: ["A", "B"], rows: [{ history: "1x", count: 2 }], code: "NOT_BINARY", row: 1, column: "B" },
    { what: "a missing count", lists: ["A", "B"], rows: [{ history: "10" }], code: "MISSING_COUNT", row: 1 },
    { what: "a negative count", lists: ["A", "B"], rows: [{ history: "10", count: -1 }], code: "NEGATIVE_COUNT", row: 1 },
    { what: "a fractional count", lists: ["A", "B"], rows: [{ history: "10", count: 1.5 }], code: "FRACTIONAL_COUNT", row: 1 },
    { what: "a count given as a string", lists: ["A", "B"], rows: [{ history: "10", count: "3" }], code: "INVALID_COUNT", row: 1 },
    { what: "a NaN count", lists: ["A", "B"], rows: [{ history: "10", count: Number.NaN }], code: "INVALID_COUNT", row: 1 },
    { what: "a positive count on no list", lists: ["A", "B"], rows: [{ history: "10", count: 1 }, { history: [0, 0], count: 3 }], code: "ALL_ZERO_HISTORY", row: 2 },
    { what: "only zero counts", lists: ["A", "B"], rows: [{ history: "10", count: 0 }], code: "NO_OBSERVATIONS" },
  ];

  it.each(cases)("reports $code for $what", ({ lists, rows, code, row, column }) => {
    const issues = issuesOf(() => captureDataFromCounts(lists, rows as CountRow[]));
    expect(issues).toHaveLength(1);
    expect({ code: issues[0].code, row: issues[0].row, column: issues[0].column }).toEqual({ code, row, column });
  });

  it("reports every problem at once", () => {
    const issues = issuesOf(() =>
      captureDataFromCounts(["A", "B"], [
        { history: "12", count: 1 },
        { history: "10", count: -2 },
        { history: "01", count: 0.5 },
      ]),
    );
    expect(issues.map((i) => [i.code, i.row])).toEqual([
      ["NOT_BINARY", 1],
      ["NEGATIVE_COUNT", 2],
      ["FRACTIONAL_COUNT", 3],
    ]);
  });

  it("throws an OptionError for lists or rows of the wrong kind", () => {
    expect(() => captureDataFromCounts("AB" as unknown as string[], [])).toThrow(OptionError);
    expect(() => captureDataFromCounts(["A", "B"], {} as unknown as CountRow[])).toThrow(OptionError);
    expect(() => captureDataFromCounts(["A", "B"], [], { duplicates: "add" as "merge" })).toThrow(OptionError);
  });
});
