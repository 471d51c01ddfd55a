/**
 * Running the command line in tests: in-process (`cli`, fast: the same `runCli` the executable
 * calls, with stdout and stderr captured) or as a real process from source (`cliProcess`, for
 * standard input and the executable's own exit code).
 */
import { vi } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../../src/cli/run.js";

export const root = fileURLToPath(new URL("../../", import.meta.url));

/** What a command line run gave: its exit code and everything it wrote. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const decoder = new TextDecoder();
const text = (chunk: unknown): string => (typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array));

/** Run `prevalence ...args` in this process, capturing what it writes to stdout and stderr. */
export async function cli(...args: string[]): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => (stdout.push(text(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => (stderr.push(text(chunk)), true));
  try {
    const status = await runCli(args);
    return { status, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Run `prevalence ...args` as its own process from source (tsx), with optional standard input. */
export function cliProcess(args: readonly string[], input?: string): CliResult {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], { cwd: root, encoding: "utf8", input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
