/**
 * The Gibbs sampler of the Dirichlet-process latent-class capture–recapture model (Manrique-Vallier
 * 2016), one chain. Written from the paper's full conditionals; the data enter as counts of the
 * distinct observed capture histories, so a sweep costs O(H·K·t) for H distinct histories, K
 * classes and t lists, whatever the population size. Not part of the public API.
 *
 * Model (person i, list j, class k):
 *   x_ij | z_i = k ~ Bernoulli(λ_jk),  λ_jk ~ Beta(1, 1),
 *   z_i ~ Categorical(π),  π ~ truncated stick-breaking SB_K(α): V_k ~ Beta(1, α) (k < K), V_K = 1,
 *   α ~ Gamma(a, b) (shape, rate),  p(N) ∝ 1/N.
 *
 * One sweep, from the state (class counts of the observed histories and of the n₀ unobserved):
 *   1. λ_jk | · ~ Beta(1 + s_jk, 1 + n_k − s_jk), s_jk = people of class k on list j;
 *   2. V_k | · ~ Beta(1 + n_k, α + Σ_{l>k} n_l), π_k = V_k Π_{l<k} (1 − V_l), in logs;
 *   3. α | · ~ Gamma(a + K − 1, b − Σ_{k<K} log(1 − V_k));
 *   4. the class counts of each observed history h (count c_h):
 *      Multinomial(c_h; π_k Π_j λ_jk^{x_hj} (1 − λ_jk)^{1 − x_hj}, normalised);
 *   5. n₀ | π, λ ~ NegativeBinomial(n, 1 − π₀) (failures before n successes), with
 *      π₀ = Σ_k π_k Π_j (1 − λ_jk) the probability of being on no list: the 1/N prior times the
 *      multinomial likelihood of the full table, with the unobserved people's classes summed out;
 *   6. the class counts of the n₀ unobserved: Multinomial(n₀; π_k Π_j (1 − λ_jk), normalised).
 * Steps 5–6 draw (n₀, z of the unobserved) jointly from their conditional.
 */
import { logGammaVariate, randomStream, type RandomStream } from "../../_lib/random.js";
import { logGamma } from "../../_lib/distributions.js";

/** The data as the sampler needs them: distinct observed histories and their counts. */
export interface LcmcrData {
  /** Number of lists t. */
  readonly lists: number;
  /** The distinct observed histories (bit masks), in increasing order. */
  readonly histories: Int32Array;
  /** Count of each history. */
  readonly counts: Float64Array;
  /** Start of each history's list indices in `members` (length H + 1). */
  readonly memberStart: Int32Array;
  /** The lists each history is on, history after history. */
  readonly members: Int32Array;
  /** Number observed, n = Σ counts. */
  readonly observed: number;
  /** Σ_h log(c_h!). */
  readonly logCountFactorials: number;
}

/** Build {@link LcmcrData} from counts indexed by `history − 1` (zeros skipped). */
export function prepareLcmcrData(counts: ArrayLike<number>, lists: number): LcmcrData {
  const histories: number[] = [];
  const kept: number[] = [];
  const members: number[] = [];
  const memberStart: number[] = [0];
  let observed = 0;
  let logCountFactorials = 0;
  for (let h = 1; h < 2 ** lists; h++) {
    const c = counts[h - 1];
    if (c === 0) continue;
    histories.push(h);
    kept.push(c);
    observed += c;
    if (c > 1) logCountFactorials += logGamma(c + 1);
    for (let j = 0; j < lists; j++) if (Math.floor(h / 2 ** j) % 2 === 1) members.push(j);
    memberStart.push(members.length);
  }
  return {
    lists,
    histories: Int32Array.from(histories),
    counts: Float64Array.from(kept),
    memberStart: Int32Array.from(memberStart),
    members: Int32Array.from(members),
    observed,
    logCountFactorials,
  };
}

/**
 * The maximum-likelihood N of the independence model (every list independent, homogeneous
 * capture): the root of Π_j (1 − s_j/N) = 1 − n/N above n, s_j the people on list j (Darroch 1958).
 * Found by bisection on log N; when no root exists (every list holds almost everyone or the lists
 * never overlap) the bracket's end is returned.
 */
