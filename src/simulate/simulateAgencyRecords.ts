/**
 * A seeded generator of agency record files with a known truth, for testing record linkage: a
 * simulated population, its list memberships, and for every list one record per person seen (plus
 * within-list duplicates) with names, birth dates, sex and nationality corrupted at set rates.
 */
import { OptionError } from "../errors.js";
import { randomStream, type RandomStream } from "../_lib/random.js";
import { quote } from "../data/_capture.js";
import {
  simulateCaptureData,
  type SimulateCaptureDataOptions,
  type SimulatedCaptureData,
} from "./simulateCaptureData.js";
import type { CaptureData } from "../types.js";
import { VERSION } from "../version.js";
import {
  drawRank,
  nameVocabulary,
  shortForm,
  spellingVariant,
  typo,
  zipfCumulative,
} from "./_names.js";

/** The identifying fields the generator writes, in column order after `record_id`. */
export const AGENCY_FIELDS = ["first_name", "last_name", "birth_date", "sex", "nationality"] as const;

/** An identifying field of a generated record. */
export type AgencyField = (typeof AGENCY_FIELDS)[number];

/** How a corrupted name was spoiled, with relative weights. */
export interface NameCorruption {
  /** One typing error: a letter substituted, inserted or deleted, or two neighbours swapped. Default 0.55. */
  readonly typo?: number;
  /**
   * A variant: for a first name a short form (`alexandra` → `alex`) or a spelling variant
   * (`sophia` → `sofia`); for a last name a dropped part of a compound surname or a spelling
   * variant. Default 0.3.
   */
  readonly variant?: number;
  /** Left blank. Default 0.15. */
  readonly missing?: number;
}

/** How a corrupted birth date was spoiled, with relative weights. */
export interface DateCorruption {
  /** Day and month swapped (only when both are ≤ 12 and differ; else a digit error). Default 0.3. */
  readonly transposed?: number;
  /** One digit of the day, month or year changed, the date staying valid. Default 0.35. */
  readonly digit?: number;
  /** Left blank. Default 0.2. */
  readonly missing?: number;
  /** Only the year written (`1987`). Default 0.15. */
  readonly yearOnly?: number;
}

/** Corruption of the identifying fields. */
export interface AgencyCorruption {
  /**
   * Probability that a field of a record is corrupted, the same for every identifying field and
   * record, independently; default 0.1. Two records of one person then disagree on a field with
   * probability about `2·rate`.
   */
  readonly rate?: number;
  /** Kinds of name corruption (first and last names). */
  readonly names?: NameCorruption;
  /** Kinds of birth-date corruption. */
  readonly dates?: DateCorruption;
  /** Share of corrupted `sex` values left blank; the rest are flipped. Default 0.8. */
  readonly sexMissing?: number;
  /** Share of corrupted `nationality` values left blank; the rest are another nationality. Default 0.7. */
  readonly nationalityMissing?: number;
}

/** How one agency writes its records. */
export interface AgencyStyle {
  /** Names in capitals (`MARIA`) instead of capitalised (`Maria`). Default false. */
  readonly uppercase?: boolean;
  /** `"iso"` (`1987-03-21`, default) or `"dmy"` (`21/03/1987`); a year-only date is `1987` in both. */
  readonly dateFormat?: "iso" | "dmy";
}

/** Options of {@link simulateAgencyRecords}. */
export interface SimulateAgencyRecordsOptions {
  /**
   * The population and its list memberships, as {@link simulateCaptureData} takes them (its
   * `output` is set to `"records"`). Its stratum columns (e.g. region, year) become covariate
   * columns of every record.
   */
  readonly population: Omit<SimulateCaptureDataOptions, "output">;
  /** Seed of the identities, corruption and row order; recorded in `settings`. Default: `population.seed`, else 1. */
  readonly seed?: number | string;
  /** Corruption of the identifying fields; see {@link AgencyCorruption}. */
  readonly corruption?: AgencyCorruption;
  /**
   * Probability that a record has a within-list duplicate, drawn again after each duplicate (so a
   * record has `k` duplicates with probability `d^k (1 − d)`, at most 4); each duplicate is
   * corrupted independently from the clean values. Default 0.05.
   */
  readonly duplicates?: number;
  /** Range of birth years, inclusive. Default `[1960, 2008]`. */
  readonly birthYears?: readonly [number, number];
  /** How each agency writes its records, by list name. Default: capitalised names and ISO dates. */
  readonly styles?: Readonly<Record<string, AgencyStyle>>;
}

