/** How many threads the machine offers (shared by the bootstrap and the MCMC chains). */

/** Cores available to this process (Node), the browser's hardware concurrency, or 1. */
export async function availableThreads(): Promise<number> {
  if (typeof process !== "undefined" && process.versions?.node) {
    try {
      const os = await import("node:os");
      return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
    } catch {
      return 1;
    }
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}
