/**
 * `prevalence study <spec.json>`: a simulation study, whole or one deterministic shard of it;
 * `prevalence study merge <parts…>`: the shards combined, byte for byte the single run's output.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatReport, mergeStudyParts, runStudy, validateStudySpec, type StudyPart, type StudyResult } from "../index.js";
import { loadDataset } from "../datasets/index.js";
import { CommandUsageError, numberFlag } from "./_reviewCommand.js";

export const STUDY_HELP = `Usage: prevalence study <spec.json> [options]
       prevalence study <spec.json> --shard i/N -o part-i.json
       prevalence study merge <part files…> -o study.json

Runs a simulation study (scenarios × methods × replications, from a seed): bias, RMSE, log RMSE and
coverage per method and scenario, each with its Monte Carlo standard error. With --shard i/N only
the items k with k mod N = i − 1 are run and a part file is written; merge combines the parts into
the output of the whole study, byte for byte.

  --replications R    override the spec's replications
  --replicates B      override every method's bootstrap replicates
  --shard i/N         run shard i of N (1 ≤ i ≤ N); the output is a part file (JSON)
  --threads N         worker threads for the bootstraps (the numbers do not depend on it)
  --format FORMAT     json (default), csv, text, markdown or html (html: tables and coverage plot)
  -o, --output FILE   write to FILE instead of stdout
  --quiet             no progress on stderr
`;

export async function studyCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        replications: { type: "string" },
        replicates: { type: "string" },
        shard: { type: "string" },
        threads: { type: "string" },
        format: { type: "string" },
        output: { type: "string", short: "o" },
        quiet: { type: "boolean", short: "q" },
      },
    });
  } catch (error) {
    throw new CommandUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(STUDY_HELP);
    return 0;
  }
  const format = values.format ?? "json";
  if (!["text", "json", "markdown", "csv", "html"].includes(format)) {
    throw new CommandUsageError(`--format must be json, csv, text, markdown or html; received ${format}`);
  }
  const write = async (result: StudyResult | StudyPart) => {
    const text = result.kind === "study-part" || format === "json" ? `${JSON.stringify(result, null, 2)}\n` : await formatReport(result, { format: format as "text" });
    if (values.output !== undefined) writeFileSync(values.output, text.endsWith("\n") ? text : `${text}\n`);
    else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  };
  const readJson = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new CommandUsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  if (positionals[0] === "merge") {
    if (positionals.length < 2) throw new CommandUsageError("study merge takes the part files to merge");
    await write(mergeStudyParts(positionals.slice(1).map((f) => readJson(f) as StudyPart)));
    return 0;
  }
  if (positionals.length !== 1) throw new CommandUsageError("study takes exactly one spec file (or: study merge <parts…>)");
  const spec = validateStudySpec(readJson(positionals[0]));
  let shard: { index: number; count: number } | undefined;
  if (values.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(values.shard);
    if (!m) throw new CommandUsageError(`--shard must be i/N, e.g. 2/8; received ${values.shard}`);
    shard = { index: Number(m[1]), count: Number(m[2]) };
    if (shard.count < 1 || shard.index < 1 || shard.index > shard.count) {
      throw new CommandUsageError(`--shard must be i/N with 1 ≤ i ≤ N; received ${values.shard}`);
    }
  }
  const base = dirname(resolve(positionals[0]));
  const started = Date.now();
  const options = {
    ...(values.replications !== undefined ? { replications: numberFlag("replications", values.replications) } : {}),
    ...(values.replicates !== undefined ? { replicates: numberFlag("replicates", values.replicates) } : {}),
    ...(values.threads !== undefined ? { threads: numberFlag("threads", values.threads) } : {}),
    loadDataset,
    readFile: (file: string) => readFileSync(resolve(base, file), "utf8"),
    onProgress: values.quiet
      ? undefined
      : (done: number, total: number) => {
          if (done === total || done % Math.max(1, Math.floor(total / 20)) === 0) {
            process.stderr.write(`study: ${done}/${total} items, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
          }
        },
  };
  const result = shard ? await runStudy(spec, { ...options, shard }) : await runStudy(spec, options);
  await write(result);
  return 0;
}
