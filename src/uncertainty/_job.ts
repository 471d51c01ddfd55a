/**
 * One bootstrap job: the replicates and the jackknife deletions, as numbered work items, computed
 * identically whichever thread runs them. Item b < replicates is bootstrap replicate b, drawn from a
 * random stream seeded with (seed, b) alone; item replicates + j is the deletion of one person from
 * the j-th history with a positive count. Results therefore never depend on how items are split
 * between threads.
 */
import seedrandom from "seedrandom";
import { prepareCounts, type PreparedCounts } from "../_lib/prepared.js";
import { createEstimator, type EstimatorSpec, type ReplicateEstimator } from "./_estimators.js";

/** Everything a thread needs to run items: plain data, safe to post to a worker. */
export interface BootstrapJob {
  readonly counts: readonly number[];
  readonly nLists: number;
  readonly spec: EstimatorSpec;
  readonly seed: string;
  readonly replicates: number;
  readonly resampling: "nonparametric" | "parametric";
  /** Parametric: population size to draw and cell probabilities over all 2^t cells (cell 0 unobserved). */
  readonly parametric?: { readonly population: number; readonly probabilities: readonly number[] };
}

export interface JobRunner {
  readonly rows: number;
  readonly items: number;
  /** Histories (masks) deleted by the jackknife items, in item order, with their counts. */
  readonly jackknifeHistories: readonly number[];
  readonly jackknifeCounts: readonly number[];
  readonly estimator: ReplicateEstimator;
  readonly original: PreparedCounts;
  /** Estimates of items [from, to), `rows` per item. */
  run(from: number, to: number): Float64Array;
}

export function createJobRunner(job: BootstrapJob): JobRunner {
  const original = prepareCounts(job.counts, job.nLists);
  const estimator = createEstimator(job.spec, original);
  const rows = estimator.rows;
  const size = 1 << job.nLists;
  const jackknifeHistories: number[] = [];
  const jackknifeCounts: number[] = [];
  for (let h = 1; h < size; h++) {
    if (job.counts[h - 1] > 0) {
      jackknifeHistories.push(h);
      jackknifeCounts.push(job.counts[h - 1]);
    }
  }
  const sampler = job.resampling === "parametric" ? parametricSampler(job, size) : nonparametricSampler(job, size);
  const counts = new Float64Array(size - 1);
  return {
    rows,
    items: job.replicates + jackknifeHistories.length,
    jackknifeHistories,
    jackknifeCounts,
    estimator,
    original,
    run(from, to) {
      const out = new Float64Array((to - from) * rows);
      for (let item = from; item < to; item++) {
        if (item < job.replicates) {
          sampler(item, counts);
        } else {
          for (let i = 0; i < size - 1; i++) counts[i] = job.counts[i];
          counts[jackknifeHistories[item - job.replicates] - 1] -= 1;
        }
        estimator.estimate(prepareCounts(counts, job.nLists), out, (item - from) * rows);
      }
      return out;
    },
  };
}

/** The random stream of replicate b: independent of every other replicate and of the threads. */
function streamFor(seed: string, b: number): () => number {
  return seedrandom.alea(`${seed}/${b}`);
}

/**
 * Multinomial resampling of the n observed people over the histories with the observed
 * proportions (n fixed; histories with no one stay empty): n draws by inversion of the cumulative
 * proportions.
 */
function nonparametricSampler(job: BootstrapJob, size: number): (b: number, out: Float64Array) => void {
  const cells: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (let h = 1; h < size; h++) {
    const c = job.counts[h - 1];
    if (c > 0) {
      total += c;
      cells.push(h);
      cumulative.push(total);
    }
  }
  return (b, out) => draw(streamFor(job.seed, b), total, cells, cumulative, total, out);
}

/**
 * Parametric resampling from the fitted model: `population` people over all 2^t cells with the
 * fitted probabilities; those falling in the unobserved cell are not seen, so n varies.
 */
function parametricSampler(job: BootstrapJob, size: number): (b: number, out: Float64Array) => void {
  const { population, probabilities } = job.parametric as NonNullable<BootstrapJob["parametric"]>;
  const cells: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (let h = 0; h < size; h++) {
    total += probabilities[h];
    cells.push(h);
    cumulative.push(total);
  }
  return (b, out) => draw(streamFor(job.seed, b), population, cells, cumulative, total, out);
}

function draw(
  random: () => number,
  people: number,
  cells: readonly number[],
  cumulative: readonly number[],
  total: number,
  out: Float64Array,
): void {
  out.fill(0);
  const last = cells.length - 1;
  for (let i = 0; i < people; i++) {
    const u = random() * total;
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < cumulative[mid]) hi = mid;
      else lo = mid + 1;
    }
    const h = cells[lo];
    if (h >= 1) out[h - 1] += 1;
  }
}
