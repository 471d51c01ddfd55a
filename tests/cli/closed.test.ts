import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { referenceJson, rPackages, relativeError } from "../fixtures.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const datasets = fileURLToPath(new URL("../fixtures/reference/datasets/", import.meta.url));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("prevalence closed", () => {
  it("prints the whole closedp table as JSON with Rcapture's model names and numbers", () => {
    const r = cli("closed", join(datasets, "UKdat.csv"), "--format", "json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const ref = rPackages.datasets.UKdat.methods.rcapture_closedp_t.models;
    expect(out.models.map((m: { name: string }) => m.name)).toEqual(Object.keys(ref));
    for (const m of out.models) {
      expect(Object.keys(m)).toEqual(["name", "estimate", "standardError", "deviance", "df", "aic", "bic", "warnings"]);
      expect(relativeError(m.estimate, ref[m.name].abundance)).toBeLessThan(1e-6);
      expect(relativeError(m.bic, ref[m.name].BIC)).toBeLessThan(1e-6);
    }
  });

  it("reads counts by number of captures with --counts-by-captures --occasions inf and --t0", () => {
    const ill = cli("closed", join(datasets, "rcapture/ill_nbcap.csv"), "--counts-by-captures", "--occasions", "inf", "--format", "json");
    expect(ill.status).toBe(0);
    const out = JSON.parse(ill.stdout);
    expect(out.occasions).toBe("inf");
    expect(out.models.map((m: { name: string }) => m.name)).toEqual(["M0", "Mh Chao (LB)", "Mh Poisson2", "Mh Darroch", "Mh Gamma3.5"]);
    const missing = cli("closed", join(datasets, "rcapture/ill_nbcap.csv"), "--counts-by-captures");
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(/--occasions/);
  });
});

describe("prevalence estimate with a closed-population model", () => {
  it("--model Mth --heterogeneity darroch is Rcapture's Mth Darroch; --ci profile reports an unbounded upper limit as such", () => {
    const r = cli("estimate", join(datasets, "Western.csv"), "--model", "Mth", "--heterogeneity", "darroch", "--ci", "profile", "--format", "json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const ref = referenceJson("r2026/rcapture_heterogeneity.json").datasets.Western.closedpCI_t.Mth_Darroch;
    expect(out.name).toBe("Mth Darroch");
    expect(relativeError(out.estimate, ref.estimate)).toBeLessThan(1e-6);
    expect(out.intervals[0].upper).toBeNull();
    expect(out.warnings.map((w: { code: string }) => w.code)).toContain("PROFILE_UNBOUNDED");
  });

  it("--model \"[12,13,14]\" --heterogeneity darroch adds the Darroch column to a log-linear model", () => {
    const r = cli("estimate", join(datasets, "lesbian.csv"), "--model", "[12,13,14]", "--heterogeneity", "darroch", "--format", "json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).name).toBe("[12,13,14] Darroch");
  });

  it("--select bic --heterogeneity darroch ranks the hierarchical catalogue with the column", () => {
    const r = cli("estimate", join(datasets, "Kosovo.csv"), "--select", "bic", "--heterogeneity", "darroch", "--max-order", "2", "--format", "json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.selection.considered).toBe(64);
    expect(out.name).toMatch(/ Darroch$/);
    expect(out.name).toBe(out.selection.top[0].name);
  });

  it("takes counts by number of captures (with --t0 and --theta) with estimate too, and rejects bad options with exit 2", () => {
    const r = cli("estimate", join(datasets, "rcapture/BBS2001_nbcap.csv"), "--counts-by-captures", "--occasions", "50", "--t0", "20", "--model", "Mh", "--heterogeneity", "gamma", "--theta", "2", "--ci", "profile");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Model Mh Gamma2/);
    expect(r.stdout).toMatch(/profile-likelihood interval/);
    const bad = cli("estimate", join(datasets, "Kosovo.csv"), "--model", "Mh", "--heterogeneity", "weibull");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/heterogeneity/);
  });
});
