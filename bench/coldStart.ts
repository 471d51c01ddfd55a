/**
 * Start-up cost of the command line (issue 9, item 15): `prevalence estimate <3-list file> --ci none`
 * as a process, against `node -e 0` (Node's own start-up) on the same machine, interleaved. Checks the
 * estimate first (Korea: 157 from 123 observed, as MultipleSystemsEstimation's BIC model). Run:
 * `npm run build && tsx bench/coldStart.ts [runs] [other/cli.js …]` — other CLIs (an older build) are
 * timed alongside. Reports the minimum and median wall time, and of the CPU time (user + system) each
 * process reports at its exit, over the runs.
 */
import { spawnSync } from "node:child_process";
import { loadavg, cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("../", import.meta.url));
const runs = Number(process.argv[2] ?? 30);
const others = process.argv.slice(3);
const korea = join(root, "datasets/Korea/data.csv");

const check = spawnSync(process.execPath, [join(root, "dist/cli.js"), "estimate", korea, "--ci", "none", "--format", "json"], { encoding: "utf8" });
const out = JSON.parse(check.stdout) as { estimate: number; observed: number };
if (check.status !== 0 || out.observed !== 123 || Math.round(out.estimate) !== 157) {
  console.error(`benchmark: wrong answer ${check.stdout} ${check.stderr}`);
  process.exit(1);
}

interface Case {
  readonly label: string;
  readonly args: string[];
  readonly wall: number[];
  readonly cpu: number[];
}
const cases: Case[] = [
  { label: "node -e 0", args: ["-e", "0"], wall: [], cpu: [] },
  { label: "prevalence estimate Korea --ci none (this build)", args: [join(root, "dist/cli.js"), "estimate", korea, "--ci", "none"], wall: [], cpu: [] },
  ...others.map((cli) => ({ label: `prevalence estimate Korea --ci none (${cli})`, args: [cli, "estimate", korea, "--ci", "none"], wall: [], cpu: [] })),
];

// Each run is timed by wall clock here, and its CPU time by the process itself at exit (a hook
// loaded with --import into every process, the baseline included).
const hook = `data:text/javascript,${encodeURIComponent('process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\ncpu "+(u.user+u.system)+"\\n")})')}`;
const loadBefore = loadavg();
for (let r = 0; r < runs; r++) {
  for (const c of cases) {
    const t0 = performance.now();
    const p = spawnSync(process.execPath, ["--import", hook, ...c.args], { encoding: "utf8" });
    c.wall.push((performance.now() - t0) / 1000);
    const m = /cpu (\d+)/.exec(p.stderr);
    if (p.status !== 0 || m === null) {
      console.error(`benchmark ${c.label}: failed: ${p.stderr}`);
      process.exit(1);
    }
    c.cpu.push(Number(m[1]) / 1e6);
  }
}
const stat = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0].toFixed(3)} | ${s[Math.floor(s.length / 2)].toFixed(3)}`;
};
console.log(`Node ${process.version}, ${cpus().length} cores, ${runs} runs each, load average ${loadBefore.map((x) => x.toFixed(2)).join(" ")} → ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log("| process | wall min s | wall median s | CPU min s | CPU median s |");
console.log("|---|---:|---:|---:|---:|");
for (const c of cases) console.log(`| ${c.label} | ${stat(c.wall)} | ${stat(c.cpu)} |`);
