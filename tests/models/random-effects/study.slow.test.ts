import { describe, expect, it } from "vitest";
import { runStudy, type StudyRow } from "../../../scripts/random-effects-study.js";

// A smaller run of the simulation study of docs/methodology/random-effects.md (40 regions of 20–500
// people, 4 lists whose reach differs by region): 60 datasets, the parametric bootstrap (100
// replicates) on the first 10 (a few minutes). Each comparison allows three Monte Carlo standard
// errors (the ± of the study, measured over datasets: the full study's errors with 200 datasets,
// scaled to 60, are below a third of every margin tested here), so it holds across seeds unless the
// finding itself changes.
describe("the random-effects simulation study (40 sparse regions)", () => {
  it("random-effects models beat post-stratification on small strata, and the reach model's intervals cover", async () => {
    const result = await runStudy({ datasets: 60, bootstrapDatasets: 10, replicates: 100, seed: 31 });
    const row = (method: string, intervals: string): StudyRow => {
      const r = result.rows.find((x) => x.method === method && x.intervals === intervals);
      if (r === undefined) throw new Error(`no row ${method} ${intervals}`);
      return r;
    };
    expect(result.rows).toHaveLength(9);
    const post = row("post-stratification", "lognormal");
    const reach = row("random reach", "conditional");
    const lists = row("random lists", "conditional");
    const within = (a: { mean: number; error: number }, b: { mean: number; error: number }) => 3 * Math.hypot(a.error, b.error);
    // smaller errors on the small strata than post-stratification
    for (const r of [reach, lists]) expect(r.rmseSmall.mean).toBeLessThan(post.rmseSmall.mean - within(r.rmseSmall, post.rmseSmall));
    // every stratum gets an estimate
    expect(reach.failedStrata).toBe(0);
    // with a reach shared by the lists the total's error is smaller than with independent lists
    expect(reach.rmseTotal.mean).toBeLessThan(lists.rmseTotal.mean - within(reach.rmseTotal, lists.rmseTotal));
    // coverage of the reach model's bootstrap intervals: strata and total near 95%
    const boot = row("random reach", "parametric-bootstrap");
    expect(boot.coverageStrata.mean).toBeGreaterThan(0.95 - 0.1 - 3 * boot.coverageStrata.error);
    expect(reach.coverageTotal.mean).toBeGreaterThan(0.95 - 0.1 - 3 * reach.coverageTotal.error);
    // independent list effects miss the total when the lists' reach moves together
    expect(lists.coverageTotal.mean).toBeLessThan(0.8);
  }, 3_600_000);
});
