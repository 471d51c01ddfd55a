/**
 * Runs the parametric bootstrap's replicates in this thread or spread over Node worker threads.
 * Replicates are handed out in chunks to whichever thread is free and each row is stored at its
 * replicate's index; a replicate's numbers depend only on the job and its index, so the result is
 * the same whatever the number of threads. Where worker threads do not exist (a browser),
 * everything runs here.
 */
import { createReplicateRunner, type RandomEffectsBootstrapJob } from "./_bootstrap.js";
import { runChunked, workerSource } from "../../_lib/workers.js";

/** Replicates per chunk. */
const CHUNK = 4;
/** Below this projected remaining time the job simply continues in this thread (when adaptive). */
const WORKER_THRESHOLD_MS = 2000;

export interface ReplicateRunOptions {
  readonly threads: number;
  /** Use worker threads only when the job is long enough to repay their start-up. */
  readonly adaptive: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The rows of every replicate (replicate b at b·rows), and the number of rows per replicate. */
export async function runReplicates(job: RandomEffectsBootstrapJob, options: ReplicateRunOptions): Promise<{ out: Float64Array; rows: number }> {
  const runner = createReplicateRunner(job);
  const out = await runChunked({
    total: job.replicates,
    rows: runner.rows,
    chunk: CHUNK,
    run: (from, to) => runner.run(from, to),
    worker: { ...workerSource(import.meta.url, "randomEffectsWorker"), data: job },
    threads: options.threads,
    thresholdMs: options.adaptive ? WORKER_THRESHOLD_MS : undefined,
    onProgress: options.onProgress,
  });
  return { out, rows: runner.rows };
}
