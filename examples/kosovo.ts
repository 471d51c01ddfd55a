/**
 * Kosovo: killings from 20 March to 22 June 1999, matched across four sources (Ball et al. 2002).
 *
 * Run: npx tsx examples/kosovo.ts        (a few seconds)
 *
 * Published (Silverman, Chan & Vincent 2024, Statistics and Computing 34:44):
 *   - Table 6, BIC: 10,357 [6,947, 18,010] (95% BCa, 1000 replicates). The reference run used
 *     MultipleSystemsEstimation's default for four lists: each replicate re-selects among the
 *     20 best models of the original data (`top: 20`).
 *   - Table 2, the 95% interval by the number of top models kept (rounded to 100):
 *     1 → [9,100, 12,000], 5 → [8,500, 17,000], 10 and 113 → [6,900, 18,000].
 * The point estimate is exact; the limits agree within Monte Carlo error only (our random streams
 * are not R's).
 */
import { estimate, estimateWithInterval } from "../src/index.js";
import { loadDataset } from "../src/datasets/index.js";
import { bootstrapOf, int, intervalsOf, pick, range, withBca } from "./_shared.js";

const data = loadDataset("Kosovo"); // lists EXH, ABA, OSCE, HRW; 4,400 killings observed
// resampling: the R packages' scheme (n fixed), since the published intervals were made with it
const common = { select: "bic" as const, seed: 1234, replicates: 1000, resampling: "nonparametric" as const };

// 1. BIC among the top 20 models, as the reference run. `nested: true` also reports the interval
//    of every nested choice "top 1", "top 2", … "top 20" from the same replicates; row 1 holds the
//    best model fixed, so the widening down the rows is the uncertainty of choosing the model.
const top20 = await estimateWithInterval(data, { ...common, top: 20, nested: true });
console.log(`BIC, top 20:   ${withBca(top20.estimate, intervalsOf(top20))}   published 10,357 [6,947, 18,010]   model ${top20.model?.name}`);
const table2: Record<number, string> = { 1: "[9,100, 12,000]", 5: "[8,500, 17,000]", 10: "[6,900, 18,000]" };
for (const row of bootstrapOf(top20)?.nested ?? []) {
  if ([1, 2, 5, 10, 20].includes(row.top)) {
    console.log(`  top ${String(row.top).padStart(2)}: ${range(pick(row.intervals)).padEnd(18)} ${table2[row.top] ? `Table 2: ${table2[row.top]}` : ""}`);
  }
}

// 2. Every one of the 113 models kept (the package default when `top` is not given).
const all = await estimateWithInterval(data, common);
console.log(`BIC, all 113:  ${withBca(all.estimate, intervalsOf(all))}   Table 2: [6,900, 18,000]`);

// The lower limits sit at a tiny adjusted BCa level (about 4e-4): each is the smallest or
// second-smallest of the 1000 replicates, so they move more between seeds than the upper limits.

// 3. For contrast, other choices of model on the same data. These are point estimates only: an
//    interval for them would have to re-run the same choice in every replicate, as above.
const order2 = estimate(data, { select: "bic", maxOrder: 2 });
console.log(`BIC, order ≤ 2: ${int(order2.estimate)}  (Table 6: 14,342)  model ${order2.model?.name}`);
console.log(`stepwise:       ${int(estimate(data, { select: "stepwise" }).estimate)}`);
console.log(`main effects:   ${int(estimate(data, { model: "main" }).estimate)}  (all four lists independent)`);
