import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import * as api from "../src/index.js";

describe("the public API", () => {
  it("exports exactly this list of values (a change here is a deliberate API change)", () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        "CaptureDataError",
        "ModelSpecError",
        "NumericalError",
        "OptionError",
        "MissingDependencyError",
        "PrevalenceError",
        "VERSION",
        "DEFAULT_SEED",
        "bcaInterval",
        "bootstrapInterval",
        "estimateWithInterval",
        "jackknifeAcceleration",
        "profileLikelihoodInterval",
        "quantileType8",
        "splitStrata",
        "estimateByStratum",
        "fitCovariateModel",
        "estimateTrend",
        "selectCovariateModel",
        "simulateCaptureData",
        "formatReport",
        "formatEstimateText",
        "captureDataFromCounts",
        "captureDataFromRecords",
        "checkModel",
        "chooseCovariateModel",
        "covariateFamily",
        "lcmcrFamily",
        "estimateLcmcr",
        "DEFAULT_LCMCR_SEED",
        "dgaFamily",
        "estimateDga",
        "enumerateDecomposableGraphs",
        "bayesthreshFamily",
        "estimateBayesthresh",
        "randomEffectsFamily",
        "fitRandomEffects",
        "estimateRandomEffects",
        "estimateRandomEffectsTrend",
        "defaultMaxOrder",
        "describeModel",
        "dropNoninformativeLists",
        "enumerateModels",
        "estimate",
        "fitLoglinear",
        "historyLabel",
        "lincolnPetersen",
        "lincolnPetersenFamily",
        "listFamilies",
        "listOverlaps",
        "loglinearFamily",
        "mergeLists",
        "modelSensitivity",
        "omitLists",
        "parseModel",
        "rankModels",
        "readCaptureCsv",
        "readCaptureCsvStream",
        "readCaptureCsvFile",
        "readCaptureXlsx",
        "registerFamily",
        "selectModel",
        "selectStepwise",
        "fitClosedPopulationModel",
        "closedPopulationModels",
        "closedPopulationModelsFromCounts",
        "fitCountsByCapturesModel",
        "readCountsByCapturesCsv",
        "countsByCapturesFromFrequencies",
        "countsByCapturesFromCaptureData",
        "selectClosedPopulationModel",
        "chaoLowerBound",
        "zeltermanEstimate",
        "sampleCoverageEstimate",
        "parseHeterogeneity",
        "DEFAULT_THETA",
        "biasCorrectedEstimate",
        "closedPopulationFamily",
        "modelAverageFamily",
        "comparisonRoutes",
        "compareMethods",
        "listSensitivity",
        "internalConsistency",
        "summariseConsistency",
        "runStudy",
        "mergeStudyParts",
        "validateStudySpec",
      ].sort(),
    );
  });

  it("VERSION equals package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(api.VERSION).toBe(pkg.version);
  });
});

describe("the prevalence/datasets entry", () => {
  it("exports exactly listDatasets, loadDataset and datasetCsv", async () => {
    const datasets = await import("../src/datasets/index.js");
    expect(Object.keys(datasets).sort()).toEqual(["datasetCsv", "listDatasets", "loadDataset"]);
  });
});
