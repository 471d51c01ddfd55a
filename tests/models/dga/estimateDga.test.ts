import { describe, expect, it } from "vitest";
import { estimateDga } from "../../../src/models/dga/estimateDga.js";
import { enumerateDecomposableGraphs } from "../../../src/models/dga/decomposableGraphs.js";
import { captureDataFromCounts } from "../../../src/data/captureDataFromCounts.js";
import { logGamma } from "../../../src/_lib/distributions.js";
import { OptionError } from "../../../src/errors.js";
import type { CaptureData } from "../../../src/types.js";
import { loadDataset, rPackages, relativeError } from "../../fixtures.js";

// dga 2.0.2's bma.cr computes the posterior exactly on its grid (to double rounding), so the
// reference holds to the tolerance: quantiles equal (integers on the grid), posterior mean,
// sd and the top models' probabilities within 1e-6 relative. Our skipped grid points carry at most
// 1e-10 of the mass (a proven bound), far inside it.
const TOL = 1e-6;

interface DgaReference {
  estimate: number;
  ci_low: number;
  ci_high: number;
  q05: number;
  q95: number;
  posterior_mean: number;
  posterior_sd: number;
  posterior_mode: number;
  top_models: { posterior_prob: number; cliques: string[][] }[];
  settings: { delta: number; Nmissing_grid: [number, number] };
}

const datasets = Object.keys(rPackages.datasets).filter((name) => rPackages.datasets[name].methods.dga_bma?.estimate !== undefined);

/** Capture data from a count per history (index history − 1; bit j = list j). */
function fromCounts(lists: readonly string[], counts: readonly number[]): CaptureData {
  return captureDataFromCounts(
    lists,
    counts.map((count, i) => ({ history: lists.map((_, j) => ((i + 1) >> j) & 1), count })),
  );
}

const quantile = (summary: { quantiles: readonly { probability: number; value: number }[] }, p: number): number => {
  const q = summary.quantiles.find((e) => Math.abs(e.probability - p) < 1e-12);
  if (q === undefined) throw new Error(`no quantile ${p}`);
  return q.value;
};

/** A clique list as a canonical string: each clique's lists sorted, the cliques sorted. */
const cliqueKey = (cliques: readonly (readonly string[])[]): string =>
  JSON.stringify(cliques.map((c) => [...c].sort().join(":")).sort());

describe("estimateDga reproduces dga 2.0.2 (bma.cr) on the reference datasets", () => {
  it("covers every 3–5-list dataset of the reference (8 of them)", () => {
    expect(datasets.sort()).toEqual(["Artificial_3", "Kosovo", "MY3", "MY5", "Ned_5", "NewOrl_5_185", "UKdat_5", "Western"]);
  });
  for (const name of datasets) {
    const ref = rPackages.datasets[name].methods.dga_bma as DgaReference;
    it(`${name}: median ${ref.estimate} [${ref.ci_low}, ${ref.ci_high}] on the grid 0…${ref.settings.Nmissing_grid[1]}`, () => {
      const data = loadDataset(name);
      expect(ref.settings.delta).toBe(2 ** -data.lists.length);
      const result = estimateDga(data, { grid: { from: ref.settings.Nmissing_grid[0], to: ref.settings.Nmissing_grid[1] }, models: 5 });
      expect(result.family).toBe("dga");
      expect(result.estimate).toBe(ref.estimate);
      expect(result.posterior.median).toBe(ref.estimate);
      expect(result.intervals).toEqual([{ method: "posterior", level: 0.95, lower: ref.ci_low, upper: ref.ci_high }]);
      expect(quantile(result.posterior, 0.05)).toBe(ref.q05);
      expect(quantile(result.posterior, 0.95)).toBe(ref.q95);
      expect(result.posterior.mode).toBe(ref.posterior_mode);
      expect(relativeError(result.posterior.mean, ref.posterior_mean)).toBeLessThan(TOL);
      expect(relativeError(result.posterior.sd, ref.posterior_sd)).toBeLessThan(TOL);
      expect(result.models).toHaveLength(5);
      result.models.forEach((model, i) => {
        expect(cliqueKey(model.cliques)).toBe(cliqueKey(ref.top_models[i].cliques));
        expect(relativeError(model.probability, ref.top_models[i].posterior_prob)).toBeLessThan(TOL);
      });
      expect(result.diagnostics.neglectedMass).toBeLessThanOrEqual(1e-10);
      expect(result.unobserved).toBe(result.estimate - data.observed);
    });
  }
});

