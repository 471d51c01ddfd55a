import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mse, relativeError } from "../fixtures.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const datasets = fileURLToPath(new URL("../fixtures/reference/datasets/", import.meta.url));

/** Run the CLI from source (tsx), as `prevalence ...`. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempCsv(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "prevalence-cli-"));
  const file = join(dir, "data.csv");
  writeFileSync(file, text);
  return file;
}

describe("prevalence CLI", () => {
  it("prints the version with --version; with no command it prints the help on stderr and exits 2", () => {
    const version = cli("--version");
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const none = cli();
    expect(none.status).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toMatch(/Usage:/);
  });

  it("prints help with --help and exits 0", () => {
    const r = cli("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/prevalence estimate <file>/);
  });

  it("estimates with --format json: the documented fields, reproducing the BIC reference on Kosovo", () => {
    const r = cli("estimate", join(datasets, "Kosovo.csv"), "--format", "json", "--replicates", "200", "--seed", "7");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.intervals.map((i: { method: string; level: number }) => [i.method, i.level])).toEqual([["bca", 0.95]]);
    expect(out.settings).toMatchObject({ seed: 7, replicates: 200, ci: "bca", resampling: "binomial" });
    expect(out.uncertainty.replicateSummary.valid).toBe(200);
    const ref = mse.datasets.Kosovo.bic;
    expect(relativeError(out.estimate, ref.popest)).toBeLessThan(1e-6);
    expect(out.observed).toBe(4400);
    expect(out.unobserved).toBeCloseTo(out.estimate - 4400, 6);
    expect(out.model.name).toBe("[EXH:ABA:OSCE, EXH:HRW, OSCE:HRW]");
    expect([...out.model.terms].sort()).toEqual([...ref.terms].filter((t: string) => t.includes(":")).sort());
    for (const key of ["logLikelihood", "deviance", "df", "aic", "bic"]) expect(typeof out.fit[key]).toBe("number");
    expect(out.diagnostics.status).toBe(0);
    expect(out.warnings).toEqual([]);
  });

  it("--model main fits main effects only; --select stepwise runs stepwise", () => {
    const main = JSON.parse(cli("estimate", join(datasets, "UKdat_5.csv"), "--model", "main", "--format", "json", "--ci", "lognormal").stdout);
    expect(main.model.terms).toEqual([]);
    expect(relativeError(main.estimate, mse.datasets.UKdat_5.fixed_main.popest)).toBeLessThan(1e-6);
    const step = JSON.parse(cli("estimate", join(datasets, "UKdat_5.csv"), "--select", "stepwise", "--format", "json", "--ci", "none").stdout);
    expect(step.intervals).toEqual([]);
    expect(relativeError(step.estimate, mse.datasets.UKdat_5.stepwise.popest)).toBeLessThan(1e-6);
  });

  it("a model whose estimate does not exist gives a warning code and no estimate, status 1 in diagnostics", () => {
    const r = cli("estimate", join(datasets, "Artificial_3.csv"), "--model", "[12,3]", "--format", "json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.estimate).toBeNull();
    expect(out.diagnostics.status).toBe(1);
    expect(out.warnings.map((w: { code: string }) => w.code)).toEqual(["MLE_DOES_NOT_EXIST"]);
  });

  it("bad input: every problem on stderr with row and column, exit 2, nothing on stdout", () => {
    const file = tempCsv("A,B,C,count\n1,0,0,5\n1,2,0,3\n0,1,0,-1\n0,0,0,4\n");
    const r = cli("estimate", file, "--format", "json");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/row 3, column B/);
    expect(r.stderr).toMatch(/row 4, column count/);
    expect(r.stderr).toMatch(/row 5/);
  });

  it.each([
    [["estimate"], /exactly one CSV file/],
    [["estimate", "missing-file.csv"], /cannot read missing-file.csv/],
    [["frobnicate", "x.csv"], /unknown command/],
    [["estimate", join(datasets, "Kosovo.csv"), "--format", "yaml"], /--format must be text, json, markdown, csv or html/],
    [["estimate", join(datasets, "Kosovo.csv"), "--model", "EXH:Q"], /unknown list "Q"/],
    [["estimate", join(datasets, "Kosovo.csv"), "--select", "magic"], /--select must be one of/],
    [["estimate", join(datasets, "Kosovo.csv"), "--level", "2"], /--level must be strictly between 0 and 1/],
    [["estimate", join(datasets, "Kosovo.csv"), "--ci", "magic"], /--ci must be one of/],
    [["estimate", join(datasets, "Kosovo.csv"), "--replicates", "0"], /--replicates must be an integer/],
    [["estimate", join(datasets, "Kosovo.csv"), "--select", "stepwise", "--top", "5"], /--top applies to exhaustive/],
  ])("usage error %j exits 2 with a message", (args, message) => {
    const r = cli(...(args as string[]));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });

  it("profile and percentile intervals on request; the same seed gives the same JSON", () => {
    const profile = JSON.parse(cli("estimate", join(datasets, "Kosovo.csv"), "--model", "main", "--ci", "profile", "--format", "json").stdout);
    expect(profile.intervals[0].method).toBe("profile-likelihood");
    const args = ["estimate", join(datasets, "Western.csv"), "--select", "stepwise", "--ci", "percentile", "--format", "json", "--seed", "99", "--replicates", "300"];
    const a = cli(...args).stdout;
    const b = cli(...args).stdout;
    expect(a).toBe(b);
    expect(JSON.parse(a).intervals[0].method).toBe("percentile");
  });

  it("prints a readable text summary by default", () => {
    const r = cli("estimate", join(datasets, "Western.csv"), "--ci", "lognormal");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Estimate: 2,483/);
    expect(r.stdout).toMatch(/Model: \[A:E, B, C, D\]/);
  });

  it("--method lcmcr: the latent-class estimate as JSON with its posterior interval and diagnostics; lcmcr flags need it", () => {
    const r = cli("estimate", "--dataset", "Western", "--method", "lcmcr", "--format", "json", "--chains", "2", "--burnin", "200", "--samples", "50", "--thinning", "2", "--seed", "7", "--threads", "1");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.family).toBe("lcmcr");
    expect(json.intervals[0]).toMatchObject({ method: "posterior", level: 0.95 });
    expect(Object.keys(json.posterior)).toEqual(expect.arrayContaining(["mean", "sd", "quantiles"]));
    expect(Object.keys(json.diagnostics)).toEqual(expect.arrayContaining(["rhat", "essBulk", "essTail", "chains"]));
    expect(json.settings).toMatchObject({ method: "lcmcr", chains: 2, burnin: 200, samples: 50, thinning: 2, seed: 7, classes: 10 });
    const stray = cli("estimate", "--dataset", "Western", "--chains", "2");
    expect(stray.status).toBe(2);
    expect(stray.stderr).toMatch(/--chains is an option of --method lcmcr/);
  });
});

describe("prevalence CLI: random-effects models", () => {
  const regions = fileURLToPath(new URL("../fixtures/reference/strata/regions4.csv", import.meta.url));
  const years = fileURLToPath(new URL("../fixtures/random-effects/years12.csv", import.meta.url));

  it("--strata region --random lists --ci conditional --format json: strata, total and the variance components by name", () => {
    const r = cli("estimate", regions, "--strata", "region", "--random", "lists", "--model", "A:B", "--ci", "conditional", "--format", "json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.family).toBe("random-effects");
    expect(out.strata.map((s: { stratum: { region: string } }) => s.stratum.region)).toEqual(["north", "south", "west"]);
    expect(Object.keys(out.variance)).toEqual(["(Intercept)", "A", "B", "C", "D"]);
    // lme4::glmer on the same model (tests/fixtures/random-effects/glmer.json, tight control)
    expect(relativeError(out.variance["(Intercept)"], 0.702966934254187)).toBeLessThan(1e-3);
    expect(out.total.intervals[0].method).toBe("conditional");
    expect(out.total.estimate).toBeCloseTo(out.strata.reduce((a: number, s: { estimate: number }) => a + s.estimate, 0), 6);
  });

  it("--ci bootstrap (the default) records the seed and replicates; the same seed gives the same intervals", () => {
    const run = () => cli("estimate", regions, "--strata", "region", "--random", "intercept", "--replicates", "20", "--seed", "9", "--threads", "1", "--format", "json", "--quiet");
    const a = JSON.parse(run().stdout);
    const b = JSON.parse(run().stdout);
    expect(a.settings).toMatchObject({ ci: "parametric-bootstrap", seed: 9, replicates: 20 });
    expect(a.total.intervals).toEqual(b.total.intervals);
    expect(a.total.intervals[0].method).toBe("parametric-bootstrap");
  });

  it("--trend year --random intercept: a random walk over years with changes and slope", () => {
    const r = cli("estimate", years, "--trend", "year", "--random", "intercept", "--model", "A:B", "--ci", "conditional", "--format", "json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.kind).toBe("trend");
    expect(out.fit.random.structure).toBe("random-walk");
    expect(out.periods).toHaveLength(12);
    expect(out.slope.intervals[0].method).toBe("conditional");
  });

  it("usage errors exit 2 with a message and nothing on stdout", () => {
    for (const args of [
      ["--random", "intercept"],
      ["--strata", "region", "--random", "slopes"],
      ["--strata", "region", "--random", "intercept", "--ci", "profile"],
    ]) {
      const r = cli("estimate", regions, ...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^prevalence: /);
    }
  });
});
