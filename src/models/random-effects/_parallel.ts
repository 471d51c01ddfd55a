/**
 * Runs the parametric bootstrap's replicates in this thread or spread over Node worker threads.
 * Replicates are handed out in chunks to whichever thread is free and each row is stored at its
 * replicate's index; a replicate's numbers depend only on the job and its index, so the result is
 * the same whatever the number of threads. Where worker threads do not exist (a browser),
 * everything runs here.
 */
import { createReplicateRunner, type RandomEffectsBootstrapJob } from "./_bootstrap.js";

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
  const total = job.replicates;
  const out = new Float64Array(total * runner.rows);
  const runHere = async (from: number, to: number): Promise<void> => {
    for (let start = from; start < to; start += CHUNK) {
      const end = Math.min(to, start + CHUNK);
      out.set(runner.run(start, end), start * runner.rows);
      options.onProgress?.(end, total);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
  };
  const first = Math.min(total, CHUNK);
  const started = Date.now();
  await runHere(0, first);
  const projected = ((Date.now() - started) / Math.max(1, first)) * (total - first);
  const threads = Math.max(1, Math.min(options.threads, Math.ceil((total - first) / CHUNK)));
  const worthIt = !options.adaptive || projected > WORKER_THRESHOLD_MS;
  const threadsModule = threads > 1 && worthIt ? await loadWorkerThreads() : undefined;
  if (threadsModule === undefined) await runHere(first, total);
  else await runInWorkers(threadsModule, job, runner.rows, first, total, threads, out, options.onProgress);
  return { out, rows: runner.rows };
}

type WorkerThreads = typeof import("node:worker_threads");

async function loadWorkerThreads(): Promise<WorkerThreads | undefined> {
  if (typeof process === "undefined" || !process.versions?.node) return undefined;
  try {
    return await import("node:worker_threads");
  } catch {
    return undefined;
  }
}

/** The worker entry: the built file beside this bundle, or the TypeScript source through tsx (tests, tsx). */
function workerSource(): { source: URL | string; eval: boolean } {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return { source: new URL("./randomEffectsWorker.js", here), eval: false };
  const target = new URL("./randomEffectsWorker.ts", here).href;
  return {
    source: `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`,
    eval: true,
  };
}

function runInWorkers(
  threadsModule: WorkerThreads,
  job: RandomEffectsBootstrapJob,
  rows: number,
  start: number,
  total: number,
  threads: number,
  out: Float64Array,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<void> {
  const { source, eval: isEval } = workerSource();
  return new Promise((resolve, reject) => {
    let next = start;
    let done = start;
    let failed = false;
    const workers = Array.from({ length: threads }, () => new threadsModule.Worker(source, { workerData: job, eval: isEval }));
    const finish = (error?: unknown): void => {
      for (const w of workers) void w.terminate();
      if (error !== undefined) reject(error);
      else resolve();
    };
    const feed = (worker: InstanceType<WorkerThreads["Worker"]>): void => {
      if (next >= total) return;
      const from = next;
      const to = Math.min(total, from + CHUNK);
      next = to;
      worker.postMessage({ from, to });
    };
    for (const worker of workers) {
      worker.on("message", (message: { from: number; to: number; out: Float64Array }) => {
        out.set(message.out, message.from * rows);
        done += message.to - message.from;
        onProgress?.(done, total);
        if (done === total) finish();
        else feed(worker);
      });
      worker.on("error", (error) => {
        if (!failed) {
          failed = true;
          finish(error);
        }
      });
      feed(worker);
    }
  });
}
