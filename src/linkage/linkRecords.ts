/**
 * Record linkage from agency files to capture histories, in DuckDB.
 */
import { LinkageDataError, OptionError, type DataIssue } from "../errors.js";
import type { EstimateWarning } from "../types.js";
import { openDuckDb, type SqlEngine } from "./_engine.js";
import { randomStream } from "../_lib/random.js";
import { clusterLinks, historiesFromPersons, type CodedCovariate } from "./_clusters.js";
import {
  allPairsSql,
  badDatesSql,
  cleanSql,
  comparedSql,
  dateFields,
  ident,
  pairsSql,
  labelsInitSql,
  labelsStepSql,
  patternsSql,
  personsSql,
  readFileSql,
  recordsBaseSql,
  recordsSql,
  rulePairCountSql,
  scoredDeterministicSql,
  scoredSql,
  sumSquaredFrequencySql,
  termFrequencyFields,
} from "./_sql.js";
import { fitFellegiSunter } from "./fitFellegiSunter.js";
import { comparisonLaw, probabilityBelow } from "./_weightDistribution.js";
import { fieldKind, resolveLinkageSettings, type LinkageConfig, type LinkageSettings } from "./linkageSettings.js";
import type {
  Linkage,
  LinkageModel,
  LinkagePairs,
  LinkageSummary,
  ReviewPair,
  WeightBin,
  CovariateColumn,
} from "./types.js";

/** Options of {@link linkRecords}. */
export interface LinkRecordsOptions {
  /** Directory that relative file paths in the configuration are resolved against (the configuration file's, for the CLI). */
  readonly baseDirectory?: string;
  /** Called as each stage starts: `read`, `standardise`, `block`, `compare`, `estimate`, `score`, `cluster`, `collect`. */
  readonly onStage?: (stage: string) => void;
}

/** Most unreadable values reported per file and field (the count says how many there are). */
const MAX_ISSUES_PER_COLUMN = 50;
/** Most rounds of label propagation before the clustering gives up (it needs about log of the longest chain). */
const MAX_ROUNDS = 200;

/**
 * Link the records of several agency files into persons and return their capture histories.
 *
 * Runs in an in-memory DuckDB database (the optional dependency `@duckdb/node-api`, loaded here):
 * 1. **Read** every file (CSV with a header, or Parquet); check that every mapped column is there,
 *    that no file is empty and that every date reads. All problems in all files are collected and
 *    thrown together as one {@link LinkageDataError} before anything is linked.
 * 2. **Standardise**: names lower-cased without accents, punctuation or repeated spaces; sex as
 *    `m`/`f`; dates split into year, month and day (partial dates `1987` and `1987-03` kept as far
 *    as they go); missing tokens (`""`, `NA`, `unknown`…) as missing. Term frequencies of the
 *    fields that use them.
 * 3. **Block**: candidate pairs are the pairs of records (within and across lists) that agree on
 *    every key of at least one blocking rule; each rule adds the pairs no earlier rule made.
 * 4. **Compare** every candidate pair field by field into comparison levels.
 * 5. **Estimate** the Fellegi–Sunter model by EM ({@link fitFellegiSunter}) over the table of
 *    comparison patterns.
 * 6. **Score**: match weight = log2(λ/(1−λ)) + Σ log2(m/u) + term-frequency adjustments
 *    (log2(Σtf²/tf_v) at an exact level), match probability = 1/(1 + 2^−weight); a link when the
 *    weight reaches `threshold` or a deterministic rule holds.
 * 7. **Cluster** the links into persons by connected components (label propagation with pointer
 *    jumping in SQL), within and across lists, and form each person's capture history and
 *    covariates.
 *
 * @param config - the linkage configuration (see {@link LinkageConfig}); settings not given take
 *   their defaults ({@link resolveLinkageSettings}).
 * @param options - see {@link LinkRecordsOptions}.
 * @returns the capture histories, every record's person, the fitted model, the candidate pairs
 *   above the probability floor, a summary with estimated precision and recall, the weight
 *   histogram, the pairs for clerical review, warnings and the settings.
 * @throws {LinkageDataError} listing every problem in the files (file, row, column): missing
 *   mapped columns, unreadable dates, empty or unreadable files.
 * @throws {OptionError} for a configuration out of range, or blocking rules that would make more
 *   than `maxPairs` candidate pairs.
 * @throws {MissingDependencyError} when `@duckdb/node-api` is not installed.
 * @example
 * const linkage = await linkRecords({
 *   lists: [{ name: "police", file: "police.csv" }, { name: "ngo", file: "ngo.csv" }],
 *   fields: { first_name: "first_name", last_name: "last_name", birth_date: "birth_date", sex: "sex" },
 *   covariates: ["region"],
 * }, { baseDirectory: "data" });
 * linkage.data            // CaptureData: estimate(linkage.data)
 * linkage.summary.estimatedPrecision
 * @see docs/methodology/linkage.md
 */
