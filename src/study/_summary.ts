/** Private: a study's summary from its items (shared by a single run and a merge of shards). */
import { quantileType8 } from "../uncertainty/quantileType8.js";
import type { CoverageRow, StudyItem, StudyResult, StudySettings, StudySpec, StudySummaryRow } from "./types.js";

/** Mean and Monte Carlo standard error (sd/√m) of values; nulls when there are none. */
function meanWithError(values: readonly number[]): { mean: number | null; standardError: number | null } {
  const m = values.length;
  if (m === 0) return { mean: null, standardError: null };
  const mean = values.reduce((a, b) => a + b, 0) / m;
  if (m < 2) return { mean, standardError: null };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (m - 1);
  return { mean, standardError: Math.sqrt(variance / m) };
}

/** √(mean of squares) and its standard error by the delta method: se(MSE)/(2·RMSE). */
function rootMeanSquare(errors: readonly number[]): { value: number | null; standardError: number | null } {
  const squares = errors.map((e) => e * e);
  const { mean, standardError } = meanWithError(squares);
  if (mean === null) return { value: null, standardError: null };
  const value = Math.sqrt(mean);
  return { value, standardError: standardError === null || value === 0 ? null : standardError / (2 * value) };
}

function coverageRows(items: readonly StudyItem[], m: number, levels: readonly number[]): CoverageRow[] {
  const keys: { interval: string; level: number }[] = [];
  for (const item of items) {
    for (const i of item.results[m].intervals) {
      if (!keys.some((k) => k.interval === i.method && k.level === i.level)) keys.push({ interval: i.method, level: i.level });
    }
  }
  keys.sort((a, b) => levels.indexOf(a.level) - levels.indexOf(b.level));
  return keys.map(({ interval, level }) => {
    let n = 0;
    let covered = 0;
    let below = 0;
    let above = 0;
    const widths: number[] = [];
    for (const item of items) {
      const i = item.results[m].intervals.find((x) => x.method === interval && x.level === level);
      if (i === undefined) continue;
      n++;
      if (i.lower > item.truth) below++;
      else if (i.upper < item.truth) above++;
      else covered++;
      widths.push(i.upper - i.lower);
    }
    const c = n === 0 ? null : covered / n;
    return {
      interval,
      level,
      intervals: n,
      coverage: c,
      standardError: c === null ? null : Math.sqrt((c * (1 - c)) / n),
      lowerMiss: n === 0 ? null : below / n,
      upperMiss: n === 0 ? null : above / n,
      medianWidth: n === 0 ? null : quantileType8(Float64Array.from(widths).sort(), 0.5),
    };
  });
}

/** The result of a study from all its items (in item order). */
export function buildStudyResult(spec: StudySpec, settings: StudySettings, truths: readonly number[], items: readonly StudyItem[]): StudyResult {
  const summary: StudySummaryRow[] = [];
  spec.scenarios.forEach((scenario, s) => {
    const mine = items.filter((i) => i.scenario === s);
    spec.methods.forEach((method, m) => {
      const estimates = mine.flatMap((i) => (i.results[m].estimate === null ? [] : [{ estimate: i.results[m].estimate as number, truth: i.truth }]));
      const bias = meanWithError(estimates.map((e) => e.estimate - e.truth));
      const rmse = rootMeanSquare(estimates.map((e) => e.estimate - e.truth));
      const logRmse = rootMeanSquare(estimates.filter((e) => e.estimate > 0).map((e) => Math.log(e.estimate) - Math.log(e.truth)));
      summary.push({
        scenario: scenario.name,
        method: method.name,
        truth: truths[s],
        estimates: estimates.length,
        failures: mine.length - estimates.length,
        bias: bias.mean,
        biasStandardError: bias.standardError,
        rmse: rmse.value,
        rmseStandardError: rmse.standardError,
        logRmse: logRmse.value,
        logRmseStandardError: logRmse.standardError,
        coverage: coverageRows(mine, m, settings.level),
      });
    });
  });
  return {
    kind: "study",
    name: spec.name,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    spec,
    settings,
    scenarios: spec.scenarios.map((s, i) => ({ name: s.name, truth: truths[i] })),
    summary,
    items,
  };
}
