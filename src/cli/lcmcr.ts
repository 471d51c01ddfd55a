/**
 * The CLI's latent-class route (`--method lcmcr`): the run through `estimateLcmcr` (chains in
 * worker threads) with the progress counting sweeps. Loaded only when asked for.
 */
import { estimateLcmcr, type LcmcrEstimate, type LcmcrOptions } from "../index.js";
import type { CaptureData } from "../types.js";
import type { Progress } from "./progress.js";

/**
 * Run the latent-class estimate for the CLI.
 *
 * @param number - the CLI's number parser (it raises usage errors).
 */
export async function runLcmcr(
  data: CaptureData,
  values: Record<string, unknown>,
  common: Pick<LcmcrOptions, "seed" | "threads" | "level"> & { readonly draws: boolean },
  number: (name: string, value: string | undefined) => number | undefined,
  progress: Progress,
): Promise<LcmcrEstimate> {
  const text = (name: string): string | undefined => values[name] as string | undefined;
  progress.counts("lcmcr sweeps (all chains)");
  return estimateLcmcr(data, {
    classes: number("classes", text("classes")),
    chains: number("chains", text("chains")),
    burnin: number("burnin", text("burnin")),
    samples: number("samples", text("samples")),
    thinning: number("thinning", text("thinning")),
    seed: common.seed,
    threads: common.threads,
    level: common.level,
    draws: common.draws,
    onProgress: (done, total) => progress.update(done, total),
  });
}