export async function linkRecords(config: LinkageConfig, options: LinkRecordsOptions = {}): Promise<Linkage> {
  const settings = resolveLinkageSettings(config, options.baseDirectory);
  const stage = options.onStage ?? (() => {});
  const engine = await openDuckDb({ threads: settings.threads, memoryLimit: settings.memoryLimit });
  try {
    return await link(engine, settings, stage);
  } finally {
    engine.close();
  }
}

async function link(engine: SqlEngine, settings: LinkageSettings, stage: (s: string) => void): Promise<Linkage> {
  const warnings: EstimateWarning[] = [];
  stage("read");
  const recordCounts = await readFiles(engine, settings, warnings);
  const offsets = recordCounts.map((_, k) => recordCounts.slice(0, k).reduce((a, b) => a + b, 0));
  const recordCount = recordCounts.reduce((a, b) => a + b, 0);

  stage("standardise");
  await engine.run(recordsBaseSql(settings, offsets));
  const sumSquared = new Map<string, number>();
  for (const f of termFrequencyFields(settings)) {
    const [row] = await engine.rows(sumSquaredFrequencySql(f, "records_base"));
    sumSquared.set(f, Number(row.s));
  }
  await engine.run(recordsSql(settings));
  await engine.run("DROP TABLE records_base");

  stage("block");
  // The rules: blocking (probabilistic), the optional ones within the budget, then the deterministic ones.
  const boundOf = async (rule: readonly string[]) => Number((await engine.rows(rulePairCountSql(rule)))[0].pairs);
  const rules: (readonly string[])[] = [];
  const kinds: ("blocking" | "optional" | "deterministic")[] = [];
  const bounds: number[] = [];
  const skipped: { keys: string[]; bound: number }[] = [];
  const add = (rule: readonly string[], kind: "blocking" | "optional" | "deterministic", b: number) => {
    rules.push(rule);
    kinds.push(kind);
    bounds.push(b);
  };
  if (settings.method === "probabilistic") {
    for (const rule of settings.blocking) add(rule, "blocking", await boundOf(rule));
    for (const rule of settings.optionalBlocking) {
      const b = await boundOf(rule);
      if (bounds.reduce((x, y) => x + y, 0) + b <= settings.pairBudget) add(rule, "optional", b);
      else skipped.push({ keys: [...rule], bound: b });
    }
  }
  for (const rule of settings.deterministic) add(rule, "deterministic", await boundOf(rule));
  const bound = bounds.reduce((a, b) => a + b, 0);
  if (bound > settings.maxPairs) {
    throw new OptionError(
      `the blocking rules would make up to ${bound.toLocaleString("en-US")} candidate pairs, more than \`maxPairs\` ` +
        `(${settings.maxPairs.toLocaleString("en-US")}); make the rules stricter (add keys) or raise \`maxPairs\`. Per rule: ` +
        rules.map((r, k) => `[${r.join(", ")}] ${bounds[k].toLocaleString("en-US")}`).join("; "),
    );
  }
  if (rules.length > 62) throw new OptionError(`at most 62 blocking and deterministic rules may be used together; received ${rules.length}`);
  await engine.run(pairsSql(rules));
  const perRule = new Map<number, number>();
  for (const row of await engine.rows("SELECT rule, count(*)::DOUBLE AS n FROM pairs GROUP BY rule")) perRule.set(Number(row.rule), Number(row.n));
  const candidatePairs = [...perRule.values()].reduce((a, b) => a + b, 0);

  stage("compare");
  let model: LinkageModel | null = null;
  if (settings.method === "probabilistic") {
    const deterministicMask = kinds.reduce((mask, kind, r) => (kind === "deterministic" ? mask | (1n << BigInt(r)) : mask), 0n);
    await engine.run(comparedSql(settings, sumSquared, "pairs", "compared", deterministicMask));
    await engine.run("DROP TABLE pairs");
    stage("estimate");
    model = await estimateModel(engine, settings, sumSquared, recordCount, rules);
    if (!model.converged) {
      warnings.push({
        code: "LINKAGE_EM_NOT_CONVERGED",
        message: `the EM algorithm did not converge in ${model.iterations} iterations; the match probabilities may be off (raise em.maxIterations)`,
      });
    }
    stage("score");
    await engine.run(
      scoredSql(
        model.prior,
        model.comparisons.map((c) => c.levels.map((l) => l.weight)),
        settings.threshold,
      ),
    );
    await engine.run("DROP TABLE compared");
    model = { ...model, missedMatches: await missedMatches(engine, settings, model, recordCounts.length) };
  } else {
    stage("score");
    await engine.run(scoredDeterministicSql());
    await engine.run("DROP TABLE pairs");
  }

  stage("cluster");
  for (const sql of labelsInitSql()) await engine.run(sql);
  let rounds = 0;
  for (;;) {
    rounds++;
    await engine.run(labelsStepSql());
    const [row] = await engine.rows("SELECT count(*)::DOUBLE AS changed FROM labels_next n JOIN labels o ON o.id = n.id WHERE n.label <> o.label");
    await engine.run("DROP TABLE labels");
    await engine.run("ALTER TABLE labels_next RENAME TO labels");
    if (Number(row.changed) === 0) break;
    if (rounds >= MAX_ROUNDS) throw new Error(`internal: the clustering did not settle in ${MAX_ROUNDS} rounds`);
  }

  stage("collect");
  const person = new Int32Array(recordCount);
  let filled = 0;
  await engine.stream(personsSql(), (columns, n) => {
    for (let i = 0; i < n; i++) person[filled + i] = Number(columns[0][i]);
    filled += n;
  });
  const recordList = new Uint8Array(recordCount);
  const recordRow = new Int32Array(recordCount);
  recordCounts.forEach((count, k) => {
    for (let r = 0; r < count; r++) {
      recordList[offsets[k] + r] = k;
      recordRow[offsets[k] + r] = r + 1;
    }
  });
  const pairs = await collectPairs(engine, settings);
  // The SQL components must be those of the links: a check on the engine, cheap next to the rest.
  const check = clusterLinks(recordCount, pairs.left, pairs.right, (k) => pairs.linked[k]);
  for (let i = 0; i < recordCount; i++) {
    if (check[i] !== person[i]) throw new Error(`internal: the SQL clustering differs from union–find at record ${i}`);
  }

  const covariateColumns: Record<string, CovariateColumn> = {};
  const coded: CodedCovariate[] = [];
  for (const [j, name] of settings.covariates.entries()) {
    const values = (await engine.rows(`SELECT DISTINCT cov__${j} AS v FROM records ORDER BY v`)).map((r) => String(r.v));
    const codes = new Int32Array(recordCount);
    let at = 0;
    await engine.stream(
      `SELECT (d.code - 1)::INTEGER AS code FROM records r JOIN (SELECT v, row_number() OVER (ORDER BY v) AS code FROM (SELECT DISTINCT cov__${j} AS v FROM records)) d ON d.v = r.cov__${j} ORDER BY r.id`,
      (columns, n) => {
        for (let i = 0; i < n; i++) codes[at + i] = Number(columns[0][i]);
        at += n;
      },
    );
    covariateColumns[name] = { values, codes: Array.from(codes) };
    coded.push({ name, values, codes });
  }
  const { data, conflicts } = historiesFromPersons(
    settings.lists.map((l) => l.name),
    recordList,
    person,
    coded,
  );
  if (conflicts > 0) {
    warnings.push({
      code: "LINKAGE_COVARIATE_CONFLICT",
      message: `${conflicts} person${conflicts === 1 ? "'s records disagree" : "s' records disagree"} on a covariate; each person takes the value most of their records have (a tie goes to the first record)`,
    });
  }

  const summary = await summarise(engine, settings, {
    recordCounts,
    rules,
    kinds,
    bounds,
    skipped,
    perRule,
    candidatePairs,
    person,
    recordList,
    persons: data.observed,
    rounds,
  });
  if (summary.links === 0) {
    warnings.push({ code: "LINKAGE_NO_LINKS", message: "no pair of records was linked: every record is a person of its own" });
  }
  const largest = summary.clusterSizes.length > 0 ? summary.clusterSizes[summary.clusterSizes.length - 1].records : 0;
  const large = Math.max(10, 3 * settings.lists.length);
  if (largest > large) {
    const many = summary.clusterSizes.filter((c) => c.records > large).reduce((a, c) => a + c.persons, 0);
    warnings.push({
      code: "LINKAGE_LARGE_CLUSTER",
      message: `${many} person${many === 1 ? " has" : "s have"} more than ${large} records (the largest ${largest}): links may chain different people together; review the clusters or raise the threshold`,
    });
  }
  const histogram = settings.method === "probabilistic" ? await weightHistogram(engine) : [];
  const review = settings.method === "probabilistic" && model !== null ? await reviewPairs(engine, settings, offsets) : [];

  return {
    kind: "linkage",
    data,
    records: { list: Array.from(recordList), row: Array.from(recordRow), person: Array.from(person) },
    covariateColumns,
    pairs,
    model,
    summary,
    histogram,
    review,
    warnings,
    settings,
  };
}

