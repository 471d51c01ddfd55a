// The README's second TypeScript block, verbatim between the markers (tests/readme/readme.test.ts).
import type { CaptureData } from "prevalence";
declare const data: CaptureData;
// README begin
import { estimate, estimateWithInterval, compareMethods } from "prevalence";

const mt = estimate(data, { method: "closed-population", model: "Mt" });
const dga = estimate(data, { method: "dga" }); // posterior median and interval
const boot = await estimateWithInterval(data, { method: "lincoln-petersen", estimator: "chapman", seed: 1 });
const all = await compareMethods(data, { ci: "none" }); // every applicable method side by side
// README end
console.log(mt.estimate, dga.estimate, boot.intervals, all.methods.length);
