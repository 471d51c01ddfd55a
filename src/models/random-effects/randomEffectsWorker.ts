/**
 * Worker-thread entry of the random-effects parametric bootstrap: builds the replicate runner once,
 * then runs the ranges of replicates it is sent and posts back their rows. Not part of the public API.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createReplicateRunner, type RandomEffectsBootstrapJob } from "./_bootstrap.js";

const runner = createReplicateRunner(workerData as RandomEffectsBootstrapJob);
const port = parentPort;
if (port === null) throw new Error("randomEffectsWorker must run in a worker thread");
port.on("message", (message: { from: number; to: number }) => {
  const out = runner.run(message.from, message.to);
  port.postMessage({ from: message.from, to: message.to, out }, [out.buffer as ArrayBuffer]);
});
