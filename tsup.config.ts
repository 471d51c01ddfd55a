import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library (ESM + CJS + types) and the worker-thread entries of the bootstrap and of the
    // random-effects bootstrap, which the library loads from beside itself (`./bootstrapWorker.js`,
    // `./randomEffectsWorker.js`).
    entry: { index: "src/index.ts", datasets: "src/datasets/index.ts", bootstrapWorker: "src/uncertainty/bootstrapWorker.ts", randomEffectsWorker: "src/models/random-effects/randomEffectsWorker.ts" },
    format: ["esm", "cjs"],
    dts: { entry: { index: "src/index.ts", datasets: "src/datasets/index.ts" } },
    sourcemap: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    shims: true,
    external: ["node:worker_threads", "node:os"],
  },
  {
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
