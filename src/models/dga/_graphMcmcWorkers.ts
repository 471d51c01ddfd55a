/**
 * The chains over graphs in Node worker threads, called synchronously: the calling thread starts the
 * workers and blocks (Atomics.wait on a shared counter) until every chain has reported, reading the
 * reports with receiveMessageOnPort. Each worker runs its chains with its own cache of graphs; the
 * chains' outputs do not depend on which worker ran them (see `runChain`), and the graphs they
 * evaluated are handed to the caller's cache, so the result equals the one-thread result exactly.
 *
 * Where worker threads cannot be reached synchronously (browsers; Node before 20.16, which lacks
 * `process.getBuiltinModule`), or when the options hold functions (which cannot cross threads), or a
 * worker fails to start, this returns null and the caller runs the chains itself.
 */
import type { CaptureData } from "../../types.js";
import type { ResolvedDgaOptions } from "./_setup.js";
import type { ChainOutput, GraphMcmcSettings, GraphSpace, GraphSummary } from "./_graphMcmc.js";

type WorkerThreads = typeof import("node:worker_threads");
type Os = typeof import("node:os");

/** A built-in module, reached synchronously (Node ≥ 20.16), or undefined. */
function builtin<T>(name: string): T | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return p?.getBuiltinModule?.(name) as T | undefined;
  } catch {
    return undefined;
  }
}

/** Cores available to this process (1 where they cannot be counted). */
export function availableCores(): number {
  const os = builtin<Os>("node:os");
  if (os === undefined) return 1;
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** What a worker receives. */
export interface GraphMcmcJob {
  readonly data: { readonly lists: readonly string[]; readonly counts: readonly number[]; readonly observed: number };
  /** The dga options, plain data only. */
  readonly options: Record<string, unknown>;
  readonly chainGrid: { readonly from: number; readonly to: number };
  readonly settings: GraphMcmcSettings;
  /** The chains this worker runs. */
  readonly chains: readonly number[];
}

/** What a worker posts: "ready" once loaded, then one report per chain, or an error. */
export type GraphMcmcMessage =
  | { readonly ready: true }
  | { readonly chain: number; readonly output: ChainOutput; readonly summaries: readonly GraphSummary[] }
  | { readonly error: string };

/** Seconds to wait for the workers to load before running the chains here instead. */
const STARTUP_SECONDS = 60;

/**
 * The worker entry: the built `graphMcmcWorker.js` beside this bundle, or, from the TypeScript
 * sources (tests, tsx), a small script that registers tsx's loader and imports the .ts file.
 */
function workerSource(): { source: URL | string; eval: boolean } {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return { source: new URL("./graphMcmcWorker.js", here), eval: false };
  const target = new URL("./graphMcmcWorker.ts", here).href;
  return {
    source: `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`,
    eval: true,
  };
}

/** Run the chains in `settings.threads` workers; null when that is not possible here. */
export function runChainsInWorkers(
  data: CaptureData,
  resolved: ResolvedDgaOptions,
  chainGrid: { readonly from: number; readonly to: number },
  settings: GraphMcmcSettings,
  space: GraphSpace,
): ChainOutput[] | null {
  const threads = builtin<WorkerThreads>("node:worker_threads");
  if (threads === undefined || typeof SharedArrayBuffer === "undefined") return null;
  if (typeof resolved.priorN === "function" || typeof resolved.graphPrior === "function") return null;
  const options: Record<string, unknown> = {
    delta: typeof resolved.delta === "number" ? resolved.delta : Array.from(resolved.delta),
    priorN: resolved.priorN,
    graphPrior: resolved.graphPrior,
    grid: resolved.grid,
    tailMass: resolved.tailMass,
    maxUnobserved: resolved.maxUnobserved,
    search: "mcmc",
  };
  const count = Math.min(settings.threads, settings.chains);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { source, eval: isEval } = workerSource();
  const workers: InstanceType<WorkerThreads["Worker"]>[] = [];
  const ports: InstanceType<WorkerThreads["MessagePort"]>[] = [];
  const stop = (): void => {
    for (const w of workers) void w.terminate();
    for (const p of ports) p.close();
  };
  try {
    for (let w = 0; w < count; w++) {
      const chains: number[] = [];
      for (let c = w; c < settings.chains; c += count) chains.push(c);
      const job: GraphMcmcJob = { data: { lists: data.lists, counts: data.counts, observed: data.observed }, options, chainGrid, settings, chains };
      const { port1, port2 } = new threads.MessageChannel();
      ports.push(port1);
      workers.push(new threads.Worker(source, { eval: isEval, workerData: { job, flag, port: port2 }, transferList: [port2] }));
    }
  } catch {
    stop();
    return null;
  }
  const outputs: (ChainOutput | undefined)[] = new Array(settings.chains).fill(undefined);
  let ready = 0;
  let reported = 0;
  let seen = 0;
  const started = Date.now();
  try {
    while (reported < settings.chains) {
      // block until some worker has posted since we last looked (or a second has passed)
      Atomics.wait(flag, 0, seen, 1000);
      seen = Atomics.load(flag, 0);
      for (const port of ports) {
        for (let m = threads.receiveMessageOnPort(port); m !== undefined; m = threads.receiveMessageOnPort(port)) {
          const message = m.message as GraphMcmcMessage;
          if ("error" in message) throw new Error(message.error);
          if ("ready" in message) {
            ready++;
            continue;
          }
          for (const summary of message.summaries) space.adopt(summary);
          outputs[message.chain] = message.output;
          reported++;
        }
      }
      if (ready < count && Date.now() - started > STARTUP_SECONDS * 1000) {
        // the workers did not start (a missing entry file, a loader problem): run the chains here
        stop();
        return null;
      }
    }
  } finally {
    stop();
  }
  return outputs as ChainOutput[];
}
