import type { CaptureData } from "../../types.js";
import type { ComponentTable } from "./_components.js";
import type { ResolvedDgaOptions } from "./_setup.js";
import type { DgaEstimate } from "./types.js";
export function runGraphMcmc(data: CaptureData, resolved: ResolvedDgaOptions, table: ComponentTable, logPrior: (x: number) => number): DgaEstimate {
  void data; void resolved; void table; void logPrior;
  throw new Error("TODO");
}
