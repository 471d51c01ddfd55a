import type { CaptureData, EstimateCore, Interval } from "../types.js";
import { OptionError, PrevalenceError } from "../errors.js";
import { validateInteger, validateLevels } from "../_lib/validate.js";
import { randomStream } from "../_lib/random.js";
import { getTableFamily } from "../families/registry.js";
import { bootstrapSettings } from "../uncertainty/_runBootstrap.js";
import { bootstrapFromPoint } from "../uncertainty/_bootstrapFromPoint.js";
import { simulateCaptureData } from "../simulate/simulateCaptureData.js";
import { readCaptureCsv } from "../data/readCaptureCsv.js";
import { VERSION } from "../version.js";
import { validateStudySpec } from "./validateStudySpec.js";
import { buildStudyResult } from "./_summary.js";
import type { StudyItem, StudyItemResult, StudyMethod, StudyPart, StudyResult, StudyScenario, StudySettings, StudySpec } from "./types.js";

/** Options of {@link runStudy}. */
export interface RunStudyOptions {
  /** Override the spec's replications (quick runs). */
  readonly replications?: number;
  /** Override every method's bootstrap replicates. */
  readonly replicates?: number;
  /** Compute only shard `index` of `count` (from 1): the items k with k mod count = index − 1. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Load a fitted scenario's bundled `dataset` by name: pass `loadDataset` from `prevalence/datasets` (kept out of the core bundle). */
  readonly loadDataset?: (name: string) => CaptureData;
  /** Read a scenario's `file` (the CLI reads it relative to the spec file). */
  readonly readFile?: (file: string) => string;
  /** Worker threads for the bootstraps (the numbers do not depend on it). */
  readonly threads?: number;
  /** Called after each item: done of total (of this shard). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A scenario ready to draw from. */
interface PreparedScenario {
  readonly truth: number;
  draw(replication: number): CaptureData;
}

/**
 * Run a simulation study: for every replication of every scenario, draw capture data with a known
 * size, run every method on them, and summarise per scenario and method the bias, the RMSE, the
 * log-scale RMSE and the coverage of every interval, each with its Monte Carlo standard error.
 *
 * **Determinism.** Item k = replication × scenarios + scenario draws its data from the streams
 * `randomStream(seed, "scenario", s, "replication", r)` (or the simulator seeded with the same
 * key), and method m bootstraps with the seed `"<seed>/scenario/s/replication/r/method/m"`: an
 * item's numbers depend on the item alone, never on the shard, the number of shards or threads.
 * With `shard`, only the items k ≡ index − 1 (mod count) are run and a {@link StudyPart} is
 * returned; {@link mergeStudyParts} combines the parts into the result a single run gives, byte
 * for byte once serialised.
 *
 * @param spec - the study (see {@link validateStudySpec}).
 * @param options - see {@link RunStudyOptions}.
 * @returns the study's result, or its part with `shard`.
 * @throws {OptionError} for an invalid spec, shard or override, or a fitted scenario whose family
 *   cannot draw parametric tables.
 * @example
 * const result = await runStudy(spec, { replications: 20, replicates: 100 });
 * result.summary.map((r) => [r.scenario, r.method, r.rmse, r.coverage[0].coverage]);
 * @see docs/methodology/studies.md
 */
export async function runStudy(spec: StudySpec, options?: RunStudyOptions & { readonly shard?: undefined }): Promise<StudyResult>;
export async function runStudy(spec: StudySpec, options: RunStudyOptions & { readonly shard: { readonly index: number; readonly count: number } }): Promise<StudyPart>;
export async function runStudy(spec: StudySpec, options: RunStudyOptions = {}): Promise<StudyResult | StudyPart> {
  validateStudySpec(spec);
  const settings = studySettings(spec, options);
  const shard = options.shard;
  if (shard !== undefined) {
    const count = validateInteger("shard count", shard.count, 1, 1_000_000);
    validateInteger("shard index", shard.index, 1, count);
  }
  const scenarios = spec.scenarios.map((s, i) => prepareScenario(s, i, settings, options));
  const total = settings.replications * scenarios.length;
  const mine: number[] = [];
  for (let k = 0; k < total; k++) if (shard === undefined || k % shard.count === shard.index - 1) mine.push(k);
  const items: StudyItem[] = [];
  for (const k of mine) {
    items.push(await runItem(spec, settings, scenarios, k, options));
    options.onProgress?.(items.length, mine.length);
  }
  if (shard !== undefined) return { kind: "study-part", shard: { index: shard.index, count: shard.count }, spec, settings, items };
  return buildStudyResult(spec, settings, scenarios.map((s) => s.truth), items);
}

function studySettings(spec: StudySpec, options: RunStudyOptions): StudySettings {
  const replications = validateInteger("replications", options.replications ?? spec.replications, 1, 10_000_000);
  const replicates = options.replicates === undefined ? undefined : validateInteger("replicates", options.replicates, 1, 10_000_000);
  return {
    seed: spec.seed,
    replications,
    ...(replicates !== undefined ? { replicates } : {}),
    level: validateLevels(spec.level),
    version: VERSION,
  };
}

function prepareScenario(scenario: StudyScenario, index: number, settings: StudySettings, options: RunStudyOptions): PreparedScenario {
  if (scenario.simulate !== undefined) {
    const simulate = scenario.simulate;
    const truth = simulateCaptureData({ ...simulate, seed: `${settings.seed}/scenario/${index}/replication/0` }).truth.total;
    return {
      truth,
      draw: (r) => simulateCaptureData({ ...simulate, seed: `${settings.seed}/scenario/${index}/replication/${r}` }).data,
    };
  }
  const fitted = scenario.fitted as NonNullable<StudyScenario["fitted"]>;
  let data: CaptureData;
  if (fitted.dataset !== undefined) {
    if (options.loadDataset === undefined) {
      throw new OptionError(`scenario ${JSON.stringify(scenario.name)} names a bundled dataset: pass \`loadDataset\` from prevalence/datasets`);
    }
    data = options.loadDataset(fitted.dataset);
  } else {
    if (options.readFile === undefined) throw new OptionError(`scenario ${JSON.stringify(scenario.name)} names a file: pass \`readFile\``);
    data = readCaptureCsv(options.readFile(fitted.file as string));
  }
  const family = getTableFamily(fitted.method ?? "loglinear");
  const familySpec = family.spec(data, { ...(fitted.options ?? {}), familyOptions: fitted.options ?? {} });
  const point = family.estimate(data, familySpec, { levels: [0.95] }) as EstimateCore;
  const model = point.fitted ? family.parametric?.(point, data, familySpec) : undefined;
  if (model === undefined) {
    throw new OptionError(`scenario ${JSON.stringify(scenario.name)}: the ${family.name} family gives no fitted model to draw populations from on these data`);
  }
  const cells = data.counts.length;
  return {
    truth: model.population,
    draw(r) {
      const stream = randomStream(settings.seed, "scenario", index, "replication", r);
      const all = stream.multinomial(model.population, model.probabilities);
      // cell 0 holds those on no list: the dark figure of this replication
      const counts = Array.from(all.subarray(1, cells + 1));
      return { lists: [...data.lists], counts, observed: counts.reduce((a, b) => a + b, 0) };
    },
  };
}

async function runItem(spec: StudySpec, settings: StudySettings, scenarios: readonly PreparedScenario[], k: number, options: RunStudyOptions): Promise<StudyItem> {
  const s = k % scenarios.length;
  const r = Math.floor(k / scenarios.length);
  const data = scenarios[s].draw(r);
  const results: StudyItemResult[] = [];
  for (let m = 0; m < spec.methods.length; m++) {
    results.push(await runStudyMethod(spec.methods[m], data, settings, `${settings.seed}/scenario/${s}/replication/${r}/method/${m}`, options));
  }
  return { item: k, scenario: s, replication: r, truth: scenarios[s].truth, observed: data.observed, results };
}

/**
 * One method on one replication's data: its estimate and every interval asked for, from one point
 * estimate (the model is chosen once; bca and percentile come from one bootstrap around it).
 */
async function runStudyMethod(method: StudyMethod, data: CaptureData, settings: StudySettings, seed: string, options: RunStudyOptions): Promise<StudyItemResult> {
  const wanted = method.intervals ?? ["bca"];
  const levels = settings.level;
  const warnings: string[] = [];
  const note = (codes: readonly { code: string }[]) => {
    for (const w of codes) if (!warnings.includes(w.code)) warnings.push(w.code);
  };
  const family = getTableFamily(method.method ?? "loglinear");
  let spec: unknown;
  let point: EstimateCore;
  try {
    spec = family.spec(data, { ...(method.options ?? {}), familyOptions: method.options ?? {} });
    point = family.estimate(data, spec, { levels }) as EstimateCore;
  } catch (error) {
    if (!(error instanceof PrevalenceError)) throw error;
    return { estimate: null, intervals: [], warnings: ["METHOD_FAILED"] };
  }
  note(point.warnings);
  if (!point.fitted || point.estimate === null) return { estimate: null, intervals: [], warnings };
  const intervals: Interval[] = [];
  const boot = wanted.filter((w): w is "bca" | "percentile" => w === "bca" || w === "percentile");
  if (boot.length > 0) {
    try {
      const run = await bootstrapSettings({
        seed,
        replicates: settings.replicates ?? method.replicates ?? 1000,
        ...(method.resampling !== undefined ? { resampling: method.resampling } : {}),
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
      });
      const b = await bootstrapFromPoint(family, spec, data, point, run, { levels, methods: boot, threadsGiven: options.threads !== undefined });
      intervals.push(...b.intervals);
      note(b.warnings);
    } catch (error) {
      if (!(error instanceof PrevalenceError)) throw error;
      note([{ code: "INTERVAL_UNAVAILABLE" }]);
    }
  }
  for (const ci of wanted.filter((w) => w !== "bca" && w !== "percentile")) {
    if (ci === family.pointIntervals) {
      intervals.push(...point.intervals);
      continue;
    }
    const own = family.intervals?.[ci];
    if (own === undefined) {
      throw new OptionError(`the ${family.name} family offers no ${ci} interval (method ${JSON.stringify(method.name)})`);
    }
    try {
      const r = await own(data, point, { levels });
      // every interval the family computed for this method, under the study's name for it
      intervals.push(...r.intervals.map((i) => ({ ...i, method: ci })));
      note(r.warnings);
    } catch (error) {
      if (!(error instanceof PrevalenceError)) throw error;
      note([{ code: "INTERVAL_UNAVAILABLE" }]);
    }
  }
  return { estimate: point.estimate, intervals, warnings };
}
