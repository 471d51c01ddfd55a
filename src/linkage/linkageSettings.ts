/**
 * The linkage configuration (what a user writes in `config.json`) and its resolution into complete
 * settings with every default filled in.
 */
import { OptionError } from "../errors.js";
import { quote } from "../data/_capture.js";
import { VERSION } from "../version.js";

/** One agency file in a linkage configuration. */
export interface LinkageListConfig {
  /** The list's name: a column of the capture histories. */
  readonly name: string;
  /** Path of the file: CSV (with a header row) or Parquet; relative paths are resolved against `baseDirectory`. */
  readonly file: string;
  /** `"csv"` or `"parquet"`; default from the file's extension (`.parquet`/`.pq` → parquet, else csv). */
  readonly format?: "csv" | "parquet";
  /** Column names of this file that differ from the top-level `fields` mapping, by field. */
  readonly fields?: Readonly<Record<string, string>>;
  /** Column names of this file that differ from the covariate names, by covariate. */
  readonly covariates?: Readonly<Record<string, string>>;
  /** Date formats of this file (strptime, e.g. `"%d/%m/%Y"`), tried before the top-level ones. */
  readonly dateFormats?: readonly string[];
  /** CSV delimiter; default: detected. */
  readonly delimiter?: string;
}

/** How one field is compared; the levels run from the most to the least similar. */
export type ComparisonConfig =
  /** Equal or not (2 levels). */
  | {
      /** `"exact"`. */
      readonly method: "exact";
      /** Adjust the exact level's weight by the value's frequency; default false (true for nationality). */
      readonly termFrequency?: boolean;
    }
  /** Equal, then Jaro–Winkler similarity ≥ each threshold (decreasing), then the rest. */
  | {
      /** `"jaro-winkler"`. */
      readonly method: "jaro-winkler";
      /** Decreasing similarities strictly between 0 and 1; default `[0.92, 0.8]`. */
      readonly thresholds?: readonly number[];
      /** Adjust the exact level's weight by the value's frequency; default false (true for names and location). */
      readonly termFrequency?: boolean;
    }
  /** Equal, then Levenshtein distance ≤ each threshold (increasing), then the rest. */
  | {
      /** `"levenshtein"`. */
      readonly method: "levenshtein";
      /** Increasing whole distances ≥ 1; default `[1, 2]`. */
      readonly thresholds?: readonly number[];
      /** Adjust the exact level's weight by the value's frequency; default false. */
      readonly termFrequency?: boolean;
    }
  /**
   * Dates (partial dates allowed): equal; day and month transposed; one digit apart; within each
   * tolerance in days (increasing); the same year (or as far as a partial date goes); the rest.
   */
  | {
      /** `"date"` (birth_date only). */
      readonly method: "date";
      /** Increasing tolerances in days, each a level between "one digit apart" and "same year"; default none. */
      readonly toleranceDays?: readonly number[];
    }
  /** Numbers: equal, then an absolute difference ≤ each threshold (increasing), then the rest. */
  | {
      /** `"numeric"` (birth_year only). */
      readonly method: "numeric";
      /** Increasing differences; default `[1, 2]`. */
      readonly thresholds?: readonly number[];
    }
  /** Not compared (the field may still be used by blocking and deterministic rules). */
  | {
      /** `"none"`. */
      readonly method: "none";
    };

/**
 * A linkage configuration: the agency files, which of their columns are the identifying fields and
 * the covariates, and (all optional) the linkage settings. This is the JSON the command line reads.
 */