/** One agency's file: a header and rows of text, the way it would be written to a CSV file. */
export interface AgencyFile {
  /** The list's name. */
  readonly name: string;
  /** Column names: `record_id`, the identifying fields, then the covariates. */
  readonly columns: readonly string[];
  /** One array of cells per record, in file order (rows are shuffled; duplicates are not adjacent). */
  readonly rows: readonly (readonly string[])[];
}

/** Counts of corrupted values by field and kind. */
export type CorruptionCounts = Readonly<Record<AgencyField, Readonly<Record<string, number>>>>;

/** The truth behind generated agency files, kept apart from them. */
export interface AgencyTruth {
  /** True population size. */
  readonly population: number;
  /** People on at least one list. */
  readonly observed: number;
  /** For each list (in order), the person behind every row (in file order): ids 1 … observed. */
  readonly persons: readonly (readonly number[])[];
  /** The true capture histories (one record per person with the stratum columns as covariates). */
  readonly histories: CaptureData;
  /** Number of records that are within-list duplicates, per list. */
  readonly duplicates: readonly number[];
  /** Corrupted values by field and kind, over all records. */
  readonly corruptions: CorruptionCounts;
  /** The simulation of the population behind the files. */
  readonly simulation: SimulatedCaptureData;
}

/** Every option that shaped the files, after defaults. */
export interface AgencyRecordsSettings {
  /** Seed of the identities, corruption and row order. */
  readonly seed: number | string;
  /** Corruption after defaults. */
  readonly corruption: {
    /** Probability that a field of a record is corrupted. */
    readonly rate: number;
    /** Kinds of name corruption. */
    readonly names: Required<NameCorruption>;
    /** Kinds of date corruption. */
    readonly dates: Required<DateCorruption>;
    /** Share of corrupted sexes left blank. */
    readonly sexMissing: number;
    /** Share of corrupted nationalities left blank. */
    readonly nationalityMissing: number;
  };
  /** Within-list duplicate probability. */
  readonly duplicates: number;
  /** Range of birth years. */
  readonly birthYears: readonly [number, number];
  /** Each list's style. */
  readonly styles: Readonly<Record<string, Required<AgencyStyle>>>;
  /** Version of prevalence that made the files. */
  readonly version: string;
}

/** Generated agency files, the truth behind them and the settings. */
export interface SimulatedAgencyRecords {
  /** One file per list, in list order. */
  readonly files: readonly AgencyFile[];
  /** The truth: who is behind every row, the true histories and population. */
  readonly truth: AgencyTruth;
  /** Every option that shaped the files. */
  readonly settings: AgencyRecordsSettings;
}

/** Nationality codes and their relative frequencies. */
const NATIONALITIES = ["NGA", "VNM", "ROU", "ALB", "GBR", "POL", "CHN", "ERI", "SDN", "IND", "PAK", "BGR", "LTU", "SVK", "HUN", "IRQ", "AFG", "EGY", "SYR", "PHL", "THA", "BRA", "UKR", "MAR", "TUR"];

interface Identity {
  readonly first: string;
  readonly last: string;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly sex: "F" | "M";
  readonly nationality: string;
}

/**
 * Generate agency record files with a known truth. A population is simulated with
 * {@link simulateCaptureData}; every person gets an identity (first and last name from a fixed
 * synthetic vocabulary with Zipf-like frequencies — 1,000 first names per sex and 20,000 last names,
 * 8% of people with a compound surname — a birth date, sex and nationality); every list then holds
 * one record per person on it, plus within-list duplicates, each field of each record corrupted
 * independently with probability `corruption.rate` (typos, name variants, transposed or mistyped
 * dates, year-only dates, blanks). Rows are shuffled within each file; who is behind each row is
 * kept apart in `truth.persons`.
 *
 * Streams (see `src/_lib/random.ts`): identities from `(seed, "identity")`; list `j`'s records from
 * `(seed, "records", j)`; its row order from `(seed, "order", j)`. The population comes from
 * `simulateCaptureData` with its own seed.
 *
 * @param options - see {@link SimulateAgencyRecordsOptions}; `population` is required.
 * @returns the files, the truth and the settings.
 * @throws {OptionError} when an option is out of range (a rate or weight outside [0, 1] or negative,
 *   weights summing to 0, an inverted year range, a style for an unknown list), or as
 *   {@link simulateCaptureData} throws for the population.
 * @example
 * const sim = simulateAgencyRecords({
 *   population: { lists: ["police", "ngo", "shelter", "labour"], population: 20000,
 *                 captureProbabilities: [0.3, 0.25, 0.2, 0.3], seed: 1 },
 *   corruption: { rate: 0.1 },
 * });
 * sim.files[0].columns // ["record_id", "first_name", "last_name", "birth_date", "sex", "nationality"]
 * sim.truth.persons[0][0] // the person behind the police file's first row
 * @see docs/methodology/linkage.md
 */
