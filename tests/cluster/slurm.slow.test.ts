/**
 * A study run on a real SLURM cluster of one machine (controller and node daemon started here, as
 * shared/recipes/slurm-local.md describes): submitted as a job array with `sbatch --wait` through
 * examples/cluster/run-study-slurm.sh, merged, and compared byte for byte with the single-process
 * run. The daemons are stopped by their pid files whatever happens. Skipped, with the reason, where
 * slurm-wlm is not installed (`.ci/run` installs it), where we are not root, or without `dist/`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { hostname, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const cli = join(root, "dist/cli.js");
const which = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
const missing = ["sbatch", "sinfo", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged"].filter((c) => !which(c));
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const reason =
  missing.length > 0
    ? `slurm-wlm/munge not installed (${missing.join(", ")} missing): apt-get install slurm-wlm munge`
    : !isRoot
      ? "the SLURM daemons are started as root here; not root"
      : !existsSync(cli)
        ? "dist/cli.js missing: npm run build first"
        : null;
if (reason !== null) console.log(`SLURM cluster test skipped: ${reason}`);

/** Processes this test started, to stop by pid file at the end. */
const started: { name: string; pidFile: string }[] = [];

function stopAll(): void {
  const pids: number[] = [];
  for (const p of started.reverse()) {
    try {
      const pid = Number(readFileSync(p.pidFile, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0) {
        process.kill(pid, "SIGTERM");
        pids.push(pid);
      }
    } catch {
      // already gone
    }
  }
  started.length = 0;
  // wait (up to 10 s) until they have exited, so that their state files are closed
  const alive = (pid: number) => spawnSync("kill", ["-0", String(pid)]).status === 0;
  for (let i = 0; i < 100 && pids.some(alive); i++) spawnSync("sleep", ["0.1"]);
}

afterAll(() => stopAll());

describe.skipIf(reason !== null)("a study on a real SLURM job array", () => {
  it("merges the array's shard files into output byte-identical to the single-process run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prevalence-slurm-"));
    try {
      for (const d of ["state", "spool", "log", "out"]) mkdirSync(join(dir, d));
      const host = hostname();
      const conf = join(dir, "slurm.conf");
      writeFileSync(
        conf,
        [
          "ClusterName=local",
          `SlurmctldHost=${host}(127.0.0.1)`,
          "SlurmUser=root",
          "SlurmdUser=root",
          "AuthType=auth/munge",
          "CredType=cred/munge",
          `StateSaveLocation=${dir}/state`,
          `SlurmdSpoolDir=${dir}/spool`,
          `SlurmctldPidFile=${dir}/slurmctld.pid`,
          `SlurmdPidFile=${dir}/slurmd.pid`,
          `SlurmctldLogFile=${dir}/log/slurmctld.log`,
          `SlurmdLogFile=${dir}/log/slurmd.log`,
          "SlurmctldPort=6817",
          "SlurmdPort=6818",
          "SlurmdTimeout=300",
          "ProctrackType=proctrack/linuxproc",
          "TaskPlugin=task/none",
          "SelectType=select/cons_tres",
          "SelectTypeParameters=CR_Core",
          "SchedulerType=sched/backfill",
          "JobAcctGatherType=jobacct_gather/none",
          "AccountingStorageType=accounting_storage/none",
          "JobCompType=jobcomp/none",
          "MpiDefault=none",
          "ReturnToService=2",
          `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus().length} RealMemory=2000 State=UNKNOWN`,
          `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
          "",
        ].join("\n"),
      );
      const env = { ...process.env, SLURM_CONF: conf };
      // munge: start it unless one is already running (then it is not ours to stop)
      const mungePid = "/run/munge/munged.pid";
      const mungeRunning = existsSync(mungePid) && spawnSync("kill", ["-0", readFileSync(mungePid, "utf8").trim()]).status === 0;
      if (!mungeRunning) {
        mkdirSync("/run/munge", { recursive: true });
        execFileSync("chown", ["munge:munge", "/run/munge"]);
        execFileSync("runuser", ["-u", "munge", "--", "/usr/sbin/munged"]);
        started.push({ name: "munged", pidFile: mungePid });
      }
      execFileSync("/usr/sbin/slurmctld", ["-f", conf], { env });
      started.push({ name: "slurmctld", pidFile: join(dir, "slurmctld.pid") });
      execFileSync("/usr/sbin/slurmd", ["-f", conf], { env });
      started.push({ name: "slurmd", pidFile: join(dir, "slurmd.pid") });
      // the node shows idle after a few seconds
      let idle = false;
      for (let i = 0; i < 60 && !idle; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        idle = /idle/.test(spawnSync("sinfo", ["-h", "-o", "%T"], { env, encoding: "utf8" }).stdout ?? "");
      }
      expect(idle).toBe(true);

      const spec = join(dir, "spec.json");
      writeFileSync(
        spec,
        JSON.stringify({
          name: "slurm-check",
          seed: 31,
          replications: 6,
          level: [0.95],
          scenarios: [{ name: "independent", simulate: { lists: ["A", "B", "C"], population: 500, captureProbabilities: [0.3, 0.25, 0.35] } }],
          methods: [
            { name: "main", options: { model: "main" }, intervals: ["bca", "lognormal"], replicates: 40 },
            { name: "stepwise", options: { select: "stepwise" }, intervals: ["percentile"], replicates: 40 },
          ],
        }),
      );
      const single = join(dir, "single.json");
      execFileSync("node", [cli, "study", spec, "--quiet", "-o", single]);
      const merged = join(dir, "merged.json");
      const run = spawnSync("bash", [join(root, "examples/cluster/run-study-slurm.sh"), spec, "3", merged], {
        env: { ...env, PREVALENCE_CLI: `node ${cli}`, TMPDIR: join(dir, "out") },
        encoding: "utf8",
        timeout: 300_000,
      });
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(readFileSync(merged).equals(readFileSync(single))).toBe(true);
    } finally {
      stopAll();
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
  }, 400_000);
});

describe.skipIf(reason === null)("without SLURM", () => {
  it("says why the cluster test is skipped", () => {
    expect(reason).toMatch(/.+/);
  });
});
