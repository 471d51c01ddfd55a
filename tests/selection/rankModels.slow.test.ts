import { describe, it } from "vitest";
import { bicSearchCases, bicSearchTitle, checkBicSearch } from "./_bicSearch.js";

describe("rankModels reproduces MultipleSystemsEstimation's BIC search on the 6-list tables (32,768 models)", () => {
  for (const name of bicSearchCases().slow) it(bicSearchTitle(name), () => checkBicSearch(name));
});
