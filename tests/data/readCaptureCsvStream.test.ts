import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";

import { omitLists, readCaptureCsv, readCaptureCsvFile, readCaptureCsvStream } from "../../src/data/index.js";
import { CaptureDataError, OptionError, type DataIssue } from "../../src/errors.js";
import { fixtureCsv } from "../fixtures.js";

const DATASETS = [
  "Artificial_3", "HIV", "Korea", "Kosovo", "MY3", "MY5", "Ned", "Ned_5", "NewOrl", "NewOrl_185",
  "NewOrl_5", "NewOrl_5_185", "UKdat", "UKdat_5", "Western", "lesbian",
];

/** The text cut into pieces of the given sizes (cycled), as bytes or as strings. */
function pieces(text: string, sizes: readonly number[], bytes: boolean): (string | Uint8Array)[] {
  const data: string | Uint8Array = bytes ? new TextEncoder().encode(text) : text;
  const out: (string | Uint8Array)[] = [];
  let at = 0;
  for (let k = 0; at < data.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length]);
    out.push(data.slice(at, at + size));
    at += size;
  }
  return out;
}

async function streamIssues(run: () => Promise<unknown>): Promise<CaptureDataError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(CaptureDataError);
    return error as CaptureDataError;
  }
  throw new Error("expected a CaptureDataError, but nothing was thrown");
}

function syncIssues(run: () => unknown): readonly DataIssue[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CaptureDataError);
    return (error as CaptureDataError).issues;
  }
  throw new Error("expected a CaptureDataError, but nothing was thrown");
}

