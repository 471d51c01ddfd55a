/**
 * Every published number the examples reproduce, checked in one run, and the synthetic truth checks.
 *
 * Run: npm run examples      (or: npx tsx examples/run-all.ts; about 2–3 minutes on two cores)
 *
 * Prints one markdown table: for every published number, ours beside it, the tolerance, and whether
 * ours is within it. Exit code 1 if any check fails, 0 otherwise.
 *
 * Tolerances:
 *   - Point estimates are deterministic. The papers round them, so ours is compared with the R
 *     packages' unrounded value (tests/fixtures/reference, MultipleSystemsEstimation 1.2.0) within
 *     1e-6 relative, and must also round to the published integer.
 *   - BCa limits are Monte Carlo quantities: ours come from our random streams, the published ones
 *     from R's. Ours use 4000 replicates (seed 1234) and must lie within ±10% of the published.
 *   - A lower limit read at an adjusted BCa level α′ below 2/B is essentially the smallest bootstrap
 *     replicate, not a quantile that settles down as B grows (the minimum of 4000 replicates is
 *     systematically below the minimum of the papers' 1000). When such a limit misses ±10% the table
 *     says so and adds the like-for-like comparison of tests/uncertainty/bootstrapInterval.test.ts:
 *     the median, over seeds 11–15, of our 1000-replicate lower limits, within ±10%. That row then
 *     decides the check; the miss stays visible in the table.
 *   - Synthetic data: the true value must lie inside our 95% BCa interval (1000 replicates, seed 1234).
 */
import { readFileSync } from "node:fs";
import {
  bootstrapInterval,
  estimate,
  estimateBayesthresh,
  estimateByStratum,
  estimateDga,
  estimateTrend,
  type BootstrapIntervalOptions,
  type Interval,
} from "../src/index.js";
import { loadDataset } from "../src/datasets/index.js";
import { adjustedLevel, covers, int, pick, range, slope, truthOfRegion, truthOfYear } from "./_shared.js";

const reference = JSON.parse(readFileSync(new URL("../tests/fixtures/reference/MultipleSystemsEstimation.json", import.meta.url), "utf8"));
const R = reference.datasets;
const B = 4000;
const SEED = 1234;

interface Published {
  /** What was published, and where. */
  readonly label: string;
  readonly source: string;
  readonly dataset: string;
  readonly options: BootstrapIntervalOptions;
  /** The R package's unrounded estimate, and which run it is. */
  readonly exact: number;
  readonly exactSource: string;
  readonly estimate: number;
  /** Published 95% BCa limits (1000 replicates in the papers). */
  readonly limits?: readonly [number, number];
}

const PUBLISHED: Published[] = [
  {
    label: "UKdat_5, stepwise",
    source: "Silverman 2014; Bales, Hesketh & Silverman 2015",
    dataset: "UKdat_5",
    options: { select: "stepwise" },
    exact: R.UKdat_5.stepwise.popest,
    exactSource: "stepwise",
    estimate: 11313,
  },
  {
    label: "UKdat_5, BIC, order ≤ 4, every model",
    source: "Silverman, Chan & Vincent 2024, Table 6",
    dataset: "UKdat_5",
    options: { select: "bic", maxOrder: 4 },
    exact: R.UKdat_5.bic.popest,
    exactSource: "BIC, order ≤ 3: same model",
    estimate: 25311,
    limits: [11168, 56052],
  },
  {
    label: "Western, stepwise",
    source: "Chan, Silverman & Vincent 2021, §4.2",
    dataset: "Western",
    options: { select: "stepwise" },
    exact: R.Western.stepwise.popest,
    exactSource: "stepwise",
    estimate: 2483,
    limits: [1293, 3670],
  },
  {
    label: "NewOrl_185, stepwise",
    source: "Chan, Silverman & Vincent 2021, §4.1",
    dataset: "NewOrl_185",
    options: { select: "stepwise" },
    exact: reference.supplementary_NewOrl_185.point_NewOrl.stepwise_popest,
    exactSource: "stepwise, 185-person table",
    estimate: 1184,
    limits: [717, 1657],
  },
  {
    label: "Kosovo, BIC, top 20 models",
    source: "Silverman, Chan & Vincent 2024, Table 6",
    dataset: "Kosovo",
    options: { select: "bic", top: 20 },
    exact: R.Kosovo.bic.popest,
    exactSource: "BIC, top 20",
    estimate: 10357,
    limits: [6947, 18010],
  },
];