/** Read, check and clean every file; throws one LinkageDataError with every problem. Returns record counts. */
async function readFiles(engine: SqlEngine, settings: LinkageSettings, warnings: EstimateWarning[]): Promise<number[]> {
  const issues: DataIssue[] = [];
  const counts: number[] = [];
  let setMissing = 0;
  for (const [k, list] of settings.lists.entries()) {
    try {
      await engine.run(readFileSql(list, k));
    } catch (error) {
      issues.push({ code: "UNREADABLE_FILE", file: list.file, message: `cannot read the file: ${firstLine(error)}` });
      counts.push(0);
      continue;
    }
    const [{ n }] = await engine.rows(`SELECT count(*)::DOUBLE AS n FROM raw_${k}`);
    counts.push(Number(n));
    if (Number(n) === 0) {
      issues.push({ code: "EMPTY_INPUT", file: list.file, message: "the file holds no records (no data rows)" });
      continue;
    }
    const columns = (await engine.rows(`DESCRIBE raw_${k}`)).map((r) => String(r.column_name));
    const wanted = [
      ...settings.fields.map((f) => ({ column: list.fields[f], role: `field ${f}` })),
      ...settings.covariates.map((c) => ({ column: list.covariates[c], role: `covariate ${c}` })),
    ];
    let missing = false;
    for (const w of wanted) {
      if (columns.includes(w.column)) continue;
      missing = true;
      const near = columns.find((c) => c.trim().toLowerCase() === w.column.trim().toLowerCase());
      issues.push({
        code: "MISSING_COLUMN",
        file: list.file,
        column: w.column,
        message: `the file has no column ${JSON.stringify(w.column)} (mapped as ${w.role})${near !== undefined ? `; did you mean ${JSON.stringify(near)}?` : ""}; its columns are ${columns.map((c) => JSON.stringify(c)).join(", ")}`,
      });
    }
    if (missing) continue;
    await engine.run(cleanSql(settings, k));
    for (const f of dateFields(settings)) {
      const bad = await engine.rows(badDatesSql(settings, k, f, MAX_ISSUES_PER_COLUMN));
      if (bad.length === 0) continue;
      const total = Number(bad[0].total);
      if (settings.invalidDates === "missing") {
        setMissing += total;
        continue;
      }
      const formats = [...list.dateFormats, "%Y-%m-%d", "YYYY", "YYYY-MM"].join(", ");
      for (const b of bad) {
        issues.push({
          code: "INVALID_DATE",
          file: list.file,
          row: Number(b.r),
          column: list.fields[f],
          message: `${JSON.stringify(String(b.value))} is not a ${f === "birth_year" ? "year" : "date"} (read as ${formats}; years from 1800 to 2200)`,
        });
      }
      if (total > bad.length) {
        issues.push({
          code: "INVALID_DATE",
          file: list.file,
          column: list.fields[f],
          message: `... and ${total - bad.length} more unreadable values in this column`,
        });
      }
    }
  }
  if (issues.length > 0) throw new LinkageDataError(issues);
  if (setMissing > 0) {
    warnings.push({
      code: "LINKAGE_INVALID_DATES",
      message: `${setMissing} unreadable date${setMissing === 1 ? " was" : "s were"} read as missing (invalidDates: "missing")`,
    });
  }
  return counts;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split("\n")[0];
}