/**
 * The joint posterior straight from its definition (Madigan & York 1997): for each graph and each
 * unobserved count, the hyper-Dirichlet marginal likelihood of the completed table as the product
 * over cliques over the product over separators, each a Dirichlet–multinomial of the marginal table,
 * times (n + N₀)!/N₀!, times p(N) ∝ 1/N. Log-gamma at every point; no recurrence, no skipping.
 */
function bruteForce(data: CaptureData, delta: number, to: number): { posterior: number[]; graphs: { key: string; probability: number }[] } {
  const t = data.lists.length;
  const size = 2 ** t;
  const n = data.observed;
  const graphs = enumerateDecomposableGraphs(t);
  const logMl = (set: readonly number[], x: number): number => {
    if (set.length === 0) return 0;
    const alpha = delta * 2 ** (t - set.length);
    const cells = new Map<number, number>();
    for (let h = 0; h < size; h++) {
      let c = 0;
      set.forEach((j, k) => {
        if ((h >> j) & 1) c |= 1 << k;
      });
      cells.set(c, (cells.get(c) ?? 0) + (h === 0 ? x : data.counts[h - 1]));
    }
    let v = logGamma(alpha * 2 ** set.length) - logGamma(alpha * 2 ** set.length + n + x);
    for (let c = 0; c < 2 ** set.length; c++) v += logGamma(alpha + (cells.get(c) ?? 0)) - logGamma(alpha);
    return v;
  };
  const logJoint: number[][] = graphs.map((g) => {
    const row: number[] = [];
    for (let x = 0; x <= to; x++) {
      let v = -Math.log(n + x) + logGamma(n + x + 1) - logGamma(x + 1);
      for (const c of g.cliques) v += logMl(c, x);
      for (const s of g.separators) v -= logMl(s, x);
      row.push(v);
    }
    return row;
  });
  const max = Math.max(...logJoint.flat());
  const weights = logJoint.map((row) => row.map((v) => Math.exp(v - max)));
  const total = weights.flat().reduce((a, b) => a + b, 0);
  const posterior = Array.from({ length: to + 1 }, (_, x) => weights.reduce((s, row) => s + row[x], 0) / total);
  return {
    posterior,
    graphs: graphs.map((g, i) => ({
      key: cliqueKey(g.cliques.map((c) => c.map((j) => data.lists[j]))),
      probability: weights[i].reduce((a, b) => a + b, 0) / total,
    })),
  };
}

describe("estimateDga equals the posterior computed from its definition", () => {
  it("on a 3-list table: every graph's probability and the whole posterior of N to 1e-9", () => {
    const data = loadDataset("MY3");
    const to = 400;
    const direct = bruteForce(data, 1 / 8, to);
    const result = estimateDga(data, { grid: { to }, models: 8, keepGrid: true });
    const probabilities = result.posterior.grid?.probabilities ?? [];
    expect(probabilities).toHaveLength(to + 1);
    probabilities.forEach((p, x) => expect(Math.abs(p - direct.posterior[x])).toBeLessThan(1e-9 * Math.max(...direct.posterior)));
    expect(result.models).toHaveLength(8);
    for (const model of result.models) {
      const d = direct.graphs.find((g) => g.key === cliqueKey(model.cliques));
      expect(d).toBeDefined();
      expect(relativeError(model.probability, d?.probability ?? Number.NaN)).toBeLessThan(1e-9);
    }
  });
  it("on a sparse 4-list table with empty cells and a grid not starting at 0", () => {
    const data = fromCounts(["A", "B", "C", "D"], [30, 25, 4, 18, 0, 3, 0, 12, 2, 0, 1, 5, 0, 0, 1]);
    const direct = bruteForce(data, 1 / 16, 600);
    const result = estimateDga(data, { grid: { from: 0, to: 600 }, models: 61, keepGrid: true });
    expect(result.models).toHaveLength(61);
    for (const model of result.models) {
      const d = direct.graphs.find((g) => g.key === cliqueKey(model.cliques));
      expect(relativeError(model.probability, d?.probability ?? Number.NaN)).toBeLessThan(1e-9);
    }
    const probabilities = result.posterior.grid?.probabilities ?? [];
    const peak = Math.max(...direct.posterior);
    probabilities.forEach((p, x) => expect(Math.abs(p - direct.posterior[x])).toBeLessThan(1e-9 * peak));
  });
});

