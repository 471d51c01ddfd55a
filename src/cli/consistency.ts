/** `prevalence consistency <file>`: each list in turn as the truth (Binette & Steorts 2022). */
import { internalConsistency } from "../index.js";
import { REVIEW_FLAGS_HELP, methodsFlag, numberFlag, parseReviewArgs, readTable, runOptions, writeReport } from "./_reviewCommand.js";

export const CONSISTENCY_HELP = `Usage: prevalence consistency <file.csv> [--method M] [options]

Internal consistency: each list in turn is a population of known size, estimated from the other
lists restricted to its members; per method, the log relative bias and whether the interval holds
the true size, with Binette & Steorts's summary. Default methods: stepwise and main.

  --min-observed K    skip a list with fewer than K members on other lists (default 30)
${REVIEW_FLAGS_HELP}
`;

export async function consistencyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseReviewArgs(argv, { "min-observed": { type: "string" } });
  if (values.help) {
    process.stdout.write(CONSISTENCY_HELP);
    return 0;
  }
  const { data, source } = readTable("consistency", values, positionals);
  const methods = methodsFlag(values);
  const minObserved = numberFlag("min-observed", values["min-observed"] as string | undefined);
  const result = await internalConsistency(data, {
    ...runOptions(values),
    ...(methods ? { methods } : {}),
    ...(minObserved !== undefined ? { minObserved } : {}),
  });
  await writeReport(result, values, `prevalence consistency: ${source}`);
  return 0;
}