export interface LinkageConfig {
  /** The agency files, one per list, at least 2 and at most 20. */
  readonly lists: readonly LinkageListConfig[];
  /**
   * Identifying fields: field name → column name. Known fields: `first_name`, `last_name`,
   * `middle_name`, `birth_date`, `birth_year`, `sex`, `nationality`, `location`; other names are
   * compared exactly unless `comparisons` says otherwise. Field names are lower-case identifiers.
   */
  readonly fields: Readonly<Record<string, string>>;
  /** Covariate columns to carry into the capture histories (region, sector, year…). Default none. */
  readonly covariates?: readonly string[];
  /** Date formats (strptime) tried after each list's own; ISO `YYYY-MM-DD`, `YYYY-MM` and `YYYY` are always read. */
  readonly dateFormats?: readonly string[];
  /** What to do with a date no format reads: `"error"` (default: a LinkageDataError) or `"missing"`. */
  readonly invalidDates?: "error" | "missing";
  /** Cell values read as missing (case-insensitive, after trimming). Default `["", "na", "n/a", "null", "none", "unknown", "-", "?"]`. */
  readonly missingValues?: readonly string[];
  /** `"probabilistic"` (default): Fellegi–Sunter with EM. `"deterministic"`: only the deterministic rules link. */
  readonly method?: "probabilistic" | "deterministic";
  /**
   * Blocking rules: pairs of records are compared when they agree on every key of at least one rule.
   * A key is a field (`last_name`), a part of one (`last_name:prefix3`, `first_name:suffix2`,
   * `birth_date:year`, `birth_date:month`, `birth_date:day`, `birth_date:sorted` — year with day and
   * month in either order — `birth_date:yearmonth`, `birth_date:monthday`). Always used. Default:
   * see {@link defaultBlockingRules}.
   */
  readonly blocking?: readonly (readonly string[])[];
  /**
   * Blocking rules used only while the candidate pairs stay within `pairBudget`, taken in order (a
   * rule that would exceed the budget is skipped). Default: the optional default rules when
   * `blocking` is not given, else none.
   */
  readonly optionalBlocking?: readonly (readonly string[])[];
  /** Candidate pairs the optional blocking rules may bring the total up to (by the block-size bound). Default 20,000,000. */
  readonly pairBudget?: number;
  /** Deterministic rules, keys as in `blocking`: pairs agreeing on every key of one rule are linked whatever their weight. Default none. */
  readonly deterministic?: readonly (readonly string[])[];
  /** How each field is compared, by field name. Default by field (see {@link defaultComparison}). */
  readonly comparisons?: Readonly<Record<string, ComparisonConfig>>;
  /** Match-weight threshold (log2 posterior odds of a match): pairs at or above it are links. Default 0 (probability 1/2). */
  readonly threshold?: number;
  /** Seed of the random pairs that estimate u; recorded in the settings. Default 1. */
  readonly seed?: number | string;
  /** Random pairs drawn to estimate u (all pairs when there are fewer). Default 1,000,000. */
  readonly uSamplePairs?: number;
  /** The EM algorithm. */
  readonly em?: {
    /** Most iterations; default 500. */
    readonly maxIterations?: number;
    /** Stop when no m probability moves by more than this, nor λ by more than this relatively; default 1e-7. */
    readonly tolerance?: number;
    /** Pseudo-count added to every level of every m and u distribution (a Dirichlet prior); default 1. */
    readonly priorCount?: number;
  };
  /** Clerical review: pairs with a match weight in `[lower, upper]`, at most `limit` of them. */
  readonly review?: {
    /** Lowest weight reviewed; default threshold − 4. */
    readonly lower?: number;
    /** Highest weight reviewed; default threshold + 4. */
    readonly upper?: number;
    /** Most pairs kept for review (highest weight first); default 10,000. */
    readonly limit?: number;
  };
  /** Pairs with a match probability below this are never linked by the linkage-uncertainty draws. Default 0.001. */
  readonly pairFloor?: number;
  /** Refuse to compare more candidate pairs than this (the blocking is then too loose). Default 300,000,000. */
  readonly maxPairs?: number;
  /** DuckDB worker threads; default DuckDB's (the cores available). */
  readonly threads?: number;
  /** DuckDB memory limit, e.g. `"4GB"`; default DuckDB's (80% of memory). */
  readonly memoryLimit?: string;
}

/** A comparison after defaults: its field, method, levels and term-frequency setting. */
export interface ResolvedComparison {
  /** The field compared. */
  readonly field: string;
  /** How it is compared. */
  readonly method: "exact" | "jaro-winkler" | "levenshtein" | "date" | "numeric";
  /** Thresholds (Jaro–Winkler, Levenshtein, numeric) or tolerances in days (date), as used. */
  readonly thresholds: readonly number[];
  /** Term-frequency adjustment of the exact level. */
  readonly termFrequency: boolean;
  /** The level names, most similar first. */
  readonly levels: readonly string[];
}

