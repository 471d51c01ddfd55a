/**
 * Private: the SQL that record linkage runs in DuckDB, generated from the settings. Every function
 * here is pure (settings in, SQL text out), so the statements can be read and tested without an
 * engine.
 *
 * Tables: `raw_k` (file k as read), `clean_k` (file k's mapped columns, trimmed, missing tokens as
 * NULL), `records` (every record of every file, standardised, with a global `id`), `pairs` (candidate
 * pairs from the blocking rules), `compared` (their comparison levels), `scored` (match weight and
 * probability), `labels` (the connected components of the links).
 */
import type { LinkageSettings, ResolvedComparison, ResolvedList } from "./linkageSettings.js";
import { fieldKind } from "./linkageSettings.js";

/** A double-quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted SQL string literal. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A number as SQL (finite numbers only; exact round trip). */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`internal: non-finite number in SQL: ${x}`);
  return Object.is(x, -0) ? "0" : String(x);
}

/** Read file k into `raw_k`, every column as text (CSV) or as stored (Parquet). */
export function readFileSql(list: ResolvedList, k: number): string {
  if (list.format === "parquet") return `CREATE TABLE raw_${k} AS SELECT * FROM read_parquet(${literal(list.path)})`;
  const options = ["all_varchar = true", "header = true", ...(list.delimiter !== undefined ? [`delim = ${literal(list.delimiter)}`] : [])];
  return `CREATE TABLE raw_${k} AS SELECT * FROM read_csv(${literal(list.path)}, ${options.join(", ")})`;
}

/** A raw value as trimmed text, NULL when blank or one of the missing tokens. */
function cleanExpression(column: string, missing: readonly string[]): string {
  const text = `trim(CAST(${ident(column)} AS VARCHAR))`;
  const tokens = missing.length > 0 ? missing.map(literal).join(", ") : "''";
  return `CASE WHEN lower(${text}) IN (${tokens}, '') THEN NULL ELSE ${text} END`;
}

/**
 * `clean_k`: the data row number `r` (1-based, as in clusters.csv) and every mapped field and
 * covariate of file k as cleaned text, named by field (`"first_name"`) and covariate (`cov__0`…).
 */
export function cleanSql(settings: LinkageSettings, k: number): string {
  const list = settings.lists[k];
  const columns = [
    "(rowid + 1)::INTEGER AS r",
    ...settings.fields.map((f) => `${cleanExpression(list.fields[f], settings.missingValues)} AS ${ident(f)}`),
    ...settings.covariates.map((c, j) => `${cleanExpression(list.covariates[c], settings.missingValues)} AS cov__${j}`),
  ];
  return `CREATE TABLE clean_${k} AS SELECT ${columns.join(", ")} FROM raw_${k} ORDER BY rowid`;
}

const ISO_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"];

/** The full date read from text `x` by the list's formats then ISO, or NULL. */
function fullDate(x: string, list: ResolvedList): string {
  const formats = [...list.dateFormats, ...ISO_FORMATS.filter((f) => !list.dateFormats.includes(f))];
  return `coalesce(${formats.map((f) => `CAST(try_strptime(${x}, ${literal(f)}) AS DATE)`).join(", ")})`;
}

/** Year and month of a partial ISO date (`1987`, `1987-03`) as a struct of text (empty when absent). */
function partialDate(x: string): string {
  return `regexp_extract(${x}, '^(\\d{4})(?:-(\\d{1,2}))?$', ['y', 'm'])`;
}

/**
 * A date field parsed from `clean_k`: columns `<f>__full` (DATE or NULL), `<f>__py`, `<f>__pm`
 * (partial year and month as integers or NULL) and `<f>__bad` (true when the text is not a date).
 */
function parsedDateColumns(field: string, list: ResolvedList): string[] {
  const x = ident(field);
  const full = fullDate(x, list);
  const part = partialDate(x);
  const py = `CASE WHEN (${part}).y <> '' THEN CAST((${part}).y AS INTEGER) END`;
  const pm = `CASE WHEN (${part}).m <> '' THEN CAST((${part}).m AS INTEGER) END`;
  return [
    `${full} AS ${ident(`${field}__full`)}`,
    `${py} AS ${ident(`${field}__py`)}`,
    `${pm} AS ${ident(`${field}__pm`)}`,
  ];
}

