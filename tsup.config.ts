import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library (ESM + CJS + types), the record-linkage entry `prevalence/linkage` (which alone
    // imports the optional DuckDB engine, at run time), and the worker-thread entries of the
    // bootstrap, of the LCMCR chains, of dga's chains over graphs and of the random-effects
    // bootstrap, which the library loads from beside itself (`./bootstrapWorker.js`,
    // `./lcmcrWorker.js`, `./graphMcmcWorker.js`, `./randomEffectsWorker.js`). Code shared by the
    // entries goes into shared chunks (CJS too), so that `prevalence` and `prevalence/linkage` share
    // one copy of every class (`instanceof CaptureDataError` holds across them).
    entry: {
      index: "src/index.ts",
      datasets: "src/datasets/index.ts",
      linkage: "src/linkage/index.ts",
      bootstrapWorker: "src/uncertainty/bootstrapWorker.ts",
      lcmcrWorker: "src/models/lcmcr/lcmcrWorker.ts",
      graphMcmcWorker: "src/models/dga/graphMcmcWorker.ts",
      randomEffectsWorker: "src/models/random-effects/randomEffectsWorker.ts",
    },
    format: ["esm", "cjs"],
    splitting: true,
    dts: { entry: { index: "src/index.ts", datasets: "src/datasets/index.ts", linkage: "src/linkage/index.ts" } },
    sourcemap: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    shims: true,
    external: ["node:worker_threads", "node:os", "node:fs", "node:path", "@duckdb/node-api"],
  },
  {
    // The CLI: a small entry that imports each command, and each command what it needs, on demand
    // (code splitting), so that a point estimate does not load the bootstrap, the strata or the
    // HTML plots. Its chunks sit beside the library's (the bootstrap finds ./bootstrapWorker.js from
    // its own chunk), prefixed cli-.
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    splitting: true,
    // Bundled into the CLI's chunks: Node then loads no CommonJS module (whose export lexing cost
    // about 20 ms of every start) and opens fewer files. The library build keeps them external.
    noExternal: ["papaparse", "seedrandom"],
    banner: { js: "#!/usr/bin/env node" },
    external: ["@duckdb/node-api"],
    esbuildOptions(options) {
      options.chunkNames = "cli-[name]-[hash]";
    },
  },
]);
