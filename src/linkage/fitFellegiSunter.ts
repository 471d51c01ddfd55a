/**
 * The Fellegi–Sunter model fitted by EM over a table of comparison patterns.
 */
import { OptionError } from "../errors.js";

/** One comparison pattern: the level of every comparison (−1 when a value is missing) and how many pairs have it. */
export interface ComparisonPattern {
  /** Level per comparison: 0 the most similar … `levelCounts[k] − 1` the least; −1 when either value is missing. */
  readonly levels: readonly number[];
  /** Number of record pairs with this pattern (> 0). */
  readonly count: number;
  /**
   * Per comparison: whether these pairs inform that comparison's m (default all true). With
   * blocking, give true only for pairs that a blocking rule not involving the comparison's field
   * would have made, so that m is not biased towards agreement on the blocking keys.
   */
  readonly informsM?: readonly boolean[];
}

/** Options of {@link fitFellegiSunter}. */
export interface FitFellegiSunterOptions {
  /** Most EM iterations; default 500. */
  readonly maxIterations?: number;
  /** Stop when no m or u probability moves by more than this, nor λ by more than this relatively; default 1e-7. */
  readonly tolerance?: number;
  /** Pseudo-count added to every level of every m and u distribution (a symmetric Dirichlet prior); default 1. */
  readonly priorCount?: number;
  /** Starting match proportion; default 0.1. */
  readonly initialProportion?: number;
  /**
   * Non-match probabilities held fixed (estimated elsewhere, e.g. from random pairs): `u[k][l]`.
   * Only m and λ are then estimated. Default: u is estimated too.
   */
  readonly fixedU?: readonly (readonly number[])[];
  /**
   * Number of pairs λ is a proportion of. Default: the pairs in `patterns`. With blocking, give all
   * `n(n − 1)/2` pairs: the pairs left out are taken as non-matches (posterior 0), so λ is the match
   * proportion among all pairs and the model is the population model.
   */
  readonly pairCount?: number;
}

/** The fitted model: match proportion, and per comparison the level probabilities among matches (m) and non-matches (u). */
export interface FellegiSunterFit {
  /** λ, the proportion of matches among the pairs compared. */
  readonly proportion: number;
  /** m[k][l] = P(level l on comparison k | match). */
  readonly m: readonly (readonly number[])[];
  /** u[k][l] = P(level l on comparison k | non-match). */
  readonly u: readonly (readonly number[])[];
  /** Posterior match probability of every pattern, in input order. */
  readonly matchProbabilities: readonly number[];
  /** Observed-data log-likelihood at the end (natural log), the prior's terms excluded. */
  readonly logLikelihood: number;
  /** EM iterations run. */
  readonly iterations: number;
  /** Whether the EM stopped by its tolerance (rather than at `maxIterations`). */
  readonly converged: boolean;
}

/**
 * Fit the Fellegi–Sunter mixture by EM: each pair of records is a match with probability λ, and given
 * its match status the comparison levels are independent, with probabilities m (matches) and u
 * (non-matches). A missing comparison (level −1) drops out of that pair's likelihood.
 *
 * E step: `p(γ) = λ Π m_k(γ_k) / (λ Π m_k(γ_k) + (1 − λ) Π u_k(γ_k))` for every pattern γ.
 * M step: `λ = Σ n_γ p(γ) / N` (N = `pairCount`, by default Σ n_γ);
 * `m_k(l) = (Σ_{γ_k = l} n_γ p(γ) + α) / (Σ_{γ_k ≠ −1} n_γ p(γ) + α L_k)` over the patterns that
 * inform comparison k's m (all, unless `informsM` says otherwise), and u alike with `1 − p(γ)` over
 * all patterns (unless u is fixed), α the prior count (a Dirichlet(α) prior on each distribution,
 * which keeps every probability positive). The match class is the one whose exact levels are more likely:
 * if after convergence `Σ_k log(m_k(0)/u_k(0)) < 0` the classes are swapped.
 *
 * Starting values: λ = `initialProportion`; m puts 0.9 on level 0 and spreads the rest evenly; u puts
 * its mass increasingly on the dissimilar levels (∝ 1, 2, …, L_k).
 *
 * @param levelCounts - number of levels of each comparison (each ≥ 2).
 * @param patterns - the pattern table (one row per distinct pattern).
 * @param options - see {@link FitFellegiSunterOptions}.
 * @returns λ, m, u, the posterior of every pattern and the convergence record.
 * @throws {OptionError} when a pattern's levels do not fit `levelCounts`, a count is not positive, or
 *   an option is out of range.
 * @example
 * const fit = fitFellegiSunter([2, 2], [
 *   { levels: [0, 0], count: 90 }, { levels: [0, 1], count: 20 },
 *   { levels: [1, 0], count: 30 }, { levels: [1, 1], count: 860 },
 * ]);
 * fit.proportion // ≈ 0.09
 * @see docs/methodology/linkage.md
 */
