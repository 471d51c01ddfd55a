/**
 * prevalence/linkage: record linkage from agency files to capture histories, with the linkage
 * uncertainty carried into the estimate. It runs in DuckDB (`@duckdb/node-api`, an optional
 * dependency loaded when a linkage runs); the rest of prevalence never loads it.
 *
 * The export list is pinned by a test: adding or removing an export is a deliberate change.
 * @packageDocumentation
 */
export { linkRecords, type LinkRecordsOptions } from "./linkRecords.js";
export { readLinkageConfig, type LinkageConfigFile } from "./readLinkageConfig.js";
export {
  resolveLinkageSettings,
  defaultBlockingRules,
  defaultComparison,
  type LinkageConfig,
  type LinkageListConfig,
  type ComparisonConfig,
  type LinkageSettings,
  type ResolvedList,
  type ResolvedComparison,
  type DefaultBlockingRules,
} from "./linkageSettings.js";
export {
  fitFellegiSunter,
  type ComparisonPattern,
  type FitFellegiSunterOptions,
  type FellegiSunterFit,
} from "./fitFellegiSunter.js";
export {
  estimateWithLinkage,
  DEFAULT_LINKAGE_SEED,
  type EstimateWithLinkageOptions,
  type LinkageEstimate,
  type LinkageDraw,
  type ThresholdSensitivity,
  type LinkageEstimateSettings,
} from "./estimateWithLinkage.js";
export {
  familyLinkageEstimator,
  type LinkageEstimator,
  type LinkageEstimatorContext,
  type LinkageEstimatorResult,
  type FamilyLinkageEstimatorOptions,
} from "./familyLinkageEstimator.js";
export { linkageAccuracy, type LinkageAccuracy, type PairAccuracy } from "./linkageAccuracy.js";
export { historiesCsv, clustersCsv, clericalReviewCsv } from "./linkageCsv.js";
export { formatLinkageReport, type FormatLinkageReportOptions } from "./formatLinkageReport.js";
export {
  simulateAgencyRecords,
  AGENCY_FIELDS,
  type SimulateAgencyRecordsOptions,
  type SimulatedAgencyRecords,
  type AgencyFile,
  type AgencyTruth,
  type AgencyField,
  type AgencyCorruption,
  type AgencyStyle,
  type NameCorruption,
  type DateCorruption,
  type CorruptionCounts,
  type AgencyRecordsSettings,
} from "../simulate/simulateAgencyRecords.js";
export { writeAgencyFiles, type WriteAgencyFilesOptions, type WrittenAgencyFiles } from "./writeAgencyFiles.js";
export type {
  Linkage,
  LinkageModel,
  LinkageComparison,
  LinkageLevel,
  LinkagePairs,
  LinkageRecords,
  LinkageSummary,
  CovariateColumn,
  WeightBin,
  ReviewPair,
  ReviewRecord,
} from "./types.js";
export { LinkageDataError, MissingDependencyError } from "../errors.js";
