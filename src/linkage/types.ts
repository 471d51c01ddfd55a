/**
 * Result types of record linkage. Every result is a plain, readonly, JSON-serialisable object.
 */
import type { CaptureData, EstimateWarning } from "../types.js";
import type { LinkageSettings } from "./linkageSettings.js";

/** One level of a comparison in the fitted Fellegi–Sunter model. */
export interface LinkageLevel {
  /** The level's name, e.g. `"exact"`, `"jaro-winkler ≥ 0.92"`, `"day and month transposed"`. */
  readonly name: string;
  /** P(level | match). */
  readonly m: number;
  /** P(level | non-match). */
  readonly u: number;
  /** log2(m/u): what the level adds to a pair's match weight (before term-frequency adjustment). */
  readonly weight: number;
  /** Candidate pairs at this level. */
  readonly pairs: number;
}

/** One compared field in the fitted model. */
export interface LinkageComparison {
  /** The field compared. */
  readonly field: string;
  /** How (`"jaro-winkler"`, `"date"`, …). */
  readonly method: string;
  /** Whether the exact level's weight is adjusted by the value's frequency. */
  readonly termFrequency: boolean;
  /** Σ_v tf_v², the chance two random records share a value (with term frequencies). */
  readonly sumSquaredFrequency?: number;
  /** Candidate pairs with this field missing on either record (no weight). */
  readonly missingPairs: number;
  /** Its levels, most similar first. */
  readonly levels: readonly LinkageLevel[];
}

/** The fitted Fellegi–Sunter model (probabilistic linkage only). */
export interface LinkageModel {
  /** λ: the proportion of matches among all n(n − 1)/2 pairs of records. */
  readonly proportion: number;
  /** log2(λ/(1 − λ)), the prior part of every match weight. */
  readonly prior: number;
  /** Every compared field. */
  readonly comparisons: readonly LinkageComparison[];
  /** Distinct comparison patterns the EM ran over. */
  readonly patterns: number;
  /** Random pairs of records that estimated u. */
  readonly randomPairs: number;
  /** True when u was estimated from every pair of records (few records) rather than a sample. */
  readonly randomPairsExhaustive: boolean;
  /** EM iterations run. */
  readonly iterations: number;
  /** Whether the EM converged. */
  readonly converged: boolean;
  /** EM's observed-data log-likelihood at the end. */
  readonly logLikelihood: number;
  /**
   * The model's estimate, for each pair of lists (a list with itself: within-list duplicates), of
   * the share of matching pairs with a match weight below the threshold (`belowThreshold`: missed
   * links, 1 − recall) and below the probability floor (`belowFloor`: matches that no linkage draw
   * can link). From the weight law of matching pairs (the m probabilities, each field missing as
   * often as in the two lists, term-frequency adjustments), assuming conditional independence.
   */
  readonly missedMatches?: readonly {
    /** The two lists (the same twice for duplicates within a list). */
    readonly lists: readonly [string, string];
    /** Share of matching pairs with a weight below the threshold. */
    readonly belowThreshold: number;
    /** Share of matching pairs with a probability below the floor. */
    readonly belowFloor: number;
  }[];
}

/** Candidate pairs that made it into the result, column by column (record ids index `records`). */
export interface LinkagePairs {
  /** Record id of the first record (the smaller id). */
  readonly left: readonly number[];
  /** Record id of the second record. */
  readonly right: readonly number[];
  /** Posterior match probability (1 for a pair linked by a deterministic rule). */
  readonly probability: readonly number[];
  /** Match weight (log2 posterior odds); null in deterministic linkage. */
  readonly weight: readonly (number | null)[];
  /** Linked at the threshold (or by a deterministic rule). */
  readonly linked: readonly boolean[];
  /** Linked by a deterministic rule, whatever the weight. */
  readonly forced: readonly boolean[];
}

/** Every input record, column by column, in id order (file by file, row by row). */
export interface LinkageRecords {
  /** Index of the record's list in `settings.lists`. */
  readonly list: readonly number[];
  /** 1-based data row in its file (the header not counted). */
  readonly row: readonly number[];
  /** The person (cluster) the record was linked into: 1 … persons, numbered by their first record. */
  readonly person: readonly number[];
}

/** A covariate's values per record, dictionary-coded. */
export interface CovariateColumn {
  /** The distinct values, sorted; `""` is a missing value. */
  readonly values: readonly string[];
  /** Per record (id order): index into `values`. */
  readonly codes: readonly number[];
}

