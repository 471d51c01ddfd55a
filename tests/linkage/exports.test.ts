import { describe, expect, it, vi } from "vitest";
import { readFileSync } from "node:fs";
import * as linkage from "../../src/linkage/index.js";
import * as core from "../../src/index.js";
import { MissingDependencyError } from "../../src/errors.js";

describe("prevalence/linkage", () => {
  it("exports exactly this list of values (a change here is a deliberate API change)", () => {
    expect(Object.keys(linkage).sort()).toEqual(
      [
        "AGENCY_FIELDS",
        "DEFAULT_LINKAGE_SEED",
        "LinkageDataError",
        "MissingDependencyError",
        "clericalReviewCsv",
        "clustersCsv",
        "defaultBlockingRules",
        "defaultComparison",
        "estimateWithLinkage",
        "fitFellegiSunter",
        "formatLinkageReport",
        "historiesCsv",
        "linkRecords",
        "linkageAccuracy",
        "familyLinkageEstimator",
        "readLinkageConfig",
        "resolveLinkageSettings",
        "simulateAgencyRecords",
        "writeAgencyFiles",
      ].sort(),
    );
  });

  it("keeps DuckDB out of the core: nothing the main entry loads imports it, and installing prevalence does not install it", () => {
    const sources = new Set<string>();
    const visit = (file: string) => {
      if (sources.has(file)) return;
      sources.add(file);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/from "(\.[^"]+)\.js"/g)) visit(new URL(`${m[1]}.ts`, `file://${file}`).pathname);
    };
    visit(new URL("../../src/index.ts", import.meta.url).pathname);
    expect(sources.size).toBeGreaterThan(20);
    for (const file of sources) expect(readFileSync(file, "utf8")).not.toMatch(/(from |import\()"(@duckdb|[^"]*\/linkage\/)/);
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    // a development dependency only: the user installs it for linkage (its versions are all
    // prereleases, which no semver range of a peer dependency would admit)
    for (const kind of ["dependencies", "optionalDependencies", "peerDependencies"]) expect(pkg[kind]?.["@duckdb/node-api"]).toBeUndefined();
    expect(pkg.devDependencies["@duckdb/node-api"]).toBeDefined();
    expect(Object.keys(core)).not.toContain("linkRecords");
  });

  it("throws a MissingDependencyError that says what to install when DuckDB is not installed", async () => {
    vi.resetModules();
    vi.doMock("@duckdb/node-api", () => {
      throw new Error("Cannot find package '@duckdb/node-api'");
    });
    const { loadDuckDb } = await import("../../src/linkage/_engine.js");
    const fresh = await import("../../src/errors.js"); // the module graph was reset
    const error = await loadDuckDb().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(fresh.MissingDependencyError);
    expect((error as MissingDependencyError).code).toBe("MISSING_DEPENDENCY");
    expect((error as MissingDependencyError).packages).toEqual(["@duckdb/node-api"]);
    expect((error as Error).message).toMatch(/npm install @duckdb\/node-api/);
    vi.doUnmock("@duckdb/node-api");
  });

  it("rethrows a DuckDB that is installed but fails to load as it is", async () => {
    vi.resetModules();
    vi.doMock("@duckdb/node-api", () => {
      throw new Error("libduckdb.so: wrong ELF class");
    });
    const { loadDuckDb } = await import("../../src/linkage/_engine.js");
    const fresh = await import("../../src/errors.js");
    const error = await loadDuckDb().catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(fresh.MissingDependencyError);
    // the loader's own error comes through (vitest wraps a failing mock factory's error as its cause)
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
    expect(messages.join(" / ")).toMatch(/wrong ELF class/);
    vi.doUnmock("@duckdb/node-api");
  });
});