/**
 * Fit the population Fellegi–Sunter model: u from random pairs of records (all pairs when there are
 * few), then m and λ by EM over the candidate pairs' pattern table with u held fixed and λ a
 * proportion of all n(n − 1)/2 pairs (pairs outside the blocks count as non-matches).
 */
async function estimateModel(
  engine: SqlEngine,
  settings: LinkageSettings,
  sumSquared: ReadonlyMap<string, number>,
  recordCount: number,
  rules: readonly (readonly string[])[],
): Promise<LinkageModel> {
  const K = settings.comparisons.length;
  const levelCounts = settings.comparisons.map((c) => c.levels.length);
  const allPairs = (recordCount * (recordCount - 1)) / 2;

  // u: the level frequencies among random pairs, nearly all non-matches.
  const exhaustive = allPairs <= settings.uSamplePairs;
  if (exhaustive) await engine.run(allPairsSql());
  else {
    await engine.run("CREATE TABLE usample (a INTEGER, b INTEGER)");
    const random = randomStream(settings.seed, "u-sample");
    const a = new Int32Array(settings.uSamplePairs);
    const b = new Int32Array(settings.uSamplePairs);
    for (let k = 0; k < a.length; k++) {
      const i = Math.floor(random.uniform() * recordCount);
      let j = Math.floor(random.uniform() * (recordCount - 1));
      if (j >= i) j++;
      a[k] = Math.min(i, j);
      b[k] = Math.max(i, j);
    }
    await engine.appendIntegers("usample", [a, b]);
    await engine.run("ALTER TABLE usample ADD COLUMN rule UTINYINT DEFAULT 0");
    await engine.run("ALTER TABLE usample ADD COLUMN rules_mask BIGINT DEFAULT 0");
  }
  await engine.run(comparedSql(settings, new Map(), "usample", "ucompared"));
  const uCounts = levelCounts.map((L) => new Array<number>(L).fill(settings.em.priorCount));
  for (const row of await engine.rows(patternsSql(settings, "ucompared"))) {
    for (let k = 0; k < K; k++) if (row[`g${k}`] !== null) uCounts[k][Number(row[`g${k}`])] += Number(row.n);
  }
  await engine.run("DROP TABLE usample");
  await engine.run("DROP TABLE ucompared");
  const u = uCounts.map((c) => {
    const s = c.reduce((x, y) => x + y, 0);
    return c.map((x) => (s > 0 ? x / s : 1 / c.length));
  });

  // m of a field is estimated from the pairs that a rule not involving the field made, so that
  // the blocking keys do not bias it towards agreement.
  const informMasks = settings.comparisons.map((c) =>
    rules.reduce((mask, rule, r) => (rule.some((key) => key.split(":")[0] === c.field) ? mask : mask | (1n << BigInt(r))), 0n),
  );
  const rows = await engine.rows(patternsSql(settings, "compared", informMasks));
  const patterns = rows.map((row) => ({
    levels: Array.from({ length: K }, (_, k) => (row[`g${k}`] === null ? -1 : Number(row[`g${k}`]))),
    count: Number(row.n),
    informsM: Array.from({ length: K }, (_, k) => row[`f${k}`] === true),
  }));
  const candidates = patterns.reduce((x, p) => x + p.count, 0);
  const fit = fitFellegiSunter(levelCounts, patterns, {
    ...settings.em,
    fixedU: u,
    pairCount: Math.max(allPairs, candidates),
    initialProportion: Math.min(0.5, Math.max(1e-12, Math.min(candidates / 2, recordCount) / Math.max(1, allPairs))),
  });
  return {
    proportion: fit.proportion,
    prior: Math.log2(fit.proportion / (1 - fit.proportion)),
    comparisons: settings.comparisons.map((c, k) => {
      const atLevel = new Array<number>(c.levels.length).fill(0);
      let missingPairs = 0;
      for (const p of patterns) {
        if (p.levels[k] < 0) missingPairs += p.count;
        else atLevel[p.levels[k]] += p.count;
      }
      return {
        field: c.field,
        method: c.method,
        termFrequency: c.termFrequency,
        ...(c.termFrequency ? { sumSquaredFrequency: sumSquared.get(c.field) ?? 0 } : {}),
        missingPairs,
        levels: c.levels.map((name, l) => ({
          name,
          m: fit.m[k][l],
          u: fit.u[k][l],
          weight: Math.log2(fit.m[k][l] / fit.u[k][l]),
          pairs: atLevel[l],
        })),
      };
    }),
    patterns: patterns.length,
    randomPairs: exhaustive ? allPairs : settings.uSamplePairs,
    randomPairsExhaustive: exhaustive,
    iterations: fit.iterations,
    converged: fit.converged,
    logLikelihood: fit.logLikelihood,
  };
}