describe("readCaptureCsvStream", () => {
  it("reads every bundled table as readCaptureCsv does, from one piece or from a Node stream of small chunks", async () => {
    expect(DATASETS).toHaveLength(16);
    for (const name of DATASETS) {
      const text = fixtureCsv(`${name}.csv`);
      const expected = readCaptureCsv(text);
      const whole = await readCaptureCsvStream([text]);
      expect(whole.data).toEqual(expected);
      const chunked = await readCaptureCsvStream(Readable.from(pieces(text, [7, 13, 1, 64], true)));
      expect(chunked.data).toEqual(expected);
      expect(chunked.rows).toBe(text.trim().split(/\r?\n/).length - 1);
    }
  });

  it("gives the same data and the same problems at the same rows whatever the pieces (property: random cuts, multibyte names, quoted line breaks, CRLF)", async () => {
    const csv =
      '\uFEFFpolice,"ngö\nname",shelter,count,région\r\n' +
      '1,0,0,12,"Nord\r\nEst"\r\n' +
      "0,1,0,7,Süd\r\n" +
      "\r\n" +
      "1,1,0,3,Süd\r\n" +
      "0,0,1,2,Nord\r\n" +
      "1,0,1,yes,Süd\r\n" +
      "1,2,1,4,Süd\r\n";
    const expectedIssues = syncIssues(() => readCaptureCsv(csv, { covariates: ["région"] }));
    expect(expectedIssues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["INVALID_COUNT", 9, "count"],
      ["NOT_BINARY", 10, "ngö\nname"],
    ]);
    const good = csv.split("\r\n").slice(0, 7).join("\r\n");
    const expectedData = readCaptureCsv(good, { covariates: ["région"] });
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), fc.boolean(), async (sizes, bytes) => {
        runs += 1;
        const error = await streamIssues(() => readCaptureCsvStream(pieces(csv, sizes, bytes), { covariates: ["région"] }));
        expect(error.issues).toEqual(expectedIssues);
        const reading = await readCaptureCsvStream(pieces(good, sizes, bytes), { covariates: ["région"] });
        expect(reading.data.counts).toEqual(expectedData.counts);
        expect(reading.data.records?.map((r) => [r.history, r.count, r.values["région"]])).toEqual([
          [1, 12, "Nord\r\nEst"],
          [2, 7, "Süd"],
          [3, 3, "Süd"],
          [4, 2, "Nord"],
        ]);
      }),
      { numRuns: 60, seed: 9 },
    );
    expect(runs).toBe(60);
  });

  it("aggregates person rows into one record per (history, covariate values) with its count", async () => {
    const csv = "A,B,region\n1,0,north\n1,0,north\n0,1,south\n1,0,south\n1,0,north\n";
    const { data } = await readCaptureCsvStream([csv], { covariates: ["region"] });
    expect(data.records).toEqual([
      { history: 1, count: 3, values: { region: "north" } },
      { history: 2, count: 1, values: { region: "south" } },
      { history: 1, count: 1, values: { region: "south" } },
    ]);
    expect(data.counts).toEqual([4, 1, 0]);
    expect(readCaptureCsv(csv, { covariates: ["region"] }).records).toHaveLength(5);
  });

  it("keeps the first maxIssues problems and counts them all", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i % 2},x,1`).join("\n");
    const error = await streamIssues(() => readCaptureCsvStream([`A,B,count\n${rows}\n`], { maxIssues: 50 }));
    expect(error.issues).toHaveLength(50);
    expect(error.total).toBe(5000);
    expect(error.issues[0]).toMatchObject({ code: "NOT_BINARY", row: 2, column: "B" });
    expect(error.message).toContain("5000 problems");
    expect(error.message).toContain("... and 4980 more");
  });

  it("returns nothing half-read: one problem at the end of a large input rejects the whole input", async () => {
    const body = Array.from({ length: 20000 }, (_, i) => ["1,0", "0,1", "1,1"][i % 3]).join("\n");
    const error = await streamIssues(() => readCaptureCsvStream(pieces(`A,B\n${body}\n1,3\n`, [4096], false)));
    expect(error.issues).toEqual([
      expect.objectContaining({ code: "NOT_BINARY", row: 20002, column: "B" }),
    ]);
  });

  it("refuses a source that is not a stream or iterable, and a bad maxIssues", async () => {
    await expect(readCaptureCsvStream("A,B\n1,0\n" as never)).rejects.toThrow(OptionError);
    await expect(readCaptureCsvStream(42 as never)).rejects.toThrow("`source` must be a stream or an iterable");
    await expect(readCaptureCsvStream([1, 2] as never)).rejects.toThrow("`source` must yield text or bytes");
    await expect(readCaptureCsvStream(["A,B\n1,0\n"], { maxIssues: 0 })).rejects.toThrow("`options.maxIssues` must be a whole number");
  });
});

describe("person-level files: lists inferred", () => {
  // The ordinary analyst's file: one row per person with an id and a region column.
  const people = [
    "id,police,ngo,health,region",
    "1001,1,0,0,north",
    "1002,1,1,0,north",
    "1003,0,1,0,south",
    "1004,0,0,1,south",
    "1005,1,0,1,north",
    "1006,0,1,1,south",
    "1007,1,0,0,south",
  ].join("\n");

  it("takes the all-0/1 columns as the lists, ignores the id, and keeps the region when asked", async () => {
    const reading = await readCaptureCsvStream([people], { covariates: ["region"] });
    expect(reading.columns).toEqual({ lists: ["police", "ngo", "health"], listsInferred: true, covariates: ["region"], ignored: ["id"] });
    expect(reading.data.counts).toEqual([2, 1, 1, 1, 1, 1, 0]);
    expect(reading.data.observed).toBe(7);
    expect(readCaptureCsv(people, { covariates: ["region"] }).counts).toEqual(reading.data.counts);
    // Without naming the region, it is not a list either: no error per cell.
    const plain = await readCaptureCsvStream([people]);
    expect(plain.columns.ignored).toEqual(["id", "region"]);
    expect(plain.data.counts).toEqual(reading.data.counts);
  });

  it("reads yes/no and true/false memberships in any case", async () => {
    const csv = "id,Police,NGO\n1,yes,No\n2,NO,YES\n3,true,FALSE\n4,y,y\n";
    const { data, columns } = await readCaptureCsvStream([csv]);
    expect(columns.lists).toEqual(["Police", "NGO"]);
    expect(data.counts).toEqual([2, 1, 1]);
  });

  it("reports a mostly-0/1 column's odd values at their rows, with the way to name the lists", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i % 2},${(i + 1) % 2},north`);
    rows[11] = "11,1,2,north";
    rows[30] = "30,1,,north";
    const error = await streamIssues(() => readCaptureCsvStream([["id,police,ngo,region", ...rows].join("\n")]));
    expect(error.issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ["NOT_BINARY", 13, "ngo"],
      ["NOT_BINARY", 32, "ngo"],
    ]);
    expect(error.issues[0].message).toBe(
      'column "ngo" looks like a list (38 of its 40 values are 0/1, yes/no or true/false) but holds "2" here; correct the value, or name the lists with `options.lists`',
    );
  });

  it("counts repeated rows exactly: a person-level file of few distinct lines read as one string or in pieces", async () => {
    // 3000 people in 4 distinct lines, a region column, and a mostly-0/1 column 'health' whose odd
    // value "2" repeats 150 times: every repeat counts, though each distinct line is read once.
    const lines = ["police,ngo,health,region"];
    for (let i = 0; i < 3000; i++) lines.push(["1,0,0,north", "0,1,1,south", "1,1,0,north", "1,0,2,east"][i % 20 === 3 ? 3 : i % 3]);
    const csv = `${lines.join("\n")}\n`;
    const odd = lines.filter((l) => l.endsWith(",2,east")).length;
    expect(odd).toBe(150);
    for (const source of [[csv], pieces(csv, [1000], false)]) {
      const error = await streamIssues(() => readCaptureCsvStream(source));
      expect(error.issues.filter((i) => i.row !== undefined)).toHaveLength(10);
      expect(error.issues.filter((i) => i.row === undefined).map((i) => i.message)).toEqual([
        'column "health" has 140 more values that are not 0/1 besides those listed',
      ]);
      expect(error.issues.find((i) => i.row !== undefined)?.message).toContain("2850 of its 3000 values are 0/1");
    }
    const clean = `${lines.filter((l) => !l.endsWith(",2,east")).join("\n")}\n`;
    const reading = await readCaptureCsvStream([clean], { covariates: ["region"] });
    expect(reading.columns).toMatchObject({ lists: ["police", "ngo", "health"], ignored: [] });
    expect(reading.rows).toBe(2850);
    expect(reading.data.counts).toEqual(readCaptureCsv(clean, { covariates: ["region"] }).counts);
    expect(reading.data.records?.map((r) => [r.history, r.count, r.values.region])).toEqual([
      [1, 950, "north"],
      [6, 950, "south"],
      [3, 950, "north"],
    ]);
  });

  it("says which columns it found when fewer than two are lists", async () => {
    const error = await streamIssues(() => readCaptureCsvStream(["id,police,region\n1,1,north\n2,0,south\n"]));
    expect(error.issues).toEqual([
      {
        code: "TOO_FEW_LISTS",
        row: 1,
        message:
          'the lists are taken to be the columns whose values are all 0/1 (or yes/no, true/false), and only "police" is (the others: id, region); name the lists with `options.lists`',
      },
    ]);
  });

  it("reports a person on no list at the row, with how many more rows are like it", async () => {
    const error = await streamIssues(() => readCaptureCsvStream(["id,A,B\n1,1,0\n2,0,0\n3,0,1\n4,0,0\n"]));
    expect(error.issues).toEqual([
      { code: "ALL_ZERO_HISTORY", row: 3, message: "every person must be on at least one list; this row is on none (00) (and 1 more row like it)" },
    ]);
  });

  it("with lists named, reads them only, as before", async () => {
    const { data, columns } = await readCaptureCsvStream([people], { lists: ["ngo", "police"] });
    expect(columns).toMatchObject({ lists: ["ngo", "police"], listsInferred: false, ignored: ["id", "health", "region"] });
    // 1004 is on health only: unobserved under ngo and police, dropped.
    expect(data.observed).toBe(6);
  });
});

