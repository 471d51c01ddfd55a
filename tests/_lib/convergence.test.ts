import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { convergenceSummary, essOf, rhatOf, splitChains } from "../../src/_lib/convergence.js";

// Reference: the R package posterior 1.4.0 (rhat, ess_bulk, ess_tail, rhat_basic, ess_basic) on the
// chains stored with the numbers; tests/fixtures/convergence/make-convergence.R made them.
const fixture = JSON.parse(readFileSync(new URL("../fixtures/convergence/convergence.json", import.meta.url), "utf8"));
const cases = Object.entries(fixture).filter(([name]) => name !== "meta") as [string, {
  chains: number[][]; rhat: number; rhat_basic: number; ess_bulk: number; ess_tail: number; ess_basic: number;
}][];

describe("convergence diagnostics (Vehtari et al. 2021) against the R package posterior", () => {
  it("reproduces rank-normalised split R-hat, bulk ESS and tail ESS to 1e-8 relative", () => {
    expect(cases).toHaveLength(6);
    for (const [name, c] of cases) {
      const summary = convergenceSummary(c.chains);
      expect(summary.rhat, `${name} rhat`).toBeCloseTo(c.rhat, 8);
      expect(summary.essBulk / c.ess_bulk - 1, `${name} ess_bulk`).toBeCloseTo(0, 8);
      expect(summary.essTail / c.ess_tail - 1, `${name} ess_tail`).toBeCloseTo(0, 8);
    }
  });

  it("reproduces the basic split R-hat and split ESS (no rank normalisation)", () => {
    for (const [name, c] of cases) {
      const split = splitChains(c.chains);
      expect(rhatOf(split), `${name} rhat_basic`).toBeCloseTo(c.rhat_basic, 8);
      expect(essOf(split) / c.ess_basic - 1, `${name} ess_basic`).toBeCloseTo(0, 8);
    }
    expect(cases.length).toBe(6);
  });

  it("gives R-hat 1 and ESS = draws for constant chains, and flags a shifted chain", () => {
    expect(convergenceSummary([[5, 5, 5, 5], [5, 5, 5, 5]])).toEqual({ rhat: 1, essBulk: 8, essTail: 8 });
    const shifted = cases.find(([name]) => name === "one_chain_shifted")![1];
    expect(convergenceSummary(shifted.chains).rhat).toBeGreaterThan(1.1);
  });
});
