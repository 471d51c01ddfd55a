/**
 * A seeded generator of capture data with a known truth, for testing estimators and measuring the
 * coverage of their intervals.
 */
import { OptionError } from "../errors.js";
import type { CaptureData, CaptureRecord } from "../types.js";
import { popcount } from "../_lib/bits.js";
import { randomStream, searchCumulative, type RandomStream } from "../_lib/random.js";
import { MAX_LISTS, quote } from "../data/_capture.js";
import { VERSION } from "../version.js";

/** The seed used by {@link simulateCaptureData} when none is given. */
const DEFAULT_SIMULATION_SEED = 1;

/** One level of a stratum column, e.g. `{ name: "north", population: 5000 }`. */
export interface SimulatedStratumLevel {
  /** The level's value, as it appears in the records' `values`. */
  readonly name: string;
  /** Population of every stratum cell with this level (unless a cell entry or another level sets it). */
  readonly population?: number;
  /** Capture probability per list for every cell with this level, in the order of `lists`. */
  readonly captureProbabilities?: readonly number[];
}

/** A stratum column (e.g. `"region"`) and its levels. */
export interface SimulatedStratumColumn {
  /** The column's name, as it appears in the records' `values` and in `covariates`. */
  readonly column: string;
  /** Its levels, in order. */
  readonly levels: readonly SimulatedStratumLevel[];
}

/** Settings of one stratum cell (one combination of levels), overriding what the levels say. */
export interface SimulatedCellOverride {
  /** The cell: a level name for every stratum column, e.g. `{ region: "north", year: "2020" }`. */
  readonly stratum: Readonly<Record<string, string>>;
  /** Population of this cell (a whole number ≥ 0). */
  readonly population?: number;
  /** Capture probability per list for this cell, in the order of `lists`. */
  readonly captureProbabilities?: readonly number[];
}

/** A dependence between two lists: their log-linear two-list interaction, as an odds ratio. */
export interface SimulatedListDependence {
  /** The two lists, by name. */
  readonly lists: readonly [string, string];
  /** `exp(λ)`, the conditional odds ratio of the two lists; > 1 positive, < 1 negative dependence. */
  readonly oddsRatio: number;
}

/** Options of {@link simulateCaptureData}. */
export interface SimulateCaptureDataOptions {
  /** List names, at least 2 and at most 20, unique and non-blank; `lists[j]` is bit `j` of a history. */
  readonly lists: readonly string[];
  /** Seed of the random streams; recorded in `settings`. Default 1. */
  readonly seed?: number | string;
  /**
   * Without `strata`: the population size (a whole number ≥ 0). With `strata`: the default
   * population of each stratum cell, used when neither a `cells` entry nor a level sets one.
   */
  readonly population?: number;
  /**
   * Capture probability per list, each strictly between 0 and 1, in the order of `lists`. Without
   * `strata` it is required; with `strata` it is the default of every cell. See
   * {@link simulateCaptureData} for what the probabilities mean under dependence or heterogeneity.
   */
  readonly captureProbabilities?: readonly number[];
  /**
   * Stratum columns (typically one or two, e.g. region × year). Every combination of levels is a
   * stratum cell with its own population and capture probabilities.
   */
  readonly strata?: readonly SimulatedStratumColumn[];
  /** Per-cell settings, which win over the levels' and the defaults. Only with `strata`. */
  readonly cells?: readonly SimulatedCellOverride[];
  /** Pairwise list dependences, each a two-list log-linear interaction. Same in every cell. */
  readonly dependence?: readonly SimulatedListDependence[];
  /** Individual heterogeneity: a person effect `u ~ Normal(0, sd)` added to every list's logit. */
  readonly heterogeneity?: {
    /** Standard deviation of the person effect on the logit scale, ≥ 0 (0: none). */
    readonly sd: number;
  };
  /**
   * `"aggregated"` (default): one record per stratum cell and capture history with a positive
   * count. `"records"`: one record per observed person (count 1), in the order drawn.
   */
  readonly output?: "aggregated" | "records";
}

