/**
 * prevalence: multiple systems estimation (capture–recapture across lists) of hidden populations.
 *
 * The export list is pinned by a test: adding or removing an export is a deliberate change.
 * @packageDocumentation
 */
export {
  estimate,
  type EstimateOptions,
  type LcmcrFamilyOptions,
  type PopulationEstimate,
  type LoglinearEstimate,
  type LoglinearSettings,
  type NoModelEstimate,
  type EstimateExtras,
} from "./estimate.js";
export type { LoglinearOptions } from "./models/loglinear/types.js";
export { lincolnPetersenFamily, type TwoListOptions, type TwoListSpec, type TwoListPopulationEstimate } from "./models/twoList/family.js";
export { loglinearFamily, type LoglinearSpec } from "./models/loglinear/family.js";
export { covariateFamily, type CovariateOptions, type CovariateSpec } from "./models/covariate/family.js";
export {
  closedPopulationFamily,
  type ClosedPopulationOptions,
  type ClosedPopulationSpec,
  type ClosedPopulationEstimate,
} from "./models/heterogeneity/family.js";
export { lcmcrFamily } from "./models/lcmcr/family.js";
export {
  estimateLcmcr,
  DEFAULT_LCMCR_SEED,
  type LcmcrOptions,
  type LcmcrSpec,
  type LcmcrSettings,
  type LcmcrEstimate,
  type LcmcrDiagnostics,
  type LcmcrChainSummary,
  type LcmcrClassSummary,
  type LcmcrDraws,
  type PosteriorQuantile,
  type MultimodalityCheck,
} from "./models/lcmcr/estimateLcmcr.js";
export { dgaFamily, type DgaFamilyOptions, type DgaSpec } from "./models/dga/family.js";
export { estimateDga } from "./models/dga/estimateDga.js";
export { enumerateDecomposableGraphs, type DecomposableGraph } from "./models/dga/decomposableGraphs.js";
export type {
  DgaOptions,
  DgaEstimate,
  DgaModel,
  DgaPosterior,
  DgaDiagnostics,
  DgaSettings,
  GraphMcmcOptions,
  GraphMcmcDiagnostics,
  PopulationPrior,
  GraphPrior,
  UnobservedGrid,
  PosteriorSummary,
  EdgeProbabilityPrior,
  PosteriorGrid,
  GridSetting,
  GraphMcmcSettingsRecord,
} from "./models/dga/types.js";
export { bayesthreshFamily, type BayesthreshFamilyOptions, type BayesthreshSpec } from "./models/bayesthresh/family.js";
export { estimateBayesthresh } from "./models/bayesthresh/estimateBayesthresh.js";
export type {
  BayesthreshOptions,
  BayesthreshEstimate,
  BayesthreshFit,
  BayesthreshPosterior,
  SampleQuantile,
} from "./models/bayesthresh/types.js";
export { randomEffectsFamily, type RandomEffectsOptions, type RandomEffectsSpec } from "./models/random-effects/family.js";
export { fitRandomEffects, type FitRandomEffectsOptions } from "./models/random-effects/fitRandomEffects.js";
export { estimateRandomEffects, type EstimateRandomEffectsOptions } from "./models/random-effects/estimateRandomEffects.js";
export { estimateRandomEffectsTrend, type EstimateRandomEffectsTrendOptions } from "./models/random-effects/estimateRandomEffectsTrend.js";
export type {
  RandomEffectsEstimate,
  RandomEffectsStratumEstimate,
  RandomEffectsTrendEstimate,
  RandomEffectsFitStatistics,
  RandomEffectsSettings,
  RandomEffectsIntervalMethod,
  RandomEffectsTerms,
  RandomEffectsStructure,
} from "./models/random-effects/types.js";
export { registerFamily, listFamilies, type FamilySummary } from "./families/registry.js";
export type {
  EstimatorFamily,
  TableFamily,
  StratifiedFamily,
  StratifiedSpec,
  ReplicateEstimator,
  ReplicateContext,
  EstimateContext,
  ParametricModel,
  FamilyIntervals,
  PosteriorTotal,
  PosteriorTotalSummary,
} from "./families/types.js";
export { modelSensitivity, type ModelSensitivityOptions, type SensitivityRow } from "./models/loglinear/modelSensitivity.js";

