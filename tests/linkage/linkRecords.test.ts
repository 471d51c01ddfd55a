import { beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  clustersCsv,
  historiesCsv,
  clericalReviewCsv,
  linkRecords,
  linkageAccuracy,
  simulateAgencyRecords,
  writeAgencyFiles,
  type Linkage,
  type LinkageConfig,
  type SimulatedAgencyRecords,
} from "../../src/linkage/index.js";
import { LinkageDataError, OptionError } from "../../src/errors.js";
import { readCaptureCsv } from "../../src/data/readCaptureCsv.js";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "prevalence-linkage-"));
}

/** Three small agency files with known people: Maria Lopez on all three (twice on police), John Smith on two. */
function handFiles(): { dir: string; config: LinkageConfig } {
  const dir = tempDir();
  writeFileSync(
    join(dir, "police.csv"),
    "case,given,surname,dob,gender,region\nP1,Maria,Lopez,1985-03-07,F,north\nP2,John,Smith,1990-11-20,M,south\nP3,Ana,Garcia,1978-06-15,F,north\nP4,María,López,1985-03-07,f,north\n",
  );
  writeFileSync(join(dir, "ngo.csv"), "id,first,last,birth,sex,area\nN1,MARIA,LOPEZ,07/03/1985,F,north\nN2,John,Smith,20/11/1990,M,south\nN3,Peter,Brown,01/01/1970,M,south\n");
  writeFileSync(join(dir, "shelter.csv"), 'id,given,surname,dob,gender,region\nS1,"Lopez, jr",X,1960-01-01,M,east\nS2,Maria,Lopez,1985-03-07,F,west\n');
  return {
    dir,
    config: {
      lists: [
        { name: "police", file: "police.csv" },
        { name: "ngo", file: "ngo.csv", fields: { first_name: "first", last_name: "last", birth_date: "birth", sex: "sex" }, covariates: { region: "area" }, dateFormats: ["%d/%m/%Y"] },
        { name: "shelter", file: "shelter.csv" },
      ],
      fields: { first_name: "given", last_name: "surname", birth_date: "dob", sex: "gender" },
      covariates: ["region"],
      method: "deterministic",
      deterministic: [["first_name", "last_name", "birth_date"]],
    },
  };
}