/** The truth of one stratum cell. */
export interface SimulatedStratumTruth {
  /** The cell's levels, e.g. `{ region: "north", year: "2020" }`; `{}` without strata. */
  readonly stratum: Readonly<Record<string, string>>;
  /** Everyone in the cell. */
  readonly population: number;
  /** People drawn on at least one list: the cell's part of the data. */
  readonly observed: number;
  /** People drawn on no list (the dark figure): `population − observed`. */
  readonly unobserved: number;
  /** The capture probabilities used in the cell (after cell and level overrides). */
  readonly captureProbabilities: readonly number[];
}

/** Every option that shaped a simulation, after defaults, and the library version. */
export interface SimulationSettings {
  /** Seed of the random streams (default 1). */
  readonly seed: number | string;
  /** List names, in column order. */
  readonly lists: readonly string[];
  /** The top-level `population`, when given. */
  readonly population?: number;
  /** The top-level `captureProbabilities`, when given. */
  readonly captureProbabilities?: readonly number[];
  /** The stratum columns and their levels, when given. */
  readonly strata?: readonly SimulatedStratumColumn[];
  /** The per-cell overrides, when given. */
  readonly cells?: readonly SimulatedCellOverride[];
  /** Pairwise list dependences; empty when none. */
  readonly dependence: readonly SimulatedListDependence[];
  /** Person-effect heterogeneity; `sd` is 0 when none was asked for. */
  readonly heterogeneity: {
    /** Standard deviation of the person effect on the logit scale. */
    readonly sd: number;
  };
  /** `"aggregated"` (default) or `"records"`: one record per cell and history, or per person. */
  readonly output: "aggregated" | "records";
  /** Version of prevalence that made the data. */
  readonly version: string;
}

/** Simulated capture data with the truth it was drawn from. */
export interface SimulatedCaptureData {
  /** The observable data: histories with a positive count, over all strata. */
  readonly data: CaptureData;
  /** The truth the data were drawn from: population, observed and dark figure. */
  readonly truth: {
    /** Total population, the sum over strata. */
    readonly total: number;
    /** People drawn on at least one list: `data.observed`. */
    readonly observed: number;
    /** People drawn on no list (the dark figure): `total − observed`. */
    readonly unobserved: number;
    /** One entry per stratum cell, in cell order (first column outermost). */
    readonly strata: readonly SimulatedStratumTruth[];
  };
  /** Every option that shaped the simulation, after defaults. */
  readonly settings: SimulationSettings;
}

