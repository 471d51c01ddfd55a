import type { CaptureData, EstimateWarning, Interval, ModelDescription } from "../types.js";
import { OptionError } from "../errors.js";
import { prepareCompleteCounts, prepareCounts, type PreparedCounts } from "../_lib/prepared.js";
import { fitPoissonLoglinear, splitBoundary, type BoundarySplit, type PoissonFit } from "../_lib/poissonFit.js";
import { checkExistenceCore } from "../_lib/existence.js";
import { digamma, logGamma, standardNormalQuantile } from "../_lib/distributions.js";
import { bracketDown, bracketUp, brentRoot } from "../_lib/brentRoot.js";
import { validateLevels } from "../_lib/validate.js";
import { describeModel, parseModel, termName, type ModelInput } from "../models/loglinear/modelSpec.js";
import { checkWarnings } from "../models/loglinear/_fitPrepared.js";

/** Options of {@link profileLikelihoodInterval}. */
export interface ProfileLikelihoodOptions {
  /** Interval level(s), each strictly between 0 and 1. Default 0.95. */
  readonly level?: number | readonly number[];
  /**
   * How far up the upper limit is searched, as a multiple of the Poisson estimate `n + exp(b0)`
   * (Rcapture's `fmaxSupCL`, whose default is 3). A limit still not reached there is reported as
   * the cap itself with a `PROFILE_UNBOUNDED` warning. Must be a finite number greater than 1.
   * Default 100.
   */
  readonly maxRatio?: number;
}

/** The multinomial profile-likelihood estimate and intervals for the total population. */
export interface ProfileLikelihoodResult {
  /**
   * The multinomial estimate N̂: the maximum of the profile log-likelihood ℓ(N). Slightly below the
   * Poisson estimate `n + exp(b0)`. `null` when the model fails the existence or identifiability
   * check, or the profile could not be maximised (see `warnings`).
   */
  readonly estimate: number | null;
  /** People observed on at least one list (n). */
  readonly observed: number;
  /** One `"profile-likelihood"` interval per level; empty when `estimate` is `null`. */
  readonly intervals: readonly Interval[];
  /** The model profiled. */
  readonly model: ModelDescription;
  /** `BOUNDARY_PARAMETERS`, `PROFILE_UNBOUNDED`, `PROFILE_NOT_CONVERGED`, or the check's `MLE_DOES_NOT_EXIST` / `NOT_IDENTIFIABLE`. */
  readonly warnings: readonly EstimateWarning[];
}

/**
 * Multinomial profile-likelihood interval for the total population N under a fixed log-linear
 * model (Cormack 1992), as Rcapture's `closedpCI.t`.
 *
 * For N ≥ n (n observed) the complete table has the observed counts y_h and N − n people on no
 * list; with μ̂(N) the log-linear fit to that table (which, the model having an intercept, sums to
 * N and gives the multinomial MLE p̂_h = μ̂_h / N of the cell probabilities),
 *
 *   ℓ(N) = log Γ(N+1) − log Γ(N−n+1) − Σ_{h≥1} log y_h! + Σ_{h≥0} y_h log(μ̂_h(N) / N),
 *
 * with N continuous. The estimate maximises ℓ; the interval at level L is
 * {N : 2(ℓ(N̂) − ℓ(N)) ≤ χ²₁(L)}. Terms with a zero sufficient statistic take their extended MLE −∞
 * as in `fitLoglinear`.
 *
 * The maximum is the root of ℓ′(N) = ψ(N+1) − ψ(N−n+1) + log(μ̂_0(N)/N) (envelope theorem),
 * bracketed by halving or doubling the unobserved count from the Poisson estimate's; each limit is
 * bracketed the same way from N̂ and found by Brent's method to 1e-11 relative. Each evaluation is
 * one Newton fit of the model (warm-started) on the 2^t cells.
 *
 * @param data - capture data.
 * @param model - the model, e.g. `"main"` (Rcapture's Mt) or `"[12,23]"`.
 * @param options - see {@link ProfileLikelihoodOptions}.
 * @returns the estimate and intervals. The lower limit is at least the observed count and the upper
 *   limit at most `maxRatio` × the Poisson estimate; a limit held at either bound carries a
 *   `PROFILE_UNBOUNDED` warning. A model that fails the existence or identifiability check gets no
 *   estimate and no interval, with `fitLoglinear`'s `MLE_DOES_NOT_EXIST` / `NOT_IDENTIFIABLE`
 *   warnings. Fits that do not converge give `PROFILE_NOT_CONVERGED`.
 * @throws {ModelSpecError} when the model does not parse against the data's lists.
 * @throws {OptionError} when a level is not strictly between 0 and 1, or `maxRatio` is not a
 *   finite number greater than 1.
 * @example
 * const r = profileLikelihoodInterval(ukdat, "main");
 * r.estimate // 12208.567
 * r.intervals[0] // { method: "profile-likelihood", level: 0.95, lower: 10983.85, upper: 13648.21 }
 * @see docs/methodology/profile-likelihood.md
 */
