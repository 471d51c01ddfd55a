/**
 * The command line's work, apart from the process: `runCli(argv)` runs one command with the
 * arguments after `prevalence` and returns its exit code (output on process.stdout, problems on
 * process.stderr). `main.ts` is the executable around it; tests call it in-process.
 */
import { parseArgs } from "node:util";
import { VERSION } from "../version.js";
import { DEFAULT_SEED_TEXT, UsageError, printError } from "./messages.js";
import { OPTIONS } from "./options.js";
import { BAYESIAN_HELP } from "./bayesianFlags.js";

const HELP = `prevalence ${VERSION}: estimate hidden populations from overlapping lists (multiple systems estimation)

Usage:
  prevalence estimate <file> [options]     file: .csv (or - for standard input) or .xlsx
  prevalence estimate --dataset NAME [options]
  prevalence estimate --link <config.json> [options]   link agency files, then estimate
  prevalence closed <file.csv> [--format text|json] [--counts-by-captures --occasions T|inf [--t0 K]]
  prevalence compare <file.csv>          every method side by side (compare --help)
  prevalence sensitivity <file.csv>      lists omitted and merged (sensitivity --help)
  prevalence consistency <file.csv>      each list as the truth (consistency --help)
  prevalence study <spec.json>           simulation studies, shards and merge (study --help)
  prevalence link <config.json> [-o histories.csv] [--clusters clusters.csv] [--report link.html]
                                         record linkage of agency files (link --help)
  prevalence datasets
  prevalence --help | --version

The file has one 0/1 column per list and a count column (aggregated), or one row per person (no
count column): then the lists are the columns whose values are all 0/1 (or yes/no, true/false),
and the others (an id, a region) are not lists.

Options for estimate:
  --method FAMILY     estimator family: loglinear (default), lincoln-petersen (two lists), covariate
                      (with --covariates), closed-population (Rcapture's models; implied by
                      --heterogeneity or --model M0|Mt|Mh|Mth|Mb|Mbh), lcmcr (latent classes,
                      posterior interval), dga, bayesthresh, or another registered family
  --classes K         lcmcr: most latent classes (truncation of the Dirichlet process, default 10)
  --chains C          lcmcr and dga: independent chains (default 4), run in worker threads (dga:
                      from 7 lists, or with --threads)
  --burnin B          draws discarded: per lcmcr chain (sweeps, default 10000), per dga chain
                      (default 5000), per bayesthresh fit (default 1000)
  --samples S         draws kept: per lcmcr chain (default 1000), per dga chain (default 10000),
                      per bayesthresh fit (default 10000)
  --thinning T        lcmcr: sweeps per kept draw (default 100)
  --estimator E       lincoln-petersen family: lincoln-petersen (default) or chapman
  --model SPEC        fixed model: "main", "pairwise", "LA:NG + NG:GP", "[LA:NG, NG:GP]" or "[12,23]"
  --select METHOD     auto (default: BIC for up to 5 lists, stepwise for 6+), bic, aic, stepwise
  --max-order K       highest interaction order for bic/aic (default 2 for 3 or 6 lists, 3 for 4-5)
  --p-threshold P     stepwise threshold (default 0.02)
  --ci METHOD         interval: bca (default), percentile, profile, lognormal, posterior (dga and
                      bayesthresh, their default) or none. bca and percentile bootstrap the whole
                      estimation, model selection included, in every replicate; profile and
                      lognormal are conditional on the chosen model
  --replicates N      bootstrap replicates (default 1000)
  --seed S            seed of the bootstrap's random streams (default ${DEFAULT_SEED_TEXT}): a whole number
                      (negative ones too) or any text; same seed, same numbers
  --threads N         worker threads for the bootstrap (default, and at most: the available cores);
                      the result does not depend on it
  --top K             bic/aic bootstrap: re-select among the best K models of the original data
                      (default: the whole catalogue)
  --nested            with --top: also report the intervals of the top 1, 2, ..., K models
  --resampling R      binomial (default), nonparametric (the R packages' scheme), poisson or parametric
  --level L           interval level, may be repeated (default 0.95)
  --quiet             no progress and no notes on stderr
  --strata X[,Y]      estimate each stratum (region, sector, year...) on its own with the chosen
                      method; the total is the sum; intervals resample within strata
  --covariates X[,Y]  fit one covariate log-linear model over all strata; --model may then name
                      list x covariate terms, e.g. "A:B + A:region"; without --model the list
                      terms are selected on the pooled data and the list x covariate terms by BIC
  --trend PERIOD      estimates per ordered period, changes between periods and a linear trend
                      (with --covariates PERIOD: through one covariate model)
  --random TERMS      with --strata X or --trend PERIOD: one random-effects (mixed) log-linear model
                      over all strata, fitted by Laplace maximum likelihood (as lme4's glmer):
                      intercept (a random intercept per stratum), lists (and each list's random
                      main effect) or reach (and a reach shared by the lists); --model gives the
                      fixed list part (default main). --ci bootstrap (default: parametric bootstrap
                      of the whole fit), conditional (narrower), none, or bca/percentile (the
                      registry's bootstrap within strata). docs/methodology/random-effects.md
  --structure S       with --random: independent (default with --strata) or random-walk (the
                      default with --trend: the periods' log dark figures follow a random walk)
  --format FORMAT     text (default), json, markdown, csv or html (html needs: npm install vega vega-lite)
  -o, --output FILE   write the report to FILE instead of stdout
  --dataset NAME      a bundled dataset instead of a file (see prevalence datasets)
  --count COLUMN      name of the count column (default: count, n, freq or frequency)
  --lists A,B,C       list columns (default: every other column of an aggregated file; the 0/1
                      columns of a person-level file); naming some of the lists analyses those only
  --omit A,B          leave these lists out (people on no other list become unobserved)
  --merge A+B         treat these lists as one (may be repeated)
  --merge-duplicates  add up rows with the same capture history instead of rejecting them
  --sheet S           the sheet of an .xlsx file, by number (from 1) or name (default: the first)

Closed-population models (Rcapture's family; docs/methodology/heterogeneity.md):
  prevalence closed FILE          the whole closedp table: M0, Mt, Mh and Mth with Chao (LB),
                                  Poisson2, Darroch and Gamma3.5 heterogeneity, Mb, Mbh
  estimate FILE --model M0|Mt|Mh|Mth|Mb|Mbh|SPEC --heterogeneity FORM
                                  one model (a log-linear SPEC gets the heterogeneity column);
                                  Mh and Mth default to chao; --ci profile adds the multinomial
                                  profile-likelihood interval
  estimate FILE --select bic|aic --heterogeneity FORM
                                  every hierarchical model (up to --max-order) with the column
  --heterogeneity FORM            chao, poisson, darroch or gamma
  --theta X                       Poisson's (default 2) or Gamma's (default 3.5) parameter
  --max-ratio R                   profile interval: search up to R x the estimate (default 3, as Rcapture)
  --counts-by-captures            FILE is in the nbcap,freq format (people seen exactly k times)
  --occasions T|inf               number of lists/occasions for --counts-by-captures (inf: continuous time)
  --t0 K                          fit only the people seen 1..K times

Record linkage (prevalence link --help; docs/methodology/linkage.md):
  --link CONFIG       estimate from agency files linked as CONFIG says (instead of a capture file),
                      with an interval that carries the linkage error: linkage draws, each with
                      --replicates bootstrap replicates (default 200), pooled; --method takes a
                      one-table family
  --draws N           with --link: linkage draws (default 50)
  --histories FILE    with --link: also write the linked capture histories (a capture CSV)
  --clusters FILE     with --link: also write the person of every input record (list, row, person)
  --review FILE       with --link: also write the borderline pairs for clerical review (CSV)

${BAYESIAN_HELP}
Exit codes: 0 success, 2 bad input or usage, 1 unexpected failure.
`;