/**
 * Simulate capture data with a known truth: every person in the population gets a capture history
 * drawn from a log-linear model; those with the all-zero history are the unobserved, and the others
 * are the data.
 *
 * **The distribution.** In a stratum cell with capture probabilities `p_j`, pairwise dependences
 * `λ_ab = log(oddsRatio_ab)` and heterogeneity `sd`, person `i` draws `u_i ~ Normal(0, sd)`
 * (Box–Muller, `u_i = 0` when `sd = 0`) and then a history `h ⊆ {lists}` from the exact multinomial
 * distribution over all `2^t` histories
 *
 *     P(h | u_i) ∝ exp( Σ_{j ∈ h} (logit p_j + u_i) + Σ_{pairs a,b ⊆ h} λ_ab ),
 *
 * normalised over every `h` (the empty history included). What `p_j` then means:
 * - no dependence, no heterogeneity: lists are independent and `p_j` is the marginal probability of
 *   being on list `j` (the main-effects log-linear model holds exactly);
 * - with dependence: `logit P(on j | the other lists) = logit p_j + Σ_b λ_jb·[on b]`, so `p_j` is the
 *   probability of being on list `j` for a person on none of the lists `j` is paired with, and
 *   `oddsRatio` is the odds ratio of the two lists conditional on all others (the model with those
 *   two-list terms holds exactly). A pair that shares no list with another pair is independent of
 *   the rest, and its marginal 2×2 odds ratio is then `oddsRatio` too;
 * - with heterogeneity: `p_j` is the capture probability of a person with `u = 0` (the median
 *   person); the marginal probability is `E[expit(logit p_j + u)]`, pulled towards 1/2. A shared `u`
 *   makes every pair of lists positively dependent, so the main-effects model underestimates the
 *   population (the known bias of model Mh, Otis et al. 1978): people rarely caught are
 *   under-represented among the observed.
 *
 * **Determinism.** Stratum cell `c` (numbered from 0, first stratum column outermost) draws from its
 * own stream `randomStream(seed, c)` (src/_lib/random.ts), so the same seed gives the same result and cells are
 * independent. Per person: with heterogeneity, one normal (Box–Muller from two uniforms, the second
 * normal kept for the next person), then one uniform for the number of lists and one for the history
 * among those with that many lists; without, one uniform by inversion over the `2^t` histories.
 * Cost: `O(2^t)` per cell plus `O(t)` per person.
 *
 * **Strata.** A cell's population and probabilities come from, in order: its `cells` entry; the one
 * level among its levels that sets them (two levels setting the same thing is an error: give the
 * cell a `cells` entry); the top-level `population` / `captureProbabilities`. Records carry the
 * cell's levels in `values`, and `covariates` lists the stratum columns. Without `strata`, aggregated
 * data have no records; `output: "records"` gives one record per person with empty `values`.
 *
 * @param options - see {@link SimulateCaptureDataOptions}; `lists` is required, and a population
 *   and capture probabilities must be known for every cell.
 * @returns the data, the truth per stratum cell and in total, and the settings (seed included).
 * @throws {OptionError} when an option is missing, of the wrong kind or out of range: fewer than 2
 *   or more than 20 lists, a probability outside (0, 1), a population that is not a whole number
 *   ≥ 0, an unknown list or level, a repeated name or pair, an odds ratio ≤ 0, a negative `sd`, or a
 *   cell whose population or probabilities are missing or set by two levels.
 * @example
 * const sim = simulateCaptureData({
 *   lists: ["police", "ngo", "health"],
 *   population: 1000,
 *   captureProbabilities: [0.3, 0.2, 0.25],
 *   dependence: [{ lists: ["police", "ngo"], oddsRatio: 2 }],
 *   seed: 7,
 * });
 * sim.truth.total // 1000
 * sim.data.observed + sim.truth.unobserved // 1000
 * @see docs/methodology/simulation.md
 */
