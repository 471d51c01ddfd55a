/**
 * Runs the items of a bootstrap job, in this thread or spread over Node worker threads. Items are
 * handed out in chunks to whichever thread is free, and each result is stored at its item's index,
 * so the output is the same whatever the number of threads. Where worker threads do not exist (a
 * browser), everything runs here.
 */
import { createJobRunner, type BootstrapJob, type JobRunner } from "./_job.js";
import { isBuiltInFamily } from "../families/registry.js";
import { runChunked, workerSource } from "../_lib/workers.js";

/** Items per chunk: small enough to balance two threads, large enough to amortise messages. */
const CHUNK = 8;

export interface ParallelOptions {
  readonly threads: number;
  /** Use worker threads only when the job is long enough to repay their start-up (default true). */
  readonly adaptive?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Worker threads cost a start-up (each rebuilds the job); below this projected remaining time the
 * job simply continues in this thread.
 */
const WORKER_THRESHOLD_MS = 3000;

/** Estimates of all items (rows per item), plus the in-thread runner (for the original estimate). */
export async function runJob(job: BootstrapJob, options: ParallelOptions): Promise<{ out: Float64Array; runner: JobRunner }> {
  const runner = createJobRunner(job);
  // a family registered at run time reaches a worker only through its module
  const reachable = isBuiltInFamily(job.family) || job.workerModule !== undefined;
  const out = await runChunked({
    total: runner.items,
    rows: runner.rows,
    chunk: CHUNK,
    run: (from, to) => runner.run(from, to),
    worker: reachable ? { ...workerSource(import.meta.url, "bootstrapWorker"), data: job } : undefined,
    threads: options.threads,
    thresholdMs: options.adaptive === false ? undefined : WORKER_THRESHOLD_MS,
    onProgress: options.onProgress,
  });
  return { out, runner };
}

export { availableThreads } from "../_lib/threads.js";
