import { defineConfig } from "vitest/config";

// `npm run test:slow`: long Monte Carlo runs (thousands of replicates, coverage studies).
export default defineConfig({
  test: {
    include: ["tests/**/*.slow.test.ts"],
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
    expect: { requireAssertions: true },
  },
});
