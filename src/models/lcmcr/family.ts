/**
 * The latent-class family (`method: "lcmcr"`): the Dirichlet-process latent-class model of
 * Manrique-Vallier (2016), with posterior intervals. Through the registry every chain runs in the
 * calling thread; {@link estimateLcmcr} runs them in worker threads (same numbers).
 */
import { OptionError } from "../../errors.js";
import type { TableFamily } from "../../families/types.js";
import { sumIndependentDraws } from "../../_lib/posteriorDraws.js";
import { estimateLcmcrHere, lcmcrSpec, type LcmcrEstimate, type LcmcrOptions, type LcmcrSpec } from "./estimateLcmcr.js";

/** The latent-class family. */
export const lcmcrFamily: TableFamily<LcmcrSpec, LcmcrEstimate, LcmcrOptions> = {
  name: "lcmcr",
  title: "Latent-class model (Dirichlet process, Manrique-Vallier 2016)",
  scope: "table",
  spec: (data, options) => lcmcrSpec(data, options),
  estimate: (data, spec, context) => estimateLcmcrHere(data, spec, context.levels),
  pointIntervals: "posterior",
  // a post-stratified total: the strata's draws of N (chains one after another) summed draw by draw
  posteriorTotal: {
    keep: { draws: true },
    sum(results, context) {
      const draws = results.map((r) => r.draws?.population.flat());
      if (draws.some((d) => d === undefined)) throw new Error("internal: a stratum's lcmcr result has no draws");
      return sumIndependentDraws(draws as number[][], context.levels);
    },
  },
  replicates() {
    throw new OptionError(
      "the lcmcr family's uncertainty is its posterior (`ci: \"posterior\"`), not a bootstrap: resampling would rerun every " +
        "chain per replicate; by stratum, the total's posterior is the sum of the strata's draws (`ci: \"posterior\"`, the default)",
    );
  },
};
