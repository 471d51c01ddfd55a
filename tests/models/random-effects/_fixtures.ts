/** Loaders for the random-effects fixtures (tests/fixtures/random-effects; see its README). */
import { readFileSync } from "node:fs";
import { readCaptureCsv } from "../../../src/data/readCaptureCsv.js";
import type { CaptureData } from "../../../src/types.js";

const here = new URL("../../fixtures/", import.meta.url);

/** A table with one stratum column, e.g. `table("random-effects/regions36.csv", "region")`. */
export function table(file: string, column: string): CaptureData {
  return readCaptureCsv(readFileSync(new URL(file, here), "utf8"), { covariates: [column] });
}

export const regions4 = (): CaptureData => table("reference/strata/regions4.csv", "region");
export const regions36 = (): CaptureData => table("random-effects/regions36.csv", "region");
export const regions40 = (): CaptureData => table("random-effects/regions40.csv", "region");
export const years12 = (): CaptureData => table("random-effects/years12.csv", "year");

/** lme4::glmer's fits (glmer.R → glmer.json). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const glmer: any = JSON.parse(readFileSync(new URL("random-effects/glmer.json", here), "utf8"));

export function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}
