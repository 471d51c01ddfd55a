import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ClosedUsageError, runClosedEstimate, runClosedTable, wantsClosedFamily } from "../../src/cli/closed.js";
import { CaptureDataError } from "../../src/errors.js";
import { referenceJson, rPackages, relativeError } from "../fixtures.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const datasets = fileURLToPath(new URL("../fixtures/reference/datasets/", import.meta.url));
const read = (file: string) => readFileSync(join(datasets, file), "utf8");

/** Run the CLI from source (tsx), as `prevalence ...` (kept to a few calls: each starts a process). */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], { cwd: root, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("prevalence closed (end to end)", () => {
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

  it("routes estimate --heterogeneity to this family, and reports bad options on stderr with exit 2", () => {
    const ok = cli("estimate", join(datasets, "Kosovo.csv"), "--model", "Mh", "--heterogeneity", "gamma", "--theta", "2", "--format", "json");
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).name).toBe("Mh Gamma2");
    const bad = cli("closed", join(datasets, "rcapture/ill_nbcap.csv"), "--counts-by-captures");
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/--occasions/);
  });
});

describe("the closed-population CLI module", () => {
  it("reads counts by number of captures with --counts-by-captures --occasions inf, and --t0", () => {
    const out = JSON.parse(runClosedTable(read("rcapture/ill_nbcap.csv"), { "counts-by-captures": true, occasions: "inf", format: "json" }));
    expect(out.occasions).toBe("continuous");
    expect(out.models.map((m: { name: string }) => m.name)).toEqual(["M0", "Mh Chao (LB)", "Mh Poisson2", "Mh Darroch", "Mh Gamma3.5"]);
    const text = runClosedTable(read("rcapture/BBS2001_nbcap.csv"), { "counts-by-captures": true, occasions: "50", t0: "20" });
    expect(text).toMatch(/50 lists or occasions/);
    expect(text).toMatch(/Mh Gamma3\.5/);
  });

  it("--model Mth --heterogeneity darroch --ci profile is Rcapture's Mth Darroch with its unbounded upper limit as null", () => {
    const out = JSON.parse(runClosedEstimate(read("Western.csv"), { model: "Mth", heterogeneity: "darroch", ci: "profile", format: "json" }));
    const ref = referenceJson("r2026/rcapture_heterogeneity.json").datasets.Western.closedpCI_t.Mth_Darroch;
    expect(out.name).toBe("Mth Darroch");
    expect(relativeError(out.estimate, ref.estimate)).toBeLessThan(1e-6);
    expect(relativeError(out.intervals[0].lower, ref.ci_low)).toBeLessThan(1e-4);
    expect(out.intervals[0].upper).toBeNull();
    expect(out.warnings.map((w: { code: string }) => w.code)).toContain("PROFILE_UNBOUNDED");
    const text = runClosedEstimate(read("Western.csv"), { model: "Mth", heterogeneity: "darroch", ci: "profile" });
    expect(text).toMatch(/to above 13824\.\d \(not found\)/);
    expect(JSON.parse(runClosedEstimate(read("UKdat_5.csv"), { model: "Mth", heterogeneity: "poisson", format: "json" })).name).toBe("Mth Poisson2");
  });

  it("--model \"[12,13,14]\" --heterogeneity darroch adds the Darroch column to a log-linear model", () => {
    expect(JSON.parse(runClosedEstimate(read("lesbian.csv"), { model: "[12,13,14]", heterogeneity: "darroch", format: "json" })).name).toBe("[12,13,14] Darroch");
  });

  it("--select bic --heterogeneity darroch ranks the hierarchical catalogue with the column", () => {
    const out = JSON.parse(runClosedEstimate(read("Kosovo.csv"), { select: "bic", heterogeneity: "darroch", "max-order": "2", format: "json" }));
    expect(out.selection.considered).toBe(64);
    expect(out.name).toMatch(/ Darroch$/);
    expect(out.name).toBe(out.selection.top[0].name);
  });

  it("takes counts by number of captures with estimate (--t0, --theta, --ci profile)", () => {
    const text = runClosedEstimate(read("rcapture/BBS2001_nbcap.csv"), { "counts-by-captures": true, occasions: "50", t0: "20", model: "Mh", heterogeneity: "gamma", theta: "2", ci: "profile" });
    expect(text).toMatch(/Model Mh Gamma2/);
    expect(text).toMatch(/profile-likelihood interval/);
  });

  it("knows when estimate asks for this family", () => {
    expect(wantsClosedFamily({ model: "mth" })).toBe(true);
    expect(wantsClosedFamily({ heterogeneity: "chao" })).toBe(true);
    expect(wantsClosedFamily({ model: "[12,23]" })).toBe(false);
  });

  it("rejects bad options and data with usage errors or the data's issues", () => {
    const kosovo = read("Kosovo.csv");
    expect(() => runClosedEstimate(kosovo, { model: "Mh", heterogeneity: "weibull" })).toThrow(/heterogeneity/);
    expect(() => runClosedEstimate(kosovo, { ci: "bca" })).toThrow(ClosedUsageError);
    expect(() => runClosedEstimate(kosovo, { select: "stepwise", heterogeneity: "chao" })).toThrow(ClosedUsageError);
    expect(() => runClosedTable(kosovo, { format: "html" })).toThrow(ClosedUsageError);
    expect(() => runClosedTable(kosovo, { theta: "2" } as never)).not.toThrow();
    expect(() => runClosedEstimate(kosovo, { theta: "2" })).toThrow(/--theta needs --heterogeneity/);
    expect(() => runClosedTable(kosovo, { occasions: "4" })).toThrow(/--counts-by-captures/);
    expect(() => runClosedTable("nbcap,freq\n1,-2", { "counts-by-captures": true, occasions: "4" })).toThrow(CaptureDataError);
  });
});