export function profileLikelihoodInterval(
  data: CaptureData,
  model: ModelInput,
  options: ProfileLikelihoodOptions = {},
): ProfileLikelihoodResult {
  const levels = validateLevels(options.level);
  const maxRatio = options.maxRatio ?? 100;
  if (typeof maxRatio !== "number" || !Number.isFinite(maxRatio) || !(maxRatio > 1)) {
    throw new OptionError(`\`maxRatio\` must be a finite number greater than 1; received ${String(maxRatio)}`);
  }
  const parsed = parseModel(model, data.lists);
  const description = describeModel(parsed);
  const prepared = prepareCounts(data.counts, data.lists.length);
  const n = prepared.observed;
  const none = (warnings: EstimateWarning[]): ProfileLikelihoodResult => ({
    estimate: null,
    observed: n,
    intervals: [],
    model: description,
    warnings,
  });

  const check = checkExistenceCore(prepared, parsed.parameters);
  if (check.status !== 0) return none(checkWarnings(check, description));
  const poisson = fitPoissonLoglinear(prepared, parsed.parameters, { covariance: false, identifiable: true });
  if (!poisson.nonsingular) {
    return none(checkWarnings({ ...check, status: 2, identifiable: false }, description));
  }

  const warnings: EstimateWarning[] = [];
  if (poisson.boundary.length > 0) {
    const names = poisson.boundary.map((t) => termName(t, parsed.lists)).join(", ");
    warnings.push({
      code: "BOUNDARY_PARAMETERS",
      message: `nobody is on all the lists of ${names}: ${poisson.boundary.length === 1 ? "that term takes" : "those terms take"} the value −∞ (extended MLE) and the cells covered are left out of the profile fits`,
    });
  }

  const poissonEstimate = n + Math.exp(poisson.beta[0]);
  const cap = maxRatio * poissonEstimate;
  const profile = new Profile(prepared, parsed.parameters, poisson);
  const notConverged = (): EstimateWarning => ({
    code: "PROFILE_NOT_CONVERGED",
    message: `some Newton fits of ${description.name} to the completed table did not converge while profiling the population size; the profile estimate and intervals may be inaccurate`,
  });

  const maximum = maximiseProfile(profile, n, poissonEstimate, cap);
  if (maximum === null) {
    if (profile.failed) return none([...warnings, notConverged()]);
    return none([
      ...warnings,
      {
        code: "PROFILE_UNBOUNDED",
        message: `the profile likelihood of ${description.name} still rises at ${formatNumber(cap)} (\`maxRatio\` ${maxRatio} × the Poisson estimate ${formatNumber(poissonEstimate)}): no multinomial estimate below that bound; raise \`maxRatio\` to search further`,
      },
    ]);
  }
  const estimate = maximum;
  const top = profile.at(estimate).logLikelihood;

  const intervals: Interval[] = [];
  const limitWarnings: EstimateWarning[] = [];
  for (const level of levels) {
    const z = standardNormalQuantile((1 + level) / 2);
    const cutoff = top - (z * z) / 2;
    const excess = (N: number): number => profile.at(N).logLikelihood - cutoff;

    let lower = n;
    let truncated = false;
    const lowerBracket = bracketDown(excess, n, estimate);
    if (lowerBracket === null) {
      truncated = true;
      limitWarnings.push({
        code: "PROFILE_UNBOUNDED",
        message: `at level ${level} the profile likelihood at the observed count ${n} is still above the cut-off, so the lower limit is the observed count`,
      });
    } else {
      lower = brentRoot(excess, lowerBracket[0], lowerBracket[1], lowerBracket[2], lowerBracket[3]);
    }

    let upper = cap;
    const upperBracket = bracketUp(excess, n, estimate, cap);
    if (upperBracket === null) {
      truncated = true;
      limitWarnings.push({
        code: "PROFILE_UNBOUNDED",
        message: `at level ${level} the profile likelihood is still above the cut-off at ${formatNumber(cap)} (\`maxRatio\` ${maxRatio} × the Poisson estimate ${formatNumber(poissonEstimate)}), so the upper limit is truncated there; raise \`maxRatio\` to search further`,
      });
    } else {
      upper = brentRoot(excess, upperBracket[0], upperBracket[1], upperBracket[2], upperBracket[3]);
    }
    intervals.push({ method: "profile-likelihood", level, lower, upper, ...(truncated ? { truncated } : {}) });
  }

  if (profile.failed) return none([...warnings, notConverged()]);
  if (profile.unconverged) limitWarnings.push(notConverged());
  return { estimate, observed: n, intervals, model: description, warnings: [...warnings, ...limitWarnings] };
}