/**
 * The model's estimate, for every pair of lists (a list with itself for within-list duplicates), of
 * the share of matching pairs whose match weight falls below the threshold (missed links) and below
 * the probability floor (matches no draw can link): the weight law of a matching pair convolved
 * over the comparisons, each field missing as often as in the two lists' records, exact levels
 * spread by their term-frequency adjustments (a value v agreeing with probability tf_v).
 */
async function missedMatches(
  engine: SqlEngine,
  settings: LinkageSettings,
  model: LinkageModel,
  listCount: number,
): Promise<NonNullable<LinkageModel["missedMatches"]>> {
  const comparisons = settings.comparisons;
  const missingColumn = (field: string) => (fieldKind(field) === "date" ? ident(`${field}__y`) : ident(field));
  const rows = await engine.rows(
    `SELECT list, ${comparisons.map((c, k) => `avg((${missingColumn(c.field)} IS NULL)::DOUBLE) AS q${k}`).join(", ")} FROM records GROUP BY list`,
  );
  const missing = Array.from({ length: listCount }, () => new Array<number>(comparisons.length).fill(0));
  for (const row of rows) comparisons.forEach((_, k) => (missing[Number(row.list)][k] = Number(row[`q${k}`])));
  const tfLaws = new Map<string, [number, number][]>();
  for (const c of model.comparisons) {
    if (!c.termFrequency || !(c.sumSquaredFrequency! > 0)) continue;
    const x = ident(c.field);
    const groups = await engine.rows(
      `SELECT n, count(*)::DOUBLE AS k, (SELECT count(${x}) FROM records)::DOUBLE AS total FROM (SELECT count(*)::DOUBLE AS n FROM records WHERE ${x} IS NOT NULL GROUP BY ${x}) GROUP BY n`,
    );
    tfLaws.set(
      c.field,
      groups.map((g) => {
        const tf = Number(g.n) / Number(g.total);
        return [Math.log2(c.sumSquaredFrequency! / tf), Number(g.k) * tf] as [number, number];
      }),
    );
  }
  const floorWeight = Math.log2(settings.pairFloor / (1 - settings.pairFloor));
  const out: { lists: [string, string]; belowThreshold: number; belowFloor: number }[] = [];
  for (let i = 0; i < listCount; i++) {
    for (let j = i; j < listCount; j++) {
      const laws = model.comparisons.map((c, k) =>
        comparisonLaw(
          c.levels.map((l) => l.m),
          c.levels.map((l) => l.weight),
          1 - (1 - missing[i][k]) * (1 - missing[j][k]),
          tfLaws.get(c.field),
        ),
      );
      const [belowThreshold, belowFloor] = probabilityBelow(model.prior, laws, [settings.threshold, floorWeight]);
      out.push({ lists: [settings.lists[i].name, settings.lists[j].name], belowThreshold, belowFloor });
    }
  }
  return out;
}

