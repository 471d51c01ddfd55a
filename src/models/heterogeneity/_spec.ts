/** Reading a closed-population model option: Rcapture's names or a hierarchical log-linear model. */
import { OptionError } from "../../errors.js";
import { describeModel, parseModel, type ModelInput } from "../loglinear/modelSpec.js";
import { parseHeterogeneity, type HeterogeneityInput } from "./heterogeneityColumn.js";
import type { ModelSpec } from "./_core.js";
import type { ClosedModelName } from "./types.js";

const NAMES: readonly ClosedModelName[] = ["M0", "Mt", "Mh", "Mth", "Mb", "Mbh"];

/** Whether a model option is one of Rcapture's names (`M0`, `Mt`, `Mh`, `Mth`, `Mb`, `Mbh`; any case). */
export function closedModelName(model: unknown): ClosedModelName | null {
  if (typeof model !== "string") return null;
  const found = NAMES.find((m) => m.toLowerCase() === model.trim().toLowerCase());
  return found ?? null;
}

export type { HeterogeneityInput };

/**
 * The spec of a model named by Rcapture or given as a log-linear model, with an optional
 * heterogeneity. `Mh`/`Mth` without heterogeneity take Chao's lower bound (Rcapture's default).
 */
export function resolveSpec(
  model: ClosedModelName | ModelInput,
  heterogeneity: HeterogeneityInput | undefined,
  lists: readonly string[] | null,
): ModelSpec {
  const h = heterogeneity === undefined ? null : parseHeterogeneity(heterogeneity);
  const name = closedModelName(model);
  if (name !== null) {
    switch (name) {
      case "M0":
      case "Mh":
        return { base: { kind: "M0" }, heterogeneity: name === "Mh" ? (h ?? { form: "chao" }) : h };
      case "Mt":
      case "Mth":
        return { base: { kind: "Mt" }, heterogeneity: name === "Mth" ? (h ?? { form: "chao" }) : h };
      case "Mb":
      case "Mbh":
        if (h !== null) {
          throw new OptionError(`\`heterogeneity\` does not apply to ${name} (a behavioural model); received ${h.form}`);
        }
        return { base: { kind: name }, heterogeneity: null };
    }
  }
  if (lists === null) {
    throw new OptionError(
      `\`model\` must be M0 or Mh for counts by number of captures (no list effects can be fitted); received ${String(model)}`,
    );
  }
  const parsed = parseModel(model as ModelInput, lists);
  const description = describeModel(parsed);
  return { base: { kind: "loglinear", parameters: parsed.parameters, hierarchy: description.hierarchy }, heterogeneity: h };
}
