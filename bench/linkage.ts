/**
 * Record-linkage benchmark (issue 14): 4 agency files of about 1,000,000 records each, linked on
 * this machine, on the built package (`dist/`). Run: `npm run build && npx tsx bench/linkage.ts
 * [records per list]` (default 1,000,000).
 *
 * 1. Generates the files once (simulateAgencyRecords: capture probability 0.4 on every list, 10% of
 *    the identifying fields corrupted, 5% within-list duplicates; seed 14) into
 *    $TMPDIR/prevalence-bench-linkage-<records>/, with the truth apart in truth.csv.
 * 2. Links them in a fresh process (`bench/linkageRun.ts`), timed from reading the files to the
 *    capture histories, peak memory (max RSS: Node and DuckDB, which run in one process) taken
 *    right after.
 * 3. Checks the answer before it reports: precision and recall against the truth (a fast wrong
 *    linkage fails the benchmark) and finite capture histories.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus, freemem, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { simulateAgencyRecords, writeAgencyFiles } from "../dist/linkage.js";

const perList = Number(process.argv[2] ?? 1_000_000);
const probability = 0.4;
const duplicates = 0.05;
// a list holds population × 0.4 people and a duplicate for 5/95 of them
const population = Math.round(perList / (probability * (1 + duplicates / (1 - duplicates))));
const dir = join(tmpdir(), `prevalence-bench-linkage-${perList}`);

if (!existsSync(join(dir, "config.json"))) {
  const started = performance.now();
  const sim = simulateAgencyRecords({
    population: { lists: ["police", "ngo", "shelter", "labour"], population, captureProbabilities: [probability, probability, probability, probability], seed: 14 },
    corruption: { rate: 0.1 },
    duplicates,
    styles: { police: { uppercase: true }, ngo: { dateFormat: "dmy" } },
  });
  writeAgencyFiles(sim, dir);
  console.error(`generated ${sim.files.map((f) => f.rows.length).join(" + ")} records of ${population.toLocaleString("en-US")} people in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

const load = loadavg()[0];
const child = spawnSync(process.execPath, ["--import", "tsx", new URL("./linkageRun.ts", import.meta.url).pathname, dir], {
  encoding: "utf8",
  maxBuffer: 1 << 26,
  stdio: ["ignore", "pipe", "inherit"],
});
if (child.status !== 0) {
  console.error(`the linkage run failed (exit ${child.status})`);
  process.exit(1);
}
const run = JSON.parse(child.stdout);
const ok =
  run.accuracy.clusters.precision >= 0.95 &&
  run.accuracy.clusters.recall >= 0.95 &&
  Number.isFinite(run.persons) &&
  run.persons > 0 &&
  run.historiesTotal === run.persons;
const records = run.records.reduce((a: number, b: number) => a + b, 0);
console.log(
  JSON.stringify(
    {
      records: run.records,
      population,
      seconds: run.seconds,
      stages: run.stages,
      maxRssGB: run.maxRssGB,
      candidatePairs: run.candidatePairs,
      rules: run.rules,
      skippedRules: run.skippedRules,
      links: run.links,
      persons: run.persons,
      truePersons: run.accuracy.persons.truth,
      precision: run.accuracy.clusters.precision,
      recall: run.accuracy.clusters.recall,
      machine: { cpus: cpus().length, memoryGB: +(totalmem() / 2 ** 30).toFixed(1), freeGB: +(freemem() / 2 ** 30).toFixed(1), loadBefore: load, loadAfter: loadavg()[0] },
      node: process.version,
    },
    null,
    2,
  ),
);
console.log(
  `| ${run.records.length} × ${Math.round(records / run.records.length).toLocaleString("en-US")} records | ${run.seconds.toFixed(0)} | ${run.maxRssGB.toFixed(2)} | ` +
    `${run.candidatePairs.toLocaleString("en-US")} | ${run.accuracy.clusters.precision.toFixed(4)} | ${run.accuracy.clusters.recall.toFixed(4)} | ${ok ? "met" : "WRONG"} |`,
);
if (!ok) process.exit(1);
