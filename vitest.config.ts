import { defineConfig } from "vitest/config";

// `npm test`: the quick suite. Long Monte Carlo studies live in `*.slow.test.ts` files and run with
// `npm run test:slow` (vitest.slow.config.ts), which CI runs too.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/**/*.slow.test.ts", "**/node_modules/**"],
    testTimeout: 60_000,
    expect: { requireAssertions: true },
    // every core (vitest's default leaves one free: on two cores the files ran one at a time)
    maxWorkers: "100%",
    // files share each worker's module cache (imports were a third of the run); no test file relies
    // on fresh module state (checked with shuffled orders), and families registered by tests use
    // names of their own
    isolate: false,
  },
});
