/**
 * Worker-thread entry of the bootstrap: imports the module that registers the job's family when
 * the family was added at run time, builds the job once, then runs the ranges of items it is sent
 * and posts back their estimates. Not part of the public API.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createJobRunner, type BootstrapJob, type JobRunner } from "./_job.js";

const job = workerData as BootstrapJob;
const port = parentPort;
if (port === null) throw new Error("bootstrapWorker must run in a worker thread");
const ready: Promise<JobRunner> = (job.workerModule ? import(job.workerModule) : Promise.resolve()).then(() => createJobRunner(job));
port.on("message", (message: { from: number; to: number } | "stop") => {
  if (message === "stop") {
    port.close();
    return;
  }
  void ready.then((runner) => {
    const out = runner.run(message.from, message.to);
    port.postMessage({ from: message.from, to: message.to, out }, [out.buffer as ArrayBuffer]);
  });
});