export function fitFellegiSunter(
  levelCounts: readonly number[],
  patterns: readonly ComparisonPattern[],
  options: FitFellegiSunterOptions = {},
): FellegiSunterFit {
  const K = levelCounts.length;
  if (K === 0 || !levelCounts.every((L) => Number.isInteger(L) && L >= 2)) {
    throw new OptionError(`\`levelCounts\` must hold at least one whole number ≥ 2; received ${JSON.stringify(levelCounts)}`);
  }
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.tolerance ?? 1e-7;
  const alpha = options.priorCount ?? 1;
  const lambda0 = options.initialProportion ?? 0.1;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new OptionError(`\`maxIterations\` must be a whole number ≥ 1; received ${maxIterations}`);
  if (!(tolerance > 0)) throw new OptionError(`\`tolerance\` must be > 0; received ${tolerance}`);
  if (!(alpha >= 0)) throw new OptionError(`\`priorCount\` must be ≥ 0; received ${alpha}`);
  if (!(lambda0 > 0 && lambda0 < 1)) throw new OptionError(`\`initialProportion\` must be strictly between 0 and 1; received ${lambda0}`);
  const fixedU = options.fixedU;
  if (
    fixedU !== undefined &&
    (fixedU.length !== K || !fixedU.every((uk, k) => uk.length === levelCounts[k] && uk.every((x) => x > 0 && x <= 1)))
  ) {
    throw new OptionError(`\`fixedU\` must give a probability in (0, 1] for every level of every comparison; received ${JSON.stringify(fixedU)}`);
  }
  patterns.forEach((p, i) => {
    if (p.levels.length !== K || !p.levels.every((l, k) => Number.isInteger(l) && l >= -1 && l < levelCounts[k])) {
      throw new OptionError(`\`patterns[${i}].levels\` must give a level from −1 to L−1 for each of the ${K} comparisons; received ${JSON.stringify(p.levels)}`);
    }
    if (!(p.count > 0) || !Number.isFinite(p.count)) throw new OptionError(`\`patterns[${i}].count\` must be a positive number; received ${p.count}`);
    if (p.informsM !== undefined && (p.informsM.length !== K || !p.informsM.every((b) => typeof b === "boolean"))) {
      throw new OptionError(`\`patterns[${i}].informsM\` must hold one true/false per comparison; received ${JSON.stringify(p.informsM)}`);
    }
  });
  // A comparison that no pattern informs takes its m from every pattern.
  const informed = levelCounts.map((_, k) => patterns.some((p) => p.informsM === undefined || p.informsM[k]));
  const inPatterns = patterns.reduce((a, p) => a + p.count, 0);
  const total = options.pairCount ?? inPatterns;
  if (!(total >= inPatterns) || !Number.isFinite(total)) {
    throw new OptionError(`\`pairCount\` must be at least the number of pairs in \`patterns\` (${inPatterns}); received ${total}`);
  }
  if (patterns.length === 0) {
    return {
      proportion: lambda0,
      m: levelCounts.map((L) => initialM(L)),
      u: fixedU ? fixedU.map((uk) => [...uk]) : levelCounts.map((L) => initialU(L)),
      matchProbabilities: [],
      logLikelihood: 0,
      iterations: 0,
      converged: true,
    };
  }

  let lambda = lambda0;
  let m = levelCounts.map((L) => initialM(L));
  let u = fixedU ? fixedU.map((uk) => [...uk]) : levelCounts.map((L) => initialU(L));
  const posterior = new Float64Array(patterns.length);
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; ) {
    iterations++;
    eStep(patterns, lambda, m, u, posterior);
    const next = mStep(levelCounts, patterns, posterior, alpha, total, informed);
    const change = Math.max(
      Math.abs(next.lambda - lambda) / lambda, // relative: λ may be tiny (a share of all pairs)
      ...next.m.map((mk, k) => Math.max(...mk.map((x, l) => Math.abs(x - m[k][l])))),
      ...(fixedU ? [] : next.u.map((uk, k) => Math.max(...uk.map((x, l) => Math.abs(x - u[k][l]))))),
    );
    lambda = next.lambda;
    m = next.m;
    if (!fixedU) u = next.u;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  // The match class is the one that agrees more often (with u fixed, it is m by construction).
  const orientation = m.reduce((a, mk, k) => a + Math.log(mk[0] / u[k][0]), 0);
  if (orientation < 0 && !fixedU) {
    [m, u] = [u, m];
    lambda = 1 - lambda;
  }
  const logLikelihood = eStep(patterns, lambda, m, u, posterior);
  return {
    proportion: lambda,
    m: m.map((mk) => [...mk]),
    u: u.map((uk) => [...uk]),
    matchProbabilities: [...posterior],
    logLikelihood,
    iterations,
    converged,
  };
}