export function simulateCaptureData(options: SimulateCaptureDataOptions): SimulatedCaptureData {
  if (typeof options !== "object" || options === null) {
    throw new OptionError(`\`options\` must be an object with at least \`lists\`; received ${quote(options)}`);
  }
  const lists = validateLists(options.lists);
  const t = lists.length;
  const seed = options.seed ?? DEFAULT_SIMULATION_SEED;
  if (!(typeof seed === "number" && Number.isFinite(seed)) && typeof seed !== "string") {
    throw new OptionError(`\`seed\` must be a finite number or a string; received ${quote(seed)}`);
  }
  const output = options.output ?? "aggregated";
  if (output !== "aggregated" && output !== "records") {
    throw new OptionError(`\`output\` must be "aggregated" or "records"; received ${quote(output)}`);
  }
  if (options.population !== undefined) validatePopulation("population", options.population);
  if (options.captureProbabilities !== undefined) validateProbabilities("captureProbabilities", options.captureProbabilities, t);
  const dependence = validateDependence(options.dependence, lists);
  const sd = validateHeterogeneity(options.heterogeneity);
  const columns = validateStrata(options.strata, lists);
  const cells = resolveCells(options, columns, t);

  // Log-weights of the interactions, the same in every cell.
  const size = 2 ** t;
  const interaction = new Float64Array(size);
  for (const d of dependence) {
    const mask = 2 ** lists.indexOf(d.lists[0]) + 2 ** lists.indexOf(d.lists[1]);
    const lambda = Math.log(d.oddsRatio);
    for (let h = 0; h < size; h++) if ((h & mask) === mask) interaction[h] += lambda;
  }

  const counts = new Array<number>(size - 1).fill(0);
  const records: CaptureRecord[] = [];
  const truthStrata: SimulatedStratumTruth[] = [];
  cells.forEach((cell, index) => {
    const stream = randomStream(seed, index);
    const cellCounts = drawCell(cell.population, cell.captureProbabilities, interaction, sd, stream, (history) => {
      if (output === "records") records.push({ history, count: 1, values: { ...cell.stratum } });
    });
    let observed = 0;
    for (let h = 1; h < size; h++) {
      const c = cellCounts[h];
      if (c === 0) continue;
      counts[h - 1] += c;
      observed += c;
      if (output === "aggregated") records.push({ history: h, count: c, values: { ...cell.stratum } });
    }
    truthStrata.push({
      stratum: { ...cell.stratum },
      population: cell.population,
      observed,
      unobserved: cell.population - observed,
      captureProbabilities: [...cell.captureProbabilities],
    });
  });

  const observed = counts.reduce((a, b) => a + b, 0);
  const total = truthStrata.reduce((a, s) => a + s.population, 0);
  const covariates = columns.map((c) => c.column);
  const keepRecords = columns.length > 0 || output === "records";
  const data: CaptureData = keepRecords
    ? { lists: [...lists], counts, observed, records, covariates }
    : { lists: [...lists], counts, observed };

  const settings: SimulationSettings = {
    seed,
    lists: [...lists],
    ...(options.population !== undefined ? { population: options.population } : {}),
    ...(options.captureProbabilities !== undefined ? { captureProbabilities: [...options.captureProbabilities] } : {}),
    ...(columns.length > 0
      ? {
          strata: columns.map((c) => ({
            column: c.column,
            levels: c.levels.map((l) => ({
              name: l.name,
              ...(l.population !== undefined ? { population: l.population } : {}),
              ...(l.captureProbabilities !== undefined ? { captureProbabilities: [...l.captureProbabilities] } : {}),
            })),
          })),
        }
      : {}),
    ...(options.cells !== undefined
      ? {
          cells: options.cells.map((c) => ({
            stratum: { ...c.stratum },
            ...(c.population !== undefined ? { population: c.population } : {}),
            ...(c.captureProbabilities !== undefined ? { captureProbabilities: [...c.captureProbabilities] } : {}),
          })),
        }
      : {}),
    dependence: dependence.map((d) => ({ lists: [d.lists[0], d.lists[1]] as const, oddsRatio: d.oddsRatio })),
    heterogeneity: { sd },
    output,
    version: VERSION,
  };
  return { data, truth: { total, observed, unobserved: total - observed, strata: truthStrata }, settings };
}

/** A resolved stratum cell. */
interface Cell {
  readonly stratum: Record<string, string>;
  readonly population: number;
  readonly captureProbabilities: readonly number[];
}

/**
 * Draw `population` people of one cell; returns the count of every history `0 … 2^t − 1` (index 0
 * the unobserved) and calls `onPerson` with each observed person's history, in order.
 */
