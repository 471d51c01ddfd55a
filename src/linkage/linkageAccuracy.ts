/**
 * Precision and recall of a linkage against a known truth (generated files).
 */
import { OptionError } from "../errors.js";
import type { Linkage } from "./types.js";

/** Pairwise precision and recall. */
export interface PairAccuracy {
  /** Pairs of records declared the same person. */
  readonly found: number;
  /** Pairs of records that are the same person. */
  readonly truth: number;
  /** Pairs both found and true. */
  readonly correct: number;
  /** correct / found (null when nothing was found). */
  readonly precision: number | null;
  /** correct / truth (null when no two records are the same person). */
  readonly recall: number | null;
}

/** The accuracy of a linkage. */
export interface LinkageAccuracy {
  /**
   * Over clusters: every pair of records put in the same person, against every pair of records of
   * the same true person (within and across lists). This is what the capture histories rest on.
   */
  readonly clusters: PairAccuracy;
  /** Over links: the pairs linked directly (before clustering), against the same true pairs. */
  readonly links: PairAccuracy;
  /** Persons found and true persons among the records. */
  readonly persons: {
    /** Persons (clusters) found. */
    readonly found: number;
    /** True persons among the records. */
    readonly truth: number;
  };
}

/**
 * Precision and recall of a linkage against the true person behind every record.
 *
 * Pairs are unordered pairs of records. With `n_c` records in found person c, `n_t` in true person
 * t and `n_ct` in both: found = Σ C(n_c, 2), truth = Σ C(n_t, 2), correct = Σ C(n_ct, 2).
 *
 * @param linkage - from {@link linkRecords} (its `records` and `pairs`).
 * @param truth - the true person of every row of every list, list by list in the configuration's
 *   order, rows in file order (as `simulateAgencyRecords` returns in `truth.persons`).
 * @returns precision and recall over clusters and over direct links, and the numbers of persons.
 * @throws {OptionError} when `truth` does not have one entry per record.
 * @example
 * const accuracy = linkageAccuracy(linkage, sim.truth);
 * accuracy.clusters.precision // 0.995
 * @see docs/methodology/linkage.md
 */
export function linkageAccuracy(
  linkage: Pick<Linkage, "records" | "pairs">,
  truth: { readonly persons: readonly (readonly number[])[] },
): LinkageAccuracy {
  const { list, row, person } = linkage.records;
  const n = list.length;
  const trueOf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = truth.persons[list[i]]?.[row[i] - 1];
    if (t === undefined) {
      throw new OptionError(`\`truth.persons\` must give the person of every record; list ${list[i]} row ${row[i]} has none`);
    }
    trueOf[i] = t;
  }
  const choose2 = (x: number) => (x * (x - 1)) / 2;
  const tally = (key: (i: number) => number) => {
    const m = new Map<number, number>();
    for (let i = 0; i < n; i++) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
    return m;
  };
  const found = tally((i) => person[i]);
  const trueGroups = tally((i) => trueOf[i]);
  const width = n + 1;
  const both = tally((i) => person[i] * width + trueOf[i]);
  const sum = (m: Map<number, number>) => [...m.values()].reduce((a, c) => a + choose2(c), 0);
  const clusters = accuracy(sum(found), sum(trueGroups), sum(both));

  let links = 0;
  let correct = 0;
  linkage.pairs.linked.forEach((isLink, k) => {
    if (!isLink) return;
    links++;
    if (trueOf[linkage.pairs.left[k]] === trueOf[linkage.pairs.right[k]]) correct++;
  });
  return {
    clusters,
    links: accuracy(links, clusters.truth, correct),
    persons: { found: found.size, truth: trueGroups.size },
  };
}

function accuracy(found: number, truth: number, correct: number): PairAccuracy {
  return {
    found,
    truth,
    correct,
    precision: found > 0 ? correct / found : null,
    recall: truth > 0 ? correct / truth : null,
  };
}
