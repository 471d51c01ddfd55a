/**
 * Benchmark: the full Chan, Silverman & Vincent (2021) §3.4 study (examples/studies/csv2021-3.4.json:
 * 500 replications, stepwise + 1000-replicate BCa, BIC + profile) on the built CLI, split into N
 * shards run side by side as separate processes (one thread each), then merged. Reports each
 * shard's wall time and the merge's, and checks the merged study before reporting: 500 items,
 * the truth 11,313, every summary number finite, the stepwise RMSE within 25% of the paper's 3,057.
 *
 *   npm run build && npx tsx bench/study.ts [shards=2] [replications=500]
 *
 * Not part of `npm run bench` (it takes tens of minutes); its figures are in bench/README.md.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir, cpus } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const shards = Number(process.argv[2] ?? 2);
const replications = Number(process.argv[3] ?? 500);
const dir = mkdtempSync(join(tmpdir(), "prevalence-bench-study-"));
const spec = join(root, "examples/studies/csv2021-3.4.json");

function run(args: string[]): Promise<{ seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "dist/cli.js"), ...args], { stdio: ["ignore", "ignore", "inherit"] });
    child.on("exit", (code, signal) => {
      if (code !== 0) reject(new Error(`prevalence ${args.join(" ")} exited with ${code ?? signal}`));
      else resolve({ seconds: (performance.now() - started) / 1000 });
    });
  });
}

const started = performance.now();
const parts = Array.from({ length: shards }, (_, k) => join(dir, `part-${k + 1}.json`));
const times = await Promise.all(
  parts.map((part, k) =>
    run(["study", spec, "--shard", `${k + 1}/${shards}`, "--replications", String(replications), "--threads", "1", "--quiet", "-o", part]),
  ),
);
const merge = await run(["study", "merge", ...parts, "-o", join(dir, "study.json")]);
const total = (performance.now() - started) / 1000;

const study = JSON.parse(readFileSync(join(dir, "study.json"), "utf8"));
const problems: string[] = [];
if (study.items.length !== replications) problems.push(`${study.items.length} items, expected ${replications}`);
if (study.scenarios[0].truth !== 11313) problems.push(`truth ${study.scenarios[0].truth}, expected 11,313`);
for (const row of study.summary) {
  for (const key of ["bias", "rmse", "logRmse"]) if (!Number.isFinite(row[key])) problems.push(`${row.method} ${key} is not finite`);
  for (const c of row.coverage) if (!Number.isFinite(c.coverage)) problems.push(`${row.method} ${c.interval} coverage is not finite`);
}
const stepwise = study.summary.find((r: { method: string }) => r.method === "stepwise");
if (replications >= 200 && Math.abs(stepwise.rmse / 3057 - 1) > 0.25) problems.push(`stepwise RMSE ${stepwise.rmse} not within 25% of 3,057`);
if (problems.length > 0) {
  console.error(`wrong answer: ${problems.join("; ")}`);
  process.exit(1);
}
console.log(`| shards | shard | seconds (wall) |`);
console.log(`|---:|---:|---:|`);
times.forEach((t, k) => console.log(`| ${shards} | ${k + 1} | ${t.seconds.toFixed(0)} |`));
console.log(`\nmerge ${merge.seconds.toFixed(1)} s; whole study ${total.toFixed(0)} s wall on ${cpus().length} cores; ${dir}/study.json`);
