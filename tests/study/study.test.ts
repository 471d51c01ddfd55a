/**
 * Simulation studies: deterministic shards merged byte for byte into the single run, the bundled
 * §3.4 spec at reduced size, and bad specs as OptionErrors.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runStudy } from "../../src/study/runStudy.js";
import { mergeStudyParts } from "../../src/study/mergeStudyParts.js";
import { validateStudySpec } from "../../src/study/validateStudySpec.js";
import type { StudySpec } from "../../src/study/types.js";
import { loadDataset } from "../../src/datasets/index.js";
import { formatReport } from "../../src/report/formatReport.js";
import { OptionError } from "../../src/errors.js";
import { mse } from "../fixtures.js";

const small: StudySpec = {
  name: "small",
  seed: 7,
  replications: 8,
  level: [0.95, 0.8],
  scenarios: [
    { name: "independent", simulate: { lists: ["A", "B", "C"], population: 400, captureProbabilities: [0.3, 0.25, 0.35] } },
    { name: "Western main", fitted: { dataset: "Western", options: { model: "main" } } },
  ],
  methods: [
    { name: "main", options: { model: "main" }, intervals: ["bca", "percentile", "lognormal", "profile"], replicates: 40 },
    { name: "stepwise", options: { select: "stepwise" }, intervals: ["percentile"], replicates: 40, resampling: "poisson" },
  ],
};

describe("runStudy and mergeStudyParts", () => {
  it("merges 1, 3 and 8 shards into JSON byte-identical to the single run", async () => {
    const single = JSON.stringify(await runStudy(small, { loadDataset, threads: 1 }), null, 2);
    for (const count of [1, 3, 8]) {
      const parts = [];
      // parts go through JSON, as shard files do, and arrive in any order
      for (let index = count; index >= 1; index--) {
        parts.push(JSON.parse(JSON.stringify(await runStudy(small, { loadDataset, threads: 1, shard: { index, count } }))));
      }
      expect(JSON.stringify(mergeStudyParts(parts), null, 2)).toBe(single);
    }
  });

  it("summarises bias, RMSE and coverage from the items, with Monte Carlo standard errors", async () => {
    const r = await runStudy(small, { loadDataset, threads: 1 });
    expect(r.items).toHaveLength(16);
    const row = r.summary.find((x) => x.scenario === "independent" && x.method === "main");
    const items = r.items.filter((i) => i.scenario === 0);
    const errors = items.map((i) => (i.results[0].estimate as number) - i.truth);
    expect(row?.bias).toBeCloseTo(errors.reduce((a, b) => a + b, 0) / errors.length, 9);
    expect(row?.rmse).toBeCloseTo(Math.sqrt(errors.reduce((a, b) => a + b * b, 0) / errors.length), 9);
    const bca = row?.coverage.find((c) => c.interval === "bca" && c.level === 0.95);
    const covered = items.filter((i) => {
      const b = i.results[0].intervals.find((x) => x.method === "bca" && x.level === 0.95);
      return b !== undefined && b.lower <= i.truth && i.truth <= b.upper;
    }).length;
    expect(bca?.coverage).toBeCloseTo(covered / (bca?.intervals as number), 12);
    expect(bca?.standardError).toBeCloseTo(Math.sqrt(((bca?.coverage as number) * (1 - (bca?.coverage as number))) / (bca?.intervals as number)), 12);
    expect(row?.coverage.map((c) => c.interval)).toEqual(expect.arrayContaining(["bca", "percentile", "lognormal", "profile"]));
    // the fitted scenario's truth is round(N̂) of the main-effects model on Western
    expect(r.scenarios[1].truth).toBe(Math.round(mse.datasets.Western.fixed_main.popest));
  });

  it("runs the bundled §3.4 spec at reduced size, with its published figures beside in HTML", async () => {
    const spec = validateStudySpec(JSON.parse(readFileSync(new URL("../../examples/studies/csv2021-3.4.json", import.meta.url), "utf8")));
    const r = await runStudy(spec, { loadDataset, replications: 3, replicates: 30, threads: 1 });
    expect(r.settings).toMatchObject({ replications: 3, replicates: 30, seed: 2021 });
    expect(r.scenarios[0].truth).toBe(11313);
    expect(r.summary.map((x) => x.method)).toEqual(["stepwise", "bic"]);
    for (const row of r.summary) expect(row.estimates).toBe(3);
    const html = await formatReport(r, { format: "html" });
    expect(html).toContain('data-plot="study"');
    expect(html).toContain("3,057");
    const csv = await formatReport(r, { format: "csv" });
    expect(csv.split("\r\n")[0]).toContain("coverage_se");
  });

  it("refuses bad specs and mismatched parts with OptionErrors naming the problem", async () => {
    expect(() => validateStudySpec({ ...small, replications: 0 })).toThrow(/`replications` must be an integer/);
    expect(() => validateStudySpec({ ...small, scenarios: [{ name: "x" }] })).toThrow(/exactly one of `simulate` or `fitted`/);
    expect(() => validateStudySpec({ ...small, methods: [{ name: "m", intervals: ["nope"] }] })).toThrow(OptionError);
    const part = await runStudy({ ...small, replications: 2 }, { loadDataset, threads: 1, shard: { index: 1, count: 2 } });
    expect(() => mergeStudyParts([part])).toThrow(/shard 2 of 2 missing/);
    expect(() => mergeStudyParts([part, part])).toThrow(/given twice/);
    await expect(runStudy(small, { threads: 1 })).rejects.toThrow(/loadDataset/);
  });
});
