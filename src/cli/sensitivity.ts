/** `prevalence sensitivity <file>`: estimates with each list omitted and each pair (or named group) merged. */
import { listSensitivity } from "../index.js";
import { CommandUsageError, REVIEW_FLAGS_HELP, methodsFlag, parseReviewArgs, readTable, runOptions, writeReport } from "./_reviewCommand.js";

export const SENSITIVITY_HELP = `Usage: prevalence sensitivity <file.csv> [--method M] [options]

Re-estimates with each list omitted in turn, each pair of lists merged, and each named group
merged; flags an omission that moves the estimate by more than its interval's width on all lists.
Default method: stepwise.

  --group NAME=A+B    merge lists A and B into NAME as well; may be repeated
  --no-pairs          do not merge every pair
${REVIEW_FLAGS_HELP}
`;

export async function sensitivityCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseReviewArgs(argv, { group: { type: "string", multiple: true }, "no-pairs": { type: "boolean" } });
  if (values.help) {
    process.stdout.write(SENSITIVITY_HELP);
    return 0;
  }
  const { data, source } = readTable("sensitivity", values, positionals);
  const groups: Record<string, string[]> = {};
  for (const g of (values.group as string[] | undefined) ?? []) {
    const [name, lists] = g.split("=");
    if (!name || !lists) throw new CommandUsageError(`--group must be NAME=A+B; received ${g}`);
    groups[name.trim()] = lists.split(/[+,]/).map((s) => s.trim()).filter(Boolean);
  }
  const methods = methodsFlag(values);
  const result = await listSensitivity(data, {
    ...runOptions(values),
    ...(methods ? { methods } : {}),
    pairs: !values["no-pairs"],
    ...(Object.keys(groups).length > 0 ? { groups } : {}),
  });
  await writeReport(result, values, `prevalence sensitivity: ${source}`);
  return 0;
}
