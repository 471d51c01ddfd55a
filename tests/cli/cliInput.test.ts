import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_SEED } from "../../src/uncertainty/bootstrapInterval.js";
import { DEFAULT_SEED_TEXT, cliMessage } from "../../src/cli/messages.js";
import { OPTIONS } from "../../src/cli/options.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const datasets = fileURLToPath(new URL("../fixtures/reference/datasets/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "prevalence-cli-input-"));

/** Run the CLI from source (tsx), as `prevalence ...`, with optional standard input. */
function cli(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "src/cli/main.ts"), ...args], { cwd: root, encoding: "utf8", input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// The analyst's file of issue 9: one row per person, with an id and a region column (1,068 rows
// used to give 3,203 error lines).
const people = ["id,police,ngo,health,region"];
for (let i = 0; i < 1068; i++) {
  const history = [1, 2, 3, 4, 5, 1, 2, 6, 1, 7][i % 10];
  people.push(`${10000 + i},${history & 1},${(history >> 1) & 1},${(history >> 2) & 1},${["north", "south", "east"][i % 3]}`);
}
const peopleCsv = `${people.join("\n")}\n`;

// Each case runs the CLI from source a few times (several seconds each on a loaded machine).
describe("prevalence estimate: input", { timeout: 240_000 }, () => {
  it("reads a person-level file with id and region columns: the 0/1 columns are the lists, and it says so", () => {
    const r = cli(["estimate", file("people.csv", peopleCsv), "--ci", "none", "--format", "json"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("prevalence: lists: police, ngo, health (the columns of 0/1 values); not lists: id, region. To choose them: --lists A,B,C\n");
    const out = JSON.parse(r.stdout);
    expect(out.observed).toBe(1068);
    const strata = cli(["estimate", file("people.csv", peopleCsv), "--ci", "none", "--strata", "region", "--format", "json", "--quiet"]);
    expect(strata.status).toBe(0);
    expect(strata.stderr).toBe("");
    expect(JSON.parse(strata.stdout).strata.map((s: { stratum: Record<string, string> }) => s.stratum.region).sort()).toEqual(["east", "north", "south"]);
  });

  it("prints at most 50 problems, the count of the rest and the fix", () => {
    const bad = ["id,police,ngo,health"];
    for (let i = 0; i < 200; i++) bad.push(`${i},${i % 2},${i % 3 === 0 ? "x" : "1"},0`);
    const r = cli(["estimate", file("bad.csv", `${bad.join("\n")}\n`), "--lists", "police,ngo,health"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("prevalence: 67 problems in the input:");
    expect(lines.filter((l) => l.startsWith("  row "))).toHaveLength(50);
    expect(lines).toContain("  ... and 17 more");
    expect(lines.at(-1)).toMatch(/--lists A,B,C/);
    expect(r.stderr).toMatch(/row 2, column ngo: membership of list "ngo" must be 0 or 1 \(or yes\/no, true\/false\); received "x" \[NOT_BINARY\]/);
  });

  it("reads standard input with -", () => {
    const r = cli(["estimate", "-", "--ci", "none", "--format", "json"], readFileSync(join(datasets, "Korea.csv"), "utf8"));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).observed).toBe(123);
  });

  it("reads an .xlsx workbook, and tells an old .xls or a broken .xlsx to be saved as CSV in one line", () => {
    const xlsx = fileURLToPath(new URL("../fixtures/xlsx/people.xlsx", import.meta.url));
    const r = cli(["estimate", xlsx, "--sheet", "aggregated", "--ci", "none", "--format", "json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).observed).toBe(9);
    const xls = cli(["estimate", file("old.xls", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))]);
    expect(xls.status).toBe(2);
    expect(xls.stderr).toMatch(/^prevalence: .*old\.xls is an old Excel \.xls workbook: save it as CSV \(or \.xlsx\) and give that file\n$/);
    const fake = cli(["estimate", file("fake.xlsx", "A,B\n1,0\n")]);
    expect(fake.status).toBe(2);
    expect(fake.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(fake.stderr).toMatch(/save the sheet as CSV/);
  });

  it("--lists naming a subset of NewOrl_5's lists works, dropping (and counting) the people on none of them; --omit A gives the same", () => {
    const subset = cli(["estimate", join(datasets, "NewOrl_5.csv"), "--lists", "BEFG,C,D,H", "--ci", "none", "--format", "json"]);
    expect(subset.status).toBe(0);
    expect(subset.stderr).toBe("prevalence: 25 persons (1 row) on none of the lists BEFG, C, D, H but on other lists of the file: unobserved under the lists chosen, so not counted\n");
    const omit = cli(["estimate", join(datasets, "NewOrl_5.csv"), "--omit", "A", "--ci", "none", "--format", "json"]);
    expect(omit.status).toBe(0);
    expect(omit.stderr).toBe("prevalence: left out A: 25 persons on no other list become unobserved\n");
    const a = JSON.parse(subset.stdout);
    const b = JSON.parse(omit.stdout);
    expect(a.observed).toBe(b.observed);
    expect(a.estimate).toBe(b.estimate);
    expect(a.model.name).toBe(b.model.name);
  });

  it("--merge A+B treats two lists as one; bad --omit/--merge are usage errors", () => {
    const merged = cli(["estimate", join(datasets, "NewOrl_5.csv"), "--merge", "A+BEFG", "--ci", "none", "--format", "json"]);
    expect(merged.status).toBe(0);
    const out = JSON.parse(merged.stdout);
    expect(out.observed).toBe(JSON.parse(cli(["estimate", join(datasets, "NewOrl_5.csv"), "--ci", "none", "--format", "json"]).stdout).observed);
    expect(out.model.name).toMatch(/A\+BEFG/);
    for (const [args, message] of [
      [["--omit", "Z"], /--omit and --merge must name lists of the data \(A, BEFG, C, D, H\); received Z/],
      [["--merge", "A"], /--merge must join at least two lists with \+/],
      [["--merge", "A+C", "--omit", "C"], /list C is named twice in --omit and --merge/],
    ] as const) {
      const r = cli(["estimate", join(datasets, "NewOrl_5.csv"), ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe("prevalence estimate: options and output", { timeout: 240_000 }, () => {
  it("writing to a folder or into a missing folder is one line and exit 2, before any work", () => {
    const folder = join(dir, "out");
    mkdirSync(folder, { recursive: true });
    for (const [target, reason] of [
      [folder, "EISDIR (is a directory)"],
      [join(dir, "missing", "report.txt"), "ENOENT (no such file or folder)"],
    ]) {
      const r = cli(["estimate", join(datasets, "Korea.csv"), "--ci", "none", "-o", target]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`prevalence: cannot write ${target}: ${reason}\n`);
    }
    const ok = cli(["estimate", join(datasets, "Korea.csv"), "--ci", "none", "-o", join(folder, "report.txt")]);
    expect(ok.status).toBe(0);
    expect(readFileSync(join(folder, "report.txt"), "utf8")).toMatch(/Estimate:/);
  });

  it("caps --threads at the available cores with a warning, and refuses a non-positive or fractional count", () => {
    const cores = availableParallelism();
    const r = cli(["estimate", join(datasets, "Korea.csv"), "--ci", "percentile", "--replicates", "20", "--threads", "1024", "--format", "json"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`prevalence: --threads 1024 is more than the ${cores} core${cores === 1 ? "" : "s"} available; using ${cores}\n`);
    expect(JSON.parse(r.stdout).settings.threads).toBe(cores);
    for (const value of ["0", "1.5", "-3"]) {
      const bad = cli(["estimate", join(datasets, "Korea.csv"), "--threads", value]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toBe(`prevalence: --threads must be a whole number of at least 1; received ${value}\n`);
    }
  });

  it("accepts a negative seed and records it", () => {
    const r = cli(["estimate", join(datasets, "Korea.csv"), "--ci", "percentile", "--replicates", "20", "--seed", "-1", "--format", "json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).settings.seed).toBe(-1);
  });

  it.each([
    [["estimate", join(datasets, "Korea.csv"), "--nested"], "prevalence: --nested needs --top K (the nested intervals of the top 1, 2, ..., K models)\n"],
    [["datasets", "foo"], "prevalence: datasets takes no arguments; received foo\n"],
    [["estimate", join(datasets, "Korea.csv"), "extra.csv"], `prevalence: estimate takes exactly one file (or --dataset NAME); received ${join(datasets, "Korea.csv")} extra.csv\n`],
    [["estimate", join(datasets, "Korea.csv"), "--select", "magic"], "prevalence: --select must be one of auto, bic, aic, stepwise; received magic\n"],
  ])("refuses %j in the command line's own words", (args, message) => {
    const r = cli(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(message);
  });

  it("the help lists each option once and the default seed the library uses", () => {
    const help = cli(["--help"]).stdout;
    const described = [...help.matchAll(/^ {2}(?:-o, )?--([a-z0-9-]+)/gm)].map((m) => m[1]);
    const expected = Object.keys(OPTIONS).filter((name) => name !== "help" && name !== "version");
    expect(expected.length).toBeGreaterThan(25);
    expect(described.sort()).toEqual(expected.sort());
    expect(DEFAULT_SEED_TEXT).toBe(String(DEFAULT_SEED));
  });
});

describe("cliMessage", () => {
  it("puts the command line's option names in the library's messages", () => {
    expect(cliMessage("`level` must be strictly between 0 and 1; received 2")).toBe("--level must be strictly between 0 and 1; received 2");
    expect(cliMessage("name the lists with `options.lists`")).toBe("name the lists with --lists");
    expect(cliMessage("`text` must hold data rows")).toBe("the file must hold data rows");
    expect(cliMessage("each history may appear once (use duplicates: \"merge\" to add their counts)")).toBe(
      "each history may appear once (use --merge-duplicates to add their counts)",
    );
    expect(cliMessage("unknown list `Q` stays")).toBe("unknown list `Q` stays");
  });
});
