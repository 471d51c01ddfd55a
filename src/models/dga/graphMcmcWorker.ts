/**
 * Worker-thread entry of the chain over graphs: rebuilds the run from the job, runs its chains and
 * posts each chain's output with the graphs it evaluated (see `_graphMcmcWorkers.ts`). Not part of
 * the public API.
 */
import { workerData, type MessagePort } from "node:worker_threads";
import type { CaptureData } from "../../types.js";
import { gridTables } from "./_exact.js";
import { GraphSpace, runChain } from "./_graphMcmc.js";
import type { GraphMcmcJob, GraphMcmcMessage } from "./_graphMcmcWorkers.js";
import { priorOnGrid } from "./_result.js";
import { dataComponents, logPriorOfUnobserved, resolveDgaOptions } from "./_setup.js";
import type { DgaOptions } from "./types.js";

const { job, flag, port } = workerData as { job: GraphMcmcJob; flag: Int32Array; port: MessagePort };

function post(message: GraphMcmcMessage): void {
  port.postMessage(message);
  Atomics.add(flag, 0, 1);
  Atomics.notify(flag, 0);
}

post({ ready: true });
try {
  const data: CaptureData = { lists: job.data.lists, counts: job.data.counts, observed: job.data.observed };
  const resolved = resolveDgaOptions(data, job.options as DgaOptions);
  const table = dataComponents(data, resolved.delta);
  const logPrior = logPriorOfUnobserved(resolved.priorN, data.observed);
  const tables = gridTables(priorOnGrid(job.chainGrid.from, job.chainGrid.to, logPrior));
  const space = new GraphSpace(tables, table, resolved, data.lists);
  for (const chain of job.chains) {
    const output = runChain(space, data.lists.length, job.settings, chain);
    post({ chain, output, summaries: output.keys.map((key) => space.summary(key)) });
  }
} catch (error) {
  post({ error: (error as Error).stack ?? String(error) });
}