/** One agency file after defaults: columns resolved for every field and covariate. */
export interface ResolvedList {
  /** The list's name. */
  readonly name: string;
  /** The file path as given. */
  readonly file: string;
  /** The path read (resolved against the base directory). */
  readonly path: string;
  /** `"csv"` or `"parquet"`. */
  readonly format: "csv" | "parquet";
  /** Column name of every field in this file. */
  readonly fields: Readonly<Record<string, string>>;
  /** Column name of every covariate in this file. */
  readonly covariates: Readonly<Record<string, string>>;
  /** Date formats tried for this file (its own, then the configuration's), before ISO. */
  readonly dateFormats: readonly string[];
  /** The CSV delimiter, when given. */
  readonly delimiter?: string;
}

/** Every setting of a linkage after defaults; recorded in the result. */
export interface LinkageSettings {
  /** The agency files, resolved. */
  readonly lists: readonly ResolvedList[];
  /** The identifying fields, in configuration order. */
  readonly fields: readonly string[];
  /** The covariates carried into the histories. */
  readonly covariates: readonly string[];
  /** What an unreadable date does: `"error"` or `"missing"`. */
  readonly invalidDates: "error" | "missing";
  /** Cell values read as missing (lower case). */
  readonly missingValues: readonly string[];
  /** `"probabilistic"` or `"deterministic"`. */
  readonly method: "probabilistic" | "deterministic";
  /** Blocking rules always used. */
  readonly blocking: readonly (readonly string[])[];
  /** Blocking rules used while within `pairBudget`. */
  readonly optionalBlocking: readonly (readonly string[])[];
  /** The candidate pairs the optional rules may bring the total up to. */
  readonly pairBudget: number;
  /** Deterministic rules. */
  readonly deterministic: readonly (readonly string[])[];
  /** The fields compared, in order (fields with method `none` left out). */
  readonly comparisons: readonly ResolvedComparison[];
  /** Match-weight threshold of a link. */
  readonly threshold: number;
  /** Seed of the random pairs for u. */
  readonly seed: number | string;
  /** Random pairs for u. */
  readonly uSamplePairs: number;
  /** The EM's settings. */
  readonly em: {
    /** Most iterations. */
    readonly maxIterations: number;
    /** Convergence tolerance. */
    readonly tolerance: number;
    /** Dirichlet pseudo-count. */
    readonly priorCount: number;
  };
  /** The clerical-review band. */
  readonly review: {
    /** Lowest weight reviewed. */
    readonly lower: number;
    /** Highest weight reviewed. */
    readonly upper: number;
    /** Most pairs kept. */
    readonly limit: number;
  };
  /** Probability floor of the pairs kept for the linkage draws. */
  readonly pairFloor: number;
  /** Most candidate pairs allowed. */
  readonly maxPairs: number;
  /** DuckDB threads, when given. */
  readonly threads?: number;
  /** DuckDB memory limit, when given. */
  readonly memoryLimit?: string;
  /** Version of prevalence that linked. */
  readonly version: string;
}

/** Fields that are strings compared as names. */
const NAME_FIELDS = ["first_name", "last_name", "middle_name"];
/** Fields with a meaning of their own. */
export const KNOWN_FIELDS = [...NAME_FIELDS, "birth_date", "birth_year", "sex", "nationality", "location"] as const;

/** The kind of values a field holds, which decides its standardisation and its keys. */
export type FieldKind = "name" | "date" | "year" | "sex" | "text";

/** The kind of a field by its name. */
export function fieldKind(field: string): FieldKind {
  if (NAME_FIELDS.includes(field)) return "name";
  if (field === "birth_date") return "date";
  if (field === "birth_year") return "year";
  if (field === "sex") return "sex";
  return "text";
}

/**
 * The default comparison of a field: names by Jaro–Winkler (exact, ≥ 0.92, ≥ 0.80, the rest) with
 * term-frequency adjustment; `birth_date` by date levels; `birth_year` numeric (exact, ±1, ±2);
 * `sex` exact; `nationality` exact with term frequencies; `location` by Jaro–Winkler (exact, ≥ 0.9);
 * any other field exact.
 *
 * @param field - a field name.
 * @returns its comparison, as a configuration would give it.
 * @example
 * defaultComparison("last_name") // { method: "jaro-winkler", thresholds: [0.92, 0.8], termFrequency: true }
 * @see docs/methodology/linkage.md
 */