describe("estimateDga: priors, grids and invariances", () => {
  const kosovo = loadDataset("Kosovo");

  it("does not change when the lists are permuted", () => {
    const permuted = fromCounts(
      ["HRW", "OSCE", "EXH", "ABA"],
      Array.from({ length: 15 }, (_, i) => {
        const h = i + 1; // permuted history: bit 0 HRW (old 3), 1 OSCE (old 2), 2 EXH (old 0), 3 ABA (old 1)
        const old = ((h >> 2) & 1) | (((h >> 3) & 1) << 1) | (((h >> 1) & 1) << 2) | ((h & 1) << 3);
        return kosovo.counts[old - 1];
      }),
    );
    const a = estimateDga(kosovo, { grid: { to: 26000 } });
    const b = estimateDga(permuted, { grid: { to: 26000 } });
    expect(b.estimate).toBe(a.estimate);
    expect(b.intervals).toEqual(a.intervals);
    expect(relativeError(b.posterior.mean, a.posterior.mean)).toBeLessThan(1e-12);
    expect(relativeError(b.models[0].probability, a.models[0].probability)).toBeLessThan(1e-12);
  });

  it("takes δ per cell: a constant array equals the number", () => {
    const delta = 0.5;
    const a = estimateDga(kosovo, { delta, grid: { to: 26000 } });
    const b = estimateDga(kosovo, { delta: new Array(16).fill(delta), grid: { to: 26000 } });
    expect(b.estimate).toBe(a.estimate);
    expect(relativeError(b.posterior.sd, a.posterior.sd)).toBeLessThan(1e-12);
    expect(b.settings.delta).toBe("per-cell");
    expect(a.settings.delta).toBe(0.5);
  });

  it("a user log prior equal to −log N reproduces the default prior", () => {
    const a = estimateDga(kosovo, { grid: { to: 26000 } });
    const b = estimateDga(kosovo, { grid: { to: 26000 }, priorN: (total) => -Math.log(total) });
    expect(b.estimate).toBe(a.estimate);
    expect(relativeError(b.posterior.mean, a.posterior.mean)).toBeLessThan(1e-12);
    expect(b.settings.priorN).toBe("custom");
  });

  it("a graph prior that excludes every graph but one gives that graph's own posterior", () => {
    const a = estimateDga(kosovo, { grid: { to: 26000 } });
    const top = cliqueKey(a.models[0].cliques);
    const b = estimateDga(kosovo, {
      grid: { to: 26000 },
      graphPrior: (graph, lists) => (cliqueKey(graph.cliques.map((c) => c.map((j) => lists[j]))) === top ? 0 : -Infinity),
    });
    expect(b.models[0].probability).toBeCloseTo(1, 10);
    expect(b.estimate).toBe(a.models[0].estimate);
    expect(b.intervals).toEqual(a.models[0].intervals);
  });

  it("an edge probability below 1/2 favours sparser graphs", () => {
    const uniform = estimateDga(kosovo, { grid: { to: 26000 } });
    const sparse = estimateDga(kosovo, { grid: { to: 26000 }, graphPrior: { edgeProbability: 0.01 } });
    expect(sparse.settings.graphPrior).toEqual({ edgeProbability: 0.01 });
    const edges = (r: typeof uniform): number => r.models[0].cliques.reduce((s, c) => s + (c.length * (c.length - 1)) / 2, 0);
    expect(edges(sparse)).toBeLessThanOrEqual(edges(uniform));
    expect(sparse.models[0].probability).not.toBeCloseTo(uniform.models[0].probability, 3);
  });

  it("chooses a grid leaving less than 1e-7 of the posterior beyond it, checked on a grid ten times wider", () => {
    const auto = estimateDga(kosovo);
    expect(auto.settings.grid.rule).toBe("automatic");
    expect(auto.warnings).toEqual([]);
    const end = auto.settings.grid.to;
    const wide = estimateDga(kosovo, { grid: { to: end * 10 }, keepGrid: true });
    const p = wide.posterior.grid?.probabilities ?? [];
    let beyond = 0;
    for (let x = end + 1; x < p.length; x++) beyond += p[x];
    expect(beyond).toBeLessThan(1e-7);
    expect(beyond).toBeGreaterThan(1e-9); // and not wastefully wide
    expect(auto.diagnostics.massAboveGrid).toBeLessThan(1e-7);
    expect(relativeError(auto.diagnostics.massAboveGrid ?? Number.NaN, beyond)).toBeLessThan(0.2);
  });

  it("warns GRID_CAPPED when the automatic grid reaches its cap, and says how much mass lies beyond", () => {
    const result = estimateDga(loadDataset("Artificial_3"));
    expect(result.settings.grid).toEqual({ from: 0, to: 9600, rule: "automatic" });
    expect(result.warnings.map((w) => w.code)).toEqual(["GRID_CAPPED"]);
    expect(result.diagnostics.massAboveGrid).toBeGreaterThan(1e-3);
  });

  it("warns GRID_TRUNCATED when a given grid leaves out posterior mass", () => {
    const result = estimateDga(kosovo, { grid: { to: 14000 } });
    expect(result.warnings.map((w) => w.code)).toEqual(["GRID_TRUNCATED"]);
    expect(result.diagnostics.massAboveGrid).toBeGreaterThan(1e-3);
    const below = estimateDga(kosovo, { grid: { from: 8000, to: 26000 } });
    expect(below.warnings.map((w) => w.code)).toEqual(["GRID_TRUNCATED"]);
    expect(below.diagnostics.massBelowGrid).toBeGreaterThan(0.01);
  });

  it("warns IMPROPER_POSTERIOR with a uniform prior on N when the saturated graph's posterior does not decay", () => {
    // 3 lists, δ = 1/8: under the saturated graph p(N₀ | data) ∝ N₀^(δ − 8δ) = N₀^(−7/8), not summable
    const result = estimateDga(loadDataset("MY3"), { priorN: "uniform" });
    expect(result.warnings.map((w) => w.code)).toEqual(["IMPROPER_POSTERIOR", "GRID_CAPPED"]);
    expect(result.settings.grid.to).toBe(62600);
    expect(result.diagnostics.massAboveGrid).toBeNull();
  });

  it("reports the top models with their own posterior of N and a curve for plots", () => {
    const result = estimateDga(kosovo, { grid: { to: 26000 }, models: 3, level: [0.8, 0.95] });
    expect(result.models).toHaveLength(3);
    expect(result.intervals.map((i) => i.level)).toEqual([0.8, 0.95]);
    for (const model of result.models) {
      expect(model.estimate).toBe(model.posterior.median);
      expect(model.intervals[1].lower).toBeLessThanOrEqual(model.intervals[0].lower);
      expect(model.posterior.sd).toBeGreaterThan(0);
    }
    const { curve } = result.posterior;
    expect(curve.total.length).toBeGreaterThan(100);
    expect(curve.models).toHaveLength(3);
    // each model's share lies below the averaged density
    curve.models.forEach((share) => share.forEach((v, i) => expect(v).toBeLessThanOrEqual(curve.density[i] * (1 + 1e-12))));
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  const bad: [string, Parameters<typeof estimateDga>[1], string][] = [
    ["a negative δ", { delta: -1 }, "`delta` must be a positive finite number; received -1"],
    ["a δ array of the wrong length", { delta: [1, 2] }, "`delta` as an array must hold one prior count per cell"],
    ["a grid end below its start", { grid: { from: 10, to: 5 } }, "`grid.to` must be an integer at least 10; received 5"],
    ["a fractional grid", { grid: { to: 10.5 } }, "`grid.to` must be an integer"],
    ["an unknown prior", { priorN: "jeffreys" as never }, "`priorN` must be"],
    ["an edge probability of 1", { graphPrior: { edgeProbability: 1 } }, "`graphPrior` must be"],
    ["a level of 1", { level: 1 }, "`level` must be strictly between 0 and 1; received 1"],
    ["zero models", { models: 0 }, "`models` must be an integer at least 1; received 0"],
    ["an unknown search", { search: "greedy" as never }, "`search` must be"],
    ["a tail mass of 0", { tailMass: 0 }, "`tailMass` must be strictly between 0 and 1; received 0"],
  ];
  for (const [label, options, message] of bad) {
    it(`throws OptionError for ${label}`, () => {
      expect(() => estimateDga(kosovo, options)).toThrow(OptionError);
      expect(() => estimateDga(kosovo, options)).toThrow(message);
    });
  }
});

describe("enumerateDecomposableGraphs", () => {
  it("finds 1, 2, 8, 61, 822 and 18,154 graphs on 1 to 6 lists (OEIS A058862)", () => {
    expect([1, 2, 3, 4, 5, 6].map((t) => enumerateDecomposableGraphs(t).length)).toEqual([1, 2, 8, 61, 822, 18154]);
  });
  it("gives cliques that cover the edges and separators that are intersections of cliques", () => {
    const graphs = enumerateDecomposableGraphs(5);
    expect(graphs).toHaveLength(822);
    for (const g of graphs) {
      for (const [i, j] of g.edges) expect(g.cliques.some((c) => c.includes(i) && c.includes(j))).toBe(true);
      const vertices = new Set(g.cliques.flat());
      expect(vertices.size).toBe(5);
      const components = g.cliques.length - g.separators.length;
      expect(components).toBeGreaterThanOrEqual(1);
      // a forest-like count: edges of a junction tree = cliques − components
      for (const s of g.separators) expect(g.cliques.filter((c) => s.every((v) => c.includes(v))).length).toBeGreaterThanOrEqual(2);
    }
  });
  it("rejects more lists than it enumerates", () => {
    expect(() => enumerateDecomposableGraphs(8)).toThrow(OptionError);
  });
});