export {
  readCaptureCsv,
  readCaptureCsvStream,
  readCaptureCsvFile,
  readCaptureXlsx,
  captureDataFromCounts,
  captureDataFromRecords,
  omitLists,
  mergeLists,
  dropNoninformativeLists,
  historyLabel,
  listOverlaps,
  type ReadCaptureCsvOptions,
  type ReadCaptureCsvStreamOptions,
  type ReadCaptureXlsxOptions,
  type CaptureReading,
  type CaptureColumns,
  type CsvSource,
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
  type IntervalExtras,
  type UncertaintyDetails,
  type BootstrapDetails,
  type ProfileDetails,
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
export { fitCovariateModel, type FitCovariateModelOptions } from "./models/covariate/fitCovariateModel.js";
export {
  chooseCovariateModel,
  type ChooseCovariateModelOptions,
  type CovariateModelChoice,
} from "./models/covariate/chooseCovariateModel.js";
export { estimateTrend, type EstimateTrendOptions } from "./strata/estimateTrend.js";
export {
  selectCovariateModel,
  type SelectCovariateModelOptions,
  type CovariateCandidate,
  type CovariateModelSelection,
} from "./models/covariate/selectCovariateModel.js";
export type {
  StratifiedEstimate,
  StratumEstimate,
  StratifiedTotal,
  TrendEstimate,
  StratifiedSettings,
  StratifiedIntervalMethod,
} from "./strata/types.js";
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
} from "./simulate/simulateCaptureData.js";

// Closed-population family: Rcapture's M0 … Mbh, heterogeneity, lower bounds and coverage.
export {
  fitClosedPopulationModel,
  type FitClosedPopulationModelOptions,
} from "./models/heterogeneity/fitClosedPopulationModel.js";
export {
  closedPopulationModels,
  type ClosedPopulationModelsOptions,
} from "./models/heterogeneity/closedPopulationModels.js";
export {
  closedPopulationModelsFromCounts,
  fitCountsByCapturesModel,
  type CountsByCapturesOptions,
  type FitCountsByCapturesModelOptions,
} from "./models/heterogeneity/closedPopulationModelsFromCounts.js";
export {
  readCountsByCapturesCsv,
  countsByCapturesFromFrequencies,
  countsByCapturesFromCaptureData,
  type CountsByCaptures,
} from "./models/heterogeneity/countsByCaptures.js";
export {
  selectClosedPopulationModel,
  type SelectClosedPopulationModelOptions,
  type ClosedPopulationSelection,
} from "./models/heterogeneity/selectClosedPopulationModel.js";
export {
  biasCorrectedEstimate,
  type BiasCorrectedEstimateOptions,
  type BiasCorrectedEstimate,
} from "./models/heterogeneity/biasCorrectedEstimate.js";
export {
  chaoLowerBound,
  zeltermanEstimate,
  type FrequencyEstimatorOptions,
  type FrequencyEstimate,
} from "./models/heterogeneity/chaoLowerBound.js";
export {
  sampleCoverageEstimate,
  type SampleCoverageOptions,
  type SampleCoverageEstimate,
} from "./models/heterogeneity/sampleCoverageEstimate.js";
export {
  parseHeterogeneity,
  DEFAULT_THETA,
  type Heterogeneity,
  type HeterogeneityForm,
  type HeterogeneityInput,
} from "./models/heterogeneity/heterogeneityColumn.js";
export type {
  ClosedModelName,
  ClosedPopulationFit,
  ClosedPopulationTable,
  ClosedCoefficient,
  ClosedModelBase,
  ClosedModelSpec,
  ProfileInterval,
} from "./models/heterogeneity/types.js";

export {
  modelAverageFamily,
  type ModelAverageOptions,
  type ModelAverageSpec,
  type ModelAverageEstimate,
  type ModelAveraging,
  type AveragedModel,
} from "./models/loglinearAverage/family.js";
export { comparisonRoutes, type ComparisonRoute } from "./review/comparisonRoutes.js";
export { compareMethods, type CompareMethodsOptions, type ComparedMethod, type MethodComparison } from "./review/compareMethods.js";
export {
  listSensitivity,
  type ListSensitivityOptions,
  type ListSensitivity,
  type ListSensitivityRow,
} from "./review/listSensitivity.js";
export {
  internalConsistency,
  type InternalConsistencyOptions,
  type InternalConsistency,
  type ConsistencyRow,
  type ConsistencySummary,
} from "./review/internalConsistency.js";
export { summariseConsistency } from "./review/summariseConsistency.js";
export { runStudy, type RunStudyOptions } from "./study/runStudy.js";
export { mergeStudyParts } from "./study/mergeStudyParts.js";
export { validateStudySpec } from "./study/validateStudySpec.js";
export type {
  StudySpec,
  StudyScenario,
  FittedScenario,
  StudyMethod,
  StudyIntervalMethod,
  PublishedFigure,
  StudyItem,
  StudyItemResult,
  StudySettings,
  StudyPart,
  CoverageRow,
  StudySummaryRow,
  StudyResult,
} from "./study/types.js";

export {
  PrevalenceError,
  CaptureDataError,
  ModelSpecError,
  OptionError,
  NumericalError,
  MissingDependencyError,
  type CaptureDataErrorOptions,
  type DataIssue,
  type DataIssueCode,
} from "./errors.js";
export type {
  CaptureData,
  CaptureRecord,
  Interval,
  IntervalMethod,
  ResamplingScheme,
  EstimateCore,
  EstimateSettings,
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
