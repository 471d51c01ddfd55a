/**
 * The reviewer's tools: compareMethods (every registered family and route), listSensitivity
 * (Sharifi Far et al. 2021) and internalConsistency (Binette & Steorts 2022).
 */
import { describe, expect, it } from "vitest";
import { loadDataset, mse, rPackages, relativeError } from "../fixtures.js";
import { compareMethods } from "../../src/review/compareMethods.js";
import { comparisonRoutes } from "../../src/review/comparisonRoutes.js";
import { listSensitivity } from "../../src/review/listSensitivity.js";
import { conditionOnList, internalConsistency } from "../../src/review/internalConsistency.js";
import { registerFamily } from "../../src/families/registry.js";
import type { TableFamily } from "../../src/families/types.js";
import { formatReport } from "../../src/report/formatReport.js";
import { OptionError } from "../../src/errors.js";
import { VERSION } from "../../src/version.js";

describe("compareMethods", () => {
  it("runs the log-linear routes side by side on UKdat_5 with MultipleSystemsEstimation's point estimates", async () => {
    const data = loadDataset("UKdat_5");
    const c = await compareMethods(data, { methods: ["stepwise", "bic", "main"], ci: "none" });
    expect(c.kind).toBe("comparison");
    const byName = Object.fromEntries(c.methods.map((m) => [m.method, m]));
    const ref = mse.datasets.UKdat_5;
    expect(relativeError(byName.stepwise.estimate as number, ref.stepwise.popest)).toBeLessThan(1e-6);
    expect(relativeError(byName.bic.estimate as number, ref.bic.popest)).toBeLessThan(1e-6);
    expect(relativeError(byName.main.estimate as number, ref.fixed_main.popest)).toBeLessThan(1e-6);
    for (const m of c.methods) {
      expect(m.seconds).toBeGreaterThanOrEqual(0);
      expect(m.intervals).toEqual([]);
    }
  });

  it("gives every bootstrap route a BCa interval that holds its estimate, and a forest plot in HTML", async () => {
    const data = loadDataset("Western");
    const c = await compareMethods(data, { methods: ["stepwise", "main", "bic-average"], replicates: 60, threads: 1 });
    expect(c.methods.map((m) => m.method)).toEqual(["stepwise", "main", "bic-average"]);
    for (const m of c.methods) {
      const i = m.intervals.find((x) => x.method === "bca");
      expect(i).toBeDefined();
      expect(i?.lower).toBeLessThanOrEqual(m.estimate as number);
      expect(i?.upper).toBeGreaterThanOrEqual(m.estimate as number);
    }
    const html = await formatReport(c, { format: "html" });
    expect(html).toContain('data-plot="forest"');
    const json = JSON.parse(await formatReport(c, { format: "json" }));
    expect(Object.keys(json.methods[0])).toEqual(expect.arrayContaining(["method", "family", "estimate", "intervals", "seconds", "warnings"]));
  });

  it("runs Rcapture's closed-population models with their profile intervals: Mt on UKdat_5 equals closedpCI.t's", async () => {
    const c = await compareMethods(loadDataset("UKdat_5"), { methods: ["Mt", "M0", "Mh Chao (LB)", "Mth Poisson2"] });
    expect(c.methods.map((m) => m.family)).toEqual(["closed-population", "closed-population", "closed-population", "closed-population"]);
    const mt = c.methods.find((m) => m.method === "Mt") as (typeof c.methods)[number];
    const ref = rPackages.datasets.UKdat_5.methods.rcapture_closedpCI_t_Mt;
    expect(relativeError(mt.estimate as number, ref.estimate)).toBeLessThan(1e-6);
    // the profile limits as Rcapture finds them (its root finder: 1e-4 relative)
    expect(relativeError(mt.intervals[0].lower, ref.ci_low)).toBeLessThan(1e-4);
    expect(relativeError(mt.intervals[0].upper, ref.ci_high)).toBeLessThan(1e-4);
  });

  it("runs the latent-class family (LCMCR) with its posterior interval", () => {
    // its MCMC run takes tens of seconds on UKdat_5: the route is checked here, the run in examples
    expect(comparisonRoutes(loadDataset("UKdat_5")).find((r) => r.method === "lcmcr")).toEqual({ method: "lcmcr", family: "lcmcr", interval: "posterior" });
  });

  it("lists the two-list estimator on two lists only, and skips nothing it cannot run without saying why", async () => {
    expect(comparisonRoutes(loadDataset("UKdat_5")).map((r) => r.method)).not.toContain("lincoln-petersen");
    const two = { lists: ["A", "B"], counts: [60, 40, 20], observed: 120 };
    expect(comparisonRoutes(two).map((r) => r.method)).toContain("lincoln-petersen");
    // every route runs, LCMCR on shorter chains than its defaults (4.5 s) to keep the quick suite quick
    const short = { method: "lcmcr (short chains)", family: "lcmcr", options: { burnin: 500, samples: 200, thinning: 5 }, interval: "posterior" as const };
    const methods = [...comparisonRoutes(two).map((r) => r.method).filter((m) => m !== "lcmcr"), short.method];
    const c = await compareMethods(two, { ci: "none", methods, routes: [short] });
    expect(c.methods.map((m) => m.method).sort()).toEqual([...methods].sort());
    const lp = c.methods.find((m) => m.method === "lincoln-petersen");
    expect(lp?.estimate).toBeCloseTo((80 * 60) / 20, 9);
  });

  it("includes a family registered later without any change, with its declared routes", async () => {
    const independence: TableFamily = {
      name: "test-compare-family",
      title: "A family declaring its routes",
      scope: "table",
      spec: (_data, options: { shrink?: number }) => ({ shrink: options.shrink ?? 1 }),
      estimate: (data, spec: { shrink: number }, context) => ({
        kind: "estimate",
        family: "test-compare-family",
        fitted: true,
        estimate: data.observed * 2 * spec.shrink,
        observed: data.observed,
        unobserved: data.observed * (2 * spec.shrink - 1),
        intervals: [],
        warnings: [],
        settings: { method: "double", level: context.levels, version: VERSION },
      }),
      replicates: () => ({ rows: 1, estimate: (counts, out, offset) => void (out[offset] = 2 * counts.reduce((a, b) => a + b, 0)) }),
    };
    registerFamily(Object.assign(independence, { comparisonRoutes: () => [{ method: "double", family: "test-compare-family", interval: "bootstrap" as const }] }));
    const data = loadDataset("Western");
    expect(comparisonRoutes(data).map((r) => r.method)).toContain("double");
    const c = await compareMethods(data, { methods: ["double"], replicates: 20, threads: 1 });
    expect(c.methods[0]).toMatchObject({ method: "double", family: "test-compare-family", estimate: 690 });
  });

  it("refuses a method that is no route, naming the routes", async () => {
    await expect(compareMethods(loadDataset("Western"), { methods: ["nope"] })).rejects.toThrow(OptionError);
    await expect(compareMethods(loadDataset("Western"), { methods: ["nope"] })).rejects.toThrow(/stepwise/);
  });
});

