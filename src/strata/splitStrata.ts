import type { CaptureData } from "../types.js";
import { OptionError } from "../errors.js";

/** One stratum's own capture data. */
export interface StratumData {
  /** The stratum's values of the `by` columns. */
  readonly stratum: Readonly<Record<string, string>>;
  /** The stratum's capture data: the same lists, counts summed over its rows, no records. */
  readonly data: CaptureData;
}

/**
 * Split capture data into strata by one or more of its covariate columns (for example `region`,
 * or `region` and `year`): one CaptureData per combination of values present, with the same lists.
 * Strata come sorted by their values, numerically where a column holds only numbers (so years
 * come in order).
 *
 * @param data - capture data read with `covariates` (its `records` carry the stratum values).
 * @param by - the stratum columns.
 * @returns the strata in order.
 * @throws {OptionError} when the data carry no covariate columns or a named column is not one.
 * @example
 * splitStrata(data, ["region"]).map((s) => s.stratum.region) // ["north", "south", "west"]
 * @see docs/methodology/stratification.md
 */
export function splitStrata(data: CaptureData, by: readonly string[]): StratumData[] {
  if (by.length === 0) throw new OptionError("`by` must name at least one stratum column; received none");
  const available = data.covariates ?? [];
  if (data.records === undefined || available.length === 0) {
    throw new OptionError(
      `the data carry no stratum columns: read them with \`covariates\` (CLI --strata/--covariates); requested ${by.join(", ")}`,
    );
  }
  for (const column of by) {
    if (!available.includes(column)) {
      throw new OptionError(`stratum column "${column}" is not among the data's covariate columns (${available.join(", ")})`);
    }
  }
  const size = data.counts.length;
  const groups = new Map<string, { stratum: Record<string, string>; counts: number[] }>();
  for (const record of data.records) {
    const values = by.map((c) => record.values[c] ?? "");
    const key = JSON.stringify(values);
    let group = groups.get(key);
    if (group === undefined) {
      group = { stratum: Object.fromEntries(by.map((c, i) => [c, values[i]])), counts: new Array<number>(size).fill(0) };
      groups.set(key, group);
    }
    group.counts[record.history - 1] += record.count;
  }
  const numeric = by.map((c) => [...groups.values()].every((g) => g.stratum[c] !== "" && Number.isFinite(Number(g.stratum[c]))));
  const ordered = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < by.length; i++) {
      const x = a.stratum[by[i]];
      const y = b.stratum[by[i]];
      if (x === y) continue;
      if (numeric[i]) return Number(x) - Number(y);
      return x < y ? -1 : 1;
    }
    return 0;
  });
  return ordered.map((g) => ({
    stratum: g.stratum,
    data: { lists: [...data.lists], counts: g.counts, observed: g.counts.reduce((a, b) => a + b, 0) },
  }));
}