/** A query over `clean_k` adding the parsed date (or year) columns of every date and year field. */
function parsedSql(settings: LinkageSettings, k: number): string {
  const list = settings.lists[k];
  const extra = settings.fields.flatMap((f) => {
    const kind = fieldKind(f);
    if (kind === "date") return parsedDateColumns(f, list);
    if (kind === "year") return [`TRY_CAST(${ident(f)} AS INTEGER) AS ${ident(`${f}__year`)}`];
    return [];
  });
  const inner = `SELECT *${extra.length > 0 ? `, ${extra.join(", ")}` : ""} FROM clean_${k}`;
  // the date is bad when text is there but no reading gives a year in [1800, 2200] (and a month in 1–12)
  const bad = settings.fields.flatMap((f) => {
    const kind = fieldKind(f);
    const x = ident(f);
    if (kind === "date") {
      const full = ident(`${f}__full`);
      const py = ident(`${f}__py`);
      const pm = ident(`${f}__pm`);
      return [
        `(${x} IS NOT NULL AND NOT coalesce(year(${full}) BETWEEN 1800 AND 2200 OR ` +
          `(${full} IS NULL AND ${py} BETWEEN 1800 AND 2200 AND (${pm} IS NULL OR ${pm} BETWEEN 1 AND 12)), false)) AS ${ident(`${f}__bad`)}`,
      ];
    }
    if (kind === "year") {
      const y = ident(`${f}__year`);
      return [`(${x} IS NOT NULL AND NOT coalesce(${y} BETWEEN 1800 AND 2200, false)) AS ${ident(`${f}__bad`)}`];
    }
    return [];
  });
  return `SELECT *${bad.length > 0 ? `, ${bad.join(", ")}` : ""} FROM (${inner})`;
}

/** Fields whose values are dates or years (checked for readability). */
export function dateFields(settings: LinkageSettings): string[] {
  return settings.fields.filter((f) => fieldKind(f) === "date" || fieldKind(f) === "year");
}

/** The first `limit` unreadable values of date field `field` in file k, with their rows, and how many there are. */
export function badDatesSql(settings: LinkageSettings, k: number, field: string, limit: number): string {
  return (
    `SELECT r, ${ident(field)} AS value, count(*) OVER () AS total FROM (${parsedSql(settings, k)}) ` +
    `WHERE ${ident(`${field}__bad`)} ORDER BY r LIMIT ${limit}`
  );
}

const NAME_CLEAN = (x: string) =>
  `nullif(trim(regexp_replace(regexp_replace(regexp_replace(lower(strip_accents(${x})), '[''’.]', '', 'g'), '[^\\p{L} -]', '', 'g'), '[ -]+', ' ', 'g')), '')`;
const TEXT_CLEAN = (x: string) => `nullif(trim(regexp_replace(lower(strip_accents(${x})), '\\s+', ' ', 'g')), '')`;
const SEX_CLEAN = (x: string) =>
  `CASE WHEN lower(${x}) IN ('m', 'male', 'man', 'boy', 'h', 'homme', 'hombre') THEN 'm' ` +
  `WHEN lower(${x}) IN ('f', 'female', 'woman', 'girl', 'w', 'femme', 'mujer') THEN 'f' ELSE lower(${x}) END`;