describe("listSensitivity", () => {
  it("omits each list and merges each pair, with shifts from the estimate on all lists", async () => {
    const data = loadDataset("Western");
    const s = await listSensitivity(data, { methods: ["main"], ci: "none", groups: { AB: ["A", "B"] } });
    expect(s.kind).toBe("list-sensitivity");
    // 1 baseline + 5 omissions + 10 pairs + 1 group
    expect(s.rows).toHaveLength(17);
    const base = s.rows[0];
    expect(base.change).toBe("none");
    for (const r of s.rows) expect(r.shift).toBeCloseTo((r.estimate as number) - (base.estimate as number), 6);
    const withoutA = s.rows.find((r) => r.label === "without A");
    expect(withoutA?.observed).toBe(data.observed - data.counts[0]);
    const group = s.rows.find((r) => r.change === "group");
    const pair = s.rows.find((r) => r.change === "merge" && r.lists.join() === "A,B");
    expect(group?.estimate).toBeCloseTo(pair?.estimate as number, 6);
  });

  it("flags an omission that moves the estimate by more than the interval's width", async () => {
    const s = await listSensitivity(loadDataset("UKdat_5"), { methods: ["stepwise"], replicates: 50, threads: 1, pairs: false });
    const base = s.rows[0];
    const width = base.intervals[0].upper - base.intervals[0].lower;
    for (const r of s.rows.filter((x) => x.change === "omit")) {
      expect(r.flagged).toBe(Math.abs(r.shift as number) > width);
    }
    expect(s.warnings.filter((w) => w.code === "LIST_SENSITIVE")).toHaveLength(s.rows.filter((r) => r.flagged).length);
  });
});

describe("internalConsistency", () => {
  it("conditions on a list: its members on the other lists, those on it alone unobserved", () => {
    const data = { lists: ["A", "B", "C"], counts: [5, 4, 2, 3, 1, 0, 1], observed: 16 };
    // on A: histories 1 (A only, 5), 3 (AB, 2), 5 (AC, 1), 7 (ABC, 1) → size 9; on B,C: B 2, C 1, BC 1
    const c = conditionOnList(data, "A");
    expect(c.size).toBe(9);
    expect(c.data.lists).toEqual(["B", "C"]);
    expect(c.data.counts).toEqual([2, 1, 1]);
    expect(c.data.observed).toBe(4);
  });

  it("reports the log relative bias and coverage of each list as the truth, and Binette & Steorts's summary", async () => {
    const c = await internalConsistency(loadDataset("Western"), { methods: ["main"], ci: "none", minObserved: 1 });
    expect(c.lists).toHaveLength(5);
    for (const r of c.lists) {
      if (r.estimate !== null) expect(r.logRelativeBias).toBeCloseTo(Math.log(r.estimate / r.size), 12);
    }
    const lrb = c.lists.flatMap((r) => (r.logRelativeBias === null ? [] : [r.logRelativeBias]));
    expect(c.summary[0].lists).toBe(lrb.length);
    expect(c.summary[0].meanLogRelativeBias).toBeCloseTo(lrb.reduce((a, b) => a + b, 0) / lrb.length, 12);
    expect(c.summary[0].coverage).toBeNull();
  });

  it("skips a reference list with too few members on other lists, with TOO_FEW_OBSERVED", async () => {
    const c = await internalConsistency(loadDataset("Western"), { methods: ["main"], ci: "none" });
    const skipped = c.lists.filter((r) => r.warnings.some((w) => w.code === "TOO_FEW_OBSERVED"));
    expect(skipped.length).toBeGreaterThan(0);
    for (const r of skipped) {
      expect(r.observed).toBeLessThan(30);
      expect(r.estimate).toBeNull();
    }
  });
});
