import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library (ESM + CJS + types), the record-linkage entry `prevalence/linkage` (which alone
    // imports the optional DuckDB engine, at run time), and the bootstrap's worker-thread entry,
    // which the library loads from beside itself (`./bootstrapWorker.js`). Code shared by the entries
    // goes into shared chunks (CJS too), so that `prevalence` and `prevalence/linkage` share one copy
    // of every class (`instanceof CaptureDataError` holds across them).
    entry: {
      index: "src/index.ts",
      datasets: "src/datasets/index.ts",
      linkage: "src/linkage/index.ts",
      bootstrapWorker: "src/uncertainty/bootstrapWorker.ts",
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
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
    external: ["@duckdb/node-api"],
  },
]);
