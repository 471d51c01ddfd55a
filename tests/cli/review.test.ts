/** The reviewer's commands: compare, sensitivity, consistency, study (with shards and merge). */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mse, relativeError } from "../fixtures.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("prevalence compare, sensitivity and consistency", () => {
  it("compare --format json gives { kind: comparison, methods: [{ method, family, estimate, intervals, seconds, warnings }] }", () => {
    const r = cli("compare", "--dataset", "UKdat_5", "--method", "stepwise,main", "--ci", "none", "--format", "json", "--quiet");
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.kind).toBe("comparison");
    expect(json.methods.map((m: { method: string }) => m.method)).toEqual(["stepwise", "main"]);
    for (const m of json.methods) expect(Object.keys(m)).toEqual(expect.arrayContaining(["method", "family", "estimate", "intervals", "seconds", "warnings"]));
    expect(relativeError(json.methods[0].estimate, mse.datasets.UKdat_5.stepwise.popest)).toBeLessThan(1e-6);
  });

  it("sensitivity and consistency give their JSON; a bad flag is a usage error (exit 2)", () => {
    const s = cli("sensitivity", "--dataset", "Western", "--method", "main", "--ci", "none", "--no-pairs", "--format", "json");
    expect(s.status, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).rows).toHaveLength(6);
    const c = cli("consistency", "--dataset", "UKdat_5", "--method", "main", "--ci", "none", "--format", "json");
    expect(c.status, c.stderr).toBe(0);
    const lists = JSON.parse(c.stdout).lists;
    expect(lists).toHaveLength(5);
    for (const row of lists) expect(Object.keys(row)).toEqual(expect.arrayContaining(["list", "size", "estimate", "lower", "upper", "covered", "logRelativeBias"]));
    const bad = cli("compare", "--dataset", "UKdat_5", "--ci", "wald");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--ci must be bca, percentile or none/);
  });
});

describe("prevalence study", () => {
  it("writes shard parts that merge into the single run's output byte for byte", () => {
    const dir = mkdtempSync(join(tmpdir(), "prevalence-study-"));
    const spec = join(dir, "spec.json");
    writeFileSync(
      spec,
      JSON.stringify({
        name: "cli",
        seed: 3,
        replications: 4,
        scenarios: [{ name: "s", simulate: { lists: ["A", "B", "C"], population: 300, captureProbabilities: [0.3, 0.3, 0.3] } }],
        methods: [{ name: "main", options: { model: "main" }, intervals: ["percentile", "lognormal"], replicates: 20 }],
      }),
    );
    const single = cli("study", spec, "--quiet", "-o", join(dir, "single.json"));
    expect(single.status, single.stderr).toBe(0);
    for (const i of [1, 2]) expect(cli("study", spec, "--shard", `${i}/2`, "--quiet", "-o", join(dir, `part-${i}.json`)).status).toBe(0);
    const merged = cli("study", "merge", join(dir, "part-2.json"), join(dir, "part-1.json"), "-o", join(dir, "merged.json"));
    expect(merged.status, merged.stderr).toBe(0);
    expect(readFileSync(join(dir, "merged.json"), "utf8")).toBe(readFileSync(join(dir, "single.json"), "utf8"));
    const bad = cli("study", spec, "--shard", "3/2");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--shard must be i\/N/);
  });
});
