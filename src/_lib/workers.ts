/**
 * Node worker threads for the library's long jobs (bootstrap replicates, MCMC chains): loading the
 * module where it exists, finding a worker entry beside the caller (built or from source), and the
 * chunked runner that the bootstraps share. Where worker threads do not exist (a browser) callers
 * run everything in their own thread.
 */

export type WorkerThreads = typeof import("node:worker_threads");

/** `node:worker_threads`, or undefined where it cannot be loaded (browsers). */
export async function loadWorkerThreads(): Promise<WorkerThreads | undefined> {
  if (typeof process === "undefined" || !process.versions?.node) return undefined;
  try {
    return await import("node:worker_threads");
  } catch {
    return undefined;
  }
}

/**
 * The worker entry `entry` (a name without extension) beside the calling module `callerUrl`
 * (its `import.meta.url`): the built `entry.js` beside the bundle, or, when running from the
 * TypeScript sources (tests, tsx), a small script that registers tsx's loader and imports `entry.ts`.
 */
export function workerSource(callerUrl: string, entry: string): { source: URL | string; eval: boolean } {
  if (!callerUrl.endsWith(".ts")) return { source: new URL(`./${entry}.js`, callerUrl), eval: false };
  const target = new URL(`./${entry}.ts`, callerUrl).href;
  return {
    source: `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`,
    eval: true,
  };
}

/** A job of `total` items, each giving `rows` numbers, that runs here or in worker threads. */
export interface ChunkedJob {
  readonly total: number;
  readonly rows: number;
  /** Items per chunk: small enough to balance the threads, large enough to amortise messages. */
  readonly chunk: number;
  /** The numbers of items `from` to `to` (exclusive), `rows` per item, in this thread. */
  readonly run: (from: number, to: number) => Float64Array;
  /** The worker: its entry (from `workerSource`) and the plain data it rebuilds the job from. */
  readonly worker: { readonly source: URL | string; readonly eval: boolean; readonly data: unknown } | undefined;
  /** Worker threads to use at most. */
  readonly threads: number;
  /**
   * When given, worker threads are used only if the items after the first chunk are projected to
   * take longer than this (ms): below it their start-up would not be repaid.
   */
  readonly thresholdMs?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs every item of `job`: the first chunk here (it tells how long the rest would take), the rest
 * here or handed out in chunks to whichever worker is free. Item i's numbers are stored at i·rows,
 * so the output does not depend on the number of threads.
 *
 * A worker receives `workerData` = `job.worker.data`, then messages `{ from, to }`, and answers
 * each with `{ from, to, out }`.
 */
export async function runChunked(job: ChunkedJob): Promise<Float64Array> {
  const { total, rows, chunk } = job;
  const out = new Float64Array(total * rows);
  const runHere = async (from: number, to: number): Promise<void> => {
    for (let start = from; start < to; start += chunk) {
      const end = Math.min(to, start + chunk);
      out.set(job.run(start, end), start * rows);
      job.onProgress?.(end, total);
      // let timers and I/O (a progress bar) run between chunks
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
  };
  const first = Math.min(total, chunk);
  const started = Date.now();
  await runHere(0, first);
  const projected = ((Date.now() - started) / Math.max(1, first)) * (total - first);
  const threads = Math.max(1, Math.min(job.threads, Math.ceil((total - first) / chunk)));
  const worthIt = job.thresholdMs === undefined || projected > job.thresholdMs;
  const threadsModule = threads > 1 && worthIt && job.worker !== undefined ? await loadWorkerThreads() : undefined;
  if (threadsModule === undefined || job.worker === undefined) await runHere(first, total);
  else await runInWorkers(threadsModule, job, job.worker, first, threads, out);
  return out;
}

function runInWorkers(
  threadsModule: WorkerThreads,
  job: ChunkedJob,
  worker: NonNullable<ChunkedJob["worker"]>,
  start: number,
  threads: number,
  out: Float64Array,
): Promise<void> {
  const { total, rows, chunk } = job;
  return new Promise((resolve, reject) => {
    let next = start;
    let done = start;
    let failed = false;
    const workers = Array.from({ length: threads }, () => new threadsModule.Worker(worker.source, { workerData: worker.data, eval: worker.eval }));
    const finish = (error?: unknown): void => {
      for (const w of workers) void w.terminate();
      if (error !== undefined) reject(error);
      else resolve();
    };
    const feed = (w: InstanceType<WorkerThreads["Worker"]>): void => {
      if (next >= total) return;
      const from = next;
      const to = Math.min(total, from + chunk);
      next = to;
      w.postMessage({ from, to });
    };
    for (const w of workers) {
      w.on("message", (message: { from: number; to: number; out: Float64Array }) => {
        out.set(message.out, message.from * rows);
        done += message.to - message.from;
        job.onProgress?.(done, total);
        if (done === total) finish();
        else feed(w);
      });
      w.on("error", (error) => {
        if (!failed) {
          failed = true;
          finish(error);
        }
      });
      feed(w);
    }
  });
}