type Status = "yes" | "NO" | "no, explained";
const rows: string[] = [];
const statuses: Status[] = [];
const relative = (a: number, b: number): number => a / b - 1;
const percent = (x: number): string => `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}%`;
function row(check: string, source: string, published: string, ours: string, tolerance: string, status: Status, note = ""): void {
  rows.push(`| ${check} | ${source} | ${published} | ${ours} | ${tolerance} | ${status}${note ? ` ${note}` : ""} |`);
  statuses.push(status);
}
const started = performance.now();
const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(0)} s`;

// ---- Published numbers ---------------------------------------------------------------------
for (const p of PUBLISHED) {
  console.error(`[${elapsed()}] ${p.label}…`);
  const data = loadDataset(p.dataset);
  // The point estimate, by the same route as any user: estimate() with the same options.
  const point = estimate(data, p.options);
  const ours = point.estimate ?? Number.NaN;
  const rel = Math.abs(relative(ours, p.exact));
  const ok = rel <= 1e-6 && Math.round(ours) === p.estimate;
  row(
    `${p.label}: estimate`,
    p.source,
    int(p.estimate),
    ours.toFixed(4),
    `1e-6 rel. to R's ${p.exact.toFixed(4)} (MultipleSystemsEstimation, ${p.exactSource}); rounds to published`,
    ok ? "yes" : "NO",
    `(rel. ${rel.toExponential(0)})`,
  );
  if (!p.limits) continue;

  // compared with R: the R packages' scheme (n fixed)
  const boot = await bootstrapInterval(data, { ...p.options, replicates: B, seed: SEED, methods: ["bca"], resampling: "nonparametric" });
  const bca = pick(boot.intervals) as Interval;
  const z0 = boot.biasCorrection ?? Number.NaN;
  const a = boot.acceleration ?? Number.NaN;
  for (const [side, alpha, published, value] of [
    ["lower", 0.025, p.limits[0], bca.lower],
    ["upper", 0.975, p.limits[1], bca.upper],
  ] as const) {
    const level = adjustedLevel(z0, a, alpha);
    const off = relative(value, published);
    const within = Math.abs(off) <= 0.1;
    const check = `${p.label}: BCa ${side}`;
    const tolerance = `±10% (${B} replicates, seed ${SEED})`;
    // the tail beyond the limit: α′ for the lower limit, 1 − α′ for the upper
    const tail = side === "lower" ? `α′ = ${level.toExponential(1)}` : `1 − α′ = ${(1 - level).toExponential(1)}`;
    const note = `(${percent(off)}; ${tail})`;
    if (within || side === "upper" || level >= 2 / B) {
      row(check, p.source, int(published), int(value), tolerance, within ? "yes" : "NO", note);
      continue;
    }
    // An extreme lower limit that missed: compare like for like (see the header).
    const lowers: number[] = [];
    for (const seed of [11, 12, 13, 14, 15]) {
      const r = await bootstrapInterval(data, { ...p.options, replicates: 1000, seed, methods: ["bca"], resampling: "nonparametric" });
      lowers.push((pick(r.intervals) as Interval).lower);
    }
    lowers.sort((x, y) => x - y);
    const median = lowers[2];
    const offMedian = relative(median, published);
    const likeOk = Math.abs(offMedian) <= 0.1;
    row(check, p.source, int(published), int(value), tolerance, likeOk ? "no, explained" : "NO", `${note.slice(0, -1)} < 2/B: the smallest replicate; decided by the next row)`);
    row(`${check}, like for like`, p.source, int(published), int(median), "±10%, median of 1000-replicate limits, seeds 11–15", likeOk ? "yes" : "NO", `(${percent(offMedian)}; ${lowers.map(int).join(", ")})`);
  }
}