function initialM(L: number): number[] {
  return Array.from({ length: L }, (_, l) => (l === 0 ? 0.9 : 0.1 / (L - 1)));
}

function initialU(L: number): number[] {
  const total = (L * (L + 1)) / 2;
  return Array.from({ length: L }, (_, l) => (l + 1) / total);
}

/** Posterior of every pattern into `posterior`; returns the log-likelihood. Works on the log scale. */
function eStep(
  patterns: readonly ComparisonPattern[],
  lambda: number,
  m: readonly (readonly number[])[],
  u: readonly (readonly number[])[],
  posterior: Float64Array,
): number {
  let logLikelihood = 0;
  const logLambda = Math.log(lambda);
  const logOther = Math.log(1 - lambda);
  patterns.forEach((p, i) => {
    let a = logLambda;
    let b = logOther;
    p.levels.forEach((l, k) => {
      if (l < 0) return;
      a += Math.log(Math.max(m[k][l], Number.MIN_VALUE));
      b += Math.log(Math.max(u[k][l], Number.MIN_VALUE));
    });
    const top = Math.max(a, b);
    const sum = Math.exp(a - top) + Math.exp(b - top);
    posterior[i] = Math.exp(a - top) / sum;
    logLikelihood += p.count * (top + Math.log(sum));
  });
  return logLikelihood;
}

function mStep(
  levelCounts: readonly number[],
  patterns: readonly ComparisonPattern[],
  posterior: Float64Array,
  alpha: number,
  total: number,
  informed: readonly boolean[],
): { lambda: number; m: number[][]; u: number[][] } {
  const mCounts = levelCounts.map((L) => new Array<number>(L).fill(alpha));
  const uCounts = levelCounts.map((L) => new Array<number>(L).fill(alpha));
  let matches = 0;
  patterns.forEach((p, i) => {
    const w = p.count * posterior[i];
    const v = p.count - w;
    matches += w;
    p.levels.forEach((l, k) => {
      if (l < 0) return;
      if (!informed[k] || p.informsM === undefined || p.informsM[k]) mCounts[k][l] += w;
      uCounts[k][l] += v;
    });
  });
  const normalise = (c: number[]) => {
    const s = c.reduce((a, b) => a + b, 0);
    return s > 0 ? c.map((x) => x / s) : c.map(() => 1 / c.length);
  };
  // keep λ strictly inside (0, 1) so that the logs stay finite
  const lambda = Math.min(1 - 1e-12, Math.max(1e-12, matches / total));
  return { lambda, m: mCounts.map(normalise), u: uCounts.map(normalise) };
}
