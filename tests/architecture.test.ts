/**
 * The structure docs/architecture.md describes, checked: no import cycles between modules, reports
 * that only render (no fitting code imported), a CLI that uses the public API, and no private
 * module exported.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Runtime imports (not `import type`, not `export type`) of a file, as resolved paths under src/. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\sfrom\s+"(\.[^"]+)"/gms)) {
    out.push(resolve(dirname(file), m[1].replace(/\.js$/, ".ts")));
  }
  for (const m of text.matchAll(/import\("(\.[^"]+)"\)/g)) out.push(resolve(dirname(file), m[1].replace(/\.js$/, ".ts")));
  return out;
}

const files = sourceFiles(src);
const graph = new Map(files.map((f) => [f, runtimeImports(f)]));
const rel = (f: string): string => relative(src, f);

describe("the module structure", () => {
  it("reads a graph of the whole source tree", () => {
    expect(files.length).toBeGreaterThan(60);
    for (const targets of graph.values()) for (const t of targets) expect(graph.has(t), t).toBe(true);
  });

  it("has no import cycles", () => {
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      state.set(file, "open");
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === "open") cycles.push([...path.slice(path.indexOf(next)), next].map(rel).join(" → "));
        else if (!state.has(next)) visit(next, [...path, next]);
      }
      state.set(file, "done");
    };
    for (const f of files) if (!state.has(f)) visit(f, [f]);
    expect(cycles).toEqual([]);
  });

  it("keeps computation out of report/: a report renders a result and never fits", () => {
    // it may describe the data (list sizes and overlaps), never import a model, a fit or a bootstrap
    const offending = files
      .filter((f) => rel(f).startsWith("report/"))
      .flatMap((f) => (graph.get(f) ?? []).filter((t) => !/^(report|data)\//.test(rel(t)) && !/^(types|errors|version)\.ts$/.test(rel(t))).map((t) => `${rel(f)} → ${rel(t)}`));
    expect(offending).toEqual([]);
  });

  it("has the CLI use the public API (and the datasets and linkage entries) only", () => {
    // The public entry, or a module whose exports it re-exports (itself or through data/index.ts):
    // the CLI imports each public function from its own module so that a command loads only what it
    // needs (its start-up time; issue 9), never a private module.
    const reexported = (entry: string): string[] =>
      [...readFileSync(join(src, entry), "utf8").matchAll(/from "(\.[^"]+)"/g)].map((m) => rel(resolve(dirname(join(src, entry)), m[1].replace(/\.js$/, ".ts"))));
    const publicModules = new Set(["index.ts", "datasets/index.ts", "linkage/index.ts", ...reexported("index.ts"), ...reexported("data/index.ts"), ...reexported("linkage/index.ts")]);
    expect(publicModules.has("data/readCaptureCsvStream.ts")).toBe(true);
    const offending = files
      .filter((f) => rel(f).startsWith("cli/"))
      .flatMap((f) => (graph.get(f) ?? []).filter((t) => !rel(t).startsWith("cli/") && !publicModules.has(rel(t))).map((t) => `${rel(f)} → ${rel(t)}`));
    expect(offending).toEqual([]);
  });

  it("exports nothing private from the public entry", () => {
    const exported = [...readFileSync(join(src, "index.ts"), "utf8").matchAll(/from "(\.[^"]+)"/g)].map((m) => m[1]);
    expect(exported.filter((p) => /\/_|^\.\/_lib\//.test(p))).toEqual([]);
  });

  it("keeps the internal twins (`*Prepared`) and `runBootstrap` in private files", () => {
    // A public file is one not under _lib/ and not named `_*.ts`: what it exports may be reached by a
    // user (through index.ts or a deep import); the twins that work on prepared counts are internal.
    const isPrivate = (f: string): boolean => /(^|\/)_/.test(rel(f));
    const exportedNames = (text: string): string[] => [
      ...[...text.matchAll(/^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|interface|type|enum)\s+(\w+)/gm)].map((m) => m[1]),
      ...[...text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)].flatMap((m) =>
        m[1].split(",").map((s) => s.trim().replace(/^type\s+/, "").split(/\s+as\s+/).pop() ?? "").filter(Boolean),
      ),
    ];
    const internal = /Prepared|^runBootstrap$/;
    const privateTwins = files.filter(isPrivate).flatMap((f) => exportedNames(readFileSync(f, "utf8")).filter((n) => internal.test(n)));
    // the check sees the twins where they live (so it cannot pass by matching nothing)
    expect(privateTwins).toEqual(expect.arrayContaining(["fitPreparedModel", "selectPrepared", "stepwisePrepared", "rankPrepared", "runBootstrap"]));
    const offending = files
      .filter((f) => !isPrivate(f))
      .flatMap((f) => exportedNames(readFileSync(f, "utf8")).filter((n) => internal.test(n)).map((n) => `${rel(f)}: ${n}`));
    expect(offending).toEqual([]);
  });

  it("puts every model family in its own folder under models/, registered in families/registry.ts", () => {
    const registry = readFileSync(join(src, "families/registry.ts"), "utf8");
    const folders = readdirSync(join(src, "models")).filter((d) => statSync(join(src, "models", d)).isDirectory());
    for (const folder of folders) {
      if (!readdirSync(join(src, "models", folder)).includes("family.ts")) continue;
      expect(registry, folder).toContain(`../models/${folder}/family.js`);
    }
  });
});