export function independenceEstimate(data: LcmcrData): number {
  const t = data.lists;
  const onList = new Float64Array(t);
  for (let h = 0; h < data.histories.length; h++) {
    for (let m = data.memberStart[h]; m < data.memberStart[h + 1]; m++) onList[data.members[m]] += data.counts[h];
  }
  const n = data.observed;
  // g(N) = Σ_j log(1 − s_j/N) − log(1 − n/N): positive just above n, negative for large N when the lists overlap.
  const g = (N: number): number => {
    let sum = 0;
    for (let j = 0; j < t; j++) sum += Math.log1p(-onList[j] / N);
    return sum - Math.log1p(-n / N);
  };
  let lo = n + 0.5;
  let hi = n * 1e6;
  if (!(g(lo) > 0) || !(g(hi) < 0)) return g(hi) < 0 ? lo : hi;
  for (let i = 0; i < 200 && hi / lo > 1 + 1e-12; i++) {
    const mid = Math.sqrt(lo * hi);
    if (g(mid) > 0) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

/** What one chain runs: the model's settings and the chain's stream. */
export interface ChainSpec {
  /** Truncation level K of the stick-breaking prior. */
  readonly classes: number;
  /** Shape a of the Gamma prior on α. */
  readonly alphaShape: number;
  /** Rate b of the Gamma prior on α. */
  readonly alphaRate: number;
  /** Sweeps discarded before the first kept one. */
  readonly burnin: number;
  /** Kept draws. */
  readonly samples: number;
  /** Sweeps per kept draw (the last of each block of `thinning` sweeps is kept). */
  readonly thinning: number;
  /** The user's seed; the chain draws from `randomStream(seed, "lcmcr", "chain", chain)`. */
  readonly seed: number | string;
  /** The chain's index (0-based). */
  readonly chain: number;
  /** Keep, per draw, the classes' weights and capture probabilities, ordered by weight. */
  readonly classDraws: boolean;
}

/** The kept draws of one chain. */
export interface ChainTrace {
  /** Population size N = n + n₀ per kept draw. */
  readonly population: Float64Array;
  /**
   * Log-likelihood per kept draw: the multinomial log-likelihood of the full table (the observed
   * histories and the unobserved cell) at the draw's N and class parameters.
   */
  readonly logLikelihood: Float64Array;
  /** The concentration α per kept draw. */
  readonly alpha: Float64Array;
  /** Classes holding at least one person (observed or not) per kept draw. */
  readonly occupied: Float64Array;
  /** With `classDraws`: samples × K class weights π, largest first in each draw. */
  readonly classWeights?: Float64Array;
  /** With `classDraws`: samples × K × t capture probabilities λ, in the order of `classWeights`. */
  readonly classProbabilities?: Float64Array;
  /** Sweeps in which the drawn n₀ exceeded {@link MAX_UNOBSERVED} and was capped. */
  readonly capped: number;
}

/** Above this, n₀ is capped (N must stay an exact integer); a sweep that hits it is counted. */
export const MAX_UNOBSERVED = 1e15;

/**
 * Histories with at most this many people per class are allocated person by person (one uniform
 * each); larger ones by conditional binomials (K − 1 binomial draws).
 */
const PERSON_BY_PERSON_PER_CLASS = 6;

/** Standard deviation of the classes' shifts of logit capture probability at the start. */
const START_SPREAD = 0.5;

/** The stream of chain `chain`. */
export function chainStream(seed: number | string, chain: number): RandomStream {
  return randomStream(seed, "lcmcr", "chain", chain);
}

/**
 * The state of one chain and its Gibbs steps. `runChain` drives it; tests drive the steps one by
 * one (e.g. with the population fixed, to check the class-model steps against the prior).
 */
export class LcmcrSampler {
  readonly lists: number;
  readonly classes: number;
  /** λ_jk at j·K + k. */
  readonly lambda: Float64Array;
  /** 1 − λ_jk (kept apart: it is not 1 − λ in floating point when λ is near 1). */
  readonly complement: Float64Array;
  /** λ_jk / (1 − λ_jk). */
  readonly odds: Float64Array;
  /** log π_k. */
  readonly logWeight: Float64Array;
  /** π_k. */
  readonly weight: Float64Array;
  /** π_k Π_j (1 − λ_jk): joint probability of class k and no list. */
  readonly unseen: Float64Array;
  /** n_k: people (observed and not) in class k. */
  readonly classCount: Float64Array;
  /** s_jk: people of class k on list j (at j·K + k). */
  readonly listCount: Float64Array;
  /** The concentration α. */
  alpha: number;
  /** n₀: the unobserved people. */
  unobserved: number;
  /** π₀ = Σ_k π_k Π_j (1 − λ_jk). */
  unseenTotal = 0;
  /** 1 − π₀, summed class by class (no cancellation when π₀ is near 1). */
  seenTotal = 0;
  /** Σ_h c_h log P(h) at the last allocation (when it was asked for). */
  logLikelihoodObserved = 0;
  /** Sweeps whose n₀ was capped at {@link MAX_UNOBSERVED}. */
  capped = 0;

  private readonly probability: Float64Array;
  private readonly drawn: Float64Array;

  constructor(
    readonly data: LcmcrData,
    readonly spec: Pick<ChainSpec, "classes" | "alphaShape" | "alphaRate">,
    readonly stream: RandomStream,
  ) {
    const t = data.lists;
    const K = spec.classes;
    this.lists = t;
    this.classes = K;
    this.lambda = new Float64Array(t * K);
    this.complement = new Float64Array(t * K);
    this.odds = new Float64Array(t * K);
    this.logWeight = new Float64Array(K);
    this.weight = new Float64Array(K);
    this.unseen = new Float64Array(K);
    this.classCount = new Float64Array(K);
    this.listCount = new Float64Array(t * K);
    this.probability = new Float64Array(K);
    this.drawn = new Float64Array(K);
    this.alpha = spec.alphaShape / spec.alphaRate;
    this.unobserved = data.observed;
  }

  /**
   * The start. N starts at the independence model's estimate N̂ (see {@link independenceEstimate}),
   * and the classes as a Rasch-like spread of capture propensities around it: class k has
   * logit λ_jk = logit(s_j/N̂) + z_k with z_k ~ Normal(0, 0.5²), the same shift on every list, and
   * weights from the stick-breaking prior with α = 1 (its prior mean at the default a = b). Then the
   * observed people's classes are drawn given these, and the n₀ = N̂ − n unobserved people's.
   * Classes then differ in how visible they are, as in the posterior of most tables; a start with
   * identical classes (one homogeneous group) or with classes specialised on single lists (as
   * capture probabilities drawn from their uniform prior make them) lingers for thousands of sweeps
   * in the local modes of those shapes.
   */
  start(): void {
    const { lambda, complement, odds, logWeight, stream } = this;
    const K = this.classes;
    const t = this.lists;
    const data = this.data;
    const total = independenceEstimate(data);
    const onList = new Float64Array(t);
    for (let h = 0; h < data.histories.length; h++) {
      for (let m = data.memberStart[h]; m < data.memberStart[h + 1]; m++) onList[data.members[m]] += data.counts[h];
    }
    for (let k = 0; k < K; k++) {
      const shift = START_SPREAD * stream.normal();
      for (let j = 0; j < t; j++) {
        const share = Math.min(Math.max(onList[j] / total, 1e-6), 1 - 1e-6);
        const logOdds = Math.log(share / (1 - share)) + shift;
        const i = j * K + k;
        // λ = 1/(1 + e^{−x}) and 1 − λ = 1/(1 + e^{x}), each computed without cancellation.
        lambda[i] = 1 / (1 + Math.exp(-logOdds));
        complement[i] = 1 / (1 + Math.exp(logOdds));
        odds[i] = Math.exp(logOdds);
      }
    }
    this.alpha = 1;
    let logRemaining = 0;
    for (let k = 0; k < K - 1; k++) {
      const logX = logGammaVariate(stream, 1);
      const logY = logGammaVariate(stream, this.alpha);
      const top = logX > logY ? logX : logY;
      const logSum = top + Math.log(Math.exp(logX - top) + Math.exp(logY - top));
      logWeight[k] = logRemaining + logX - logSum;
      logRemaining += logY - logSum;
    }
    logWeight[K - 1] = logRemaining;
    this.classTotals();
    this.unobserved = Math.round(total) - data.observed;
    this.allocateObserved(false);
    this.allocateUnobserved();
  }

  /** One full sweep (steps 1–6); `withLikelihood` also sums Σ_h c_h log P(h). */
  sweep(withLikelihood: boolean): void {
    this.drawCaptureProbabilities();
    this.drawWeights();
    this.allocateObserved(withLikelihood);
    this.drawUnobserved();
    this.allocateUnobserved();
  }

  /** Step 1: λ_jk ~ Beta(1 + s_jk, 1 + n_k − s_jk), as X/(X + Y) of two gammas. */
  drawCaptureProbabilities(): void {
    const { lambda, complement, odds, classCount, listCount, stream } = this;
    const K = this.classes;
    for (let j = 0; j < this.lists; j++) {
      for (let k = 0; k < K; k++) {
        const i = j * K + k;
        const nk = classCount[k];
        let p: number;
        let q: number;
        if (nk === 0) {
          p = stream.uniform(); // Beta(1, 1)
          q = 1 - p;
        } else {
          const x = stream.gamma(1 + listCount[i]);
          const y = stream.gamma(1 + nk - listCount[i]);
          p = x / (x + y);
          q = y / (x + y);
        }
        lambda[i] = p;
        complement[i] = q;
        odds[i] = p / q;
      }
    }
  }

  /**
   * Steps 2–3: the stick-breaking weights (in logs: a small α makes 1 − V underflow), then α; and
   * per class the probability of no list, π₀ and 1 − π₀.
   */
  drawWeights(): void {
    const { logWeight, classCount, stream } = this;
    const K = this.classes;
    let rest = 0;
    for (let k = 0; k < K; k++) rest += classCount[k];
    let logRemaining = 0; // Σ_{l<k} log(1 − V_l)
    for (let k = 0; k < K - 1; k++) {
      rest -= classCount[k];
      const logX = logGammaVariate(stream, 1 + classCount[k]);
      const logY = logGammaVariate(stream, this.alpha + rest);
      const top = logX > logY ? logX : logY;
      const logSum = top + Math.log(Math.exp(logX - top) + Math.exp(logY - top));
      logWeight[k] = logRemaining + logX - logSum;
      logRemaining += logY - logSum;
    }
    logWeight[K - 1] = logRemaining;
    this.alpha = stream.gamma(this.spec.alphaShape + K - 1, this.spec.alphaRate - logRemaining);
    this.classTotals();
  }

  /** Per class: the weight π_k and the probability of no list; then π₀ and 1 − π₀. */
  private classTotals(): void {
    const { logWeight, weight, complement, lambda, unseen } = this;
    const K = this.classes;
    const t = this.lists;
    let unseenTotal = 0;
    let seenTotal = 0;
    for (let k = 0; k < K; k++) {
      const w = Math.exp(logWeight[k]);
      weight[k] = w;
      let none = 1;
      for (let j = 0; j < t; j++) none *= complement[j * K + k];
      let some = 1 - none;
      if (some < 1e-8) {
        let logNone = 0;
        for (let j = 0; j < t; j++) logNone += Math.log1p(-lambda[j * K + k]);
        some = -Math.expm1(logNone);
      }
      unseen[k] = w * none;
      unseenTotal += w * none;
      seenTotal += w * some;
    }
    this.unseenTotal = unseenTotal;
    this.seenTotal = seenTotal;
  }

  /** Step 4: the classes of the observed people, history by history; resets the counts first. */
  allocateObserved(withLikelihood: boolean): void {
    const { probability, unseen, odds, classCount, listCount } = this;
    const { counts, memberStart, members, histories } = this.data;
    const K = this.classes;
    classCount.fill(0);
    listCount.fill(0);
    let logLikelihood = 0;
    for (let h = 0; h < histories.length; h++) {
      const c = counts[h];
      if (c === 0) continue;
      const from = memberStart[h];
      const to = memberStart[h + 1];
      let sum = 0;
      for (let k = 0; k < K; k++) {
        let p = unseen[k];
        for (let m = from; m < to; m++) p *= odds[members[m] * K + k];
        probability[k] = p;
        sum += p;
      }
      if (sum > 1e-280 && sum < Infinity) {
        if (withLikelihood) logLikelihood += c * Math.log(sum);
      } else {
        // The product under- or overflowed: redo the history in logs (probabilities rescaled).
        const logSum = this.historyInLogs(from, to);
        if (withLikelihood) logLikelihood += c * logSum;
        sum = 0;
        for (let k = 0; k < K; k++) sum += probability[k];
      }
      this.allocate(c, sum);
      this.addHistory(h);
    }
    this.logLikelihoodObserved = logLikelihood;
  }

  /** Step 5: n₀ ~ NegativeBinomial(n, 1 − π₀), failures before n successes. */
  drawUnobserved(): void {
    let n0 = this.seenTotal >= 1 ? 0 : this.stream.negativeBinomial(this.data.observed, this.seenTotal);
    if (!(n0 <= MAX_UNOBSERVED)) {
      n0 = MAX_UNOBSERVED;
      this.capped++;
    }
    this.unobserved = n0;
  }

  /** Step 6: the classes of the n₀ unobserved people, added to the class counts. */
  allocateUnobserved(): void {
    const n0 = this.unobserved;
    if (n0 === 0) return;
    const K = this.classes;
    for (let k = 0; k < K; k++) this.probability[k] = this.unseen[k];
    this.allocate(n0, this.unseenTotal);
    for (let k = 0; k < K; k++) this.classCount[k] += this.drawn[k];
  }

  /** Classes holding at least one person. */
  occupiedClasses(): number {
    let filled = 0;
    for (let k = 0; k < this.classes; k++) if (this.classCount[k] > 0) filled++;
    return filled;
  }

  /**
   * The multinomial log-likelihood of the full table at the current N and class parameters:
   * log N!/(n₀! Π c_h!) + n₀ log π₀ + Σ_h c_h log P(h). Needs `allocateObserved(true)` first.
   */
  logLikelihood(): number {
    const n0 = this.unobserved;
    const N = this.data.observed + n0;
    return (
      logGamma(N + 1) -
      logGamma(n0 + 1) -
      this.data.logCountFactorials +
      (n0 > 0 ? n0 * Math.log(this.unseenTotal) : 0) +
      this.logLikelihoodObserved
    );
  }

  /** Add `drawn` (people of history h by class) to the class and list counts. */
  private addHistory(h: number): void {
    const { drawn, classCount, listCount } = this;
    const { memberStart, members } = this.data;
    const K = this.classes;
    const from = memberStart[h];
    const to = memberStart[h + 1];
    for (let k = 0; k < K; k++) {
      const d = drawn[k];
      if (d === 0) continue;
      classCount[k] += d;
      for (let m = from; m < to; m++) listCount[members[m] * K + k] += d;
    }
  }

  /** Spread `people` over the classes with weights `probability` (sum `sum`) into `drawn`. */
  private allocate(people: number, sum: number): void {
    const { probability, drawn, stream } = this;
    const K = this.classes;
    if (people <= PERSON_BY_PERSON_PER_CLASS * K) {
      drawn.fill(0);
      let last = K - 1;
      while (last > 0 && probability[last] === 0) last--;
      for (let i = 0; i < people; i++) {
        let u = stream.uniform() * sum;
        let k = 0;
        while (k < last && u >= probability[k]) {
          u -= probability[k];
          k++;
        }
        drawn[k] += 1;
      }
    } else {
      stream.multinomial(people, probability, drawn);
    }
  }

  /**
   * The class probabilities of one history computed in logs, for when the product under- or
   * overflows: fills `probability` with them divided by the largest, and returns the log of their
   * (unscaled) sum. The allocation needs only their ratios, the log-likelihood the log of the sum.
   */
  private historyInLogs(from: number, to: number): number {
    const { probability, logWeight, lambda, complement } = this;
    const { members } = this.data;
    const K = this.classes;
    let top = -Infinity;
    for (let k = 0; k < K; k++) {
      let l = logWeight[k];
      for (let j = 0, m = from; j < this.lists; j++) {
        if (m < to && members[m] === j) {
          l += Math.log(lambda[j * K + k]);
          m++;
        } else {
          l += Math.log(complement[j * K + k]);
        }
      }
      probability[k] = l;
      if (l > top) top = l;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += probability[k] = Math.exp(probability[k] - top);
    return top + Math.log(sum);
  }
}

/**
 * One chain, run in slices: `burnin + samples · thinning` sweeps from {@link LcmcrSampler.start},
 * keeping every `thinning`-th sweep after the burn-in. `advance` runs some sweeps and returns, so
 * a caller can let a progress bar draw between slices; the draws do not depend on the slicing.
 */
export class ChainRun {
  /** Sweeps run so far. */
  sweeps = 0;
  /** Sweeps in all. */
  readonly total: number;
  private readonly sampler: LcmcrSampler;
  private readonly population: Float64Array;
  private readonly logLikelihood: Float64Array;
  private readonly alpha: Float64Array;
  private readonly occupied: Float64Array;
  private readonly classWeights: Float64Array | undefined;
  private readonly classProbabilities: Float64Array | undefined;
  private readonly order: Int32Array;

  constructor(
    private readonly data: LcmcrData,
    private readonly spec: ChainSpec,
  ) {
    const K = spec.classes;
    this.total = spec.burnin + spec.samples * spec.thinning;
    this.sampler = new LcmcrSampler(data, spec, chainStream(spec.seed, spec.chain));
    this.population = new Float64Array(spec.samples);
    this.logLikelihood = new Float64Array(spec.samples);
    this.alpha = new Float64Array(spec.samples);
    this.occupied = new Float64Array(spec.samples);
    this.classWeights = spec.classDraws ? new Float64Array(spec.samples * K) : undefined;
    this.classProbabilities = spec.classDraws ? new Float64Array(spec.samples * K * data.lists) : undefined;
    this.order = new Int32Array(K);
    this.sampler.start();
  }

  /** Run up to `sweeps` more sweeps; true when the chain is complete. */
  advance(sweeps: number): boolean {
    const { spec, sampler, data } = this;
    const end = Math.min(this.total, this.sweeps + sweeps);
    for (let sweep = this.sweeps + 1; sweep <= end; sweep++) {
      const keep = sweep > spec.burnin && (sweep - spec.burnin) % spec.thinning === 0;
      sampler.sweep(keep);
      if (keep) {
        const s = (sweep - spec.burnin) / spec.thinning - 1;
        this.population[s] = data.observed + sampler.unobserved;
        this.alpha[s] = sampler.alpha;
        this.occupied[s] = sampler.occupiedClasses();
        this.logLikelihood[s] = sampler.logLikelihood();
        if (this.classWeights !== undefined) this.keepClasses(s);
      }
    }
    this.sweeps = end;
    return end === this.total;
  }

  /** The kept draws (complete once `advance` has returned true). */
  trace(): ChainTrace {
    return {
      population: this.population,
      logLikelihood: this.logLikelihood,
      alpha: this.alpha,
      occupied: this.occupied,
      ...(this.classWeights !== undefined ? { classWeights: this.classWeights, classProbabilities: this.classProbabilities } : {}),
      capped: this.sampler.capped,
    };
  }

  /** Keep draw s's class weights and capture probabilities, classes ordered by weight. */
  private keepClasses(s: number): void {
    const { order, sampler } = this;
    const K = this.spec.classes;
    const t = this.data.lists;
    const weight = sampler.weight;
    for (let k = 0; k < K; k++) order[k] = k;
    order.sort((a, b) => weight[b] - weight[a] || a - b);
    for (let r = 0; r < K; r++) {
      const k = order[r];
      this.classWeights![s * K + r] = weight[k];
      for (let j = 0; j < t; j++) this.classProbabilities![(s * K + r) * t + j] = sampler.lambda[j * K + k];
    }
  }
}

/** Run one chain to the end in this thread. */
export function runChain(data: LcmcrData, spec: ChainSpec): ChainTrace {
  const run = new ChainRun(data, spec);
  run.advance(run.total);
  return run.trace();
}