export function simulateAgencyRecords(options: SimulateAgencyRecordsOptions): SimulatedAgencyRecords {
  if (typeof options !== "object" || options === null || typeof options.population !== "object" || options.population === null) {
    throw new OptionError(`\`options.population\` must be the options of simulateCaptureData; received ${quote(options?.population)}`);
  }
  const settings = resolveSettings(options);
  const simulation = simulateCaptureData({ ...options.population, output: "records" });
  const lists = simulation.data.lists;
  for (const name of Object.keys(options.styles ?? {})) {
    if (!lists.includes(name)) throw new OptionError(`\`styles\` must be keyed by list names (${lists.join(", ")}); received ${quote(name)}`);
  }
  const covariates = simulation.data.covariates ?? [];
  const people = simulation.data.records ?? [];
  const identities = drawIdentities(people.length, settings, randomStream(settings.seed, "identity"));
  const counts = emptyCounts();

  const files: AgencyFile[] = [];
  const persons: number[][] = [];
  const duplicates: number[] = [];
  lists.forEach((list, j) => {
    const random = randomStream(settings.seed, "records", j);
    const style = settings.styles[list];
    const rows: string[][] = [];
    const owners: number[] = [];
    let duplicated = 0;
    people.forEach((person, p) => {
      if ((person.history & (2 ** j)) === 0) return;
      let copies = 1;
      while (copies < 5 && random.uniform() < settings.duplicates) copies++;
      duplicated += copies - 1;
      for (let c = 0; c < copies; c++) {
        rows.push([
          "",
          ...corruptIdentity(identities[p], settings, style, random, counts),
          ...covariates.map((name) => person.values[name] ?? ""),
        ]);
        owners.push(p + 1);
      }
    });
    const order = shuffledIndices(rows.length, randomStream(settings.seed, "order", j));
    const prefix = list.replace(/[^A-Za-z0-9]/g, "").slice(0, 3).toUpperCase() || `L${j + 1}`;
    files.push({
      name: list,
      columns: ["record_id", ...AGENCY_FIELDS, ...covariates],
      rows: order.map((k, r) => {
        const row = rows[k];
        row[0] = `${prefix}-${String(r + 1).padStart(7, "0")}`;
        return row;
      }),
    });
    persons.push(order.map((k) => owners[k]));
    duplicates.push(duplicated);
  });

  return {
    files,
    truth: {
      population: simulation.truth.total,
      observed: simulation.truth.observed,
      persons,
      histories: simulation.data,
      duplicates,
      corruptions: counts,
      simulation,
    },
    settings,
  };
}

function resolveSettings(options: SimulateAgencyRecordsOptions): AgencyRecordsSettings {
  const seed = options.seed ?? options.population.seed ?? 1;
  if (!(typeof seed === "number" && Number.isFinite(seed)) && typeof seed !== "string") {
    throw new OptionError(`\`seed\` must be a finite number or a string; received ${quote(seed)}`);
  }
  const c = options.corruption ?? {};
  const rate = probability("corruption.rate", c.rate ?? 0.1);
  const names = weights("corruption.names", { typo: 0.55, variant: 0.3, missing: 0.15 }, c.names);
  const dates = weights("corruption.dates", { transposed: 0.3, digit: 0.35, missing: 0.2, yearOnly: 0.15 }, c.dates);
  const sexMissing = probability("corruption.sexMissing", c.sexMissing ?? 0.8);
  const nationalityMissing = probability("corruption.nationalityMissing", c.nationalityMissing ?? 0.7);
  const duplicates = probability("duplicates", options.duplicates ?? 0.05);
  if (duplicates >= 1) throw new OptionError(`\`duplicates\` must be below 1; received ${duplicates}`);
  const birthYears = options.birthYears ?? [1960, 2008];
  if (
    !Array.isArray(birthYears) ||
    birthYears.length !== 2 ||
    !birthYears.every((y) => Number.isInteger(y) && y >= 1800 && y <= 2200) ||
    birthYears[0] > birthYears[1]
  ) {
    throw new OptionError(`\`birthYears\` must be [first, last] whole years between 1800 and 2200, first ≤ last; received ${quote(birthYears)}`);
  }
  const lists = options.population.lists ?? [];
  const styles: Record<string, Required<AgencyStyle>> = {};
  for (const list of Array.isArray(lists) ? lists : []) {
    const s = options.styles?.[list] ?? {};
    const dateFormat = s.dateFormat ?? "iso";
    if (dateFormat !== "iso" && dateFormat !== "dmy") {
      throw new OptionError(`\`styles.${list}.dateFormat\` must be "iso" or "dmy"; received ${quote(dateFormat)}`);
    }
    styles[list] = { uppercase: s.uppercase === true, dateFormat };
  }
  return {
    seed,
    corruption: { rate, names, dates, sexMissing, nationalityMissing },
    duplicates,
    birthYears: [birthYears[0], birthYears[1]],
    styles,
    version: VERSION,
  };
}

