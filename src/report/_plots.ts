/** Private: the plots that fit a result (and its data, when given). */
import type { CaptureData } from "../types.js";
import type { TaggedResult } from "./_resultKind.js";
import type { Plot } from "./plots/_plot.js";
import { bootstrapPlot } from "./plots/bootstrapPlot.js";
import { overlapsPlot } from "./plots/overlapsPlot.js";
import { sensitivityPlot } from "./plots/sensitivityPlot.js";
import { strataPlot } from "./plots/strataPlot.js";
import { trendPlot } from "./plots/trendPlot.js";

/** Every plot that can be drawn for the result: those needing data only when `data` is given. */
export function plotsFor(tagged: TaggedResult, data: CaptureData | undefined): Plot[] {
  const plots: (Plot | null)[] = [];
  switch (tagged.kind) {
    case "estimate":
      plots.push(data ? sensitivityPlot(tagged.result, data) : null, bootstrapPlot(tagged.result));
      break;
    case "strata":
      plots.push(strataPlot(tagged.result));
      break;
    case "trend":
      plots.push(trendPlot(tagged.result));
      break;
  }
  if (data) plots.push(overlapsPlot(data));
  return plots.filter((p): p is Plot => p !== null);
}
