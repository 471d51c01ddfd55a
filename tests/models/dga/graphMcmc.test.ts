import { describe, expect, it } from "vitest";
import { estimateDga } from "../../../src/models/dga/estimateDga.js";
import { temperatureLadder } from "../../../src/models/dga/_graphMcmc.js";
import { captureDataFromCounts } from "../../../src/data/captureDataFromCounts.js";
import { OptionError } from "../../../src/errors.js";
import type { CaptureData } from "../../../src/types.js";
import { loadDataset } from "../../fixtures.js";

/** Seven lists, independent except lists A and B (2.5 times more often together), N = 600. */
function sevenLists(): CaptureData {
  const p = [0.3, 0.25, 0.2, 0.35, 0.15, 0.3, 0.2];
  const rows = [];
  for (let h = 1; h < 128; h++) {
    let pr = 1;
    for (let j = 0; j < 7; j++) pr *= (h >> j) & 1 ? p[j] : 1 - p[j];
    if ((h & 3) === 3) pr *= 2.5;
    rows.push({ history: Array.from({ length: 7 }, (_, j) => (h >> j) & 1), count: Math.round(600 * pr) });
  }
  return captureDataFromCounts(["A", "B", "C", "D", "E", "F", "G"], rows);
}

const key = (cliques: readonly (readonly string[])[]): string => JSON.stringify(cliques.map((c) => [...c].sort().join(":")).sort());

describe("estimateDga with a Markov chain over graphs", () => {
  const kosovo = loadDataset("Kosovo");
  const small = { chains: 2, iterations: 400, burnIn: 200, temperatures: 2 };

  it("gives the same numbers for the same seed, other draws for another", () => {
    const a = estimateDga(kosovo, { search: "mcmc", grid: { to: 26000 }, mcmc: { ...small, seed: 9 } });
    const b = estimateDga(kosovo, { search: "mcmc", grid: { to: 26000 }, mcmc: { ...small, seed: 9 } });
    expect(b).toEqual(a);
    const c = estimateDga(kosovo, { search: "mcmc", grid: { to: 26000 }, mcmc: { ...small, seed: 10 } });
    expect(c.diagnostics.mcmc).not.toEqual(a.diagnostics.mcmc);
    expect(a.settings.method).toBe("mcmc");
    expect(a.settings.seed).toBe(9);
    expect(a.settings.mcmc).toEqual({ seed: 9, chains: 2, iterations: 400, burnIn: 200, temperatures: 2 });
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it("agrees with the exhaustive computation on a 4-list table within its Monte Carlo errors", () => {
    const exact = estimateDga(kosovo, { grid: { to: 26000 }, models: 61 });
    const chain = estimateDga(kosovo, { search: "mcmc", grid: { to: 26000 }, mcmc: { chains: 4, iterations: 2000, burnIn: 500, seed: 3 } });
    const top = chain.models[0];
    const match = exact.models.find((m) => key(m.cliques) === key(top.cliques));
    expect(match).toBeDefined();
    // the exact top graph has probability 0.9855: the chain's share within 4 Monte Carlo errors
    expect(Math.abs(top.probability - (match?.probability ?? 0))).toBeLessThan(4 * (top.monteCarloError ?? 0) + 1e-3);
    const se = chain.diagnostics.mcmc?.medianStandardError ?? 0;
    expect(Math.abs(chain.estimate - exact.estimate)).toBeLessThanOrEqual(4 * se + 2);
    expect(chain.diagnostics.mcmc?.rhatN).toBeLessThan(1.05);
  });

  it("runs by default from 7 lists, with diagnostics for N and for every edge", () => {
    const data = sevenLists();
    const result = estimateDga(data, { mcmc: { chains: 2, iterations: 100, burnIn: 50, temperatures: 1 } });
    expect(result.settings.method).toBe("mcmc");
    expect(result.diagnostics.search).toBe("mcmc");
    const d = result.diagnostics.mcmc;
    expect(Object.keys(d?.rhatEdges ?? {})).toHaveLength(21);
    expect(d?.chains).toBe(2);
    expect(result.estimate).toBeGreaterThan(data.observed);
    // the dependence between A and B is found: every reported graph joins them
    expect(result.models[0].cliques.some((c) => c.includes("A") && c.includes("B"))).toBe(true);
  });

  it("flags chains too short to trust with MCMC_NOT_CONVERGED", () => {
    const result = estimateDga(loadDataset("UKdat_5"), { search: "mcmc", grid: { to: 60000 }, mcmc: { chains: 2, iterations: 50, burnIn: 0, temperatures: 1, seed: 1 } });
    expect(result.warnings.map((w) => w.code)).toContain("MCMC_NOT_CONVERGED");
  });

  it("spaces the tempering ladder geometrically from 1 to 1/8", () => {
    expect(temperatureLadder(1)).toEqual([1]);
    expect(temperatureLadder(4).map((b) => Number(b.toFixed(6)))).toEqual([1, 0.5, 0.25, 0.125]);
  });

  const bad: [string, object, string][] = [
    ["one chain", { chains: 1 }, "`mcmc.chains` must be an integer from 2 to 64; received 1"],
    ["a fractional iteration count", { iterations: 10.5 }, "`mcmc.iterations` must be an integer"],
    ["a negative burn-in", { burnIn: -1 }, "`mcmc.burnIn` must be an integer at least 0; received -1"],
    ["zero temperatures", { temperatures: 0 }, "`mcmc.temperatures` must be an integer from 1 to 32; received 0"],
    ["an object seed", { seed: {} }, "`mcmc.seed` must be a finite number or a string"],
  ];
  for (const [label, mcmc, message] of bad) {
    it(`throws OptionError for ${label}`, () => {
      expect(() => estimateDga(kosovo, { search: "mcmc", mcmc })).toThrow(OptionError);
      expect(() => estimateDga(kosovo, { search: "mcmc", mcmc })).toThrow(message);
    });
  }

  it("refuses an exhaustive search beyond 7 lists", () => {
    expect(() => estimateDga(loadDataset("NewOrl"), { search: "exhaustive" })).toThrow("at most 7 lists");
  });
});