/** Pairs with a probability at or above the floor, and every link, ordered by (left, right). */
async function collectPairs(engine: SqlEngine, settings: LinkageSettings): Promise<LinkagePairs> {
  const left: number[] = [];
  const right: number[] = [];
  const probability: number[] = [];
  const weight: (number | null)[] = [];
  const linked: boolean[] = [];
  const forced: boolean[] = [];
  await engine.stream(
    `SELECT a, b, probability, weight, linked, forced FROM scored WHERE linked OR probability >= ${settings.pairFloor} ORDER BY a, b`,
    (columns, n) => {
      for (let i = 0; i < n; i++) {
        left.push(Number(columns[0][i]));
        right.push(Number(columns[1][i]));
        probability.push(Number(columns[2][i]));
        weight.push(columns[3][i] === null ? null : Number(columns[3][i]));
        linked.push(columns[4][i] === true);
        forced.push(columns[5][i] === true);
      }
    },
  );
  return { left, right, probability, weight, linked, forced };
}

interface SummaryInputs {
  readonly recordCounts: readonly number[];
  readonly rules: readonly (readonly string[])[];
  readonly kinds: readonly ("blocking" | "optional" | "deterministic")[];
  readonly bounds: readonly number[];
  readonly skipped: readonly { keys: string[]; bound: number }[];
  readonly perRule: ReadonlyMap<number, number>;
  readonly candidatePairs: number;
  readonly person: Int32Array;
  readonly recordList: Uint8Array;
  readonly persons: number;
  readonly rounds: number;
}

