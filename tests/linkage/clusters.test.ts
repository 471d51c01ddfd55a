import { describe, expect, it } from "vitest";
import { clusterLinks, historiesFromPersons } from "../../src/linkage/_clusters.js";
import { comparisonLaw, probabilityBelow } from "../../src/linkage/_weightDistribution.js";

describe("clusterLinks", () => {
  it("finds the connected components of the links and numbers persons by their first record", () => {
    // records 0..6; links 5–1, 1–3 (a chain), 6–4; pair 0–2 not linked
    const left = [1, 0, 1, 4];
    const right = [5, 2, 3, 6];
    const person = clusterLinks(7, left, right, (k) => k !== 1);
    expect([...person]).toEqual([1, 2, 3, 2, 4, 2, 4]);
  });

  it("gives every record its own person without links", () => {
    expect([...clusterLinks(3, [0], [1], () => false)]).toEqual([1, 2, 3]);
  });
});

describe("historiesFromPersons", () => {
  it("sets a list's bit when any of a person's records is on it, and counts persons by history", () => {
    // lists A (0), B (1): person 1 on A twice (a duplicate) and B; person 2 on B; person 3 on A
    const { data } = historiesFromPersons(["A", "B"], [0, 0, 1, 1, 0], [1, 1, 1, 2, 3], []);
    expect(data.counts).toEqual([1, 1, 1]); // A only, B only, AB
    expect(data.observed).toBe(3);
    expect(data.records).toBeUndefined();
  });

  it("gives each person the covariate value most of its records have, a tie to the first record, and counts the conflicts", () => {
    const region = { name: "region", values: ["north", "south"], codes: [1, 0, 0, 1, 0, 1] };
    // person 1: records 0, 1, 2 (south, north, north) → north; person 2: records 3, 4 (south, north) → tie → south
    // person 3: record 5 (south)
    const { data, conflicts } = historiesFromPersons(["A", "B"], [0, 1, 1, 0, 1, 0], [1, 1, 1, 2, 2, 3], [region]);
    expect(conflicts).toBe(2);
    expect(data.covariates).toEqual(["region"]);
    expect(data.records).toEqual([
      { history: 1, count: 1, values: { region: "south" } },
      { history: 3, count: 1, values: { region: "north" } },
      { history: 3, count: 1, values: { region: "south" } },
    ]);
    expect(data.counts).toEqual([1, 0, 2]);
  });
});

describe("the weight law of matching pairs", () => {
  it("convolves the comparisons' laws: P(weight < cut) by hand for two fields", () => {
    // field 1: missing 0.1 (weight 0), else exact 0.8 (+5) / different 0.2 (−3)
    // field 2: never missing, exact 0.9 (+2) / different 0.1 (−4); prior −4
    const laws = [comparisonLaw([0.8, 0.2], [5, -3], 0.1), comparisonLaw([0.9, 0.1], [2, -4], 0)];
    // totals: 5+2−4=3 (.72·.9), 5−4−4=−3 (.72·.1), −3+2−4=−5 (.18·.9), −3−4−4=−11 (.18·.1), 0+2−4=−2 (.1·.9), 0−4−4=−8 (.1·.1)
    const [below0, belowMinus4] = probabilityBelow(0, [comparisonLaw([1], [-4], 0), ...laws], [0, -4]);
    expect(below0).toBeCloseTo(1 - 0.72 * 0.9, 12);
    expect(belowMinus4).toBeCloseTo(0.18 * 0.9 + 0.18 * 0.1 + 0.1 * 0.1, 12);
  });

  it("spreads the exact level by the term-frequency adjustments", () => {
    const law = comparisonLaw([0.5, 0.5], [4, -2], 0, [
      [1, 0.25],
      [-1, 0.75],
    ]);
    expect(law).toEqual([
      [0, 0],
      [5, 0.125],
      [3, 0.375],
      [-2, 0.5],
    ]);
  });
});