/** ℓ(N) and ℓ′(N) at one population size. */
interface ProfilePoint {
  readonly logLikelihood: number;
  readonly slope: number;
}

/** The profile log-likelihood of one model on one dataset, with warm-started fits. */
class Profile {
  private readonly split: BoundarySplit;
  private start: PoissonFit;
  private readonly constant: number;
  /** Some fit did not converge, or its fitted total differed from N. */
  unconverged = false;
  /** Some fit failed outright (singular); its values are not usable. */
  failed = false;

  constructor(
    private readonly prepared: PreparedCounts,
    private readonly parameters: readonly number[],
    observedFit: PoissonFit,
  ) {
    // The boundary split of a complete table does not depend on the unobserved count: only the
    // intercept's margin changes with it.
    this.split = splitBoundary(prepareCompleteCounts(prepared, 1), parameters);
    this.start = observedFit;
    this.constant = -prepared.logFactorialSum;
  }

  at(population: number): ProfilePoint {
    const { prepared } = this;
    const n = prepared.observed;
    const unobserved = Math.max(0, population - n);
    const complete = prepareCompleteCounts(prepared, unobserved);
    const fit = fitPoissonLoglinear(complete, this.parameters, {
      covariance: false,
      start: this.start,
      split: this.split,
      // identifiable on the observed cells, so on the completed table (one more cell) too
      identifiable: true,
    });
    if (!fit.nonsingular) {
      this.failed = true;
      return { logLikelihood: Number.NEGATIVE_INFINITY, slope: Number.NEGATIVE_INFINITY };
    }
    if (!fit.converged) this.unconverged = true;
    else this.start = fit;
    const { y, size } = complete;
    const logN = Math.log(population);
    let total = 0;
    let sum = 0;
    for (let h = 0; h < size; h++) {
      if (!fit.keptCells[h]) continue;
      total += fit.mu[h];
      if (y[h] > 0) sum += y[h] * (Math.log(fit.mu[h]) - logN);
    }
    if (Math.abs(total - population) > 1e-8 * population) this.unconverged = true;
    const logLikelihood = logGamma(population + 1) - logGamma(unobserved + 1) + this.constant + sum;
    const slope = digamma(population + 1) - digamma(unobserved + 1) + Math.log(fit.mu[0]) - logN;
    return { logLikelihood, slope };
  }
}

/**
 * The population size maximising ℓ, or null when ℓ still rises at `cap`. Starts from the Poisson
 * estimate and halves (or doubles) the unobserved count until ℓ′ changes sign, then solves ℓ′ = 0.
 */
function maximiseProfile(profile: Profile, n: number, start: number, cap: number): number | null {
  const slope = (N: number): number => profile.at(N).slope;
  const s0 = slope(start);
  if (profile.failed) return null;
  if (s0 === 0) return start;
  if (s0 < 0) {
    const bracket = bracketDown(slope, n, start, s0);
    if (profile.failed) return null;
    // ℓ falls from the observed count on: the maximum is at N = n
    if (bracket === null) return n;
    return brentRoot(slope, ...bracket);
  }
  const bracket = bracketUp(slope, n, start, cap, s0);
  if (profile.failed || bracket === null) return null;
  return brentRoot(slope, ...bracket);
}

function formatNumber(x: number): string {
  return Number(x.toPrecision(8)).toString();
}