// ---- Bayesian estimates on UK 2013 (issue 11) -----------------------------------------------------
console.error(`[${elapsed()}] UKdat_5, dga and bayesthresh…`);
{
  const rPackages = JSON.parse(readFileSync(new URL("../tests/fixtures/reference/RPackages.json", import.meta.url), "utf8"));
  const dgaRef = rPackages.datasets.UKdat_5.methods.dga_bma;
  const uk = loadDataset("UKdat_5");
  // exact on a grid: every number equal (the automatic grid is the reference's, 0…96,000)
  const dga = estimateDga(uk);
  const dgaInterval = pick(dga.intervals, "posterior");
  const same = dga.estimate === dgaRef.estimate && dgaInterval?.lower === dgaRef.ci_low && dgaInterval?.upper === dgaRef.ci_high;
  row("UKdat_5, dga: median [95%]", "dga 2.0.2 (RPackages.json), grid 0…96,000", `${int(dgaRef.estimate)} ${range({ method: "posterior", level: 0.95, lower: dgaRef.ci_low, upper: dgaRef.ci_high })}`, `${int(dga.estimate)} ${range(dgaInterval)}`, "equal (exact on the grid)", same ? "yes" : "NO");
  // Monte Carlo: one run of ours against the spread of R's runs over seeds 1–5
  const seeds = JSON.parse(readFileSync(new URL("../tests/fixtures/reference/r2026/bayesthresh_seeds.json", import.meta.url), "utf8"));
  const spread = seeds.datasets.UKdat_5.across_seeds.popest;
  const bt = estimateBayesthresh(uk);
  const within = Math.abs((bt.estimate ?? Number.NaN) - spread.mean) <= 4 * spread.sd;
  row(
    "UKdat_5, bayesthresh: median",
    "MultipleSystemsEstimation 1.2.0, seeds 1–5 (bayesthresh_seeds.json)",
    `${int(spread.mean)} ± ${int(spread.sd)} (12,400 default seed)`,
    `${int(bt.estimate)} ${range(pick(bt.intervals, "posterior"))}`,
    "within 4 sds of R's runs",
    within ? "yes" : "NO",
    `(kept: ${bt.retainedInteractions.join(", ")})`,
  );
}

// ---- Synthetic data: truth inside the 95% BCa interval -----------------------------------------
console.error(`[${elapsed()}] synthetic_regions_years…`);
const synthetic = loadDataset("synthetic_regions_years");
const truthRow = (check: string, truth: number, estimateValue: number | null, ci: Interval | undefined): void =>
  row(check, "datasets/synthetic_regions_years/README.md", `truth ${int(truth)}`, `${int(estimateValue)} ${range(ci)}`, "truth inside 95% BCa (1000 replicates, seed 1234)", covers(ci, truth) ? "yes" : "NO");

const byRegion = {
  "post-stratified police:ngo": await estimateByStratum(synthetic, { by: ["region"], model: "police:ngo", seed: SEED }),
  covariate: await estimateByStratum(synthetic, {
    by: ["region"],
    covariateModel: "police:ngo + police:region + ngo:region + shelter:region + labour:region",
    seed: SEED,
  }),
};
for (const [method, r] of Object.entries(byRegion)) {
  for (const s of r.strata) truthRow(`synthetic, ${method}: ${s.stratum.region}`, truthOfRegion(s.stratum.region), s.estimate, pick(s.intervals));
  truthRow(`synthetic, ${method}: total`, truthOfRegion("north") + truthOfRegion("south"), r.total.estimate, pick(r.total.intervals));
}
const trend = await estimateTrend(synthetic, { period: "year", model: "police:ngo", seed: SEED });
for (const p of trend.periods) truthRow(`synthetic, trend: ${p.period}`, truthOfYear(p.period), p.estimate, pick(p.intervals));
for (const c of trend.changes) {
  truthRow(`synthetic, trend: change ${c.from}→${c.to}`, truthOfYear(c.to) - truthOfYear(c.from), c.difference, pick(c.intervals));
}
const years = trend.periods.map((p) => Number(p.period));
truthRow("synthetic, trend: slope per year", slope(years, years.map((y) => truthOfYear(String(y)))), trend.slope.estimate, pick(trend.slope.intervals));

// ---- The table --------------------------------------------------------------------------------
console.log("| check | source | published | ours | tolerance | within |");
console.log("|---|---|--:|--:|---|---|");
for (const line of rows) console.log(line);
const count = (s: Status): number => statuses.filter((x) => x === s).length;
console.log(
  `\n${statuses.length} checks: ${count("yes")} within tolerance, ${count("no, explained")} outside but explained (see the like-for-like row), ${count("NO")} failed. ${elapsed()}.`,
);
process.exitCode = count("NO") > 0 ? 1 : 0;
