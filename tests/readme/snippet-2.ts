// The README's second TypeScript block, verbatim between the markers (tests/readme/readme.test.ts).
// README begin
import { estimateByStratum, estimateTrend } from "prevalence";
import { loadDataset } from "prevalence/datasets";

const data = loadDataset("synthetic_regions_years"); // lists police, ngo, shelter, labour; region, year
const byRegion = await estimateByStratum(data, { by: ["region"], model: "police:ngo" });
const covariate = await estimateByStratum(data, { by: ["region"], covariateModel: "police:ngo + police:region" });
const trend = await estimateTrend(data, { period: "year", model: "police:ngo" });
// README end
export {};