async function summarise(engine: SqlEngine, settings: LinkageSettings, s: SummaryInputs): Promise<LinkageSummary> {
  const [totals] = await engine.rows(
    "SELECT count(*) FILTER (WHERE linked)::DOUBLE AS links, coalesce(sum(probability), 0)::DOUBLE AS expected, " +
      "coalesce(sum(probability) FILTER (WHERE linked), 0)::DOUBLE AS expected_linked FROM scored",
  );
  const links = Number(totals.links);
  const expected = Number(totals.expected);
  const expectedLinked = Number(totals.expected_linked);
  const recordsOf = new Int32Array(s.persons + 1);
  const listsOf = new Int32Array(s.persons + 1);
  const duplicates = new Array<number>(settings.lists.length).fill(0);
  const seen = new Set<number>();
  for (let i = 0; i < s.person.length; i++) {
    const p = s.person[i];
    recordsOf[p] += 1;
    const key = p * 32 + s.recordList[i];
    if (seen.has(key)) duplicates[s.recordList[i]] += 1;
    else {
      seen.add(key);
      listsOf[p] += 1;
    }
  }
  const tally = (values: Int32Array) => {
    const m = new Map<number, number>();
    for (let p = 1; p < values.length; p++) m.set(values[p], (m.get(values[p]) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => a[0] - b[0]);
  };
  return {
    records: [...s.recordCounts],
    rules: s.rules.map((keys, k) => ({
      keys: [...keys],
      kind: s.kinds[k],
      pairs: s.perRule.get(k) ?? 0,
      bound: s.bounds[k],
    })),
    skippedRules: s.skipped,
    candidatePairs: s.candidatePairs,
    links,
    expectedMatches: expected,
    expectedMatchesLinked: expectedLinked,
    estimatedPrecision: links > 0 ? expectedLinked / links : null,
    estimatedRecall: expected > 0 ? expectedLinked / expected : null,
    persons: s.persons,
    clusterSizes: tally(recordsOf).map(([records, persons]) => ({ records, persons })),
    listsPerPerson: tally(listsOf).map(([lists, persons]) => ({ lists, persons })),
    duplicates,
    clusteringRounds: s.rounds,
  };
}

async function weightHistogram(engine: SqlEngine): Promise<WeightBin[]> {
  const rows = await engine.rows(
    "SELECT floor(greatest(-60, least(60, weight)))::INTEGER AS bin, count(*)::DOUBLE AS pairs, " +
      "count(*) FILTER (WHERE linked)::DOUBLE AS links, sum(probability)::DOUBLE AS expected FROM scored GROUP BY bin ORDER BY bin",
  );
  return rows.map((r) => ({
    lower: Number(r.bin),
    upper: Number(r.bin) + 1,
    pairs: Number(r.pairs),
    links: Number(r.links),
    expectedMatches: Number(r.expected),
  }));
}

async function reviewPairs(engine: SqlEngine, settings: LinkageSettings, offsets: readonly number[]): Promise<ReviewPair[]> {
  if (settings.review.limit === 0) return [];
  const raw = settings.lists
    .map(
      (list, k) =>
        `SELECT (${offsets[k]} + rowid)::INTEGER AS id, ${settings.fields.map((f) => `CAST(${ident(list.fields[f])} AS VARCHAR) AS ${ident(f)}`).join(", ")} FROM raw_${k}`,
    )
    .join(" UNION ALL ");
  const g = settings.comparisons.map((_, k) => `s.g${k}`);
  const rows = await engine.rows(
    `WITH band AS (SELECT * FROM scored WHERE weight BETWEEN ${settings.review.lower} AND ${settings.review.upper} ` +
      `ORDER BY weight DESC, a, b LIMIT ${settings.review.limit}), raw AS (${raw}) ` +
      `SELECT s.a, s.b, s.weight, s.probability, s.linked, ${g.join(", ")}, ` +
      `${settings.fields.map((f) => `ra.${ident(f)} AS ${ident(`a_${f}`)}, rb.${ident(f)} AS ${ident(`b_${f}`)}`).join(", ")} ` +
      `FROM band s JOIN raw ra ON ra.id = s.a JOIN raw rb ON rb.id = s.b ORDER BY s.weight DESC, s.a, s.b`,
  );
  const listOf = (id: number) => {
    let k = offsets.length - 1;
    while (k > 0 && offsets[k] > id) k--;
    return k;
  };
  const side = (id: number, prefix: string, row: Record<string, unknown>) => {
    const k = listOf(id);
    return {
      list: settings.lists[k].name,
      row: id - offsets[k] + 1,
      values: Object.fromEntries(settings.fields.map((f) => [f, row[`${prefix}_${f}`] === null ? null : String(row[`${prefix}_${f}`])])),
    };
  };
  return rows.map((row) => ({
    left: side(Number(row.a), "a", row),
    right: side(Number(row.b), "b", row),
    weight: Number(row.weight),
    probability: Number(row.probability),
    linked: row.linked === true,
    levels: Object.fromEntries(
      settings.comparisons.map((c, k) => {
        const l = row[`g${k}`];
        return [c.field, l === null ? "missing" : c.levels[Number(l)]];
      }),
    ),
  }));
}
