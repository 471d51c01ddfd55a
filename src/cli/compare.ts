/** `prevalence compare <file>`: every applicable method side by side. */
import { compareMethods } from "../index.js";
import { REVIEW_FLAGS_HELP, methodsFlag, parseReviewArgs, readTable, runOptions, writeReport } from "./_reviewCommand.js";

export const COMPARE_HELP = `Usage: prevalence compare <file.csv> [options]
       prevalence compare --dataset NAME [options]

Every applicable registered method on one table: log-linear stepwise, BIC, AIC and main effects, the
BIC-weighted model average, the two-list estimator (two lists), and the families registered besides
(closed-population models, Bayesian families), each with its estimate, interval, seconds and
warnings. --format html adds a forest plot.

${REVIEW_FLAGS_HELP}
`;

/** Run the command; returns the exit code. */
export async function compareCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseReviewArgs(argv, {});
  if (values.help) {
    process.stdout.write(COMPARE_HELP);
    return 0;
  }
  const { data, source } = readTable("compare", values, positionals);
  const methods = methodsFlag(values);
  const result = await compareMethods(data, {
    ...runOptions(values),
    ...(methods ? { methods } : {}),
    onProgress: values.quiet ? undefined : (method, i, total) => process.stderr.write(`compare: ${method} (${i + 1}/${total})\n`),
  });
  await writeReport(result, values, `prevalence compare: ${source}`);
  return 0;
}
