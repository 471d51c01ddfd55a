/**
 * prevalence: multiple systems estimation (capture–recapture across lists) of hidden populations.
 *
 * The export list is pinned by a test: adding or removing an export is a deliberate change.
 * @packageDocumentation
 */
export { estimate, type EstimateOptions, type EstimateSettings, type PopulationEstimate, type NoModelEstimate, type EstimateExtras } from "./estimate.js";

export {
  readCaptureCsv,
  captureDataFromCounts,
  captureDataFromRecords,
  omitLists,
  mergeLists,
  dropNoninformativeLists,
  historyLabel,
  listOverlaps,
  type ReadCaptureCsvOptions,
  type CaptureDataFromCountsOptions,
  type CaptureDataFromRecordsOptions,
  type CountRow,
  type MergeListsOptions,
  type DroppedList,
  type NoninformativeListsResult,
  type ListOverlap,
} from "./data/index.js";

export {
  fitLoglinear,
  type FitLoglinearOptions,
  type LoglinearFit,
  type UnfittedModel,
  type LoglinearFitResult,
} from "./models/loglinear/fitLoglinear.js";
export { parseModel, describeModel, type LoglinearModel, type ModelInput } from "./models/loglinear/modelSpec.js";
export {
  lincolnPetersen,
  type LincolnPetersenOptions,
  type TwoListEstimate,
  type TwoListEstimator,
} from "./models/twoList/lincolnPetersen.js";

export { checkModel, type ModelCheck } from "./selection/checkModel.js";
export { enumerateModels, defaultMaxOrder, type EnumerateModelsOptions } from "./selection/enumerateModels.js";
export { rankModels, type RankModelsOptions, type RankedModel, type ModelRanking } from "./selection/rankModels.js";
export {
  selectStepwise,
  type StepwiseOptions,
  type StepwiseStep,
  type StepwiseSelection,
} from "./selection/stepwise.js";
export {
  selectModel,
  type SelectModelOptions,
  type SelectionMethod,
  type ModelSelection,
} from "./selection/selectModel.js";

export {
  estimateWithInterval,
  type EstimateWithIntervalOptions,
  type EstimateWithInterval,
  type IntervalMethod,
  type UncertaintyDetails,
} from "./estimateWithInterval.js";
export {
  bootstrapInterval,
  DEFAULT_SEED,
  type BootstrapIntervalOptions,
  type BootstrapResult,
  type BootstrapSettings,
  type NestedInterval,
  type ReplicateSummary,
} from "./uncertainty/bootstrapInterval.js";
export { bcaInterval, type BcaIntervalOptions, type BcaResult } from "./uncertainty/bcaInterval.js";
export { jackknifeAcceleration } from "./uncertainty/jackknifeAcceleration.js";
export { quantileType8 } from "./uncertainty/quantileType8.js";
export {
  profileLikelihoodInterval,
  type ProfileLikelihoodOptions,
  type ProfileLikelihoodResult,
} from "./uncertainty/profileLikelihoodInterval.js";

export {
  formatReport,
  type FormatReportOptions,
  type ReportFormat,
  type ReportResult,
} from "./report/formatReport.js";
export { formatEstimateText } from "./report/formatText.js";
export { splitStrata, type StratumData } from "./strata/splitStrata.js";
export { estimateByStratum, type EstimateByStratumOptions } from "./strata/estimateByStratum.js";
export { fitCovariateModel, type FitCovariateModelOptions } from "./strata/fitCovariateModel.js";
export { estimateTrend, type EstimateTrendOptions } from "./strata/estimateTrend.js";
export {
  selectCovariateModel,
  type SelectCovariateModelOptions,
  type CovariateCandidate,
  type CovariateModelSelection,
} from "./strata/selectCovariateModel.js";
export type { StratifiedEstimate, StratumEstimate, StratifiedTotal, TrendEstimate } from "./strata/types.js";
export type { StratifiedIntervalMethod } from "./strata/_stratumRuns.js";
export {
  simulateCaptureData,
  type SimulateCaptureDataOptions,
  type SimulatedCaptureData,
  type SimulatedStratumColumn,
  type SimulatedStratumLevel,
  type SimulatedCellOverride,
  type SimulatedListDependence,
  type SimulatedStratumTruth,
  type SimulationSettings,
} from "./strata/simulateCaptureData.js";

export {
  PrevalenceError,
  CaptureDataError,
  ModelSpecError,
  OptionError,
  NumericalError,
  type DataIssue,
  type DataIssueCode,
} from "./errors.js";
export type {
  CaptureData,
  CaptureRecord,
  Interval,
  EstimateWarning,
  WarningCode,
  CheckStatus,
  ModelDescription,
  Coefficient,
  FitStatistics,
  Convergence,
  ModelDiagnostics,
} from "./types.js";
export { VERSION } from "./version.js";
