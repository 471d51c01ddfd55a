/**
 * Worker-thread entry of the LCMCR sampler: runs the chains it is sent, reporting progress every
 * {@link SLICE} sweeps, and posts back each chain's draws. Not part of the public API.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ChainRun } from "./_sampler.js";
import { SLICE, type ChainJob, type WorkerMessage } from "./_chains.js";

const job = workerData as ChainJob;
const port = parentPort;
if (port === null) throw new Error("lcmcrWorker must run in a worker thread");
port.on("message", (message: { chain: number }) => {
  const run = new ChainRun(job.data, { ...job.spec, chain: message.chain });
  while (!run.advance(SLICE)) {
    const progress: WorkerMessage = { type: "progress", chain: message.chain, sweeps: run.sweeps };
    port.postMessage(progress);
  }
  const trace = run.trace();
  const done: WorkerMessage = { type: "done", chain: message.chain, trace };
  const buffers = [trace.population, trace.logLikelihood, trace.alpha, trace.occupied, trace.classWeights, trace.classProbabilities]
    .filter((a): a is Float64Array => a !== undefined)
    .map((a) => a.buffer as ArrayBuffer);
  port.postMessage(done, buffers);
});
