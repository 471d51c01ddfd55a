/**
 * Runs the items of a bootstrap job, in this thread or spread over Node worker threads. Items are
 * handed out in chunks to whichever thread is free, and each result is stored at its item's index,
 * so the output is the same whatever the number of threads. Where worker threads do not exist (a
 * browser), everything runs here.
 */
import { createJobRunner, type BootstrapJob, type JobRunner } from "./_job.js";
import { isBuiltInFamily } from "../families/registry.js";

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
  const total = runner.items;
  const out = new Float64Array(total * runner.rows);
  const runHere = async (from: number, to: number): Promise<void> => {
    for (let start = from; start < to; start += CHUNK) {
      const end = Math.min(to, start + CHUNK);
      out.set(runner.run(start, end), start * runner.rows);
      options.onProgress?.(end, total);
      // let timers and I/O (a progress bar) run between chunks
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
  };
  // The first chunk runs here and tells how long the rest would take.
  const first = Math.min(total, CHUNK);
  const started = Date.now();
  await runHere(0, first);
  const projected = ((Date.now() - started) / Math.max(1, first)) * (total - first);
  const threads = Math.max(1, Math.min(options.threads, Math.ceil((total - first) / CHUNK)));
  const worthIt = options.adaptive === false || projected > WORKER_THRESHOLD_MS;
  // a family registered at run time reaches a worker only through its module
  const reachable = isBuiltInFamily(job.family) || job.workerModule !== undefined;
  const workerModule = threads > 1 && worthIt && reachable ? await loadWorkerThreads() : undefined;
  if (workerModule === undefined) await runHere(first, total);
  else await runInWorkers(workerModule, job, runner.rows, first, total, threads, out, options.onProgress);
  return { out, runner };
}

type WorkerThreads = typeof import("node:worker_threads");

export { availableThreads } from "../_lib/threads.js";

async function loadWorkerThreads(): Promise<WorkerThreads | undefined> {
  if (typeof process === "undefined" || !process.versions?.node) return undefined;
  try {
    return await import("node:worker_threads");
  } catch {
    return undefined;
  }
}

/**
 * The worker entry: the built `bootstrapWorker.js` beside this bundle, or, when running from the
 * TypeScript sources (tests, tsx), a small script that registers tsx's loader and imports the .ts file.
 */
function workerSource(): { source: URL | string; eval: boolean } {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return { source: new URL("./bootstrapWorker.js", here), eval: false };
  const target = new URL("./bootstrapWorker.ts", here).href;
  return {
    source: `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`,
    eval: true,
  };
}

function runInWorkers(
  threadsModule: WorkerThreads,
  job: BootstrapJob,
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
