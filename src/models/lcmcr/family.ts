/**
 * The latent-class family (`method: "lcmcr"`): the Dirichlet-process latent-class model of
 * Manrique-Vallier (2016), with posterior intervals. Through the registry every chain runs in the
 * calling thread; {@link estimateLcmcr} runs them in worker threads (same numbers).
 */
import { OptionError } from "../../errors.js";
import type { TableFamily } from "../../families/types.js";
import { estimateLcmcrHere, lcmcrSpec, type LcmcrEstimate, type LcmcrOptions, type LcmcrSpec } from "./estimateLcmcr.js";

/** The latent-class family. */
export const lcmcrFamily: TableFamily<LcmcrSpec, LcmcrEstimate, LcmcrOptions> = {
  name: "lcmcr",
  title: "Latent-class model (Dirichlet process, Manrique-Vallier 2016)",
  scope: "table",
  spec: (data, options) => lcmcrSpec(data, options),
  estimate: (data, spec, context) => estimateLcmcrHere(data, spec, context.levels),
  pointIntervals: "posterior",
  replicates() {
    throw new OptionError(
      "the lcmcr family's uncertainty is its posterior (`ci: \"posterior\"`), not a bootstrap: resampling would rerun every " +
        "chain per replicate; for stratified totals keep the draws (`draws: true`) and add them stratum by stratum",
    );
  },
};