export function defaultComparison(field: string): ComparisonConfig {
  switch (fieldKind(field)) {
    case "name":
      return { method: "jaro-winkler", thresholds: [0.92, 0.8], termFrequency: true };
    case "date":
      return { method: "date", toleranceDays: [] };
    case "year":
      return { method: "numeric", thresholds: [1, 2] };
    case "sex":
      return { method: "exact", termFrequency: false };
    case "text":
      if (field === "nationality") return { method: "exact", termFrequency: true };
      if (field === "location") return { method: "jaro-winkler", thresholds: [0.9], termFrequency: true };
      return { method: "exact", termFrequency: false };
  }
}

/** Default blocking rules: those always used, and the optional ones added while the pair budget allows. */
export interface DefaultBlockingRules {
  /** Rules always used. */
  readonly rules: string[][];
  /** Rules added in order while the pair budget allows. */
  readonly optional: string[][];
}

/**
 * The default blocking rules for the mapped fields (a rule is kept only when all its fields are
 * mapped). Always used, tight enough for millions of records: both names exact; one name with the
 * birth date (day and month in either order); the names' prefixes with the birth year; the birth
 * date with the names' first letters. Optional, added in order while the candidate pairs stay
 * within `pairBudget`: name suffixes with the birth year and date parts with name prefixes, rules
 * for records with two damaged identifiers that lean on nationality and sex, then one identifier
 * with a weak one.
 * Without names or a birth date, every pair of records agreeing on the first mapped field is
 * compared.
 *
 * @param fields - the mapped field names.
 * @returns the rules always used and the optional ones, as arrays of keys.
 * @example
 * defaultBlockingRules(["first_name", "last_name", "birth_date"]).rules[0] // ["first_name", "last_name"]
 * @see docs/methodology/linkage.md
 */
