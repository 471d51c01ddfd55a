import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { listDatasets, loadDataset, datasetCsv } from "../src/datasets/index.js";
import { fixtureCsv, mse } from "./fixtures.js";

describe("bundled datasets", () => {
  it("src/datasets/_tables.ts is up to date with datasets/ (run npm run datasets)", () => {
    const before = readFileSync(new URL("../src/datasets/_tables.ts", import.meta.url), "utf8");
    execFileSync(process.execPath, [new URL("../scripts/build-datasets.mjs", import.meta.url).pathname]);
    const after = readFileSync(new URL("../src/datasets/_tables.ts", import.meta.url), "utf8");
    expect(after).toBe(before);
  });

  it("every reference table is bundled with identical counts", () => {
    for (const name of ["UKdat", "UKdat_5", "Ned", "Ned_5", "NewOrl", "NewOrl_5", "NewOrl_185", "NewOrl_5_185", "Western", "Kosovo", "Artificial_3", "MY3", "MY5", "Korea", "HIV", "lesbian"]) {
      const ours = loadDataset(name);
      const lines = fixtureCsv(`${name}.csv`).trim().split(/\r?\n/);
      expect(ours.lists).toEqual(lines[0].split(",").slice(0, -1));
      const total = lines.slice(1).reduce((a, l) => a + Number(l.split(",").at(-1)), 0);
      expect(ours.observed, name).toBe(total);
    }
    expect(loadDataset("UKdat_5").observed).toBe(mse.datasets.UKdat_5.n_observed);
  });

  it("lists names and titles; the synthetic dataset carries its stratum columns", () => {
    const names = listDatasets().map((d) => d.name);
    expect(names).toContain("synthetic_regions_years");
    const synthetic = loadDataset("synthetic_regions_years");
    expect(synthetic.covariates).toEqual(["region", "year"]);
    expect(datasetCsv("Kosovo").startsWith("EXH,ABA,OSCE,HRW,count")).toBe(true);
  });

  it("an unknown name is an error listing the known ones", () => {
    expect(() => loadDataset("Atlantis")).toThrow(/UKdat_5/);
  });
});