describe("linkRecords with deterministic rules", () => {
  it("links standardised exact keys within and across lists, maps columns and date formats per list, and forms the histories", async () => {
    const { dir, config } = handFiles();
    const linkage = await linkRecords(config, { baseDirectory: dir });
    // records in id order: police 1–4, ngo 1–3, shelter 1–2
    expect(linkage.records.person).toEqual([1, 2, 3, 1, 1, 2, 4, 5, 1]);
    expect(linkage.summary.records).toEqual([4, 3, 2]);
    expect(linkage.summary.duplicates).toEqual([1, 0, 0]);
    expect(linkage.model).toBeNull();
    expect(linkage.data.observed).toBe(5);
    // Maria: police, ngo, shelter (regions north ×3, west: north); John: police, ngo (south)
    expect(linkage.data.records).toEqual([
      { history: 1, count: 1, values: { region: "north" } },
      { history: 2, count: 1, values: { region: "south" } },
      { history: 3, count: 1, values: { region: "south" } },
      { history: 4, count: 1, values: { region: "east" } },
      { history: 7, count: 1, values: { region: "north" } },
    ]);
    expect(linkage.warnings.map((w) => w.code)).toEqual(["LINKAGE_COVARIATE_CONFLICT"]);
    expect(clustersCsv(linkage).split("\n").slice(0, 3)).toEqual(["list,row,person", "police,1,1", "police,2,2"]);
    // the histories CSV reads back as the same capture data
    const back = readCaptureCsv(historiesCsv(linkage.data), { covariates: ["region"] });
    expect(back.counts).toEqual(linkage.data.counts);
  });

  it("reads Parquet files as well as CSV", async () => {
    const { dir, config } = handFiles();
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    await connection.run(`COPY (SELECT * FROM read_csv('${join(dir, "police.csv")}', all_varchar = true)) TO '${join(dir, "police.parquet")}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const linkage = await linkRecords({ ...config, lists: [{ name: "police", file: "police.parquet" }, ...config.lists.slice(1)] }, { baseDirectory: dir });
    expect(linkage.records.person).toEqual([1, 2, 3, 1, 1, 2, 4, 5, 1]);
    expect(linkage.settings.lists[0].format).toBe("parquet");
  });
});

describe("linkRecords on bad input", () => {
  it("lists every problem of every file at once — missing mapped column, unreadable dates, empty file, missing file — with file, row and column", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.csv"), "first,last,dob\nAna,Ruiz,1980-02-30\nBo,Li,1975-01-01\nCy,Ng,03/04/1999\n");
    writeFileSync(join(dir, "b.csv"), "first,surname,dob\nAna,Ruiz,1980-02-03\n");
    writeFileSync(join(dir, "c.csv"), "");
    const config: LinkageConfig = {
      lists: [
        { name: "a", file: "a.csv" },
        { name: "b", file: "b.csv" },
        { name: "c", file: "c.csv" },
        { name: "d", file: "missing.csv" },
      ],
      fields: { first_name: "first", last_name: "last", birth_date: "dob" },
    };
    const error = await linkRecords(config, { baseDirectory: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinkageDataError);
    const issues = (error as LinkageDataError).issues.map((i) => [i.code, i.file, i.row, i.column]);
    expect(issues).toEqual([
      ["INVALID_DATE", "a.csv", 1, "dob"],
      ["INVALID_DATE", "a.csv", 3, "dob"],
      ["MISSING_COLUMN", "b.csv", undefined, "last"],
      ["EMPTY_INPUT", "c.csv", undefined, undefined],
      ["UNREADABLE_FILE", "missing.csv", undefined, undefined],
    ]);
    expect((error as Error).message).toMatch(/^invalid agency records: 5 problems/);
    expect((error as Error).message).toMatch(/file a\.csv, row 1, column dob: "1980-02-30" is not a date/);
  });

  it("reads unreadable dates as missing with invalidDates: \"missing\", and says so in a warning", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.csv"), "first,last,dob\nAna,Ruiz,1980-02-30\nBo,Li,1975-01-01\n");
    writeFileSync(join(dir, "b.csv"), "first,last,dob\nAna,Ruiz,1980\nBo,Li,1975-01\n");
    const linkage = await linkRecords(
      {
        lists: [
          { name: "a", file: "a.csv" },
          { name: "b", file: "b.csv" },
        ],
        fields: { first_name: "first", last_name: "last", birth_date: "dob" },
        invalidDates: "missing",
        method: "deterministic",
        deterministic: [["first_name", "last_name", "birth_date:year"]],
      },
      { baseDirectory: dir },
    );
    expect(linkage.warnings.map((w) => w.code)).toContain("LINKAGE_INVALID_DATES");
    // Bo Li links on the year of a partial date; Ana's date was read as missing
    expect(linkage.records.person).toEqual([1, 2, 3, 2]);
  });

  it("refuses blocking rules that would make more candidate pairs than maxPairs, before making any", async () => {
    const { dir, config } = handFiles();
    const error = await linkRecords({ ...config, method: "probabilistic", blocking: [["sex"]], maxPairs: 3 }, { baseDirectory: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptionError);
    expect((error as Error).message).toMatch(/more than `maxPairs`/);
  });
});

describe("linkRecords with Fellegi–Sunter on generated files", () => {
  let sim: SimulatedAgencyRecords;
  let linkage: Linkage;
  beforeAll(async () => {
    sim = simulateAgencyRecords({
      population: { lists: ["police", "ngo", "shelter"], population: 2500, captureProbabilities: [0.35, 0.3, 0.3], seed: 11 },
      styles: { police: { uppercase: true }, ngo: { dateFormat: "dmy" } },
      corruption: { rate: 0.1 },
    });
    const dir = tempDir();
    const written = writeAgencyFiles(sim, dir);
    linkage = await linkRecords({ ...written.config, uSamplePairs: 200_000 }, { baseDirectory: dir });
  }, 120_000);

  it("links with precision and recall above 0.97 at the default threshold (10% of fields corrupted, 3 lists, 2,500 people)", () => {
    const accuracy = linkageAccuracy(linkage, sim.truth);
    expect(accuracy.clusters.precision).toBeGreaterThan(0.97);
    expect(accuracy.clusters.recall).toBeGreaterThan(0.97);
    expect(Math.abs(accuracy.persons.found - accuracy.persons.truth) / accuracy.persons.truth).toBeLessThan(0.01);
  });

  it("fits a model in which agreement weighs for a match and disagreement against, with λ a share of all pairs", () => {
    const model = linkage.model!;
    expect(model.converged).toBe(true);
    const n = linkage.records.list.length;
    expect(model.proportion).toBeGreaterThan(0);
    expect(model.proportion * ((n * (n - 1)) / 2)).toBeCloseTo(linkage.summary.expectedMatches, 0);
    for (const c of model.comparisons) {
      expect(c.levels[0].weight).toBeGreaterThan(0);
      expect(c.levels[c.levels.length - 1].weight).toBeLessThan(0);
    }
  });

  it("reports consistent summaries: the histogram, the persons, the histories and the review band", () => {
    const s = linkage.summary;
    expect(linkage.histogram.reduce((a, b) => a + b.pairs, 0)).toBe(s.candidatePairs);
    expect(linkage.histogram.reduce((a, b) => a + b.links, 0)).toBe(s.links);
    expect(s.rules.reduce((a, r) => a + r.pairs, 0)).toBe(s.candidatePairs);
    expect(linkage.data.observed).toBe(s.persons);
    expect(linkage.data.counts.reduce((a, b) => a + b, 0)).toBe(s.persons);
    expect(s.clusterSizes.reduce((a, c) => a + c.records * c.persons, 0)).toBe(linkage.records.list.length);
    expect(Math.max(...linkage.records.person)).toBe(s.persons);
    for (const p of linkage.review) {
      expect(p.weight).toBeGreaterThanOrEqual(linkage.settings.review.lower);
      expect(p.weight).toBeLessThanOrEqual(linkage.settings.review.upper);
      expect(p.linked).toBe(p.weight >= linkage.settings.threshold);
    }
    expect(clericalReviewCsv(linkage).split("\n")[0]).toMatch(/^weight,probability,linked,left_list,left_row,right_list,right_row,first_name_left,first_name_right,/);
    expect(s.estimatedPrecision).toBeGreaterThan(0.95);
    expect(s.estimatedRecall).toBeGreaterThan(0.95);
  });

  it("keeps every link and every pair above the probability floor, ordered", () => {
    const { left, right, probability, linked } = linkage.pairs;
    expect(linked.filter(Boolean).length).toBe(linkage.summary.links);
    probability.forEach((p, k) => {
      expect(left[k]).toBeLessThan(right[k]);
      expect(linked[k] || p >= linkage.settings.pairFloor).toBe(true);
    });
  });
});
