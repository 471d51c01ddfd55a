import { describe, expect, it } from "vitest";
import { simulateCaptureData, type SimulateCaptureDataOptions } from "../../src/simulate/simulateCaptureData.js";
import { estimate } from "../../src/estimate.js";
import { bootstrapInterval } from "../../src/uncertainty/bootstrapInterval.js";
import { OptionError } from "../../src/errors.js";
import type { CaptureData } from "../../src/types.js";

const LISTS = ["A", "B", "C", "D"];
const PROBABILITIES = [0.2, 0.25, 0.3, 0.35];

const STRATIFIED: SimulateCaptureDataOptions = {
  lists: ["police", "ngo", "health"],
  strata: [
    { column: "region", levels: [{ name: "north", population: 800 }, { name: "south", population: 500 }] },
    { column: "year", levels: [{ name: "2019" }, { name: "2020", captureProbabilities: [0.4, 0.3, 0.2] }] },
  ],
  captureProbabilities: [0.3, 0.2, 0.25],
  cells: [{ stratum: { region: "south", year: "2020" }, population: 1200 }],
  dependence: [{ lists: ["police", "ngo"], oddsRatio: 0.5 }],
  heterogeneity: { sd: 0.7 },
  seed: "strata",
};

/** Share of the population on each list (the unobserved included in the denominator). */
function marginalRates(data: CaptureData, population: number): number[] {
  return data.lists.map((_, j) => {
    let on = 0;
    data.counts.forEach((c, i) => {
      if (((i + 1) >> j) & 1) on += c;
    });
    return on / population;
  });
}

/** Count of the people on both lists a and b, on a only, on b only, on neither. */
function twoByTwo(data: CaptureData, population: number, a: number, b: number): number[] {
  const cells = [0, 0, 0, 0];
  data.counts.forEach((c, i) => {
    const h = i + 1;
    cells[(((h >> a) & 1) << 1) | ((h >> b) & 1)] += c;
  });
  cells[0] += population - data.observed;
  return cells; // [neither, b only, a only, both]
}

