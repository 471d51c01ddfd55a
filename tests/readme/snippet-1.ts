// The README's first TypeScript block, verbatim between the markers (tests/readme/readme.test.ts).
declare const csvText: string;
// README begin
import { readCaptureCsv, estimate, estimateWithInterval } from "prevalence";

const data = readCaptureCsv(csvText); // LA,NG,PFNCA,GO,GP,count ...
const result = estimate(data, { select: "stepwise" }); // point estimate, synchronous
if (result.fitted) console.log(result.estimate, result.model.name, result.intervals);
else console.log(result.warnings);

// with a BCa interval that carries the uncertainty of choosing the model
const withCi = await estimateWithInterval(data, { select: "stepwise", seed: 1234, replicates: 1000 });
if (withCi.fitted) console.log(withCi.intervals, withCi.settings.seed);
// README end
export {};
