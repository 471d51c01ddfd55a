import { describe, expect, it } from "vitest";

import {
  captureDataFromCounts,
  dropNoninformativeLists,
  historyLabel,
  listOverlaps,
  mergeLists,
  omitLists,
  readCaptureCsv,
} from "../../src/data/index.js";
import { CaptureDataError, OptionError } from "../../src/errors.js";
import type { CaptureData } from "../../src/types.js";
import { fixtureCsv } from "../fixtures.js";

const abc: CaptureData = { lists: ["A", "B", "C"], counts: [5, 4, 2, 3, 1, 0, 1], observed: 16 };

function codesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CaptureDataError);
    return (error as CaptureDataError).issues.map((i) => i.code);
  }
  throw new Error("expected a CaptureDataError, but nothing was thrown");
}

describe("historyLabel", () => {
  it("writes character j as 1 when the person is on list j", () => {
    expect(historyLabel(1, 3)).toBe("100");
    expect(historyLabel(5, 3)).toBe("101");
    expect(historyLabel(6, 3)).toBe("011");
    expect(historyLabel(0, 2)).toBe("00");
    expect(historyLabel(63, 6)).toBe("111111");
  });

  it("matches the list columns of the CSV row the history came from", () => {
    const data = readCaptureCsv(fixtureCsv("UKdat.csv"));
    expect(historyLabel(1 + 4 + 32, 6)).toBe("101001");
    expect(data.counts[1 + 4 + 32 - 1]).toBe(0);
    expect(data.counts[4 + 32 - 1]).toBe(31); // 0,0,1,0,0,1,31
    expect(historyLabel(4 + 32, 6)).toBe("001001");
  });

  it.each([
    [8, 3],
    [-1, 3],
    [1.5, 3],
    [1, 0],
    [1, 2.5],
  ])("throws an OptionError for history %s with %s lists", (history, nLists) => {
    expect(() => historyLabel(history, nLists)).toThrow(OptionError);
  });
});

describe("listOverlaps", () => {
  it("counts the people on both lists of every pair, pairs in the order (1,2), (1,3), (2,3)", () => {
    expect(listOverlaps(abc)).toEqual([
      { lists: ["A", "B"], count: 3 },
      { lists: ["A", "C"], count: 2 },
      { lists: ["B", "C"], count: 1 },
    ]);
  });

  it("gives t(t−1)/2 pairs, zeros included, for the UK table", () => {
    const overlaps = listOverlaps(readCaptureCsv(fixtureCsv("UKdat.csv")));
    expect(overlaps).toHaveLength(15);
    expect(overlaps[0]).toEqual({ lists: ["LA", "NG"], count: 15 + 1 + 1 + 1 });
    expect(overlaps.find((o) => o.lists[0] === "LA" && o.lists[1] === "NCA")?.count).toBe(0);
  });
});

describe("omitLists", () => {
  it("drops the lists, and the people only on them vanish", () => {
    expect(omitLists(abc, ["C"])).toEqual({ lists: ["A", "B"], counts: [6, 4, 3], observed: 13 });
  });

  it("does not change its input", () => {
    const before = structuredClone(abc);
    omitLists(abc, ["A"]);
    expect(abc).toEqual(before);
  });

  it("re-codes records and drops the records of people who vanish", () => {
    const data = readCaptureCsv("A,B,C,g\n1,0,0,x\n0,0,1,y\n1,0,1,z\n0,1,1,w\n", { covariates: ["g"] });
    const result = omitLists(data, ["A"]);
    expect(result.lists).toEqual(["B", "C"]);
    expect(result.counts).toEqual([0, 2, 1]);
    expect(result.covariates).toEqual(["g"]);
    expect(result.records).toEqual([
      { history: 2, count: 1, values: { g: "y" } },
      { history: 2, count: 1, values: { g: "z" } },
      { history: 3, count: 1, values: { g: "w" } },
    ]);
  });

  it("rejects unknown list names with UNKNOWN_LIST, every one of them", () => {
    expect(codesOf(() => omitLists(abc, ["X", "C", "Y"]))).toEqual(["UNKNOWN_LIST", "UNKNOWN_LIST"]);
  });

  it("rejects leaving fewer than 2 lists with TOO_FEW_LISTS", () => {
    expect(codesOf(() => omitLists(abc, ["A", "B"]))).toEqual(["TOO_FEW_LISTS"]);
  });
});

