/**
 * One bootstrap job: the replicates and the jackknife deletions of any registered family, as
 * numbered work items, computed identically whichever thread runs them.
 *
 * The job's cells are every stratum's 2^t − 1 observable histories in turn (one stratum for a
 * table family; the strata of `splitStrata(data, spec.by)` for a stratified family). Item
 * b < replicates is bootstrap replicate b, drawn from the random stream seeded with (seed, b) alone,
 * the strata one after the other; item replicates + j deletes one person from the j-th cell with a
 * positive count. Results therefore never depend on how items are split between threads.
 */
import type { CaptureData, ResamplingScheme } from "../types.js";
import { randomStream, searchCumulative, type RandomStream } from "../_lib/random.js";
import { getFamily } from "../families/registry.js";
import type { EstimatorFamily, ParametricModel, ReplicateEstimator } from "../families/types.js";
import { splitStrata } from "../strata/splitStrata.js";

/** Everything a thread needs to run items: plain data, safe to post to a worker. */
export interface BootstrapJob {
  /** The registered family's name. */
  readonly family: string;
  /** The family's plain spec. */
  readonly spec: unknown;
  /** The original data (plain; records kept for stratified families). */
  readonly data: CaptureData;
  readonly seed: string;
  readonly replicates: number;
  readonly resampling: ResamplingScheme;
  /** Binomial: the estimate N̂ of every stratum, in stratum order. */
  readonly populations?: readonly number[];
  /** Parametric: one fitted population per stratum (cell 0 unobserved). */
  readonly parametric?: readonly ParametricModel[];
  /** A module to import first in a worker thread, registering a family added at run time. */
  readonly workerModule?: string;
}

export interface JobRunner {
  readonly rows: number;
  readonly items: number;
  /** The original cell counts, strata one after the other. */
  readonly cells: Float64Array;
  /** Cells (indices into `cells`) deleted by the jackknife items, in item order, with their counts. */
  readonly jackknifeCells: readonly number[];
  readonly jackknifeCounts: readonly number[];
  readonly estimator: ReplicateEstimator;
  /** Estimates of items [from, to), `rows` per item. */
  run(from: number, to: number): Float64Array;
}

/** The job's cells: the table's histories, or every stratum's in turn for a stratified family. */
export function jobCells(family: EstimatorFamily, spec: unknown, data: CaptureData): Float64Array {
  if (family.scope === "table") return Float64Array.from(data.counts);
  const strata = splitStrata(data, (spec as { by: readonly string[] }).by);
  const size = data.counts.length;
  const cells = new Float64Array(strata.length * size);
  strata.forEach((s, g) => cells.set(s.data.counts, g * size));
  return cells;
}

export function createJobRunner(job: BootstrapJob): JobRunner {
  const family = getFamily(job.family);
  const estimator = family.replicates(job.spec, job.data);
  const rows = estimator.rows;
  const cells = jobCells(family, job.spec, job.data);
  const groupSize = job.data.counts.length;
  const jackknifeCells: number[] = [];
  const jackknifeCounts: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    if (cells[i] > 0) {
      jackknifeCells.push(i);
      jackknifeCounts.push(cells[i]);
    }
  }
  const sampler =
    job.resampling === "parametric"
      ? parametricSampler(job.seed, job.parametric as readonly ParametricModel[], groupSize)
      : job.resampling === "poisson"
        ? poissonSampler(job.seed, cells)
        : job.resampling === "binomial"
          ? nonparametricSampler(job.seed, cells, groupSize, job.populations as readonly number[])
          : nonparametricSampler(job.seed, cells, groupSize);
  const counts = new Float64Array(cells.length);
  return {
    rows,
    items: job.replicates + jackknifeCells.length,
    cells,
    jackknifeCells,
    jackknifeCounts,
    estimator,
    run(from, to) {
      const out = new Float64Array((to - from) * rows);
      for (let item = from; item < to; item++) {
        if (item < job.replicates) {
          sampler(item, counts);
        } else {
          counts.set(cells);
          counts[jackknifeCells[item - job.replicates]] -= 1;
        }
        estimator.estimate(counts, out, (item - from) * rows, { item, seed: job.seed });
      }
      return out;
    },
  };
}

