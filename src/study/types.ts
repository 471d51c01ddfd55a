/** Types of simulation studies: the spec (JSON), the per-item results, shards and the summary. */
import type { Interval, ResamplingScheme } from "../types.js";
import type { SimulateCaptureDataOptions } from "../simulate/simulateCaptureData.js";

/** A population drawn, in every replication, from a model fitted to a real table (Chan, Silverman & Vincent 2021 §3.4). */
export interface FittedScenario {
  /** A bundled dataset's name (see `listDatasets`), e.g. `"UKdat_5"`. */
  readonly dataset?: string;
  /** Or a CSV file, relative to the spec file (CLI) or as given (API, with `readFile`). */
  readonly file?: string;
  /** The family whose fitted model is the population (default `"loglinear"`); it must offer parametric tables. */
  readonly method?: string;
  /** The family's options, e.g. `{ "select": "stepwise" }` or `{ "model": "[12,3,4,5]" }`. */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** One scenario: a population to draw capture data from, with a known size. */
export interface StudyScenario {
  /** Its name in the tables. */
  readonly name: string;
  /** Draw from the simulator (every option of `simulateCaptureData` but the seed, which the study sets). */
  readonly simulate?: Omit<SimulateCaptureDataOptions, "seed" | "output">;
  /** Or draw round(N̂) people over the cells of a model fitted to a real table. */
  readonly fitted?: FittedScenario;
}

/** Interval methods a study can measure. */
export type StudyIntervalMethod = "bca" | "percentile" | "profile" | "lognormal" | "wald" | "posterior";

/** One method of a study: a family, its options, and the intervals to measure. */
export interface StudyMethod {
  /** Its name in the tables, e.g. `"stepwise + BCa"`. */
  readonly name: string;
  /** The family (default `"loglinear"`). */
  readonly method?: string;
  /** The family's options, e.g. `{ "select": "stepwise" }`. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Intervals to compute and measure; bca and percentile come from one bootstrap. Default `["bca"]`. */
  readonly intervals?: readonly StudyIntervalMethod[];
  /** Bootstrap replicates (default 1000); the study's `replicates` override wins. */
  readonly replicates?: number;
  /** Bootstrap resampling scheme (default the library's). */
  readonly resampling?: ResamplingScheme;
}

/** A published figure to show beside the study's (one scenario, method and quantity). */
export interface PublishedFigure {
  readonly scenario: string;
  readonly method: string;
  /** `"rmse"`, `"logRmse"`, `"bias"` or `"coverage"` (with `level` and `interval`). */
  readonly quantity: "rmse" | "logRmse" | "bias" | "coverage";
  readonly interval?: string;
  readonly level?: number;
  readonly value: number;
}

/** A simulation study, as written in a spec file. */
export interface StudySpec {
  /** Its name. */
  readonly name: string;
  /** What it reproduces or shows. */
  readonly description?: string;
  /** Seed of every random stream of the study (recorded). */
  readonly seed: number | string;
  /** Replications per scenario. */
  readonly replications: number;
  /** Interval level(s). Default 0.95. */
  readonly level?: number | readonly number[];
  readonly scenarios: readonly StudyScenario[];
  readonly methods: readonly StudyMethod[];
  /** Published figures to show beside the study's, with their source. */
  readonly published?: { readonly source: string; readonly figures: readonly PublishedFigure[] };
}

/** One method's result on one replication. */
export interface StudyItemResult {
  /** The estimate; null when none exists. */
  readonly estimate: number | null;
  /** The intervals measured. */
  readonly intervals: readonly Interval[];
  /** Warning codes raised (distinct, in order). */
  readonly warnings: readonly string[];
}

/** One replication of one scenario: every method on the same data. */
export interface StudyItem {
  /** Item number: replication × scenarios + scenario. */
  readonly item: number;
  readonly scenario: number;
  readonly replication: number;
  /** The true population size. */
  readonly truth: number;
  /** People observed in this replication. */
  readonly observed: number;
  /** One entry per method, in the spec's order. */
  readonly results: readonly StudyItemResult[];
}

/** Settings of a study run (after overrides). */
export interface StudySettings {
  readonly seed: number | string;
  readonly replications: number;
  /** The `replicates` override, when given. */
  readonly replicates?: number;
  readonly level: readonly number[];
  readonly version: string;
}

/** A shard's share of a study, to merge with the others (`mergeStudyParts`). */
export interface StudyPart {
  /** Always `"study-part"`. */
  readonly kind: "study-part";
  /** Shard i of N (from 1). */
  readonly shard: { readonly index: number; readonly count: number };
  readonly spec: StudySpec;
  readonly settings: StudySettings;
  /** The items of this shard, in item order. */
  readonly items: readonly StudyItem[];
}

/** One interval method's coverage at one level. */
export interface CoverageRow {
  readonly interval: string;
  readonly level: number;
  /** Replications with this interval. */
  readonly intervals: number;
  /** Share holding the truth. */
  readonly coverage: number | null;
  /** Its Monte Carlo standard error √(c(1 − c)/m). */
  readonly standardError: number | null;
  /** Share whose lower limit lies above the truth (a miss from below). */
  readonly lowerMiss: number | null;
  /** Share whose upper limit lies below the truth. */
  readonly upperMiss: number | null;
  /** Median width. */
  readonly medianWidth: number | null;
}

/** One method in one scenario, over the replications. */
export interface StudySummaryRow {
  readonly scenario: string;
  readonly method: string;
  readonly truth: number;
  /** Replications with an estimate. */
  readonly estimates: number;
  /** Replications without one. */
  readonly failures: number;
  /** Mean estimate − truth, with its Monte Carlo standard error. */
  readonly bias: number | null;
  readonly biasStandardError: number | null;
  /** √(mean (estimate − truth)²), with its Monte Carlo standard error (delta method). */
  readonly rmse: number | null;
  readonly rmseStandardError: number | null;
  /** √(mean (log estimate − log truth)²), with its Monte Carlo standard error. */
  readonly logRmse: number | null;
  readonly logRmseStandardError: number | null;
  readonly coverage: readonly CoverageRow[];
}

/** A simulation study's result. */
export interface StudyResult {
  /** Always `"study"`. */
  readonly kind: "study";
  readonly name: string;
  readonly description?: string;
  readonly spec: StudySpec;
  readonly settings: StudySettings;
  /** Per scenario: its truth. */
  readonly scenarios: readonly { readonly name: string; readonly truth: number }[];
  /** Per scenario and method. */
  readonly summary: readonly StudySummaryRow[];
  /** Every replication's results (what the summary was computed from). */
  readonly items: readonly StudyItem[];
}