describe("simulateCaptureData", () => {
  it("gives deep-equal results for the same seed and different data for another seed", () => {
    const first = simulateCaptureData(STRATIFIED);
    const again = simulateCaptureData(STRATIFIED);
    expect(again).toEqual(first);
    const other = simulateCaptureData({ ...STRATIFIED, seed: "other" });
    expect(other.data.counts).not.toEqual(first.data.counts);
    expect(other.settings.seed).toBe("other");
  });

  it("records the seed (1 by default) and every option in the settings", () => {
    const r = simulateCaptureData({ lists: ["A", "B"], population: 10, captureProbabilities: [0.5, 0.5] });
    expect(r.settings).toMatchObject({
      seed: 1,
      lists: ["A", "B"],
      population: 10,
      captureProbabilities: [0.5, 0.5],
      dependence: [],
      heterogeneity: { sd: 0 },
      output: "aggregated",
    });
    const s = simulateCaptureData(STRATIFIED);
    expect(s.settings).toMatchObject({
      seed: "strata",
      strata: STRATIFIED.strata,
      cells: STRATIFIED.cells,
      dependence: STRATIFIED.dependence,
      heterogeneity: { sd: 0.7 },
    });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it("draws each stratum cell from its own stream, so changing one cell leaves the others unchanged", () => {
    const base = simulateCaptureData(STRATIFIED);
    const changed = simulateCaptureData({
      ...STRATIFIED,
      cells: [{ stratum: { region: "south", year: "2020" }, population: 50 }],
    });
    expect(changed.truth.strata.slice(0, 3)).toEqual(base.truth.strata.slice(0, 3));
    expect(changed.truth.strata[3].population).toBe(50);
  });

  it("makes the truth add up: observed + unobserved = population per stratum, and the strata sum to the total", () => {
    const r = simulateCaptureData(STRATIFIED);
    expect(r.truth.strata.map((s) => s.stratum)).toEqual([
      { region: "north", year: "2019" },
      { region: "north", year: "2020" },
      { region: "south", year: "2019" },
      { region: "south", year: "2020" },
    ]);
    expect(r.truth.strata.map((s) => s.population)).toEqual([800, 800, 500, 1200]);
    expect(r.truth.strata[1].captureProbabilities).toEqual([0.4, 0.3, 0.2]);
    expect(r.truth.strata[0].captureProbabilities).toEqual([0.3, 0.2, 0.25]);
    for (const s of r.truth.strata) {
      expect(s.observed + s.unobserved).toBe(s.population);
      expect(s.observed).toBeGreaterThan(0);
      expect(s.unobserved).toBeGreaterThan(0);
      const inRecords = (r.data.records ?? [])
        .filter((rec) => rec.values.region === s.stratum.region && rec.values.year === s.stratum.year)
        .reduce((a, rec) => a + rec.count, 0);
      expect(inRecords).toBe(s.observed);
    }
    expect(r.truth.total).toBe(3300);
    expect(r.truth.strata.reduce((a, s) => a + s.observed, 0)).toBe(r.data.observed);
    expect(r.truth.observed).toBe(r.data.observed);
    expect(r.truth.observed + r.truth.unobserved).toBe(r.truth.total);
    expect(r.data.counts.reduce((a, c) => a + c, 0)).toBe(r.data.observed);
    expect(r.data.covariates).toEqual(["region", "year"]);
    expect(r.data.counts).toHaveLength(7);
  });

  it("gives one aggregated record per stratum and history with a positive count, and the same counts per person with output records", () => {
    const aggregated = simulateCaptureData(STRATIFIED);
    const records = simulateCaptureData({ ...STRATIFIED, output: "records" });
    expect(records.data.counts).toEqual(aggregated.data.counts);
    expect(records.truth).toEqual(aggregated.truth);
    const perPerson = records.data.records ?? [];
    expect(perPerson).toHaveLength(records.data.observed);
    expect(perPerson.every((r) => r.count === 1 && r.history > 0)).toBe(true);
    const seen = new Set<string>();
    for (const rec of aggregated.data.records ?? []) {
      const key = `${rec.history}/${rec.values.region}/${rec.values.year}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      expect(rec.count).toBeGreaterThan(0);
      const people = perPerson.filter(
        (p) => p.history === rec.history && p.values.region === rec.values.region && p.values.year === rec.values.year,
      );
      expect(people).toHaveLength(rec.count);
    }
  });

  it("without strata keeps no records when aggregated, and one record per person with empty values when asked", () => {
    const options = { lists: LISTS, population: 500, captureProbabilities: PROBABILITIES, seed: 5 };
    const aggregated = simulateCaptureData(options);
    expect(aggregated.data.records).toBeUndefined();
    expect(aggregated.truth.strata).toEqual([
      { stratum: {}, population: 500, observed: aggregated.data.observed, unobserved: 500 - aggregated.data.observed, captureProbabilities: PROBABILITIES },
    ]);
    const records = simulateCaptureData({ ...options, output: "records" });
    expect(records.data.covariates).toEqual([]);
    expect(records.data.records).toHaveLength(records.data.observed);
    expect(records.data.records?.[0].values).toEqual({});
  });

  it("reproduces the capture probabilities as marginal capture rates within 1% for 200,000 independent people", () => {
    const probabilities = [0.3, 0.4, 0.5, 0.6];
    const r = simulateCaptureData({ lists: LISTS, population: 200_000, captureProbabilities: probabilities, seed: 11 });
    marginalRates(r.data, 200_000).forEach((rate, j) => {
      expect(Math.abs(rate - probabilities[j]) / probabilities[j]).toBeLessThan(0.01);
    });
    const expectedUnobserved = 200_000 * probabilities.reduce((a, p) => a * (1 - p), 1);
    expect(Math.abs(r.truth.unobserved - expectedUnobserved) / expectedUnobserved).toBeLessThan(0.03);
  });

  it("makes the odds ratio of a dependent pair the marginal odds ratio when the pair shares no list with another pair", () => {
    for (const oddsRatio of [3, 0.4]) {
      const r = simulateCaptureData({
        lists: LISTS,
        population: 200_000,
        captureProbabilities: PROBABILITIES,
        dependence: [{ lists: ["A", "B"], oddsRatio }],
        seed: 12,
      });
      const [neither, bOnly, aOnly, both] = twoByTwo(r.data, 200_000, 0, 1);
      const measured = (neither * both) / (aOnly * bOnly);
      expect(Math.abs(Math.log(measured / oddsRatio))).toBeLessThan(0.05);
      // p_A is the capture probability of list A for people not on B.
      expect(Math.abs(aOnly / (aOnly + neither) - PROBABILITIES[0])).toBeLessThan(0.005);
      // C and D stay independent of A and B, with their marginal probabilities.
      const rates = marginalRates(r.data, 200_000);
      expect(Math.abs(rates[2] - PROBABILITIES[2])).toBeLessThan(0.005);
      expect(Math.abs(rates[3] - PROBABILITIES[3])).toBeLessThan(0.005);
    }
  });

  it("draws from the same distribution on the heterogeneity path when sd is negligible", () => {
    const options = {
      lists: LISTS,
      population: 200_000,
      captureProbabilities: PROBABILITIES,
      dependence: [{ lists: ["A", "B"] as [string, string], oddsRatio: 3 }, { lists: ["B", "C"] as [string, string], oddsRatio: 0.5 }],
    };
    const direct = simulateCaptureData({ ...options, seed: 13 });
    const viaClasses = simulateCaptureData({ ...options, heterogeneity: { sd: 1e-12 }, seed: 14 });
    direct.data.counts.forEach((c, i) => {
      const other = viaClasses.data.counts[i];
      // Poisson-scale agreement: within 5 standard deviations of the difference.
      expect(Math.abs(c - other)).toBeLessThan(5 * Math.sqrt(c + other) + 1);
    });
  });

  it("lets the main-effects model recover a population of 20,000 within 2% when lists are independent and homogeneous", () => {
    const r = simulateCaptureData({ lists: LISTS, population: 20_000, captureProbabilities: PROBABILITIES, seed: 21 });
    const fit = estimate(r.data, { model: "main" });
    expect(fit.estimate).not.toBeNull();
    expect(Math.abs((fit.estimate as number) - 20_000) / 20_000).toBeLessThan(0.02);
  });

  it("makes the main-effects model underestimate under positive dependence, while the model with that interaction recovers the truth within 3%", () => {
    const r = simulateCaptureData({
      lists: LISTS,
      population: 20_000,
      captureProbabilities: PROBABILITIES,
      dependence: [{ lists: ["A", "B"], oddsRatio: 3 }],
      seed: 22,
    });
    const main = estimate(r.data, { model: "main" }).estimate as number;
    const withPair = estimate(r.data, { model: "A:B" }).estimate as number;
    expect(main).toBeLessThan(20_000 * 0.97);
    expect(Math.abs(withPair - 20_000) / 20_000).toBeLessThan(0.03);
  });

  it("makes the main-effects model underestimate under individual heterogeneity (the known bias of model Mh)", () => {
    const r = simulateCaptureData({
      lists: LISTS,
      population: 20_000,
      captureProbabilities: PROBABILITIES,
      heterogeneity: { sd: 1 },
      seed: 23,
    });
    const main = estimate(r.data, { model: "main" }).estimate as number;
    // People rarely caught are under-represented among the observed: the dark figure is too small.
    expect(main).toBeLessThan(20_000 * 0.9);
    expect(main).toBeGreaterThan(r.data.observed);
  });

  describe("rejects bad options with an OptionError", () => {
    const base = { lists: ["A", "B"], population: 10, captureProbabilities: [0.5, 0.5] };
    const cases: [string, unknown][] = [
      ["one list", { ...base, lists: ["A"], captureProbabilities: [0.5] }],
      ["a repeated list", { ...base, lists: ["A", "A"] }],
      ["a blank list name", { ...base, lists: ["A", " "] }],
      ["no population without strata", { lists: ["A", "B"], captureProbabilities: [0.5, 0.5] }],
      ["no probabilities without strata", { lists: ["A", "B"], population: 10 }],
      ["a fractional population", { ...base, population: 10.5 }],
      ["a negative population", { ...base, population: -1 }],
      ["a probability of 1", { ...base, captureProbabilities: [1, 0.5] }],
      ["a probability of 0", { ...base, captureProbabilities: [0.5, 0] }],
      ["too few probabilities", { ...base, captureProbabilities: [0.5] }],
      ["an unknown list in a dependence", { ...base, dependence: [{ lists: ["A", "Z"], oddsRatio: 2 }] }],
      ["a list paired with itself", { ...base, dependence: [{ lists: ["A", "A"], oddsRatio: 2 }] }],
      ["a repeated pair", { ...base, dependence: [{ lists: ["A", "B"], oddsRatio: 2 }, { lists: ["B", "A"], oddsRatio: 3 }] }],
      ["an odds ratio of 0", { ...base, dependence: [{ lists: ["A", "B"], oddsRatio: 0 }] }],
      ["a negative sd", { ...base, heterogeneity: { sd: -1 } }],
      ["an unknown output", { ...base, output: "csv" }],
      ["an object seed", { ...base, seed: {} }],
      ["cells without strata", { ...base, cells: [] }],
      ["a stratum column named like a list", { ...base, strata: [{ column: "A", levels: [{ name: "x" }] }] }],
      ["a repeated level", { ...base, strata: [{ column: "region", levels: [{ name: "x" }, { name: "x" }] }] }],
      ["a stratum without levels", { ...base, strata: [{ column: "region", levels: [] }] }],
      [
        "a cell with an unknown level",
        { ...base, strata: [{ column: "region", levels: [{ name: "x" }] }], cells: [{ stratum: { region: "y" }, population: 3 }] },
      ],
      [
        "a cell missing a column",
        {
          ...base,
          strata: [
            { column: "region", levels: [{ name: "x" }] },
            { column: "year", levels: [{ name: "2020" }] },
          ],
          cells: [{ stratum: { region: "x" }, population: 3 }],
        },
      ],
      [
        "a cell whose population two levels set",
        {
          lists: ["A", "B"],
          captureProbabilities: [0.5, 0.5],
          strata: [
            { column: "region", levels: [{ name: "x", population: 3 }] },
            { column: "year", levels: [{ name: "2020", population: 4 }] },
          ],
        },
      ],
      [
        "a cell with no population anywhere",
        { lists: ["A", "B"], captureProbabilities: [0.5, 0.5], strata: [{ column: "region", levels: [{ name: "x" }] }] },
      ],
    ];
    for (const [name, options] of cases) {
      it(`rejects ${name}`, () => {
        let thrown: unknown;
        try {
          simulateCaptureData(options as SimulateCaptureDataOptions);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(OptionError);
        expect((thrown as OptionError).code).toBe("INVALID_OPTION");
        expect((thrown as OptionError).message).toMatch(/received/);
      });
    }
  });

  it("resolves two levels' populations when a cell entry settles the conflict", () => {
    const r = simulateCaptureData({
      lists: ["A", "B"],
      captureProbabilities: [0.5, 0.5],
      strata: [
        { column: "region", levels: [{ name: "x", population: 3 }] },
        { column: "year", levels: [{ name: "2020", population: 4 }] },
      ],
      cells: [{ stratum: { region: "x", year: "2020" }, population: 7 }],
    });
    expect(r.truth.total).toBe(7);
  });
});