/**
 * Multinomial resampling of each stratum's observed people over its histories with the observed
 * proportions (each stratum's n fixed; histories with no one stay empty): n draws by inversion of
 * the cumulative proportions, the strata in turn from the replicate's one stream.
 *
 * With `populations` (the binomial scheme), each stratum's number observed is first drawn from its
 * binomial given the estimate, n* ~ Binomial(round(N̂), n/N̂) — the population of N̂ people each
 * seen with probability n/N̂ —, then n* people are drawn as above.
 */
function nonparametricSampler(
  seed: string,
  cells: Float64Array,
  groupSize: number,
  populations?: readonly number[],
): (b: number, out: Float64Array) => void {
  const groups: { cells: number[]; cumulative: number[]; total: number }[] = [];
  for (let start = 0; start < cells.length; start += groupSize) {
    const group = { cells: [] as number[], cumulative: [] as number[], total: 0 };
    for (let i = start; i < start + groupSize; i++) {
      if (cells[i] > 0) {
        group.total += cells[i];
        group.cells.push(i);
        group.cumulative.push(group.total);
      }
    }
    groups.push(group);
  }
  return (b, out) => {
    out.fill(0);
    // replicate b's stream: independent of every other replicate and of the threads
    const stream = randomStream(seed, b);
    groups.forEach((g, k) => {
      let people = g.total;
      if (populations !== undefined && g.total > 0) {
        const size = Math.max(g.total, Math.round(populations[k]));
        people = stream.binomial(size, g.total / populations[k] >= 1 ? 1 : g.total / populations[k]);
      }
      draw(stream, people, g.cells, g.cumulative, g.total, out, -1);
    });
  };
}

/**
 * Poisson resampling: the count of every history with someone on it is drawn from a Poisson
 * distribution with the observed count as its mean, the histories in order from the replicate's
 * one stream (strata one after the other). The number observed varies from replicate to replicate
 * (n* ~ Poisson(n)), as it does between samples of the population, and histories nobody had stay
 * empty. This is the nonparametric bootstrap of a Poisson process of captures (Hanley & MacGibbon
 * 2006), and of the Poisson log-linear model's sampling scheme.
 */
function poissonSampler(seed: string, cells: Float64Array): (b: number, out: Float64Array) => void {
  const positive: number[] = [];
  for (let i = 0; i < cells.length; i++) if (cells[i] > 0) positive.push(i);
  return (b, out) => {
    out.fill(0);
    const stream = randomStream(seed, b);
    for (const i of positive) out[i] = stream.poisson(cells[i]);
  };
}

/**
 * Parametric resampling from each stratum's fitted model: its population over all 2^t cells with
 * the fitted probabilities; those falling in the unobserved cell are not seen, so n varies.
 */
function parametricSampler(seed: string, models: readonly ParametricModel[], groupSize: number): (b: number, out: Float64Array) => void {
  const groups = models.map((m, g) => {
    const cells: number[] = [];
    const cumulative: number[] = [];
    let total = 0;
    m.probabilities.forEach((p, h) => {
      total += p;
      // cell h of stratum g; the unobserved cell (h = 0) is drawn but not kept
      cells.push(h === 0 ? -1 : g * groupSize + h - 1);
      cumulative.push(total);
    });
    return { population: m.population, cells, cumulative, total };
  });
  return (b, out) => {
    out.fill(0);
    const stream = randomStream(seed, b);
    for (const g of groups) draw(stream, g.population, g.cells, g.cumulative, g.total, out, -1);
  };
}

/** `people` draws by inversion of `cumulative` (which ends at `total`); a draw of cell `skip` is not kept. */
function draw(
  stream: RandomStream,
  people: number,
  cells: readonly number[],
  cumulative: readonly number[],
  total: number,
  out: Float64Array,
  skip: number,
): void {
  // one inverse-CDF draw per person (not conditional binomials): the replicates the R packages'
  // scheme gives, and the same numbers as every earlier version of prevalence
  for (let i = 0; i < people; i++) {
    const cell = cells[searchCumulative(cumulative, stream.uniform() * total)];
    if (cell !== skip) out[cell] += 1;
  }
}