function probability(name: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    throw new OptionError(`\`${name}\` must be a probability between 0 and 1; received ${quote(value)}`);
  }
  return value;
}

function weights<T extends Record<string, number>>(name: string, defaults: T, given: Partial<T> | undefined): T {
  const out = { ...defaults };
  for (const key of Object.keys(given ?? {})) {
    if (!(key in defaults)) throw new OptionError(`\`${name}\` has no kind ${quote(key)}; the kinds are ${Object.keys(defaults).join(", ")}`);
    const v = (given as Record<string, unknown>)[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new OptionError(`\`${name}.${key}\` must be a weight ≥ 0; received ${quote(v)}`);
    }
    (out as Record<string, number>)[key] = v;
  }
  if (Object.values(out).reduce((a, b) => a + b, 0) <= 0) throw new OptionError(`\`${name}\` weights must not all be 0`);
  return out;
}

function emptyCounts(): Record<AgencyField, Record<string, number>> {
  return { first_name: {}, last_name: {}, birth_date: {}, sex: {}, nationality: {} };
}

function drawIdentities(n: number, settings: AgencyRecordsSettings, random: RandomStream): Identity[] {
  const vocabulary = nameVocabulary();
  const firstCumulative = zipfCumulative(vocabulary.female.length, 10);
  const lastCumulative = zipfCumulative(vocabulary.last.length, 20);
  const nationalityCumulative = zipfCumulative(NATIONALITIES.length, 1);
  const [from, to] = settings.birthYears;
  const identities: Identity[] = [];
  for (let i = 0; i < n; i++) {
    const sex = random.uniform() < 0.5 ? "F" : "M";
    const first = (sex === "F" ? vocabulary.female : vocabulary.male)[drawRank(firstCumulative, random.uniform())];
    let last = vocabulary.last[drawRank(lastCumulative, random.uniform())];
    if (random.uniform() < 0.08) last = `${last}-${vocabulary.last[drawRank(lastCumulative, random.uniform())]}`;
    const year = from + Math.floor(random.uniform() * (to - from + 1));
    const dayOfYear = Math.floor(random.uniform() * daysInYear(year));
    const { month, day } = monthDay(year, dayOfYear);
    const nationality = NATIONALITIES[drawRank(nationalityCumulative, random.uniform())];
    identities.push({ first, last, year, month, day, sex, nationality });
  }
  return identities;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInYear = (y: number): number => (isLeap(y) ? 366 : 365);
const daysInMonth = (y: number, m: number): number => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];

function monthDay(year: number, dayOfYear: number): { month: number; day: number } {
  let d = dayOfYear;
  for (let m = 1; m <= 12; m++) {
    const len = daysInMonth(year, m);
    if (d < len) return { month: m, day: d + 1 };
    d -= len;
  }
  return { month: 12, day: 31 };
}

/** Draw a kind from relative weights. */
function drawKind<T extends Record<string, number>>(w: T, random: RandomStream): keyof T & string {
  const entries = Object.entries(w);
  const total = entries.reduce((a, [, v]) => a + v, 0);
  let u = random.uniform() * total;
  for (const [k, v] of entries) {
    if (u < v) return k;
    u -= v;
  }
  return entries[entries.length - 1][0];
}

function tally(counts: Record<AgencyField, Record<string, number>>, field: AgencyField, kind: string): void {
  counts[field][kind] = (counts[field][kind] ?? 0) + 1;
}