/** The standardised columns of one file's records (a SELECT over its parsed rows). */
function recordsSelect(settings: LinkageSettings, k: number, offset: number): string {
  const columns = [`(${offset} + r - 1)::INTEGER AS id`, `${k}::UTINYINT AS list`, "r::INTEGER AS row"];
  for (const f of settings.fields) {
    const x = ident(f);
    switch (fieldKind(f)) {
      case "name":
        columns.push(`${NAME_CLEAN(x)} AS ${x}`);
        break;
      case "text":
        columns.push(`${TEXT_CLEAN(x)} AS ${x}`);
        break;
      case "sex":
        columns.push(`${SEX_CLEAN(x)} AS ${x}`);
        break;
      case "year": {
        const bad = ident(`${f}__bad`);
        columns.push(`CASE WHEN NOT ${bad} THEN ${ident(`${f}__year`)} END AS ${x}`);
        break;
      }
      case "date": {
        const full = ident(`${f}__full`);
        const bad = ident(`${f}__bad`);
        const ok = `(${x} IS NOT NULL AND NOT ${bad})`;
        columns.push(
          `CASE WHEN ${ok} THEN coalesce(year(${full}), ${ident(`${f}__py`)}) END::INTEGER AS ${ident(`${f}__y`)}`,
          `CASE WHEN ${ok} THEN coalesce(month(${full}), ${ident(`${f}__pm`)}) END::INTEGER AS ${ident(`${f}__m`)}`,
          `CASE WHEN ${ok} THEN day(${full}) END::INTEGER AS ${ident(`${f}__d`)}`,
          `CASE WHEN ${ok} THEN ${full} END AS ${ident(`${f}__date`)}`,
          `CASE WHEN ${ok} THEN strftime(${full}, '%Y%m%d') END AS ${ident(`${f}__s`)}`,
        );
        break;
      }
    }
  }
  settings.covariates.forEach((_, j) => columns.push(`coalesce(cov__${j}, '') AS cov__${j}`));
  return `SELECT ${columns.join(", ")} FROM (${parsedSql(settings, k)})`;
}

/** `records_base`: every file's records, standardised, ids contiguous by file. */
export function recordsBaseSql(settings: LinkageSettings, offsets: readonly number[]): string {
  return `CREATE TABLE records_base AS ${settings.lists.map((_, k) => recordsSelect(settings, k, offsets[k])).join(" UNION ALL ")} ORDER BY id`;
}

/** Comparisons with a term-frequency adjustment. */
export function termFrequencyFields(settings: LinkageSettings): string[] {
  return settings.comparisons.filter((c) => c.termFrequency).map((c) => c.field);
}

/** `records`: records_base with each TF field's relative frequency `<f>__tf`. */
export function recordsSql(settings: LinkageSettings): string {
  const tf = termFrequencyFields(settings).map((f) => {
    const x = ident(f);
    return `CASE WHEN ${x} IS NOT NULL THEN count(*) OVER (PARTITION BY ${x}) / (SELECT count(${x}) FROM records_base) END AS ${ident(`${f}__tf`)}`;
  });
  return `CREATE TABLE records AS SELECT *${tf.length > 0 ? `, ${tf.join(", ")}` : ""} FROM records_base ORDER BY id`;
}

/** Σ_v tf_v² of field f: the chance that two random records share a value, among records with one. */
export function sumSquaredFrequencySql(field: string, table = "records"): string {
  const x = ident(field);
  return `SELECT coalesce(sum(n * n), 0)::DOUBLE / greatest(1, sum(n))::DOUBLE ^ 2 AS s FROM (SELECT count(*) AS n FROM ${table} WHERE ${x} IS NOT NULL GROUP BY ${x})`;
}

/** The SQL expressions that a key compares, on table alias `a`. */
export function keyExpressions(key: string, a: string): string[] {
  const [field, part] = key.split(":");
  const x = `${a}.${ident(field)}`;
  const kind = fieldKind(field);
  if (kind === "date") {
    const y = `${a}.${ident(`${field}__y`)}`;
    const m = `${a}.${ident(`${field}__m`)}`;
    const d = `${a}.${ident(`${field}__d`)}`;
    const both = (e: string) => `CASE WHEN ${m} IS NOT NULL AND ${d} IS NOT NULL THEN ${e} END`;
    switch (part) {
      case undefined:
        return [y, m, d];
      case "year":
        return [y];
      case "month":
        return [m];
      case "day":
        return [d];
      case "sorted":
        return [y, both(`least(${m}, ${d})`), both(`greatest(${m}, ${d})`)];
      case "yearmonth":
        return [y, m];
      case "monthday":
        return [m, d];
    }
  }
  if (part === undefined) return [x];
  const n = Number(part.slice(6));
  return [part.startsWith("prefix") ? `left(${x}, ${n})` : `right(${x}, ${n})`];
}

/** Records `l` and `r` agree on every key of the rule (NULL when a value is missing). */
export function ruleCondition(rule: readonly string[]): string {
  return rule
    .flatMap((key) => {
      const left = keyExpressions(key, "l");
      const right = keyExpressions(key, "r");
      return left.map((e, j) => `${e} = ${right[j]}`);
    })
    .join(" AND ");
}


