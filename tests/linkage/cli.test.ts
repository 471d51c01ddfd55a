import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simulateAgencyRecords, writeAgencyFiles } from "../../src/linkage/index.js";
import { readCaptureCsv } from "../../src/data/readCaptureCsv.js";
import { cli } from "../cli/_cli.js";

describe("prevalence link and estimate --link", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "prevalence-link-cli-"));
    const sim = simulateAgencyRecords({
      population: {
        lists: ["police", "ngo", "shelter"],
        population: 800,
        captureProbabilities: [0.4, 0.35, 0.3],
        strata: [{ column: "region", levels: [{ name: "north" }, { name: "south" }] }],
        seed: 2,
      },
      corruption: { rate: 0.05 },
    });
    writeAgencyFiles(sim, dir);
  });

  it("links the files of a configuration into histories, clusters, a report and a review file", async () => {
    const out = (name: string) => join(dir, name);
    const r = await cli("link", out("config.json"), "-o", out("histories.csv"), "--clusters", out("clusters.csv"), "--report", out("link.html"), "--review", out("review.csv"));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    const histories = readCaptureCsv(readFileSync(out("histories.csv"), "utf8"), { covariates: ["region"] });
    expect(histories.lists).toEqual(["police", "ngo", "shelter"]);
    expect(histories.covariates).toEqual(["region"]);
    const clusters = readFileSync(out("clusters.csv"), "utf8").trim().split("\n");
    expect(clusters[0]).toBe("list,row,person");
    const persons = new Set(clusters.slice(1).map((l) => l.split(",")[2]));
    expect(persons.size).toBe(histories.observed);
    const html = readFileSync(out("link.html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('data-plot="linkage-weights"');
    expect(readFileSync(out("review.csv"), "utf8")).toMatch(/^weight,probability,linked,/);
  });

  it("estimates from linked files with an interval that carries the linkage error (JSON)", async () => {
    const r = await cli("estimate", "--link", join(dir, "config.json"), "--model", "main", "--draws", "4", "--replicates", "25", "--seed", "5", "--format", "json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.estimate.kind).toBe("linkage-estimate");
    expect(out.estimate.intervals[0]).toMatchObject({ method: "linkage-percentile", level: 0.95 });
    expect(out.estimate.settings).toMatchObject({ draws: 4, replicates: 25, seed: 5 });
    expect(out.estimate.estimate).toBeGreaterThan(out.estimate.observed);
    expect(out.linkage.summary.persons).toBe(out.estimate.observed);
  });

  it("reports a missing mapped column with its file and column, exits 2 and writes nothing", async () => {
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    config.fields.sex = "gender";
    writeFileSync(join(dir, "bad.json"), JSON.stringify(config));
    const target = join(dir, "bad-histories.csv");
    const r = await cli("link", join(dir, "bad.json"), "-o", target);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/file police\.csv, column gender: the file has no column "gender" \(mapped as field sex\).*\[MISSING_COLUMN\]/);
    expect(existsSync(target)).toBe(false);
  });

  it("is wired like the other commands: link --help, and the --link flags only with --link", async () => {
    const help = await cli("link", "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage:\n {2}prevalence link <config\.json>/);
    const stray = await cli("estimate", "--dataset", "UKdat_5", "--draws", "3");
    expect(stray.status).toBe(2);
    expect(stray.stderr).toMatch(/--draws goes with --link/);
    const mixed = await cli("estimate", "--link", join(dir, "config.json"), "--strata", "region");
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/--strata does not apply to estimate --link/);
  });
});
