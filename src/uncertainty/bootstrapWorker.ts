/**
 * Worker-thread entry of the bootstrap: builds the job once, then runs the ranges of items it is
 * sent and posts back their estimates. Not part of the public API.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createJobRunner, type BootstrapJob } from "./_job.js";

const runner = createJobRunner(workerData as BootstrapJob);
const port = parentPort;
if (port === null) throw new Error("bootstrapWorker must run in a worker thread");
port.on("message", (message: { from: number; to: number } | "stop") => {
  if (message === "stop") {
    port.close();
    return;
  }
  const out = runner.run(message.from, message.to);
  port.postMessage({ from: message.from, to: message.to, out }, [out.buffer as ArrayBuffer]);
});
