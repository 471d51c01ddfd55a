import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Every TypeScript block of the README is kept verbatim in tests/readme/snippet-N.ts, between the
// markers below, after a few declarations of what the README leaves to the reader (`csvText`). Those
// files are in tsconfig.json's scope, so `npm run typecheck` (CI) compiles the README's code under
// strict TypeScript, with "prevalence" mapped to src/ (tsconfig paths); this test keeps the copies
// identical to the README, so neither can change alone.
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

describe("the README's TypeScript", () => {
  it("is the code of tests/readme/snippet-N.ts, which the typecheck compiles", () => {
    expect(blocks).toHaveLength(2);
    blocks.forEach((block, k) => {
      const file = readFileSync(new URL(`./snippet-${k + 1}.ts`, import.meta.url), "utf8");
      const body = file.split("// README begin\n")[1]?.split("// README end\n")[0];
      expect(body, `tests/readme/snippet-${k + 1}.ts`).toBe(block);
    });
  });
});
