import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { readCaptureXlsx } from "../../src/data/index.js";
import { CaptureDataError, OptionError } from "../../src/errors.js";

// tests/fixtures/xlsx/people.xlsx is written by make-xlsx.py beside it: sheet "people" has one row per
// person (id, police and ngo as numbers, health as booleans, region), sheet "aggregated" the same
// people as capture histories with counts.
const workbook = readFileSync(new URL("../fixtures/xlsx/people.xlsx", import.meta.url));
const COUNTS = [2, 2, 1, 1, 1, 1, 1]; // police only, ngo only, both, health only, police+health, ngo+health, all three

describe("readCaptureXlsx", () => {
  it("reads a person-level sheet: lists inferred (numbers and booleans), the id ignored, the region kept", async () => {
    const reading = await readCaptureXlsx(workbook, { covariates: ["region"] });
    expect(reading.columns).toEqual({ lists: ["police", "ngo", "health"], listsInferred: true, covariates: ["region"], ignored: ["id"] });
    expect(reading.data.counts).toEqual(COUNTS);
    expect(reading.data.observed).toBe(9);
    expect(reading.rows).toBe(9);
    expect(reading.data.records?.filter((r) => r.values.region === "north").reduce((sum, r) => sum + r.count, 0)).toBe(6);
  });

  it("reads an aggregated sheet chosen by name or number, from a Uint8Array, an ArrayBuffer or a Blob", async () => {
    const bytes = new Uint8Array(workbook);
    for (const input of [bytes, bytes.buffer.slice(0), new Blob([bytes])]) {
      const byName = await readCaptureXlsx(input, { sheet: "aggregated" });
      expect(byName.data).toEqual({ lists: ["police", "ngo", "health"], counts: COUNTS, observed: 9 });
      expect(byName.columns.count).toBe("count");
    }
    expect((await readCaptureXlsx(workbook, { sheet: 2 })).data.counts).toEqual(COUNTS);
  });

  it("reports problems at the sheet's rows and columns", async () => {
    const error = await readCaptureXlsx(workbook, { sheet: "aggregated", lists: ["police", "ngo", "region"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureDataError);
    expect((error as CaptureDataError).issues.map((i) => [i.code, i.row, i.column])).toEqual([["MISSING_COLUMN", 1, "region"]]);
  });

  it("says when the bytes are not a workbook, or the sheet does not exist", async () => {
    const notXlsx = await readCaptureXlsx(new TextEncoder().encode("A,B,count\n1,0,3\n")).catch((e: unknown) => e);
    expect(notXlsx).toBeInstanceOf(CaptureDataError);
    expect((notXlsx as CaptureDataError).issues[0]).toMatchObject({ code: "PARSE_ERROR" });
    expect((notXlsx as CaptureDataError).issues[0].message).toMatch(/^the workbook cannot be read: /);
    const noSheet = await readCaptureXlsx(workbook, { sheet: "2019" }).catch((e: unknown) => e);
    expect(noSheet).toBeInstanceOf(CaptureDataError);
  });

  it("refuses input that is not bytes and a malformed sheet option", async () => {
    await expect(readCaptureXlsx("people.xlsx" as never)).rejects.toThrow(OptionError);
    await expect(readCaptureXlsx(workbook, { sheet: 0 })).rejects.toThrow("`options.sheet` must be a sheet number from 1 or a sheet name; received 0");
  });
});
