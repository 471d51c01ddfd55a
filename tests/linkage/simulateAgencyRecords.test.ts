import { describe, expect, it } from "vitest";
import { simulateAgencyRecords, AGENCY_FIELDS } from "../../src/simulate/simulateAgencyRecords.js";
import { OptionError } from "../../src/errors.js";

const population = { lists: ["police", "ngo", "shelter"], population: 20000, captureProbabilities: [0.3, 0.25, 0.2], seed: 5 };

describe("simulateAgencyRecords", () => {
  const sim = simulateAgencyRecords({ population, corruption: { rate: 0.1 }, duplicates: 0.05, styles: { police: { uppercase: true }, ngo: { dateFormat: "dmy" } } });

  it("writes one record per person on each list plus duplicates, the truth kept apart and consistent with the histories", () => {
    expect(sim.files.map((f) => f.name)).toEqual(["police", "ngo", "shelter"]);
    expect(sim.files[0].columns).toEqual(["record_id", ...AGENCY_FIELDS]);
    sim.files.forEach((f, j) => {
      expect(sim.truth.persons[j]).toHaveLength(f.rows.length);
      const people = new Set(sim.truth.persons[j]);
      // every person on the list has at least one record, duplicates are the rest
      expect(f.rows.length - people.size).toBe(sim.truth.duplicates[j]);
      const onList = (sim.truth.histories.records ?? []).filter((r) => (r.history & (2 ** j)) !== 0).length;
      expect(people.size).toBe(onList);
    });
    expect(sim.truth.observed).toBe(sim.truth.histories.observed);
    expect(sim.truth.population).toBe(20000);
  });

  it("corrupts each field at the set rate (within 4 binomial standard errors), and duplicates at the set rate", () => {
    const records = sim.files.reduce((a, f) => a + f.rows.length, 0);
    for (const field of AGENCY_FIELDS) {
      const corrupted = Object.values(sim.truth.corruptions[field]).reduce((a, b) => a + b, 0);
      const se = Math.sqrt((0.1 * 0.9) / records);
      expect(Math.abs(corrupted / records - 0.1)).toBeLessThan(4 * se);
    }
    const duplicates = sim.truth.duplicates.reduce((a, b) => a + b, 0);
    const originals = records - duplicates;
    // E[duplicates per record] = d/(1 − d) for a geometric number (capped at 4, negligible)
    expect(duplicates / originals).toBeCloseTo(0.05 / 0.95, 2);
  });

  it("writes the agencies' styles: capitals, day-first dates", () => {
    expect(sim.files[0].rows.every((r) => r[1] === r[1].toUpperCase())).toBe(true);
    const dates = sim.files[1].rows.map((r) => r[3]).filter((d) => d.length === 10);
    expect(dates.length).toBeGreaterThan(100);
    expect(dates.every((d) => /^\d\d\/\d\d\/\d{4}$/.test(d))).toBe(true);
  });

  it("gives the same files for the same seed and different ones for another", () => {
    const again = simulateAgencyRecords({ population, corruption: { rate: 0.1 }, duplicates: 0.05, styles: { police: { uppercase: true }, ngo: { dateFormat: "dmy" } } });
    expect(again.files).toEqual(sim.files);
    const other = simulateAgencyRecords({ population, seed: 6, corruption: { rate: 0.1 }, duplicates: 0.05 });
    expect(other.files[0].rows.slice(0, 5)).not.toEqual(sim.files[0].rows.slice(0, 5));
  });

  it("writes clean records with rate 0, and leaves them all blank with a rate of 1 and only blanks", () => {
    const clean = simulateAgencyRecords({ population: { ...population, population: 500 }, corruption: { rate: 0 }, duplicates: 0 });
    expect(Object.values(clean.truth.corruptions).every((c) => Object.keys(c).length === 0)).toBe(true);
    const blank = simulateAgencyRecords({
      population: { ...population, population: 300 },
      corruption: { rate: 1, names: { typo: 0, variant: 0, missing: 1 }, dates: { transposed: 0, digit: 0, missing: 1, yearOnly: 0 }, sexMissing: 1, nationalityMissing: 1 },
    });
    expect(blank.files.every((f) => f.rows.every((r) => r.slice(1, 6).every((v) => v === "")))).toBe(true);
  });

  it.each([
    ["a rate above 1", { corruption: { rate: 1.5 } }],
    ["a negative weight", { corruption: { names: { typo: -1 } } }],
    ["an unknown kind", { corruption: { dates: { swapped: 1 } } }],
    ["duplicates of 1", { duplicates: 1 }],
    ["an inverted year range", { birthYears: [2000, 1990] }],
    ["a style for an unknown list", { styles: { court: { uppercase: true } } }],
  ])("throws an OptionError for %s", (_, extra) => {
    expect(() => simulateAgencyRecords({ population: { ...population, population: 100 }, ...(extra as object) })).toThrow(OptionError);
  });
});
