/**
 * Command-line flags of the Bayesian families (`--method dga`, `--method bayesthresh`): their
 * definitions for `parseArgs`, their help text, and their mapping to estimate options.
 */
import type { EstimateWithIntervalOptions } from "../index.js";

/** `parseArgs` definitions of the flags. */
export const BAYESIAN_FLAGS = {
  delta: { type: "string" },
  "prior-n": { type: "string" },
  "edge-probability": { type: "string" },
  grid: { type: "string" },
  models: { type: "string" },
  search: { type: "string" },
  prior: { type: "string" },
  "prior-variance": { type: "string" },
  threshold: { type: "string" },
  tune: { type: "string" },
} as const;

/** Help text of the flags (a block of the usage message). */
export const BAYESIAN_HELP = `Bayesian families (docs/methodology/dga.md, docs/methodology/bayesthresh.md):
  --delta D           dga: hyper-Dirichlet prior count per cell (default 2^-t)
  --prior-n P         dga: prior on N, inverse (default, 1/N) or uniform
  --edge-probability Q  dga: prior over graphs, each edge with probability Q (default: uniform)
  --grid G            dga: unobserved counts, auto (default; posterior mass beyond < 1e-7), TO or FROM:TO
  --models K          dga: graphs reported with their own posterior (default 10)
  --search S          dga: auto (default: every graph up to 6 lists, a chain over graphs from 7),
                      exhaustive or mcmc
  --prior P           bayesthresh: proper (default, N(0, V) on interactions) or improper (flat)
  --prior-variance V  bayesthresh: prior variance of the interactions (default 1)
  --threshold T       bayesthresh: keep an interaction when |posterior mean|/sd >= T (default 2);
                      with --max-order 3 a second stage thresholds triples; --seed (default 12345)
  --tune X            bayesthresh: proposal scale (default auto: 2.38/sqrt(parameters); MCMCpoisson 1.1)
  (--chains, --burnin and --samples set dga's chains over graphs and bayesthresh's fits too; --seed
  seeds them.) Both report equal-tailed posterior intervals (--ci posterior, their default); by
  stratum, the total's posterior is the sum of the strata's.
`;

/** The flags read here: the Bayesian ones and the chain flags shared with lcmcr. */
type Values = Partial<Record<keyof typeof BAYESIAN_FLAGS | "chains" | "burnin" | "samples", string>>;

/**
 * The estimate options the flags give for `method`; flags of the other family are refused.
 *
 * @param number - parses a numeric flag (throws a usage error naming it).
 * @param usage - builds the usage error to throw.
 */
export function bayesianOptions(
  method: string | undefined,
  values: Values,
  number: (name: string, value: string | undefined) => number | undefined,
  usage: (message: string) => Error,
): Partial<EstimateWithIntervalOptions> {
  const given = (Object.keys(BAYESIAN_FLAGS) as (keyof typeof BAYESIAN_FLAGS)[]).filter((k) => values[k] !== undefined);
  const dgaFlags = ["delta", "prior-n", "edge-probability", "grid", "models", "search"];
  const bayesthreshFlags = ["prior", "prior-variance", "threshold", "tune"];
  const allowed = method === "dga" ? dgaFlags : method === "bayesthresh" ? bayesthreshFlags : [];
  const stray = given.filter((k) => !allowed.includes(k));
  if (stray.length > 0) {
    throw usage(`--${stray[0]} belongs to ${dgaFlags.includes(stray[0]) && !bayesthreshFlags.includes(stray[0]) ? "--method dga" : bayesthreshFlags.includes(stray[0]) && !dgaFlags.includes(stray[0]) ? "--method bayesthresh" : "--method dga or bayesthresh"}`);
  }
  if (method === "dga") {
    const priorN = values["prior-n"];
    if (priorN !== undefined && priorN !== "inverse" && priorN !== "uniform") throw usage(`--prior-n must be inverse or uniform; received ${priorN}`);
    const search = values.search;
    if (search !== undefined && !["auto", "exhaustive", "mcmc"].includes(search)) throw usage(`--search must be auto, exhaustive or mcmc; received ${search}`);
    const edge = number("edge-probability", values["edge-probability"]);
    const chains = number("chains", values.chains);
    const iterations = number("samples", values.samples);
    const burnIn = number("burnin", values.burnin);
    return {
      ...(values.delta !== undefined ? { delta: number("delta", values.delta) } : {}),
      ...(priorN !== undefined ? { priorN } : {}),
      ...(edge !== undefined ? { graphPrior: { edgeProbability: edge } } : {}),
      ...(values.grid !== undefined ? { grid: parseGrid(values.grid, usage) } : {}),
      ...(values.models !== undefined ? { models: number("models", values.models) } : {}),
      ...(search !== undefined ? { search: search as "auto" | "exhaustive" | "mcmc" } : {}),
      ...(chains !== undefined || iterations !== undefined || burnIn !== undefined
        ? {
            mcmc: {
              ...(chains !== undefined ? { chains } : {}),
              ...(iterations !== undefined ? { iterations } : {}),
              ...(burnIn !== undefined ? { burnIn } : {}),
            },
          }
        : {}),
    };
  }
  if (method === "bayesthresh") {
    const prior = values.prior;
    if (prior !== undefined && prior !== "proper" && prior !== "improper") throw usage(`--prior must be proper or improper; received ${prior}`);
    return {
      ...(prior !== undefined ? { prior } : {}),
      ...(values["prior-variance"] !== undefined ? { priorVariance: number("prior-variance", values["prior-variance"]) } : {}),
      ...(values.threshold !== undefined ? { threshold: number("threshold", values.threshold) } : {}),
      ...(values.samples !== undefined ? { iterations: number("samples", values.samples) } : {}),
      ...(values.burnin !== undefined ? { burnIn: number("burnin", values.burnin) } : {}),
      ...(values.tune !== undefined ? { tune: values.tune === "auto" ? "auto" : number("tune", values.tune) } : {}),
    };
  }
  return {};
}

/** `auto`, `TO` or `FROM:TO`. */
function parseGrid(text: string, usage: (message: string) => Error): "auto" | { from: number; to: number } {
  if (text === "auto") return "auto";
  const m = /^\s*(?:(\d+)\s*:\s*)?(\d+)\s*$/.exec(text);
  if (m === null) throw usage(`--grid must be auto, TO or FROM:TO (whole numbers); received ${text}`);
  return { from: m[1] === undefined ? 0 : Number(m[1]), to: Number(m[2]) };
}
