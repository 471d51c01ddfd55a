/**
 * From agency files to an estimate: record linkage with its uncertainty carried into the interval.
 *
 * Run: npx tsx examples/linkage.ts        (needs the optional engine: npm install @duckdb/node-api)
 *
 * Four agencies (police, an NGO, a shelter, a labour inspectorate) each keep their own records of
 * the victims they met, without a shared identifier. The files are generated with a known truth:
 * 20,000 people, each agency meeting 20–30% of them, 10% of the names, birth dates, sexes and
 * nationalities written wrong or left blank, 5% of the people recorded twice by the same agency;
 * the police writes names in capitals and the NGO writes dates day first. The example links the
 * files, measures the linkage against the truth, and estimates the population three ways: from the
 * true histories, from the linked histories as if the linkage were right, and with the linkage
 * uncertainty carried into the interval.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { estimateWithInterval } from "../src/index.js";
import {
  estimateWithLinkage,
  familyLinkageEstimator,
  formatLinkageReport,
  linkRecords,
  linkageAccuracy,
  readLinkageConfig,
  simulateAgencyRecords,
  writeAgencyFiles,
} from "../src/linkage/index.js";
import { int, range } from "./_shared.js";

const population = 20_000;
const seed = 14;

// 1. The agency files, with the truth kept apart.
const sim = simulateAgencyRecords({
  population: { lists: ["police", "ngo", "shelter", "labour"], population, captureProbabilities: [0.3, 0.25, 0.2, 0.3], seed },
  corruption: { rate: 0.1 },
  duplicates: 0.05,
  styles: { police: { uppercase: true }, ngo: { dateFormat: "dmy" } },
});
const dir = mkdtempSync(join(tmpdir(), "prevalence-linkage-example-"));
const written = writeAgencyFiles(sim, dir);
console.log(`Agency files in ${dir}: ${sim.files.map((f) => `${f.name} ${int(f.rows.length)}`).join(", ")} records.`);
console.log(readFileSync(join(dir, "ngo.csv"), "utf8").split("\n").slice(0, 4).join("\n"));
console.log(`config.json:\n${readFileSync(join(dir, "config.json"), "utf8")}`);

// 2. Link them, as `prevalence link config.json -o histories.csv` would.
const { config, baseDirectory } = readLinkageConfig(join(dir, "config.json"));
const linkage = await linkRecords(config, { baseDirectory });
const s = linkage.summary;
const accuracy = linkageAccuracy(linkage, sim.truth);
console.log(
  `Linked ${int(linkage.records.list.length)} records into ${int(s.persons)} persons (truth: ${int(sim.truth.observed)} people seen): ` +
    `${int(s.candidatePairs)} candidate pairs, ${int(s.links)} links.`,
);
console.log(
  `Precision ${accuracy.clusters.precision!.toFixed(4)} and recall ${accuracy.clusters.recall!.toFixed(4)} against the truth ` +
    `(the model's own estimates: ${s.estimatedPrecision!.toFixed(4)} and ${s.estimatedRecall!.toFixed(4)} among the candidates).`,
);
writeFileSync(join(dir, "link.html"), await formatLinkageReport(linkage, { format: "html" }));

// 3. Estimate: from the true histories, and from the linked files with and without linkage error.
const model = { select: "bic" as const };
const truth = await estimateWithInterval(sim.truth.histories, { ...model, ci: "percentile", replicates: 1000, seed: 1234 });
const result = await estimateWithLinkage(linkage, { estimator: familyLinkageEstimator(model), draws: 30, replicates: 200, seed: 1234 });
const interval = result.intervals[0];
const naive = result.withoutLinkageError.intervals[0];
console.log(`\nTrue population: ${int(population)}`);
console.log(`From the true histories:                  ${int(truth.estimate)} ${range(truth.intervals[0])} (95% percentile)`);
console.log(`From the linked histories, as if right:    ${int(result.linkedEstimate)} ${range(naive)} (95% percentile, linkage taken as known)`);
console.log(`Averaged over 30 linkage draws:            ${int(result.estimate)} ${range(interval)} (95%, with linkage error)`);
console.log(`Share of the variance from linkage: ${(result.variance!.linkageShare * 100).toFixed(1)}%`);
console.log("\nThe estimate against the match-weight threshold:");
for (const r of result.sensitivity) console.log(`  weight ≥ ${String(r.threshold).padStart(3)} (p ≥ ${r.probability.toFixed(3)}): ${int(r.persons)} persons, estimate ${int(r.estimate)}`);
writeFileSync(join(dir, "estimate.html"), await formatLinkageReport(linkage, { format: "html", estimate: result }));
console.log(`\nReports: ${join(dir, "link.html")} and ${join(dir, "estimate.html")}; the truth is in ${written.truth}.`);
