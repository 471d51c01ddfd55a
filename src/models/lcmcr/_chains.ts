/**
 * Runs the chains of an LCMCR fit, in this thread or spread over Node worker threads. Chain c
 * always draws from its own stream `randomStream(seed, "lcmcr", "chain", c)` and runs whole in one
 * thread, and its draws are stored at index c: the result is the same for any number of threads.
 * Where worker threads do not exist (a browser), every chain runs here. Not part of the public API.
 */
import { ChainRun, type ChainSpec, type ChainTrace, type LcmcrData } from "./_sampler.js";

/** What a worker needs to run any chain of a fit (structured-cloned into it). */
export interface ChainJob {
  readonly data: LcmcrData;
  /** The chain settings; `chain` is set per chain. */
  readonly spec: Omit<ChainSpec, "chain">;
}

/** Messages from a worker. */
export type WorkerMessage =
  | { readonly type: "progress"; readonly chain: number; readonly sweeps: number }
  | { readonly type: "done"; readonly chain: number; readonly trace: ChainTrace };

/** Sweeps between progress reports (and, in this thread, between yields to the event loop). */
export const SLICE = 2000;

/**
 * Run `chains` chains of `job` on up to `threads` threads.
 *
 * @param onProgress - called with the sweeps done over all chains and the total.
 */
export async function runChains(
  job: ChainJob,
  chains: number,
  threads: number,
  onProgress?: (sweeps: number, total: number) => void,
): Promise<ChainTrace[]> {
  const perChain = job.spec.burnin + job.spec.samples * job.spec.thinning;
  const total = perChain * chains;
  const workers = Math.min(threads, chains);
  const threadsModule = workers > 1 ? await loadWorkerThreads() : undefined;
  if (threadsModule === undefined) {
    const traces: ChainTrace[] = [];
    for (let c = 0; c < chains; c++) {
      const run = new ChainRun(job.data, { ...job.spec, chain: c });
      for (;;) {
        const finished = run.advance(SLICE);
        onProgress?.(c * perChain + run.sweeps, total);
        if (finished) break;
        if (onProgress !== undefined) await new Promise<void>((resolve) => setTimeout(resolve, 0));
      }
      traces.push(run.trace());
    }
    return traces;
  }
  return runInWorkers(threadsModule, job, chains, workers, perChain, total, onProgress);
}

/** Run every chain in this thread, synchronously (same numbers as {@link runChains}). */
export function runChainsHere(job: ChainJob, chains: number): ChainTrace[] {
  const traces: ChainTrace[] = [];
  for (let c = 0; c < chains; c++) {
    const run = new ChainRun(job.data, { ...job.spec, chain: c });
    run.advance(run.total);
    traces.push(run.trace());
  }
  return traces;
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

/**
 * The worker entry: the built `lcmcrWorker.js` beside this bundle, or, when running from the
 * TypeScript sources (tests, tsx), a small script that registers tsx's loader and imports the .ts file.
 */
function workerSource(): { source: URL | string; eval: boolean } {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return { source: new URL("./lcmcrWorker.js", here), eval: false };
  const target = new URL("./lcmcrWorker.ts", here).href;
  return {
    source: `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`,
    eval: true,
  };
}

function runInWorkers(
  threadsModule: WorkerThreads,
  job: ChainJob,
  chains: number,
  workers: number,
  perChain: number,
  total: number,
  onProgress: ((sweeps: number, total: number) => void) | undefined,
): Promise<ChainTrace[]> {
  const { source, eval: isEval } = workerSource();
  return new Promise((resolve, reject) => {
    const traces: (ChainTrace | undefined)[] = new Array(chains).fill(undefined);
    const progress = new Float64Array(chains);
    let next = 0;
    let finished = 0;
    let failed = false;
    const pool = Array.from({ length: workers }, () => new threadsModule.Worker(source, { workerData: job, eval: isEval }));
    const stop = (): void => {
      for (const w of pool) void w.terminate();
    };
    const feed = (worker: InstanceType<WorkerThreads["Worker"]>): void => {
      if (next < chains) worker.postMessage({ chain: next++ });
    };
    const report = (): void => {
      if (onProgress === undefined) return;
      let done = 0;
      for (let c = 0; c < chains; c++) done += progress[c];
      onProgress(done, total);
    };
    for (const worker of pool) {
      worker.on("message", (message: WorkerMessage) => {
        progress[message.chain] = message.type === "done" ? perChain : message.sweeps;
        report();
        if (message.type !== "done") return;
        traces[message.chain] = message.trace;
        finished++;
        if (finished === chains) {
          stop();
          resolve(traces as ChainTrace[]);
        } else {
          feed(worker);
        }
      });
      worker.on("error", (error) => {
        if (failed) return;
        failed = true;
        stop();
        reject(error);
      });
      feed(worker);
    }
  });
}