function drawCell(
  population: number,
  probabilities: readonly number[],
  interaction: Float64Array,
  sd: number,
  stream: RandomStream,
  onPerson: (history: number) => void,
): Float64Array {
  const size = interaction.length;
  const t = probabilities.length;
  const logits = probabilities.map((p) => Math.log(p / (1 - p)));
  const logWeight = new Float64Array(size);
  let max = -Infinity;
  for (let h = 0; h < size; h++) {
    let w = interaction[h];
    for (let j = 0; j < t; j++) if (Math.floor(h / 2 ** j) % 2 === 1) w += logits[j];
    logWeight[h] = w;
    if (w > max) max = w;
  }
  const counts = new Float64Array(size);

  if (sd === 0) {
    // One multinomial over all histories, by inversion of the cumulative weights.
    const cumulative = new Float64Array(size);
    let total = 0;
    for (let h = 0; h < size; h++) {
      total += Math.exp(logWeight[h] - max);
      cumulative[h] = total;
    }
    for (let i = 0; i < population; i++) {
      const h = searchCumulative(cumulative, stream.uniform() * total, 0, size - 1);
      counts[h] += 1;
      if (h > 0) onPerson(h);
    }
    return counts;
  }

  // With a person effect u, P(h | u) ∝ w_h · exp(u·|h|): draw the number of lists k with weight
  // S_k · exp(u·k), S_k = Σ_{|h| = k} w_h, then h among the histories with k lists by w_h alone.
  const byClass: number[][] = Array.from({ length: t + 1 }, () => []);
  for (let h = 0; h < size; h++) byClass[popcount(h)].push(h);
  const classCumulative = byClass.map((hs) => {
    const c = new Float64Array(hs.length);
    let s = 0;
    hs.forEach((h, i) => {
      s += Math.exp(logWeight[h] - max);
      c[i] = s;
    });
    return c;
  });
  const logClass = classCumulative.map((c) => Math.log(c[c.length - 1]));
  const kWeights = new Float64Array(t + 1);
  for (let i = 0; i < population; i++) {
    const u = sd * stream.normal();
    let kMax = -Infinity;
    for (let k = 0; k <= t; k++) {
      const v = logClass[k] + u * k;
      kWeights[k] = v;
      if (v > kMax) kMax = v;
    }
    let total = 0;
    for (let k = 0; k <= t; k++) {
      total += Math.exp(kWeights[k] - kMax);
      kWeights[k] = total;
    }
    const k = searchCumulative(kWeights, stream.uniform() * total, 0, t);
    const c = classCumulative[k];
    const h = byClass[k][searchCumulative(c, stream.uniform() * c[c.length - 1], 0, c.length - 1)];
    counts[h] += 1;
    if (h > 0) onPerson(h);
  }
  return counts;
}

function validateLists(lists: unknown): string[] {
  if (!Array.isArray(lists) || lists.some((l) => typeof l !== "string")) {
    throw new OptionError(`\`lists\` must be an array of list names (strings); received ${quote(lists)}`);
  }
  const names = lists as string[];
  if (names.length < 2 || names.length > MAX_LISTS) {
    throw new OptionError(`\`lists\` must hold from 2 to ${MAX_LISTS} list names; received ${names.length}`);
  }
  checkNames("lists", names);
  return names;
}

/** Names must be non-blank and unique. */
function checkNames(argument: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (name.trim() === "") throw new OptionError(`\`${argument}\` must hold non-blank names; received ${quote(name)}`);
    if (seen.has(name)) throw new OptionError(`\`${argument}\` must not repeat a name; received ${quote(name)} twice`);
    seen.add(name);
  }
}

function validatePopulation(argument: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new OptionError(`\`${argument}\` must be a whole number ≥ 0; received ${quote(value)}`);
  }
  return value;
}

function validateProbabilities(argument: string, value: unknown, t: number): readonly number[] {
  if (!Array.isArray(value) || value.length !== t) {
    throw new OptionError(`\`${argument}\` must be an array of ${t} probabilities, one per list; received ${quote(value)}`);
  }
  for (const p of value) {
    if (typeof p !== "number" || !(p > 0 && p < 1)) {
      throw new OptionError(`\`${argument}\` must hold probabilities strictly between 0 and 1; received ${quote(p)}`);
    }
  }
  return value as number[];
}