/** The written fields of one record of `identity`, each corrupted with probability `rate`. */
function corruptIdentity(
  identity: Identity,
  settings: AgencyRecordsSettings,
  style: Required<AgencyStyle>,
  random: RandomStream,
  counts: Record<AgencyField, Record<string, number>>,
): string[] {
  const { rate } = settings.corruption;
  let first = identity.first;
  let last = identity.last;
  let year = identity.year;
  let month: number | null = identity.month;
  let day: number | null = identity.day;
  let dateMissing = false;
  let sex: string = identity.sex;
  let nationality = identity.nationality;

  if (random.uniform() < rate) {
    const kind = drawKind(settings.corruption.names, random);
    tally(counts, "first_name", kind);
    if (kind === "missing") first = "";
    else if (kind === "typo") first = typo(first, random);
    else first = random.uniform() < 0.5 ? shortForm(first, random) : spellingVariant(first, random);
  }
  if (random.uniform() < rate) {
    const kind = drawKind(settings.corruption.names, random);
    tally(counts, "last_name", kind);
    if (kind === "missing") last = "";
    else if (kind === "typo") last = typo(last, random);
    else if (last.includes("-")) last = last.split("-")[random.uniform() < 0.7 ? 0 : 1];
    else last = spellingVariant(last, random);
  }
  if (random.uniform() < rate) {
    let kind = drawKind(settings.corruption.dates, random);
    if (kind === "transposed" && !(identity.day <= 12 && identity.day !== identity.month)) kind = "digit";
    tally(counts, "birth_date", kind);
    if (kind === "missing") dateMissing = true;
    else if (kind === "yearOnly") month = day = null;
    else if (kind === "transposed") [month, day] = [day, month];
    else ({ year, month, day } = digitError(identity.year, identity.month, identity.day, random));
  }
  if (random.uniform() < rate) {
    const missing = random.uniform() < settings.corruption.sexMissing;
    tally(counts, "sex", missing ? "missing" : "flipped");
    sex = missing ? "" : sex === "F" ? "M" : "F";
  }
  if (random.uniform() < rate) {
    const missing = random.uniform() < settings.corruption.nationalityMissing;
    tally(counts, "nationality", missing ? "missing" : "other");
    if (missing) nationality = "";
    else {
      let other = nationality;
      while (other === nationality) other = NATIONALITIES[Math.floor(random.uniform() * NATIONALITIES.length)];
      nationality = other;
    }
  }
  const name = (s: string) => (style.uppercase ? s.toUpperCase() : s.replace(/(^|[-\s])([a-z])/g, (_, a: string, b: string) => a + b.toUpperCase()));
  const pad = (x: number) => String(x).padStart(2, "0");
  const date = dateMissing
    ? ""
    : month === null || day === null
      ? String(year)
      : style.dateFormat === "dmy"
        ? `${pad(day)}/${pad(month)}/${year}`
        : `${year}-${pad(month)}-${pad(day)}`;
  return [name(first), name(last), date, sex, nationality];
}

/** One digit of the year's last two, the month or the day changed; the date stays valid and differs. */
function digitError(year: number, month: number, day: number, random: RandomStream): { year: number; month: number; day: number } {
  for (let attempt = 0; attempt < 50; attempt++) {
    const part = Math.floor(random.uniform() * 3);
    const digit = Math.floor(random.uniform() * 10);
    let y = year;
    let m = month;
    let d = day;
    if (part === 0) {
      const position = random.uniform() < 0.7 ? 0 : 1; // units or tens of the year
      y = position === 0 ? year - (year % 10) + digit : year - (Math.floor(year / 10) % 10) * 10 + digit * 10;
    } else if (part === 1) {
      m = random.uniform() < 0.5 ? Math.floor(month / 10) * 10 + digit : digit * 10 + (month % 10);
    } else {
      d = random.uniform() < 0.5 ? Math.floor(day / 10) * 10 + digit : digit * 10 + (day % 10);
    }
    if (m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) && (y !== year || m !== month || d !== day)) return { year: y, month: m, day: d };
  }
  return { year: year + 1, month, day: Math.min(day, daysInMonth(year + 1, month)) };
}

function shuffledIndices(n: number, random: RandomStream): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const k = Math.floor(random.uniform() * (i + 1));
    [order[i], order[k]] = [order[k], order[i]];
  }
  return order;
}