describe("a subset of an aggregated table's lists", () => {
  it("drops the rows on none of the chosen lists (unobserved under them) and counts their people: NewOrl_5 with BEFG, C, D, H", async () => {
    const text = fixtureCsv("NewOrl_5.csv");
    const full = readCaptureCsv(text);
    const reading = await readCaptureCsvStream([text], { lists: ["BEFG", "C", "D", "H"] });
    const expected = omitLists(full, ["A"]);
    expect(reading.data).toEqual(expected);
    expect(reading.dropped).toEqual({ rows: 1, people: full.counts[0] });
    expect(reading.dropped.people).toBe(25);
    expect(reading.data.observed + reading.dropped.people).toBe(full.observed);
    expect(readCaptureCsv(text, { lists: ["BEFG", "C", "D", "H"] })).toEqual(expected);
  });

  it("still refuses a row on no column at all", async () => {
    const error = await streamIssues(() => readCaptureCsvStream(["A,B,C,count\n1,0,0,3\n0,0,0,2\n0,1,1,4\n"], { lists: ["B", "C"] }));
    expect(error.issues.map((i) => [i.code, i.row])).toEqual([["ALL_ZERO_HISTORY", 3]]);
  });

  it("says nobody is left when no row is on the chosen lists", async () => {
    const error = await streamIssues(() => readCaptureCsvStream(["A,B,C,count\n1,0,0,3\n"], { lists: ["B", "C"] }));
    expect(error.issues.map((i) => i.code)).toEqual(["NO_OBSERVATIONS"]);
  });
});

describe("readCaptureCsvFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "prevalence-read-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("streams a file from disk", async () => {
    const path = join(dir, "ukdat.csv");
    writeFileSync(path, fixtureCsv("UKdat.csv"));
    const { data } = await readCaptureCsvFile(path);
    expect(data).toEqual(readCaptureCsv(fixtureCsv("UKdat.csv")));
  });

  it("rejects with the file system's error for a missing file or a folder", async () => {
    await expect(readCaptureCsvFile(join(dir, "missing.csv"))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(readCaptureCsvFile(dir)).rejects.toMatchObject({ code: "EISDIR" });
    await expect(readCaptureCsvFile("" as string)).rejects.toThrow(OptionError);
  });
});
