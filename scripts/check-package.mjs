#!/usr/bin/env node
// Checks the package as it would be published (run after `npm run build`):
//   1. `npm pack` (into a temporary folder; lifecycle scripts are not run by --json packing of a
//      package without them) and the tarball's file list: the builds, types, CLI, worker, every
//      bundled dataset, the methodology docs and README, every file package.json points at and every
//      file the built code loads by relative path; and none of tests/, src/, node_modules/,
//      test-artifacts/ and the like.
//   2. publint on that tarball (errors and warnings fail; suggestions are printed).
//   3. @arethetypeswrong/cli (attw, profile "strict") on that tarball.
// Prints every problem, with the package.json change that fixes it where one is known, and exits 1
// when there is any (2 when the package is not built).
//
// Usage: node scripts/check-package.mjs [--verbose]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const verbose = process.argv.includes("--verbose");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** @type {{ check: string, problem: string, fix?: string }[]} */
const problems = [];
const problem = (check, text, fix) => problems.push({ check, problem: text, fix });
const notes = [];

if (!existsSync(join(root, "dist", "index.js"))) {
  console.error("check-package: dist/ is missing; run `npm run build` first.");
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// 1. npm pack: what the tarball holds.
const work = mkdtempSync(join(tmpdir(), "prevalence-pack-"));
let tarball;
let files;
try {
  const out = execFileSync(npm, ["pack", "--json", "--pack-destination", work], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [info] = JSON.parse(out);
  tarball = join(work, info.filename);
  files = new Set(info.files.map((f) => f.path));
  console.log(`npm pack: ${info.filename}, ${info.entryCount} files, ${(info.size / 1024).toFixed(0)} kB packed, ${(info.unpackedSize / 1024).toFixed(0)} kB unpacked`);
  if (verbose) for (const f of [...files].sort()) console.log(`  ${f}`);
} catch (error) {
  console.error(`check-package: npm pack failed:\n${error.stderr ?? error}`);
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
}

const has = (path) => files.has(path.replace(/^\.\//, ""));
const need = (path, why, fix) => {
  if (!has(path)) problem("pack", `missing from the tarball: ${path} (${why})`, fix);
};

// The builds the package promises (tsup.config.ts): ESM, CJS, types of both, worker, CLI.
for (const f of [
  "dist/index.js",
  "dist/index.cjs",
  "dist/index.d.ts",
  "dist/index.d.cts",
  "dist/datasets.js",
  "dist/datasets.cjs",
  "dist/datasets.d.ts",
  "dist/datasets.d.cts",
  "dist/bootstrapWorker.js",
  "dist/graphMcmcWorker.js",
  "dist/cli.js",
  "README.md",
  "package.json",
]) {
  need(f, "build output and package essentials", f.startsWith("dist/") ? 'run `npm run build`; keep "dist" in "files"' : undefined);
}

// Every file package.json points at: main, module, types, typesVersions, exports (all conditions), bin.
const targets = [];
const walk = (value, where) => {
  if (typeof value === "string") targets.push([value, where]);
  else if (Array.isArray(value)) value.forEach((v, k) => walk(v, `${where}[${k}]`));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, `${where}.${k}`);
};
for (const field of ["main", "module", "types", "typings", "browser"]) if (typeof pkg[field] === "string") walk(pkg[field], field);
walk(pkg.exports ?? {}, "exports");
walk(typeof pkg.bin === "string" ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {}), "bin");
for (const [sub, map] of Object.entries(pkg.typesVersions ?? {})) walk(map, `typesVersions.${sub}`);
for (const [target, where] of targets) {
  if (target.includes("*")) continue;
  need(target, `package.json ${where}`);
}

// The CLI: a shebang (npm makes bin files executable on install).
for (const [name, bin] of Object.entries(typeof pkg.bin === "string" ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {}))) {
  const file = join(root, bin);
  if (existsSync(file) && !readFileSync(file, "utf8").startsWith("#!/usr/bin/env node")) {
    problem("pack", `bin "${name}" (${bin}) does not start with "#!/usr/bin/env node"`, 'tsup.config.ts: banner: { js: "#!/usr/bin/env node" } on the CLI entry');
  }
}

// Files the built code loads by relative path (chunks, the worker beside the library).
for (const name of readdirSync(join(root, "dist"))) {
  if (!/\.(c|m)?js$/.test(name) || !has(`dist/${name}`)) continue;
  const code = readFileSync(join(root, "dist", name), "utf8");
  const refs = new Set();
  for (const re of [
    /\bfrom\s*["'](\.\.?\/[^"']+)["']/g,
    /\bimport\s*\(\s*["'](\.\.?\/[^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["'](\.\.?\/[^"']+)["']\s*\)/g,
    /\bimport\s*["'](\.\.?\/[^"']+)["']/g,
    /new URL\(\s*["'](\.\.?\/[^"']+)["']\s*,\s*(?:import\.meta\.url|importMetaUrl|here)/g,
  ]) {
    for (const m of code.matchAll(re)) refs.add(m[1]);
  }
  for (const ref of refs) {
    if (ref.endsWith(".ts")) continue; // the worker's source when running from src/ under tsx
    need(posix.join("dist", ref), `loaded by dist/${name}`);
  }
}

// Every bundled dataset (data.csv and README.md) and the docs.
need("datasets/README.md", "index of the bundled datasets", 'keep "datasets" in "files"');
for (const d of readdirSync(join(root, "datasets"))) {
  if (!statSync(join(root, "datasets", d)).isDirectory()) continue;
  for (const f of ["data.csv", "README.md"]) {
    if (existsSync(join(root, "datasets", d, f))) need(`datasets/${d}/${f}`, "bundled dataset", 'keep "datasets" in "files"');
    else problem("pack", `datasets/${d}/${f} does not exist in the repository`);
  }
}
need("docs/README.md", "documentation index", 'keep "docs" in "files"');
for (const f of readdirSync(join(root, "docs", "methodology"))) {
  if (f.endsWith(".md")) need(`docs/methodology/${f}`, "methodology page", 'keep "docs" in "files"');
}

// What must not be published.
const forbidden = [
  [/^tests\//, "tests"],
  [/^src\//, "sources (the source maps embed them: sourcesContent)"],
  [/(^|\/)node_modules\//, "node_modules"],
  [/^test-artifacts\//, "test artifacts"],
  [/^coverage\//, "coverage output"],
  [/^docs\/api\//, "generated API docs (typedoc, gitignored)"],
  [/^(bench|scripts|examples|\.ci|\.github)\//, "development files"],
  [/\.tgz$/, "a packed tarball"],
  [/(^|\/)\.vitest-report\.json$/, "test report"],
  [/(^|\/)\.env(\.|$)/, "an environment file"],
];
const unwanted = new Map(); // reason → files
for (const f of [...files].sort()) {
  const hit = forbidden.find(([re]) => re.test(f));
  if (hit) unwanted.set(hit[1], [...(unwanted.get(hit[1]) ?? []), f]);
}
for (const [reason, list] of unwanted) {
  const shown = list.length > 5 ? `${list.slice(0, 5).join(", ")}, … (${list.length} files)` : list.join(", ");
  const fix = reason.startsWith("generated API docs")
    ? '"files": ["dist", "datasets", "docs", "!docs/api"] (the root .gitignore does not filter what "files" names)'
    : `remove it from "files" (now ${JSON.stringify(pkg.files)}) or add a "!" pattern for it`;
  problem("pack", `in the tarball but must not be: ${reason}: ${shown}`, fix);
}
if (!files.has("LICENSE") && !files.has("LICENSE.md") && pkg.license) {
  notes.push(`no LICENSE file in the tarball (package.json says "license": "${pkg.license}"); npm includes a root LICENSE file automatically`);
}

// ---------------------------------------------------------------------------------------------
// 2. publint, on the same tarball.
try {
  const buffer = readFileSync(tarball);
  const tar = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  const { messages, pkg: packed } = await publint({ pack: { tarball: tar }, level: "suggestion" });
  for (const m of messages) {
    const text = `${formatMessage(m, packed, { color: false }) ?? m.code} [${m.code}${m.path?.length ? ` at ${m.path.join(".")}` : ""}]`;
    if (m.type === "suggestion") notes.push(`publint suggestion: ${text}`);
    else problem(`publint ${m.type}`, text);
  }
  console.log(`publint: ${messages.filter((m) => m.type !== "suggestion").length} errors/warnings, ${messages.filter((m) => m.type === "suggestion").length} suggestions`);
} catch (error) {
  problem("publint", `publint could not run: ${error?.stack ?? error}`);
}

// ---------------------------------------------------------------------------------------------
// 3. attw ("are the types wrong"), on the same tarball.
const ATTW_FIXES = {
  NoResolution: (p) =>
    p.resolutionKind === "node10" && p.entrypoint !== "."
      ? `TypeScript's node10 resolution ignores "exports": add "typesVersions": { "*": { "${p.entrypoint.replace(/^\.\//, "")}": ["./dist/${p.entrypoint.replace(/^\.\//, "")}.d.ts"] } } to package.json`
      : `make exports["${p.entrypoint}"] resolve for ${p.resolutionKind} (a "types" and a "default" target under "import" and "require")`,
  UntypedResolution: (p) => `add a "types" condition (first) to exports["${p.entrypoint}"] for ${p.resolutionKind}`,
  FalseESM: (p) =>
    `types "masquerading as ESM" for ${p.resolutionKind}: under "type": "module" a .d.ts is ESM, so exports["${p.entrypoint}"].require must have its own "types": "./dist/<name>.d.cts" before "default": "./dist/<name>.cjs"`,
  FalseCJS: (p) => `types "masquerading as CJS" for ${p.resolutionKind}: exports["${p.entrypoint}"].import.types must be a .d.ts (ESM), not .d.cts`,
  CJSResolvesToESM: (p) => `require of "${p.entrypoint}" resolves to ESM: add a "require": { "types": "….d.cts", "default": "….cjs" } condition`,
  FallbackCondition: (p) => `exports["${p.entrypoint}"] relies on a fallback array/condition that TypeScript picks differently: use one target per condition`,
  FalseExportDefault: () => `the .d.ts declares "export default" but the JS uses module.exports: fix the CJS types (tsup dts for cjs)`,
  MissingExportEquals: () => `the CJS JS assigns module.exports but its types lack "export =": fix the .d.cts`,
  CJSOnlyExportsDefault: () => `CJS build exports only a default: consumers get { default }: add named exports or "export =" types`,
  NamedExports: () => `named exports in the types are missing at runtime in the CJS build`,
  UnexpectedModuleSyntax: (p) => `a file has ESM/CJS syntax contrary to its extension or "type" (${p.fileName ?? ""})`,
  InternalResolutionError: (p) => `a relative import inside the types does not resolve (${p.fileName ?? ""} → ${p.moduleSpecifier ?? ""}): check the packed .d.ts/.d.cts chunks`,
};
{
  const attwBin = join(root, "node_modules", ".bin", process.platform === "win32" ? "attw.cmd" : "attw");
  const run = spawnSync(attwBin, [tarball, "--format", "json", "--profile", "strict"], { cwd: root, encoding: "utf8" });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    problem("attw", `attw could not run (exit ${run.status}): ${run.error ?? run.stderr?.trim() ?? run.stdout?.trim()}`);
  }
  if (report) {
    const all = Object.values(report.problems ?? report.analysis?.problems ?? {}).flat();
    for (const p of all) {
      const where = [p.entrypoint && `entrypoint "${p.entrypoint}"`, p.resolutionKind && `resolution ${p.resolutionKind}`, p.fileName]
        .filter(Boolean)
        .join(", ");
      problem("attw", `${p.kind}${where ? ` (${where})` : ""}`, ATTW_FIXES[p.kind]?.(p));
    }
    console.log(`attw: ${all.length} problems (entrypoints: ${Object.keys(report.analysis?.entrypoints ?? {}).join(", ")})`);
  }
}

rmSync(work, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------
for (const n of notes) console.log(`note: ${n}`);
if (problems.length === 0) {
  console.log("check-package: OK");
} else {
  console.error(`\ncheck-package: ${problems.length} problem${problems.length === 1 ? "" : "s"}:`);
  for (const p of problems) console.error(`  - [${p.check}] ${p.problem}${p.fix ? `\n      fix: ${p.fix}` : ""}`);
  process.exit(1);
}