export function defaultBlockingRules(fields: readonly string[]): DefaultBlockingRules {
  const has = (f: string) => fields.includes(f);
  const date = has("birth_date");
  const y = date ? "birth_date:year" : "birth_year";
  const dateKey = date ? "birth_date:sorted" : "birth_year";
  const keep = (rules: string[][]) => {
    const seen = new Set<string>();
    return rules
      .filter((rule) => rule.every((key) => has(key.split(":")[0])))
      .filter((rule) => {
        const key = JSON.stringify([...rule].sort());
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  };
  const rules = keep([
    ["first_name", "last_name"],
    ["last_name", dateKey],
    ["first_name", dateKey],
    ["first_name:prefix3", "last_name:prefix3", y],
    ...(date ? [["birth_date:sorted", "first_name:prefix1", "last_name:prefix1"]] : []),
  ]);
  const optional = keep([
    ["first_name:suffix3", "last_name:suffix3", y],
    ...(date
      ? [
          ["birth_date:yearmonth", "first_name:prefix2", "last_name:prefix2"],
          ["birth_date:monthday", "first_name:prefix2", "last_name:prefix2"],
        ]
      : []),
    [date ? "birth_date" : "birth_year", "sex", "nationality"],
    ["last_name:prefix3", date ? "birth_date" : y, "nationality"],
    ["first_name:prefix3", dateKey, "nationality"],
    ["first_name:prefix3", "last_name:prefix3", "nationality"],
    ...(date ? [["last_name:suffix3", "birth_date:monthday", "nationality"]] : []),
    ["first_name:prefix2", "last_name:suffix3", "nationality"],
    ["last_name:prefix3", "first_name:suffix2", "nationality"],
    ["last_name", "sex", "nationality"],
    ["first_name", "last_name:suffix3", "nationality"],
    ["last_name", y, "nationality"],
    ["first_name", y, "nationality"],
    // looser rules, for smaller files: one identifier with a weak one
    [y, "first_name:prefix2", "last_name:prefix2"],
    [y, "first_name:prefix1", "last_name:prefix1", "nationality"],
    [dateKey, "nationality"],
    [dateKey, "sex"],
    ["last_name", "nationality"],
    ["first_name", "nationality"],
    ["last_name", "sex"],
    ["first_name", "sex"],
    [y, "first_name:prefix2"],
    [y, "last_name:prefix2"],
    ...(date ? [["birth_date:monthday", "first_name:prefix1"], ["birth_date:monthday", "last_name:prefix1"]] : []),
  ]);
  if (rules.length > 0) return { rules, optional };
  return { rules: fields.length > 0 ? [[fields[0]]] : [], optional: [] };
}

const FIELD_NAME = /^[a-z][a-z0-9_]*$/;
const DEFAULT_MISSING = ["", "na", "n/a", "null", "none", "unknown", "-", "?"];

/**
 * Check a linkage configuration and fill in every default.
 *
 * @param config - the configuration (as parsed from JSON).
 * @param baseDirectory - directory that relative file paths are resolved against; default the current one.
 * @returns the complete settings.
 * @throws {OptionError} naming the first setting that is missing, of the wrong kind or out of range.
 * @example
 * const settings = resolveLinkageSettings({
 *   lists: [{ name: "police", file: "police.csv" }, { name: "ngo", file: "ngo.csv" }],
 *   fields: { first_name: "first", last_name: "last", birth_date: "dob", sex: "sex" },
 * });
 * settings.threshold // 0
 * @see docs/methodology/linkage.md
 */
export function resolveLinkageSettings(config: LinkageConfig, baseDirectory?: string): LinkageSettings {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new OptionError(`the linkage configuration must be an object with \`lists\` and \`fields\`; received ${quote(config)}`);
  }
  const known = new Set([
    "lists", "fields", "covariates", "dateFormats", "invalidDates", "missingValues", "method", "blocking", "optionalBlocking", "pairBudget", "deterministic",
    "comparisons", "threshold", "seed", "uSamplePairs", "em", "review", "pairFloor", "maxPairs", "threads", "memoryLimit", "$schema", "description",
  ]);
  for (const key of Object.keys(config)) {
    if (!known.has(key)) throw new OptionError(`the linkage configuration has an unknown setting ${quote(key)}; known: ${[...known].filter((k) => !k.startsWith("$")).join(", ")}`);
  }
  const fieldsMap = record("fields", config.fields);
  const fields = Object.keys(fieldsMap);
  if (fields.length === 0) throw new OptionError("`fields` must map at least one identifying field to a column; received {}");
  for (const f of fields) {
    if (!FIELD_NAME.test(f)) throw new OptionError(`\`fields\` must be keyed by lower-case field names (letters, digits, _); received ${quote(f)}`);
    columnName(`fields.${f}`, fieldsMap[f]);
  }
  if (fields.includes("birth_date") && fields.includes("birth_year")) {
    throw new OptionError("`fields` must map `birth_date` or `birth_year`, not both (the year is read from the date)");
  }
  const covariates = stringArray("covariates", config.covariates ?? []);
  covariates.forEach((c) => columnName("covariates[]", c));
  if (new Set(covariates).size !== covariates.length) throw new OptionError(`\`covariates\` must not repeat a name; received ${quote(covariates)}`);
  const dateFormats = stringArray("dateFormats", config.dateFormats ?? []);
  const invalidDates = oneOf("invalidDates", config.invalidDates ?? "error", ["error", "missing"]);
  const missingValues = stringArray("missingValues", config.missingValues ?? DEFAULT_MISSING).map((v) => v.trim().toLowerCase());
  const method = oneOf("method", config.method ?? "probabilistic", ["probabilistic", "deterministic"]);

  if (!Array.isArray(config.lists) || config.lists.length < 2 || config.lists.length > 20) {
    throw new OptionError(`\`lists\` must hold from 2 to 20 agency files ({ name, file }); received ${quote(config.lists)}`);
  }
  const names = new Set<string>();
  const lists: ResolvedList[] = config.lists.map((l, i) => {
    if (typeof l !== "object" || l === null) throw new OptionError(`\`lists[${i}]\` must be an object { name, file }; received ${quote(l)}`);
    if (typeof l.name !== "string" || l.name.trim() === "") throw new OptionError(`\`lists[${i}].name\` must be a non-blank string; received ${quote(l.name)}`);
    if (names.has(l.name)) throw new OptionError(`\`lists\` must not repeat a name; received ${quote(l.name)} twice`);
    if (covariates.includes(l.name)) throw new OptionError(`\`lists[${i}].name\` must not be a covariate name; received ${quote(l.name)}`);
    if (l.name === "count") throw new OptionError(`\`lists[${i}].name\` must not be "count" (the count column of the histories)`);
    names.add(l.name);
    if (typeof l.file !== "string" || l.file.trim() === "") throw new OptionError(`\`lists[${i}].file\` must be a file path; received ${quote(l.file)}`);
    const format = l.format ?? (/\.(parquet|pq)$/i.test(l.file) ? "parquet" : "csv");
    oneOf(`lists[${i}].format`, format, ["csv", "parquet"]);
    const ownFields = record(`lists[${i}].fields`, l.fields ?? {});
    for (const [f, c] of Object.entries(ownFields)) {
      if (!fields.includes(f)) throw new OptionError(`\`lists[${i}].fields\` may only rename mapped fields (${fields.join(", ")}); received ${quote(f)}`);
      columnName(`lists[${i}].fields.${f}`, c);
    }
    const ownCovariates = record(`lists[${i}].covariates`, l.covariates ?? {});
    for (const [c, col] of Object.entries(ownCovariates)) {
      if (!covariates.includes(c)) throw new OptionError(`\`lists[${i}].covariates\` may only rename covariates (${covariates.join(", ") || "none given"}); received ${quote(c)}`);
      columnName(`lists[${i}].covariates.${c}`, col);
    }
    if (l.delimiter !== undefined && (typeof l.delimiter !== "string" || l.delimiter.length !== 1)) {
      throw new OptionError(`\`lists[${i}].delimiter\` must be one character; received ${quote(l.delimiter)}`);
    }
    const own = stringArray(`lists[${i}].dateFormats`, l.dateFormats ?? []);
    return {
      name: l.name,
      file: l.file,
      path: resolvePath(baseDirectory, l.file),
      format: format as "csv" | "parquet",
      fields: Object.fromEntries(fields.map((f) => [f, ownFields[f] ?? fieldsMap[f]])),
      covariates: Object.fromEntries(covariates.map((c) => [c, ownCovariates[c] ?? c])),
      dateFormats: [...own, ...dateFormats.filter((d) => !own.includes(d))],
      ...(l.delimiter !== undefined ? { delimiter: l.delimiter } : {}),
    };
  });

  const comparisonsConfig = record<ComparisonConfig>("comparisons", config.comparisons ?? {});
  for (const f of Object.keys(comparisonsConfig)) {
    if (!fields.includes(f)) throw new OptionError(`\`comparisons\` may only name mapped fields (${fields.join(", ")}); received ${quote(f)}`);
  }
  const comparisons = fields.flatMap((f) => resolveComparison(f, comparisonsConfig[f] ?? defaultComparison(f)));
  if (method === "probabilistic" && comparisons.length === 0) {
    throw new OptionError("probabilistic linkage needs at least one compared field; every field has `method: \"none\"`");
  }

  const defaults = defaultBlockingRules(fields);
  const blocking = rules("blocking", config.blocking ?? defaults.rules, fields);
  const optionalBlocking = rules("optionalBlocking", config.optionalBlocking ?? (config.blocking === undefined ? defaults.optional : []), fields);
  const pairBudget = wholeNumber("pairBudget", config.pairBudget ?? 20_000_000, 0);
  if (method === "probabilistic" && blocking.length === 0) throw new OptionError("`blocking` must hold at least one rule");
  const deterministic = rules("deterministic", config.deterministic ?? [], fields);
  if (method === "deterministic" && deterministic.length === 0) {
    throw new OptionError('`method: "deterministic"` needs at least one rule in `deterministic`');
  }
  const threshold = finite("threshold", config.threshold ?? 0);
  const seed = config.seed ?? 1;
  if (!(typeof seed === "number" && Number.isFinite(seed)) && typeof seed !== "string") {
    throw new OptionError(`\`seed\` must be a finite number or a string; received ${quote(seed)}`);
  }
  const uSamplePairs = wholeNumber("uSamplePairs", config.uSamplePairs ?? 1_000_000, 1000);
  const em = record<number>("em", config.em ?? {}) as NonNullable<LinkageConfig["em"]>;
  const maxIterations = wholeNumber("em.maxIterations", em.maxIterations ?? 500, 1);
  const tolerance = positive("em.tolerance", em.tolerance ?? 1e-7);
  const priorCount = finite("em.priorCount", em.priorCount ?? 1);
  if (priorCount < 0) throw new OptionError(`\`em.priorCount\` must be ≥ 0; received ${priorCount}`);
  const review = record<number>("review", config.review ?? {}) as NonNullable<LinkageConfig["review"]>;
  const lower = finite("review.lower", review.lower ?? threshold - 4);
  const upper = finite("review.upper", review.upper ?? threshold + 4);
  if (lower > upper) throw new OptionError(`\`review.lower\` must not exceed \`review.upper\`; received ${lower} and ${upper}`);
  const limit = wholeNumber("review.limit", review.limit ?? 10000, 0);
  const pairFloor = finite("pairFloor", config.pairFloor ?? 0.001);
  if (!(pairFloor > 0 && pairFloor < 0.5)) throw new OptionError(`\`pairFloor\` must be strictly between 0 and 0.5; received ${pairFloor}`);
  const maxPairs = wholeNumber("maxPairs", config.maxPairs ?? 300_000_000, 1);
  const threads = config.threads === undefined ? undefined : wholeNumber("threads", config.threads, 1);
  if (config.memoryLimit !== undefined && (typeof config.memoryLimit !== "string" || !/^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i.test(config.memoryLimit))) {
    throw new OptionError(`\`memoryLimit\` must be a size such as "4GB"; received ${quote(config.memoryLimit)}`);
  }
  return {
    lists,
    fields,
    covariates,
    invalidDates: invalidDates as "error" | "missing",
    missingValues,
    method: method as "probabilistic" | "deterministic",
    blocking,
    optionalBlocking,
    pairBudget,
    deterministic,
    comparisons,
    threshold,
    seed,
    uSamplePairs,
    em: { maxIterations, tolerance, priorCount },
    review: { lower, upper, limit },
    pairFloor,
    maxPairs,
    ...(threads !== undefined ? { threads } : {}),
    ...(config.memoryLimit !== undefined ? { memoryLimit: config.memoryLimit.trim() } : {}),
    version: VERSION,
  };
}

function resolveComparison(field: string, c: ComparisonConfig): ResolvedComparison[] {
  if (typeof c !== "object" || c === null) throw new OptionError(`\`comparisons.${field}\` must be an object { method, ... }; received ${quote(c)}`);
  const kind = fieldKind(field);
  const method = oneOf(`comparisons.${field}.method`, c.method, ["exact", "jaro-winkler", "levenshtein", "date", "numeric", "none"]);
  if (method === "none") return [];
  if (method === "date" && kind !== "date") throw new OptionError(`\`comparisons.${field}.method\` "date" is for birth_date only; received it for ${quote(field)}`);
  if (kind === "date" && method !== "date") throw new OptionError(`\`comparisons.birth_date.method\` must be "date" or "none"; received ${quote(method)}`);
  if (method === "numeric" && kind !== "year") throw new OptionError(`\`comparisons.${field}.method\` "numeric" is for birth_year only; received it for ${quote(field)}`);
  const termFrequency = "termFrequency" in c && c.termFrequency !== undefined ? c.termFrequency : false;
  if (typeof termFrequency !== "boolean") throw new OptionError(`\`comparisons.${field}.termFrequency\` must be true or false; received ${quote(termFrequency)}`);
  const given = (c as { thresholds?: unknown; toleranceDays?: unknown });
  switch (method) {
    case "exact":
      return [{ field, method, thresholds: [], termFrequency, levels: ["exact", "different"] }];
    case "jaro-winkler": {
      const t = numbers(`comparisons.${field}.thresholds`, given.thresholds ?? [0.92, 0.8]);
      if (!t.every((x, k) => x > 0 && x < 1 && (k === 0 || x < t[k - 1]))) {
        throw new OptionError(`\`comparisons.${field}.thresholds\` must be decreasing similarities strictly between 0 and 1; received ${quote(t)}`);
      }
      return [{ field, method, thresholds: t, termFrequency, levels: ["exact", ...t.map((x) => `jaro-winkler ≥ ${x}`), "different"] }];
    }
    case "levenshtein": {
      const t = numbers(`comparisons.${field}.thresholds`, given.thresholds ?? [1, 2]);
      if (!t.every((x, k) => Number.isInteger(x) && x >= 1 && (k === 0 || x > t[k - 1]))) {
        throw new OptionError(`\`comparisons.${field}.thresholds\` must be increasing whole distances ≥ 1; received ${quote(t)}`);
      }
      return [{ field, method, thresholds: t, termFrequency, levels: ["exact", ...t.map((x) => `levenshtein ≤ ${x}`), "different"] }];
    }
    case "date": {
      const t = numbers(`comparisons.${field}.toleranceDays`, given.toleranceDays ?? []);
      if (!t.every((x, k) => Number.isInteger(x) && x >= 1 && (k === 0 || x > t[k - 1]))) {
        throw new OptionError(`\`comparisons.${field}.toleranceDays\` must be increasing whole numbers of days ≥ 1; received ${quote(t)}`);
      }
      return [{ field, method, thresholds: t, termFrequency: false, levels: ["exact", "day and month transposed", "one digit apart", ...t.map((x) => `within ${x} days`), "same year", "different"] }];
    }
    case "numeric": {
      const t = numbers(`comparisons.${field}.thresholds`, given.thresholds ?? [1, 2]);
      if (!t.every((x, k) => x > 0 && (k === 0 || x > t[k - 1]))) {
        throw new OptionError(`\`comparisons.${field}.thresholds\` must be increasing differences > 0; received ${quote(t)}`);
      }
      return [{ field, method, thresholds: t, termFrequency: false, levels: ["exact", ...t.map((x) => `within ${x}`), "different"] }];
    }
  }
  return [];
}

/** Check blocking or deterministic rules: arrays of keys on mapped fields. */
function rules(name: string, value: unknown, fields: readonly string[]): string[][] {
  if (!Array.isArray(value)) throw new OptionError(`\`${name}\` must be an array of rules, each an array of keys; received ${quote(value)}`);
  return value.map((rule, i) => {
    if (!Array.isArray(rule) || rule.length === 0) throw new OptionError(`\`${name}[${i}]\` must be a non-empty array of keys; received ${quote(rule)}`);
    return rule.map((key: unknown) => {
      if (typeof key !== "string") throw new OptionError(`\`${name}[${i}]\` must hold keys (strings); received ${quote(key)}`);
      checkKey(`${name}[${i}]`, key, fields);
      return key;
    });
  });
}

/** A key: `field` or `field:part`, the part allowed by the field's kind. */
export function checkKey(where: string, key: string, fields: readonly string[]): void {
  const [field, part, ...rest] = key.split(":");
  if (!fields.includes(field) || rest.length > 0) {
    throw new OptionError(`\`${where}\` names a key on an unmapped field: ${quote(key)} (mapped: ${fields.join(", ")})`);
  }
  if (part === undefined) return;
  const kind = fieldKind(field);
  const ok =
    kind === "date"
      ? ["year", "month", "day", "sorted", "yearmonth", "monthday"].includes(part)
      : kind === "name" || kind === "text"
        ? /^(prefix|suffix)[1-9]$/.test(part)
        : false;
  if (!ok) {
    throw new OptionError(
      `\`${where}\` has a key part that ${field} does not have: ${quote(key)} (` +
        (kind === "date" ? "birth_date:year, :month, :day, :sorted, :yearmonth, :monthday" : kind === "name" || kind === "text" ? `${field}:prefixN or ${field}:suffixN, N from 1 to 9` : `${field} has no parts`) +
        ")",
    );
  }
}

function resolvePath(base: string | undefined, file: string): string {
  if (base === undefined || file.startsWith("/") || /^[A-Za-z]:[\\/]/.test(file)) return file;
  return `${base.replace(/[\\/]+$/, "")}/${file}`;
}

function record<T = string>(name: string, value: unknown): Record<string, T> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new OptionError(`\`${name}\` must be an object; received ${quote(value)}`);
  return value as Record<string, T>;
}

function columnName(name: string, value: unknown): void {
  if (typeof value !== "string" || value.trim() === "") throw new OptionError(`\`${name}\` must be a column name (a non-blank string); received ${quote(value)}`);
}

function stringArray(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw new OptionError(`\`${name}\` must be an array of strings; received ${quote(value)}`);
  return [...value] as string[];
}

function numbers(name: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new OptionError(`\`${name}\` must be an array of numbers; received ${quote(value)}`);
  }
  return [...value] as number[];
}

function oneOf(name: string, value: unknown, allowed: readonly string[]): string {
  if (typeof value !== "string" || !allowed.includes(value)) throw new OptionError(`\`${name}\` must be one of ${allowed.join(", ")}; received ${quote(value)}`);
  return value;
}

function finite(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new OptionError(`\`${name}\` must be a finite number; received ${quote(value)}`);
  return value;
}

function positive(name: string, value: unknown): number {
  const x = finite(name, value);
  if (x <= 0) throw new OptionError(`\`${name}\` must be > 0; received ${x}`);
  return x;
}

function wholeNumber(name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new OptionError(`\`${name}\` must be a whole number ≥ ${min}; received ${quote(value)}`);
  }
  return value;
}
