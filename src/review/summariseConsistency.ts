import { quantileType8 } from "../uncertainty/quantileType8.js";
import type { ConsistencyRow, ConsistencySummary } from "./internalConsistency.js";

/**
 * Binette & Steorts's (2022) summary of internal-consistency rows of one method: the mean, sd, RMSE
 * and median of the log relative bias, and the coverage of the intervals (both limits, and each
 * limit alone). Use it to pool rows of several datasets.
 *
 * @param method - the method's name, copied into the summary.
 * @param rows - rows of {@link internalConsistency} (of one method).
 * @returns the summary; its statistics are null where no row has what they need.
 * @example
 * summariseConsistency("stepwise", [...uk.lists, ...western.lists].filter((r) => r.method === "stepwise"))
 * @see docs/methodology/review.md
 */
export function summariseConsistency(method: string, rows: readonly Pick<ConsistencyRow, "logRelativeBias" | "lower" | "upper" | "size" | "covered">[]): ConsistencySummary {
  const lrb = rows.flatMap((r) => (r.logRelativeBias === null ? [] : [r.logRelativeBias]));
  const withInterval = rows.filter((r) => r.lower !== null && r.upper !== null);
  const share = (test: (r: (typeof withInterval)[number]) => boolean) =>
    withInterval.length === 0 ? null : withInterval.filter(test).length / withInterval.length;
  const n = lrb.length;
  const mean = n === 0 ? null : lrb.reduce((a, b) => a + b, 0) / n;
  return {
    method,
    lists: n,
    meanLogRelativeBias: mean,
    sdLogRelativeBias: n < 2 ? null : Math.sqrt(lrb.reduce((a, b) => a + (b - (mean as number)) ** 2, 0) / (n - 1)),
    rmseLogRelativeBias: n === 0 ? null : Math.sqrt(lrb.reduce((a, b) => a + b * b, 0) / n),
    medianLogRelativeBias: n === 0 ? null : quantileType8(Float64Array.from(lrb).sort(), 0.5),
    coverage: share((r) => r.covered === true),
    lowerCoverage: share((r) => (r.lower as number) <= r.size),
    upperCoverage: share((r) => (r.upper as number) >= r.size),
  };
}
