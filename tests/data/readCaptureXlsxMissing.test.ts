import { describe, expect, it, vi } from "vitest";

import { readCaptureXlsx } from "../../src/data/index.js";
import { MissingDependencyError } from "../../src/errors.js";

// read-excel-file is an optional peer dependency: here it is made to be missing.
vi.mock("read-excel-file/universal", () => {
  throw Object.assign(new Error("Cannot find package 'read-excel-file' imported from prevalence"), { code: "ERR_MODULE_NOT_FOUND" });
});

describe("readCaptureXlsx without read-excel-file", () => {
  it("rejects with a MissingDependencyError that says what to install", async () => {
    const error = await readCaptureXlsx(new Uint8Array([80, 75, 3, 4])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingDependencyError);
    expect(error).toMatchObject({ code: "MISSING_DEPENDENCY", packages: ["read-excel-file"] });
    expect((error as Error).message).toBe(
      "reading an Excel file (or save it as CSV) needs the optional package read-excel-file, not installed here: npm install read-excel-file",
    );
  });
});
