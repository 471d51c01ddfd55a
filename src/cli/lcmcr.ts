/**
 * The CLI's latent-class route (`--method lcmcr`): its flags, and the run through `estimateLcmcr`
 * (chains in worker threads) with a progress bar that counts sweeps.
 */
import { estimateLcmcr, type LcmcrEstimate, type LcmcrOptions } from "../index.js";
import type { CaptureData } from "../types.js";
import { createProgressBar } from "./progress.js";

/** The flags of `--method lcmcr`, as `parseArgs` options. */
export const LCMCR_FLAGS = {
  classes: { type: "string" },
  chains: { type: "string" },
  burnin: { type: "string" },
  samples: { type: "string" },
  thinning: { type: "string" },
} as const;

/** Help lines of the flags. */
export const LCMCR_HELP = `  --classes K         lcmcr: most latent classes (truncation of the Dirichlet process, default 10)
  --chains C          lcmcr: independent chains (default 4), run in worker threads
  --burnin B          lcmcr: sweeps discarded per chain (default 10000)
  --samples S         lcmcr: draws kept per chain (default 1000)
  --thinning T        lcmcr: sweeps per kept draw (default 100)
`;

/** The lcmcr flags given without `--method lcmcr` (an error names them). */
export function strayLcmcrFlags(values: Record<string, unknown>): string[] {
  return Object.keys(LCMCR_FLAGS).filter((name) => values[name] !== undefined);
}

/**
 * Run the latent-class estimate for the CLI.
 *
 * @param number - the CLI's number parser (it raises usage errors).
 */
export async function runLcmcr(
  data: CaptureData,
  values: Record<string, string | boolean | string[] | undefined>,
  common: Pick<LcmcrOptions, "seed" | "threads" | "level"> & { readonly draws: boolean; readonly quiet: boolean },
  number: (name: string, value: string | undefined) => number | undefined,
): Promise<LcmcrEstimate> {
  const progress = createProgressBar("lcmcr sweeps", !common.quiet);
  const text = (name: string): string | undefined => values[name] as string | undefined;
  const result = await estimateLcmcr(data, {
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
  progress.finish();
  return result;
}