describe("mergeLists", () => {
  it("merging PF and NCA of the UK table gives the published 5-list table", () => {
    const merged = mergeLists(readCaptureCsv(fixtureCsv("UKdat.csv")), ["PF", "NCA"]);
    expect(merged).toEqual(readCaptureCsv(fixtureCsv("UKdat_5.csv")));
    expect(merged.lists).toEqual(["LA", "NG", "PFNCA", "GO", "GP"]);
  });

  it("puts a person on the merged list when on any of the merged lists, at the first merged list's place", () => {
    expect(mergeLists(abc, ["C", "A"])).toEqual({ lists: ["AC", "B"], counts: [9, 4, 3], observed: 16 });
    expect(mergeLists(abc, ["B", "C"], { name: "other" }).lists).toEqual(["A", "other"]);
  });

  it("carries records along with re-coded histories", () => {
    const data = readCaptureCsv("A,B,C,g,count\n1,0,0,x,2\n0,0,1,y,3\n0,1,1,x,1\n", { covariates: ["g"] });
    const merged = mergeLists(data, ["B", "C"]);
    expect(merged.counts).toEqual([2, 4, 0]);
    expect(merged.records?.map((r) => r.history)).toEqual([1, 2, 2]);
  });

  it("rejects unknown lists, a name taken by a remaining list and merging every list", () => {
    expect(codesOf(() => mergeLists(abc, ["A", "Z"]))).toEqual(["UNKNOWN_LIST"]);
    expect(codesOf(() => mergeLists(abc, ["A", "C"], { name: "B" }))).toEqual(["DUPLICATE_COLUMN"]);
    expect(codesOf(() => mergeLists(abc, ["A", "B", "C"]))).toEqual(["TOO_FEW_LISTS"]);
    expect(() => mergeLists(abc, ["A"])).toThrow(OptionError);
  });
});

describe("dropNoninformativeLists", () => {
  it("drops empty lists, lists holding everyone and lists repeating an earlier list, with reasons", () => {
    // A and C have the same members, B is empty, E holds everyone, D is informative.
    const data = captureDataFromCounts(
      ["A", "B", "C", "D", "E"],
      [
        { history: "10101", count: 7 },
        { history: "00011", count: 5 },
        { history: "10111", count: 3 },
        { history: "00001", count: 2 },
      ],
    );
    const result = dropNoninformativeLists(data);
    expect(result.dropped).toEqual([
      { list: "B", reason: "empty" },
      { list: "C", reason: "duplicate", of: "A" },
      { list: "E", reason: "all" },
    ]);
    expect(result.data).toEqual(
      captureDataFromCounts(
        ["A", "D"],
        [
          { history: "10", count: 7 },
          { history: "01", count: 5 },
          { history: "11", count: 3 },
        ],
      ),
    );
    expect(result.data.observed).toBe(data.observed - 2);
  });

  it("returns a copy and drops nothing from an informative table", () => {
    const data = readCaptureCsv(fixtureCsv("UKdat.csv"));
    const result = dropNoninformativeLists(data);
    expect(result.dropped).toEqual([]);
    expect(result.data).toEqual(data);
    expect(result.data).not.toBe(data);
  });

  it("throws TOO_FEW_LISTS when fewer than 2 informative lists remain", () => {
    const data = captureDataFromCounts(["A", "B"], [{ history: "11", count: 4 }, { history: "01", count: 2 }]);
    expect(codesOf(() => dropNoninformativeLists(data))).toEqual(["TOO_FEW_LISTS"]);
  });
});