function validateDependence(dependence: unknown, lists: readonly string[]): SimulatedListDependence[] {
  if (dependence === undefined) return [];
  if (!Array.isArray(dependence)) {
    throw new OptionError(`\`dependence\` must be an array of { lists: [a, b], oddsRatio }; received ${quote(dependence)}`);
  }
  const seen = new Set<string>();
  return dependence.map((d: unknown, i) => {
    const entry = d as Partial<SimulatedListDependence> | null;
    const pair = entry?.lists;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((name) => typeof name === "string" && lists.includes(name))) {
      throw new OptionError(
        `\`dependence[${i}].lists\` must name two of the lists (${lists.join(", ")}); received ${quote(pair)}`,
      );
    }
    if (pair[0] === pair[1]) {
      throw new OptionError(`\`dependence[${i}].lists\` must name two different lists; received ${quote(pair)}`);
    }
    const key = [...pair].sort().join("\u0000");
    if (seen.has(key)) {
      throw new OptionError(`\`dependence\` must not repeat a pair of lists; received ${pair.join(" and ")} twice`);
    }
    seen.add(key);
    const oddsRatio = entry?.oddsRatio;
    if (typeof oddsRatio !== "number" || !Number.isFinite(oddsRatio) || oddsRatio <= 0) {
      throw new OptionError(`\`dependence[${i}].oddsRatio\` must be a finite number > 0; received ${quote(oddsRatio)}`);
    }
    return { lists: [pair[0], pair[1]] as const, oddsRatio };
  });
}

function validateHeterogeneity(heterogeneity: unknown): number {
  if (heterogeneity === undefined) return 0;
  const sd = (heterogeneity as { sd?: unknown } | null)?.sd;
  if (typeof sd !== "number" || !Number.isFinite(sd) || sd < 0) {
    throw new OptionError(`\`heterogeneity.sd\` must be a finite number ≥ 0; received ${quote(sd)}`);
  }
  return sd;
}

function validateStrata(strata: unknown, lists: readonly string[]): readonly SimulatedStratumColumn[] {
  if (strata === undefined) return [];
  if (!Array.isArray(strata) || strata.length === 0) {
    throw new OptionError(`\`strata\` must be a non-empty array of { column, levels }; received ${quote(strata)}`);
  }
  const columns = strata as SimulatedStratumColumn[];
  columns.forEach((c, i) => {
    if (typeof c !== "object" || c === null || typeof c.column !== "string") {
      throw new OptionError(`\`strata[${i}].column\` must be a column name (a string); received ${quote(c)}`);
    }
    if (lists.includes(c.column)) {
      throw new OptionError(`\`strata[${i}].column\` must not be a list name; received ${quote(c.column)}`);
    }
    if (!Array.isArray(c.levels) || c.levels.length === 0) {
      throw new OptionError(`\`strata[${i}].levels\` must be a non-empty array of { name, ... }; received ${quote(c.levels)}`);
    }
    c.levels.forEach((l, k) => {
      if (typeof l !== "object" || l === null || typeof l.name !== "string") {
        throw new OptionError(`\`strata[${i}].levels[${k}].name\` must be a level name (a string); received ${quote(l)}`);
      }
    });
    checkNames(`strata[${i}].levels`, c.levels.map((l) => l.name));
  });
  checkNames("strata[].column", columns.map((c) => c.column));
  return columns;
}

