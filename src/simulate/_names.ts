/**
 * Private: synthetic names for the agency-record generator — a fixed vocabulary of made-up first and
 * last names with skewed (Zipf-like) frequencies, and the ways a clerk gets a name wrong: typing
 * errors, spelling variants, short forms, dropped parts of a compound surname.
 *
 * The names are built from syllables by a fixed seed, so every run of the generator sees the same
 * vocabulary. They are not real names: no list of real people's names ships with the library.
 */
import { randomStream, type RandomStream } from "../_lib/random.js";

/** Number of distinct first names per sex and of last names in the vocabulary. */
export const FIRST_NAMES_PER_SEX = 1000;
export const LAST_NAMES = 20000;

const ONSETS = [
  "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
  "b", "d", "k", "l", "m", "n", "r", "s", "t", "br", "ch", "dr", "gr", "kr", "ph", "sh", "st", "th", "tr", "y",
];
const VOWELS = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "a", "ai", "ei", "ou", "ia", "y"];
const CODAS = ["", "", "", "", "n", "r", "l", "s", "m", "k", "t", "nd", "rt", "ll", "ss"];
const FEMALE_ENDINGS = ["a", "a", "ia", "ine", "ette", "e", "ina", "ela"];
const MALE_ENDINGS = ["o", "an", "el", "er", "us", "in", "or", ""];

function pick<T>(items: readonly T[], random: RandomStream): T {
  return items[Math.floor(random.uniform() * items.length)];
}

function syllables(count: number, random: RandomStream): string {
  let name = "";
  for (let k = 0; k < count; k++) name += pick(ONSETS, random) + pick(VOWELS, random) + (k < count - 1 ? "" : pick(CODAS, random));
  return name;
}

function distinct(count: number, make: () => string, taken: Set<string>): string[] {
  const names: string[] = [];
  while (names.length < count) {
    const name = make();
    if (name.length < 3 || name.length > 12 || taken.has(name)) continue;
    taken.add(name);
    names.push(name);
  }
  return names;
}

/** The fixed vocabulary, most frequent first. */
export interface NameVocabulary {
  readonly female: readonly string[];
  readonly male: readonly string[];
  readonly last: readonly string[];
}

let vocabulary: NameVocabulary | undefined;

/** The vocabulary (built once, from the fixed seed `prevalence-names`). */
export function nameVocabulary(): NameVocabulary {
  if (vocabulary) return vocabulary;
  const taken = new Set<string>();
  const random = randomStream("prevalence-names");
  const first = (endings: readonly string[]) => () => {
    const stem = syllables(1 + (random.uniform() < 0.6 ? 1 : 0), random);
    return stem.replace(/[aeiouy]+$/, "") + pick(endings, random);
  };
  const female = distinct(FIRST_NAMES_PER_SEX, first(FEMALE_ENDINGS), taken);
  const male = distinct(FIRST_NAMES_PER_SEX, first(MALE_ENDINGS), taken);
  const last = distinct(LAST_NAMES, () => syllables(2 + (random.uniform() < 0.35 ? 1 : 0), random), taken);
  vocabulary = { female, male, last };
  return vocabulary;
}

/**
 * Cumulative weights of a Zipf–Mandelbrot law over `n` ranks, `w_i ∝ 1 / (i + offset)` for
 * i = 1 … n, normalised to end at 1.
 */
export function zipfCumulative(n: number, offset: number): Float64Array {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / (i + 1 + offset);
    cumulative[i] = total;
  }
  for (let i = 0; i < n; i++) cumulative[i] /= total;
  return cumulative;
}

/** The rank drawn by inversion: the first index whose cumulative weight exceeds `u`. */
export function drawRank(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < cumulative[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/**
 * One typing error: a substituted, inserted or deleted letter, or two neighbours swapped, at a
 * uniformly chosen position. The result always differs from the name and keeps at least 2 letters.
 */
export function typo(name: string, random: RandomStream): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const kind = random.uniform();
    const at = Math.floor(random.uniform() * name.length);
    let out: string;
    if (kind < 0.4) out = name.slice(0, at) + pick([...LETTERS], random) + name.slice(at + 1);
    else if (kind < 0.6) out = name.slice(0, at) + pick([...LETTERS], random) + name.slice(at);
    else if (kind < 0.8) out = name.length > 3 ? name.slice(0, at) + name.slice(at + 1) : name;
    else out = at < name.length - 1 ? name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2) : name;
    if (out !== name && out.length >= 2) return out;
  }
  return `${name}${name[name.length - 1]}`;
}

/** Spelling rules a clerk may apply (either way round). */
const SPELLINGS: readonly (readonly [RegExp, string])[] = [
  [/ph/, "f"],
  [/f/, "ph"],
  [/c(?=[aou])/, "k"],
  [/k/, "c"],
  [/y/, "i"],
  [/i(?=[aeou])/, "y"],
  [/ou/, "u"],
  [/sh/, "sch"],
  [/th/, "t"],
  [/([lnrst])\1/, "$1"],
  [/([lnrst])(?=[aeiou])/, "$1$1"],
  [/a$/, "ah"],
  [/e$/, ""],
  [/([^aeiouy])$/, "$1e"],
  [/ei/, "ey"],
  [/ai/, "ay"],
];

/**
 * A spelling variant: one applicable rule of {@link SPELLINGS}, chosen at random, applied at its
 * first match. The result always differs from the name.
 */
export function spellingVariant(name: string, random: RandomStream): string {
  const applicable = SPELLINGS.filter(([pattern, replacement]) => {
    const out = name.replace(pattern, replacement);
    return out !== name && out.length >= 2;
  });
  if (applicable.length === 0) return typo(name, random);
  const [pattern, replacement] = pick(applicable, random);
  return name.replace(pattern, replacement);
}

/** A short form of a first name: its first 3–5 letters, sometimes with `i` or `y` added. */
export function shortForm(name: string, random: RandomStream): string {
  if (name.length <= 4) return spellingVariant(name, random);
  const length = Math.min(name.length - 1, 3 + Math.floor(random.uniform() * 3));
  const stem = name.slice(0, length);
  const u = random.uniform();
  return u < 0.2 ? `${stem}i` : u < 0.3 ? `${stem}y` : stem;
}
