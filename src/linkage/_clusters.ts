/**
 * Private: records into persons (connected components of the links, by union–find) and persons into
 * capture histories. Used for the linkage-uncertainty draws and the threshold sensitivity, and to
 * check the SQL clustering.
 */
import type { CaptureData, CaptureRecord } from "../types.js";

/**
 * The connected components of the links among `recordCount` records: pair `k` (records `left[k]`,
 * `right[k]`) is a link when `linked(k)`. Returns each record's person, numbered 1, 2, … in the
 * order of their smallest record id — the numbering of the SQL clustering.
 */
export function clusterLinks(
  recordCount: number,
  left: ArrayLike<number>,
  right: ArrayLike<number>,
  linked: (k: number) => boolean,
): Int32Array {
  const parent = new Int32Array(recordCount);
  for (let i = 0; i < recordCount; i++) parent[i] = i;
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root];
    while (parent[i] !== root) {
      const next = parent[i];
      parent[i] = root;
      i = next;
    }
    return root;
  };
  for (let k = 0; k < left.length; k++) {
    if (!linked(k)) continue;
    const a = find(left[k]);
    const b = find(right[k]);
    // the smaller id becomes the root, so a root is its component's smallest record
    if (a < b) parent[b] = a;
    else if (b < a) parent[a] = b;
  }
  const person = new Int32Array(recordCount);
  let next = 0;
  for (let i = 0; i < recordCount; i++) {
    const root = find(i);
    person[i] = root === i ? ++next : person[root];
  }
  return person;
}

/** A covariate's values per record, dictionary-coded. */
export interface CodedCovariate {
  readonly name: string;
  readonly values: readonly string[];
  readonly codes: ArrayLike<number>;
}

/**
 * Capture histories from a clustering: each person's history has bit `j` set when one of their
 * records is on list `j`; each covariate takes the value most of the person's records have (a tie
 * goes to the value of the earliest record, in list then row order). Returns the capture data (with
 * one record per distinct history and covariate values, sorted, when there are covariates) and the
 * number of persons whose records disagree on some covariate.
 */
export function historiesFromPersons(
  lists: readonly string[],
  recordList: ArrayLike<number>,
  person: ArrayLike<number>,
  covariates: readonly CodedCovariate[],
): { data: CaptureData; conflicts: number } {
  const n = recordList.length;
  let persons = 0;
  for (let i = 0; i < n; i++) if (person[i] > persons) persons = person[i];
  const history = new Int32Array(persons + 1);
  for (let i = 0; i < n; i++) history[person[i]] |= 1 << recordList[i];

  const counts = new Array<number>(2 ** lists.length - 1).fill(0);
  for (let p = 1; p <= persons; p++) counts[history[p] - 1] += 1;
  if (covariates.length === 0) return { data: { lists: [...lists], counts, observed: persons }, conflicts: 0 };

  // Majority value per person and covariate. Records are visited in id order, so the first value
  // to reach the top count is the earliest record's.
  const chosen = covariates.map(() => new Int32Array(persons + 1).fill(-1));
  const conflict = new Uint8Array(persons + 1);
  covariates.forEach((c, j) => {
    const best = new Int32Array(persons + 1);
    const tally = new Map<number, number>(); // person * values + code → count
    const width = Math.max(1, c.values.length);
    for (let i = 0; i < n; i++) {
      const p = person[i];
      const code = c.codes[i];
      const key = p * width + code;
      const t = (tally.get(key) ?? 0) + 1;
      tally.set(key, t);
      if (chosen[j][p] === -1) chosen[j][p] = code;
      else if (code !== chosen[j][p]) conflict[p] = 1;
      if (t > best[p]) {
        best[p] = t;
        chosen[j][p] = code;
      }
    }
  });
  const groups = new Map<string, { history: number; count: number; values: Record<string, string> }>();
  for (let p = 1; p <= persons; p++) {
    const values: Record<string, string> = {};
    covariates.forEach((c, j) => (values[c.name] = c.values[chosen[j][p]] ?? ""));
    const key = `${history[p]}\u0000${covariates.map((c) => values[c.name]).join("\u0000")}`;
    const g = groups.get(key);
    if (g) g.count += 1;
    else groups.set(key, { history: history[p], count: 1, values });
  }
  const records: CaptureRecord[] = [...groups.values()].sort(
    (a, b) =>
      a.history - b.history ||
      covariates.reduce((r, c) => r || (a.values[c.name] < b.values[c.name] ? -1 : a.values[c.name] > b.values[c.name] ? 1 : 0), 0),
  );
  let conflicts = 0;
  for (let p = 1; p <= persons; p++) conflicts += conflict[p];
  return {
    data: { lists: [...lists], counts, observed: persons, records, covariates: covariates.map((c) => c.name) },
    conflicts,
  };
}