/** A bin of the match-weight histogram. */
export interface WeightBin {
  /** Lower edge (inclusive). */
  readonly lower: number;
  /** Upper edge (exclusive). */
  readonly upper: number;
  /** Candidate pairs with a weight in the bin. */
  readonly pairs: number;
  /** Of which links. */
  readonly links: number;
  /** Σ match probability: the expected number of true matches in the bin. */
  readonly expectedMatches: number;
}

/** One side of a pair for clerical review. */
export interface ReviewRecord {
  /** The list's name. */
  readonly list: string;
  /** 1-based data row in its file. */
  readonly row: number;
  /** The mapped fields as written in the file. */
  readonly values: Readonly<Record<string, string | null>>;
}

/** A borderline pair for clerical review. */
export interface ReviewPair {
  /** The record with the smaller id. */
  readonly left: ReviewRecord;
  /** The other record. */
  readonly right: ReviewRecord;
  /** Match weight. */
  readonly weight: number;
  /** Match probability. */
  readonly probability: number;
  /** Whether the pair is a link. */
  readonly linked: boolean;
  /** The comparison level of every compared field (`"missing"` when either value is). */
  readonly levels: Readonly<Record<string, string>>;
}

/** Counts that describe the linkage. */
export interface LinkageSummary {
  /** Records read, per list. */
  readonly records: readonly number[];
  /**
   * The rules that made candidate pairs, in order (blocking, optional blocking within the budget,
   * deterministic): the pairs each added (those no earlier rule made) and the block-size bound
   * Σ n(n−1)/2 checked before.
   */
  readonly rules: readonly {
    /** The rule's keys. */
    readonly keys: readonly string[];
    /** Where it came from. */
    readonly kind: "blocking" | "optional" | "deterministic";
    /** Candidate pairs it made first. */
    readonly pairs: number;
    /** Σ n(n−1)/2 over its blocks. */
    readonly bound: number;
  }[];
  /** Optional blocking rules left out because they would exceed `pairBudget`, with their bounds. */
  readonly skippedRules: readonly {
    /** The rule's keys. */
    readonly keys: readonly string[];
    /** Σ n(n−1)/2 over its blocks. */
    readonly bound: number;
  }[];
  /** Candidate pairs compared. */
  readonly candidatePairs: number;
  /** Pairs linked. */
  readonly links: number;
  /** Σ match probability over the candidate pairs: the expected number of matching pairs among them. */
  readonly expectedMatches: number;
  /** Σ match probability over the links. */
  readonly expectedMatchesLinked: number;
  /** Σp over links / links: the expected share of links that are true matches. */
  readonly estimatedPrecision: number | null;
  /** Σp over links / Σp over candidates: the expected share of matches (among candidate pairs) that are linked. */
  readonly estimatedRecall: number | null;
  /** Persons found (clusters), the observed number of the capture data. */
  readonly persons: number;
  /** How many persons have 1, 2, … records. */
  readonly clusterSizes: readonly {
    /** Records per person. */
    readonly records: number;
    /** Persons with that many records. */
    readonly persons: number;
  }[];
  /** How many persons are on 1, 2, … lists. */
  readonly listsPerPerson: readonly {
    /** Lists per person. */
    readonly lists: number;
    /** Persons on that many lists. */
    readonly persons: number;
  }[];
  /** Per list: records that were linked to an earlier record of the same list (within-list duplicates). */
  readonly duplicates: readonly number[];
  /** Rounds of label propagation the clustering took. */
  readonly clusteringRounds: number;
}

/** The result of {@link linkRecords}. */
export interface Linkage {
  /** Always `"linkage"`. */
  readonly kind: "linkage";
  /** The capture histories: one person per cluster, with the covariates (majority value per person). */
  readonly data: CaptureData;
  /** Every record with its list, row and person. */
  readonly records: LinkageRecords;
  /** Covariate values per record, by covariate name. */
  readonly covariateColumns: Readonly<Record<string, CovariateColumn>>;
  /** Candidate pairs with a match probability ≥ `settings.pairFloor`, and every link. */
  readonly pairs: LinkagePairs;
  /** The fitted model; null for deterministic linkage. */
  readonly model: LinkageModel | null;
  /** Counts that describe the linkage, estimated precision and recall included. */
  readonly summary: LinkageSummary;
  /** Match-weight histogram of the candidate pairs (bins of 1 bit; empty for deterministic linkage). */
  readonly histogram: readonly WeightBin[];
  /** Borderline pairs (weight within `settings.review`), highest weight first. */
  readonly review: readonly ReviewPair[];
  /** Statistical trouble and data notes, as coded warnings. */
  readonly warnings: readonly EstimateWarning[];
  /** Every setting of the linkage after defaults. */
  readonly settings: LinkageSettings;
}
