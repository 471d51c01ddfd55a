/** Private: the plots that fit a result (and its data, when given). */
import type { CaptureData } from "../types.js";
import type { ReportResult } from "./_resultKind.js";
import type { Plot } from "./plots/_plot.js";
import { bootstrapPlot } from "./plots/bootstrapPlot.js";
import { overlapsPlot } from "./plots/overlapsPlot.js";
import { sensitivityPlot } from "./plots/sensitivityPlot.js";
import { strataPlot } from "./plots/strataPlot.js";
import { trendPlot } from "./plots/trendPlot.js";
import { lcmcrPosteriorPlot, lcmcrTracePlot } from "./plots/lcmcrPlots.js";
import { reviewPlots } from "./_reviewDocuments.js";
import { dgaModelsPlot, dgaPosteriorPlot, thresholdsPlot } from "./plots/posteriorPlots.js";

/** Every plot that can be drawn for the result (the overlaps only when `data` is given). */
export function plotsFor(result: ReportResult, data: CaptureData | undefined): Plot[] {
  const plots: (Plot | null)[] = [];
  switch (result.kind) {
    case "estimate":
      plots.push(sensitivityPlot(result), bootstrapPlot(result), lcmcrTracePlot(result), lcmcrPosteriorPlot(result), dgaPosteriorPlot(result), dgaModelsPlot(result), thresholdsPlot(result));
      break;
    case "strata":
      plots.push(strataPlot(result));
      break;
    case "trend":
      plots.push(trendPlot(result));
      break;
    default:
      plots.push(...reviewPlots(result));
  }
  if (data) plots.push(overlapsPlot(data));
  return plots.filter((p): p is Plot => p !== null);
}
