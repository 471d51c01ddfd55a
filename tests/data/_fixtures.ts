import { readFileSync } from "node:fs";

/** The text of a CSV fixture in tests/fixtures/csv. */
export function fixtureCsv(name: string): string {
  return readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), "utf8");
}
