import { defineConfig } from "vitest/config";

// The browser test only (tests/browser/*.spec.ts): `npm run build && npm run test:browser`.
// The default config (vitest.config.ts, tests/**/*.test.ts) does not pick these files up.
export default defineConfig({
  test: {
    include: ["tests/browser/**/*.spec.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