/** An upper bound on the pairs rule `rule` makes (block sizes n give n(n−1)/2, before removing earlier rules' pairs). */
export function rulePairCountSql(rule: readonly string[]): string {
  const keys = rule.flatMap((key) => keyExpressions(key, "l"));
  return (
    `SELECT coalesce(sum(n * (n - 1) / 2), 0)::DOUBLE AS pairs FROM (SELECT count(*)::DOUBLE AS n FROM records l ` +
    `WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(" AND ")} GROUP BY ${keys.join(", ")})`
  );
}

/**
 * `pairs`: every pair of records (a < b) that some rule makes, once, with `rule` the first rule that
 * makes it and `rules_mask` the bit mask of every rule that does (bit r for rule r). Each rule is an
 * equi-join on its keys; the union is grouped by pair.
 */
export function pairsSql(rules: readonly (readonly string[])[]): string {
  const parts = rules.map(
    (rule, r) =>
      `SELECT l.id AS a, r.id AS b, ${r} AS rule, ${(1n << BigInt(r)).toString()}::BIGINT AS mask FROM records l JOIN records r ON ${ruleCondition(rule)} AND l.id < r.id`,
  );
  return (
    `CREATE TABLE pairs AS SELECT a, b, min(rule)::UTINYINT AS rule, bit_or(mask)::BIGINT AS rules_mask FROM (${parts.join(" UNION ALL ")}) ` +
    "GROUP BY a, b"
  );
}

/** How a level expression names a column of record l or r. */
type ColumnOf = (side: "l" | "r", column: string) => string;

/** Columns of the flattened pair row: `"l__first_name"`. */
const flat: ColumnOf = (side, column) => ident(`${side}__${column}`);

/** The record columns a comparison reads. */
function comparisonColumns(c: ResolvedComparison): string[] {
  return c.method === "date" ? ["y", "m", "d", "date", "s"].map((p) => `${c.field}__${p}`) : [c.field];
}

/** The level of comparison `c` for pair (l, r), NULL when a value is missing; `s` is its similarity column. */
function levelExpression(c: ResolvedComparison, s: string, col: ColumnOf): string {
  const x = (a: "l" | "r") => col(a, c.field);
  const last = c.levels.length - 1;
  const missing = `${x("l")} IS NULL OR ${x("r")} IS NULL`;
  switch (c.method) {
    case "exact":
      return `CASE WHEN ${missing} THEN NULL WHEN ${x("l")} = ${x("r")} THEN 0 ELSE 1 END`;
    case "jaro-winkler":
      return (
        `CASE WHEN ${missing} THEN NULL WHEN ${x("l")} = ${x("r")} THEN 0 ` +
        c.thresholds.map((t, j) => `WHEN ${s} >= ${num(t)} THEN ${j + 1} `).join("") +
        `ELSE ${last} END`
      );
    case "levenshtein":
      return (
        `CASE WHEN ${missing} THEN NULL WHEN ${x("l")} = ${x("r")} THEN 0 ` +
        c.thresholds.map((t, j) => `WHEN ${s} <= ${num(t)} THEN ${j + 1} `).join("") +
        `ELSE ${last} END`
      );
    case "numeric":
      return (
        `CASE WHEN ${missing} THEN NULL WHEN ${x("l")} = ${x("r")} THEN 0 ` +
        c.thresholds.map((t, j) => `WHEN abs(${x("l")} - ${x("r")}) <= ${num(t)} THEN ${j + 1} `).join("") +
        `ELSE ${last} END`
      );
    case "date": {
      const p = (a: "l" | "r", part: string) => col(a, `${c.field}__${part}`);
      const full = (a: "l" | "r") => `${p(a, "m")} IS NOT NULL AND ${p(a, "d")} IS NOT NULL`;
      const sameYear = last - 1;
      return (
        `CASE WHEN ${p("l", "y")} IS NULL OR ${p("r", "y")} IS NULL THEN NULL ` +
        `WHEN ${full("l")} AND ${full("r")} THEN CASE ` +
        `WHEN ${p("l", "date")} = ${p("r", "date")} THEN 0 ` +
        `WHEN ${p("l", "y")} = ${p("r", "y")} AND ${p("l", "m")} = ${p("r", "d")} AND ${p("l", "d")} = ${p("r", "m")} THEN 1 ` +
        `WHEN levenshtein(${p("l", "s")}, ${p("r", "s")}) <= 1 THEN 2 ` +
        c.thresholds.map((t, j) => `WHEN abs(date_diff('day', ${p("l", "date")}, ${p("r", "date")})) <= ${num(t)} THEN ${j + 3} `).join("") +
        `WHEN ${p("l", "y")} = ${p("r", "y")} THEN ${sameYear} ELSE ${last} END ` +
        // a partial date agrees as far as it goes, or not at all
        `WHEN ${p("l", "y")} = ${p("r", "y")} AND (${p("l", "m")} IS NULL OR ${p("r", "m")} IS NULL OR ${p("l", "m")} = ${p("r", "m")}) THEN ${sameYear} ` +
        `ELSE ${last} END`
      );
    }
  }
}

