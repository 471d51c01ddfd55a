/**
 * One timed linkage, in its own process so that its peak memory is its own (bench/linkage.ts runs
 * it). Prints one JSON object: seconds, peak memory, the summary and the accuracy against truth.csv.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { linkRecords, linkageAccuracy, readLinkageConfig } from "../dist/linkage.js";

const dir = process.argv[2];
const { config, baseDirectory } = readLinkageConfig(join(dir, "config.json"));
const stages: Record<string, number> = {};
const started = performance.now();
const linkage = await linkRecords(config, {
  baseDirectory,
  onStage: (stage) => {
    stages[stage] = Math.round((performance.now() - started) / 100) / 10;
    process.stderr.write(`${stage} ${stages[stage]} s\n`);
  },
});
const seconds = (performance.now() - started) / 1000;
const maxRssGB = process.resourceUsage().maxRSS / 2 ** 20; // maxRSS is in KiB

// The truth, kept apart: list,row,person in file order.
const lists = linkage.settings.lists.map((l) => l.name);
const persons: number[][] = lists.map(() => []);
const lines = readFileSync(join(dir, "truth.csv"), "utf8").split("\n");
for (let i = 1; i < lines.length; i++) {
  if (lines[i] === "") continue;
  const [list, row, person] = lines[i].split(",");
  persons[lists.indexOf(list)][Number(row) - 1] = Number(person);
}
const accuracy = linkageAccuracy(linkage, { persons });
process.stdout.write(
  JSON.stringify({
    seconds,
    stages,
    maxRssGB,
    records: linkage.summary.records,
    candidatePairs: linkage.summary.candidatePairs,
    rules: linkage.summary.rules.map((r) => ({ keys: r.keys.join(" + "), pairs: r.pairs, bound: r.bound })),
    skippedRules: linkage.summary.skippedRules.length,
    links: linkage.summary.links,
    persons: linkage.summary.persons,
    historiesTotal: linkage.data.counts.reduce((a, b) => a + b, 0),
    accuracy,
  }),
);
