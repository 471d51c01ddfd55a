/** Loaders for the reference fixtures in tests/fixtures/reference (see its README for provenance). */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { CaptureDataError, type DataIssue } from "../src/errors.js";
import { readCaptureCsv } from "../src/data/readCaptureCsv.js";
import type { CaptureData } from "../src/types.js";

const root = new URL("./fixtures/reference/", import.meta.url);

/** The text of a reference count table, e.g. `fixtureCsv("UKdat.csv")`. */
export function fixtureCsv(name: string): string {
  return readFileSync(new URL(`datasets/${name}`, root), "utf8");
}

/** A reference dataset as capture data, e.g. `loadDataset("UKdat")`. */
export function loadDataset(name: string): CaptureData {
  return readCaptureCsv(fixtureCsv(`${name}.csv`));
}

/** Parsed JSON of a file under tests/fixtures/reference. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function referenceJson(file: string): any {
  return JSON.parse(readFileSync(new URL(file, root), "utf8"));
}

/** MultipleSystemsEstimation 1.2.0 reference numbers, by dataset. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const mse: any = referenceJson("MultipleSystemsEstimation.json");
/** SparseMSE, Rcapture, dga, LCMCR and glm reference numbers, by dataset. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const rPackages: any = referenceJson("RPackages.json");

/** |a/b − 1|, or |a − b| when b is 0. */
export function relativeError(a: number, b: number): number {
  return b === 0 ? Math.abs(a - b) : Math.abs(a / b - 1);
}

/** The issues of the CaptureDataError that `run` throws (fails the test when it throws nothing else). */
export function issuesOf(run: () => unknown): readonly DataIssue[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CaptureDataError);
    return (error as CaptureDataError).issues;
  }
  throw new Error("expected a CaptureDataError, but nothing was thrown");
}

/**
 * The cases a fixture-driven loop checks, with a test asserting how many there are: a loop over
 * fixture entries can then never pass by checking nothing (a renamed key, a filter that drops
 * everything). Call it at collection time, inside a `describe`.
 */
export function fixtureCases<T>(label: string, cases: readonly T[], expected: number): readonly T[] {
  it(`checks all ${expected} ${label}`, () => expect(cases).toHaveLength(expected));
  return cases;
}