/** The similarity a comparison's levels read, computed once per pair (or null when none is needed). */
function similarityExpression(c: ResolvedComparison): string | null {
  const x = (a: string) => `${a}.${ident(c.field)}`;
  if (c.method === "jaro-winkler") return `jaro_winkler_similarity(${x("l")}, ${x("r")})`;
  if (c.method === "levenshtein") return `levenshtein(${x("l")}, ${x("r")})`;
  return null;
}

/**
 * `compared`: every candidate pair with its comparison levels `g0, g1, …` (NULL when missing), the
 * sum of its term-frequency adjustments `tf_weight` (log2 Σtf²/tf_v for each TF field at its exact
 * level) and `forced` (a deterministic rule holds: a bit of `deterministicMask` is in its `rules_mask`). The inner query joins each pair to its two
 * records once and computes each similarity once; the outer one turns them into levels.
 */
export function comparedSql(
  settings: LinkageSettings,
  sumSquared: ReadonlyMap<string, number>,
  source = "pairs",
  target = "compared",
  deterministicMask = 0n,
): string {
  const comparisons = settings.comparisons;
  const columns = [...new Set(comparisons.flatMap(comparisonColumns))];
  const inner = [
    "p.a",
    "p.b",
    "p.rule",
    "p.rules_mask",
    `((p.rules_mask & ${deterministicMask.toString()}::BIGINT) <> 0) AS forced`,
    ...columns.flatMap((column) => [`l.${ident(column)} AS ${flat("l", column)}`, `r.${ident(column)} AS ${flat("r", column)}`]),
    ...comparisons.flatMap((c, k) => {
      const s = similarityExpression(c);
      return s === null ? [] : [`${s} AS s${k}`];
    }),
    ...comparisons.flatMap((c, k) => (c.termFrequency ? [`l.${ident(`${c.field}__tf`)} AS tf${k}`] : [])),
  ];
  const tfTerms = comparisons.flatMap((c, k) => {
    const s2 = sumSquared.get(c.field) ?? 0;
    return c.termFrequency && s2 > 0 ? [`CASE WHEN g${k} = 0 THEN log2(${num(s2)} / tf${k}) ELSE 0 END`] : [];
  });
  const levels = comparisons.map((c, k) => `(${levelExpression(c, `s${k}`, flat)})::TINYINT AS g${k}`);
  const tfColumns = comparisons.flatMap((c, k) => (c.termFrequency ? [`tf${k}`] : []));
  return (
    `CREATE TABLE ${target} AS SELECT a, b, rule, forced, rules_mask, ${comparisons.map((_, k) => `g${k}`).join(", ")}, ` +
    `(${tfTerms.length > 0 ? tfTerms.join(" + ") : "0"})::DOUBLE AS tf_weight FROM (` +
    `SELECT a, b, rule, forced, rules_mask, ${[...levels, ...tfColumns].join(", ")} FROM (` +
    `SELECT ${inner.join(", ")} FROM ${source} p JOIN records l ON l.id = p.a JOIN records r ON r.id = p.b))`
  );
}

/**
 * The pattern table: each distinct combination of levels and how many pairs have it. With
 * `informMasks` (one bit mask of rules per comparison), also `f0, f1, …`: whether the pairs satisfy
 * one of the rules in comparison k's mask (the rules that do not involve its field).
 */