/**
 * `--seed -1` reads as an option followed by a value: join a value that starts with a dash and a
 * digit to the option before it (`--seed=-1`), for every option that takes a value.
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.startsWith("--") ? arg.slice(2) : arg === "-o" ? "output" : "";
    const option = (OPTIONS as Record<string, { type: string }>)[name];
    const next = argv[i + 1];
    if (option?.type === "string" && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Commands with their own module and flags (loaded on use), each given the arguments after its name. */
const COMMANDS: Readonly<Record<string, () => Promise<(argv: string[]) => Promise<number>>>> = {
  compare: async () => (await import("./compare.js")).compareCommand,
  sensitivity: async () => (await import("./sensitivity.js")).sensitivityCommand,
  consistency: async () => (await import("./consistency.js")).consistencyCommand,
  study: async () => (await import("./study.js")).studyCommand,
  link: async () => (await import("./link.js")).linkCommand,
};

async function run(argv: string[]): Promise<number> {
  if (argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0])) return (await COMMANDS[argv[0]]())(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv), allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    // a usage error: the help goes to stderr, stdout stays empty
    process.stderr.write(HELP);
    return 2;
  }
  const [command, ...rest] = positionals;
  if (command === "datasets") {
    if (rest.length > 0) throw new UsageError(`datasets takes no arguments; received ${rest.join(" ")}`);
    const { listDatasets } = await import("../datasets/index.js");
    const rows = listDatasets().map((d) => `${d.name.padEnd(26)}${d.title}`);
    process.stdout.write(`${rows.join("\n")}\n`);
    return 0;
  }
  if (command !== "estimate" && command !== "closed") throw new UsageError(`unknown command "${command}"; try prevalence --help`);
  const { estimateCommand } = await import("./estimateCommand.js");
  return estimateCommand(values, rest, command);
}

/** Runs one command and returns its exit code; a thrown error is printed on stderr as the command line prints it. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    return printError(error);
  }
}