/** Every stratum cell, first column outermost, with its population and probabilities resolved. */
function resolveCells(options: SimulateCaptureDataOptions, columns: readonly SimulatedStratumColumn[], t: number): Cell[] {
  if (columns.length === 0) {
    if (options.cells !== undefined) throw new OptionError(`\`cells\` may only be given with \`strata\`; received ${quote(options.cells)}`);
    if (options.population === undefined) throw new OptionError("`population` must be given when there are no `strata`; received undefined");
    if (options.captureProbabilities === undefined) {
      throw new OptionError("`captureProbabilities` must be given when there are no `strata`; received undefined");
    }
    return [{ stratum: {}, population: options.population, captureProbabilities: [...options.captureProbabilities] }];
  }

  // Cell overrides, keyed by their level names in column order.
  const overrides = new Map<string, SimulatedCellOverride>();
  const keyOf = (names: readonly string[]): string => JSON.stringify(names);
  if (options.cells !== undefined) {
    if (!Array.isArray(options.cells)) throw new OptionError(`\`cells\` must be an array of { stratum, ... }; received ${quote(options.cells)}`);
    options.cells.forEach((cell, i) => {
      const stratum = (cell as SimulatedCellOverride | null)?.stratum;
      if (typeof stratum !== "object" || stratum === null) {
        throw new OptionError(`\`cells[${i}].stratum\` must be an object of levels by column; received ${quote(stratum)}`);
      }
      const keys = Object.keys(stratum);
      const expected = columns.map((c) => c.column);
      if (keys.length !== expected.length || !expected.every((c) => Object.hasOwn(stratum, c))) {
        throw new OptionError(`\`cells[${i}].stratum\` must give a level for exactly the columns ${expected.join(", ")}; received ${quote(stratum)}`);
      }
      const names = columns.map((c) => {
        const level = stratum[c.column];
        if (!c.levels.some((l) => l.name === level)) {
          throw new OptionError(`\`cells[${i}].stratum.${c.column}\` must be one of the levels ${c.levels.map((l) => l.name).join(", ")}; received ${quote(level)}`);
        }
        return level;
      });
      const key = keyOf(names);
      if (overrides.has(key)) throw new OptionError(`\`cells\` must not repeat a cell; received ${quote(stratum)} twice`);
      if (cell.population !== undefined) validatePopulation(`cells[${i}].population`, cell.population);
      if (cell.captureProbabilities !== undefined) validateProbabilities(`cells[${i}].captureProbabilities`, cell.captureProbabilities, t);
      overrides.set(key, cell);
    });
  }
  columns.forEach((c, i) =>
    c.levels.forEach((l, k) => {
      if (l.population !== undefined) validatePopulation(`strata[${i}].levels[${k}].population`, l.population);
      if (l.captureProbabilities !== undefined) {
        validateProbabilities(`strata[${i}].levels[${k}].captureProbabilities`, l.captureProbabilities, t);
      }
    }),
  );

  // The cartesian product of the levels, first column outermost.
  let combos: SimulatedStratumLevel[][] = [[]];
  for (const c of columns) combos = combos.flatMap((prefix) => c.levels.map((l) => [...prefix, l]));

  return combos.map((levels) => {
    const stratum: Record<string, string> = {};
    columns.forEach((c, i) => (stratum[c.column] = levels[i].name));
    const override = overrides.get(keyOf(levels.map((l) => l.name)));
    const pick = (field: "population" | "captureProbabilities"): number | readonly number[] => {
      if (override?.[field] !== undefined) return override[field];
      const setters = levels.map((l, i) => ({ l, i })).filter(({ l }) => l[field] !== undefined);
      if (setters.length > 1) {
        throw new OptionError(
          `the \`${field}\` of cell ${quote(stratum)} must be set by at most one of its levels (else give it in a ` +
            `\`cells\` entry); received ${setters.map(({ l, i }) => `${columns[i].column} = ${l.name}: ${quote(l[field])}`).join(" and ")}`,
        );
      }
      if (setters.length === 1) return setters[0].l[field] as number | readonly number[];
      if (options[field] !== undefined) return options[field];
      throw new OptionError(
        `the \`${field}\` of cell ${quote(stratum)} must be given (in \`cells\`, on one of its levels, or at the top level); received none`,
      );
    };
    return {
      stratum,
      population: pick("population") as number,
      captureProbabilities: [...(pick("captureProbabilities") as readonly number[])],
    };
  });
}
