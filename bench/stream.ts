/**
 * Streaming a large person-level CSV (issue 9, item 7): a 210 MB file of 35 million rows, one per
 * person, 3 lists (`a,b,c`, as the file of the issue), read by the library's streaming reader and by
 * the command line (`prevalence estimate FILE --ci none`). The file is generated here, with known
 * counts per capture history; each run checks the counts read (and the CLI its estimate) before the
 * time and the peak resident memory are reported. Run: `npm run build && tsx bench/stream.ts [rows]`.
 *
 * Each measurement is a fresh Node process (time from its start to its end, peak RSS from
 * process.resourceUsage at exit), so that one run's heap does not flatter or burden the next.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const rows = Number(process.argv[2] ?? 35_000_000);
const dir = mkdtempSync(join(tmpdir(), "prevalence-stream-"));
const file = join(dir, "people.csv");

// Histories 1…7 (bit 0 = a, bit 1 = b, bit 2 = c) in a fixed cycle of 20 people: known counts.
const CYCLE = [1, 2, 1, 4, 3, 1, 2, 5, 1, 4, 2, 6, 1, 2, 7, 4, 1, 2, 3, 4];
const line = (h: number): string => `${h & 1},${(h >> 1) & 1},${(h >> 2) & 1}\n`;
const expected = new Array<number>(7).fill(0);

function generate(): void {
  const fd = openSync(file, "w");
  writeSync(fd, "a,b,c\n");
  const block = CYCLE.map(line).join("");
  const perChunk = 50_000; // cycles per write: 1M rows, 6 MB
  const chunk = block.repeat(perChunk);
  let written = 0;
  while (written + CYCLE.length * perChunk <= rows) {
    writeSync(fd, chunk);
    written += CYCLE.length * perChunk;
  }
  let tail = "";
  for (let i = written; i < rows; i++) tail += line(CYCLE[i % CYCLE.length]);
  writeSync(fd, tail);
  closeSync(fd);
  for (let i = 0; i < rows; i++) expected[CYCLE[i % CYCLE.length] - 1]++;
}

/** Runs `node args` with a hook that writes its peak RSS at exit; returns seconds, MB and output. */
function measure(args: string[]): { seconds: number; rssMb: number; stdout: string; status: number | null; stderr: string } {
  const report = join(dir, `rss-${Math.random().toString(36).slice(2)}.json`);
  const hook = `data:text/javascript,${encodeURIComponent(
    `import { writeFileSync } from "node:fs"; process.on("exit", () => writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.resourceUsage())));`,
  )}`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", hook, ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  const usage = JSON.parse(readFileSync(report, "utf8")) as { maxRSS: number };
  return { seconds, rssMb: usage.maxRSS / 1024, stdout: r.stdout, status: r.status, stderr: r.stderr };
}

function check(label: string, ok: boolean, detail = ""): void {
  if (!ok) {
    console.error(`benchmark ${label}: wrong answer ${detail}`);
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }
}

const started = performance.now();
generate();
const size = statSync(file).size;
console.log(`generated ${rows.toLocaleString("en-US")} rows, ${(size / 1e6).toFixed(0)} MB, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`Node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);

const library = measure([
  "--input-type=module",
  "-e",
  `import { readCaptureCsvFile } from ${JSON.stringify(join(root, "dist/index.js"))};
   const r = await readCaptureCsvFile(${JSON.stringify(file)});
   process.stdout.write(JSON.stringify({ counts: r.data.counts, rows: r.rows, lists: r.columns.lists }));`,
]);
check("library", library.status === 0, library.stderr);
const read = JSON.parse(library.stdout) as { counts: number[]; rows: number; lists: string[] };
check("library counts", JSON.stringify(read.counts) === JSON.stringify(expected) && read.rows === rows, library.stdout);

const cli = measure([join(root, "dist/cli.js"), "estimate", file, "--ci", "none", "--format", "json", "--quiet"]);
check("cli", cli.status === 0, cli.stderr);
const out = JSON.parse(cli.stdout) as { observed: number; estimate: number };
check("cli estimate", out.observed === rows && Number.isFinite(out.estimate) && out.estimate >= rows, cli.stdout);

console.log("| what | seconds | peak RSS MB |");
console.log("|---|---:|---:|");
console.log(`| readCaptureCsvFile (library), ${(size / 1e6).toFixed(0)} MB | ${library.seconds.toFixed(1)} | ${library.rssMb.toFixed(0)} |`);
console.log(`| prevalence estimate FILE --ci none (CLI) | ${cli.seconds.toFixed(1)} | ${cli.rssMb.toFixed(0)} |`);
console.log(`estimate ${out.estimate.toFixed(1)} from ${out.observed} observed; load average after: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
rmSync(dir, { recursive: true, force: true });