export function patternsSql(settings: LinkageSettings, table = "compared", informMasks?: readonly bigint[]): string {
  const g = settings.comparisons.map((_, k) => `g${k}`);
  const f = informMasks ? informMasks.map((mask, k) => `((rules_mask & ${mask.toString()}::BIGINT) <> 0) AS f${k}`) : [];
  const keys = [...g, ...(informMasks ? informMasks.map((_, k) => `f${k}`) : [])];
  return (
    `SELECT ${keys.join(", ")}, count(*)::DOUBLE AS n FROM (SELECT *${f.length > 0 ? `, ${f.join(", ")}` : ""} FROM ${table}) ` +
    `GROUP BY ${keys.join(", ")} ORDER BY ${keys.join(", ")}`
  );
}

/** Every pair of records once (for u when there are few records). */
export function allPairsSql(): string {
  return "CREATE TABLE usample AS SELECT l.id AS a, r.id AS b, 0::UTINYINT AS rule, 0::BIGINT AS rules_mask FROM records l JOIN records r ON l.id < r.id";
}

/**
 * `scored`: each compared pair's match weight (log2 posterior odds: prior + Σ level weights + TF
 * adjustments), match probability and whether it is a link (forced, or weight ≥ threshold).
 * `weights[k][l]` is log2(m/u) of level l of comparison k; `prior` is log2(λ/(1 − λ)).
 */
export function scoredSql(prior: number, weights: readonly (readonly number[])[], threshold: number): string {
  const terms = weights.map(
    (w, k) => `CASE g${k} ${w.map((x, l) => `WHEN ${l} THEN ${num(x)}`).join(" ")} ELSE 0 END`,
  );
  const weight = `(${[num(prior), ...terms, "tf_weight"].join(" + ")})`;
  return (
    `CREATE TABLE scored AS SELECT *, ` +
    `CASE WHEN forced THEN 1.0 ELSE 1.0 / (1.0 + pow(2.0, -greatest(-1000.0, least(1000.0, weight)))) END AS probability, ` +
    `(forced OR weight >= ${num(threshold)}) AS linked FROM (SELECT *, ${weight}::DOUBLE AS weight FROM compared)`
  );
}

/** `scored` for deterministic linkage: every candidate pair (all from deterministic rules) is a link. */
export function scoredDeterministicSql(): string {
  return `CREATE TABLE scored AS SELECT a, b, rule, true AS forced, NULL::DOUBLE AS weight, 1.0::DOUBLE AS probability, true AS linked FROM pairs`;
}

/** Statements that start the connected-components labelling: `labels(id, label)` over the nodes of links. */
export function labelsInitSql(): string[] {
  return [
    "CREATE TABLE edges AS SELECT a, b FROM scored WHERE linked",
    "CREATE TABLE labels AS SELECT id, id AS label FROM (SELECT a AS id FROM edges UNION SELECT b FROM edges)",
  ];
}

/**
 * One round of label propagation with pointer jumping: every node takes the smallest label among
 * itself and its neighbours, then the label of its label. Leaves `labels_next`; the caller counts
 * the changes and swaps.
 */
export function labelsStepSql(): string {
  return (
    "CREATE OR REPLACE TABLE labels_next AS WITH nb AS (" +
    "SELECT e.a AS id, lb.label FROM edges e JOIN labels lb ON lb.id = e.b UNION ALL " +
    "SELECT e.b AS id, lb.label FROM edges e JOIN labels lb ON lb.id = e.a), " +
    "m AS (SELECT id, min(label) AS label FROM nb GROUP BY id), " +
    "s AS (SELECT l.id, least(l.label, coalesce(m.label, l.label)) AS label FROM labels l LEFT JOIN m ON m.id = l.id) " +
    "SELECT s.id, least(s.label, j.label) AS label FROM s JOIN s j ON j.id = s.label"
  );
}

/** Person number of every record (1 … P, numbered by their smallest record id), in id order. */
export function personsSql(): string {
  return (
    "SELECT dense_rank() OVER (ORDER BY coalesce(lb.label, r.id))::INTEGER AS person, r.id FROM records r " +
    "LEFT JOIN labels lb ON lb.id = r.id ORDER BY r.id"
  );
}
