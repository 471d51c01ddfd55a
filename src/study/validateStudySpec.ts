import { OptionError } from "../errors.js";
import { validateInteger, validateLevels } from "../_lib/validate.js";
import type { StudyIntervalMethod, StudySpec } from "./types.js";

const INTERVALS: readonly StudyIntervalMethod[] = ["bca", "percentile", "profile", "lognormal", "wald", "posterior"];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Check a study spec (as parsed from JSON) and return it typed: every problem is an
 * {@link OptionError} naming the field, e.g. "`scenarios[1].name` must be a non-blank string".
 *
 * @param value - the parsed spec.
 * @returns the spec, unchanged.
 * @throws {OptionError} naming the first field that is missing or out of range.
 * @example
 * const spec = validateStudySpec(JSON.parse(readFileSync("examples/studies/csv2021-3.4.json", "utf8")));
 * @see docs/methodology/studies.md
 */
export function validateStudySpec(value: unknown): StudySpec {
  if (!isObject(value)) throw new OptionError(`a study spec must be a JSON object; received ${JSON.stringify(value)}`);
  const name = value.name;
  if (typeof name !== "string" || name.trim() === "") throw new OptionError(`\`name\` must be a non-blank string; received ${JSON.stringify(name)}`);
  const seed = value.seed;
  if (!(typeof seed === "number" && Number.isFinite(seed)) && typeof seed !== "string") {
    throw new OptionError(`\`seed\` must be a finite number or a string; received ${JSON.stringify(seed)}`);
  }
  validateInteger("replications", value.replications as number, 1, 10_000_000);
  if (value.level !== undefined) validateLevels(value.level as number | number[]);
  const scenarios = value.scenarios;
  if (!Array.isArray(scenarios) || scenarios.length === 0) throw new OptionError("`scenarios` must be a non-empty array");
  scenarios.forEach((s: unknown, i) => {
    if (!isObject(s) || typeof s.name !== "string" || s.name.trim() === "") {
      throw new OptionError(`\`scenarios[${i}].name\` must be a non-blank string`);
    }
    const kinds = (s.simulate !== undefined ? 1 : 0) + (s.fitted !== undefined ? 1 : 0);
    if (kinds !== 1) throw new OptionError(`\`scenarios[${i}]\` must have exactly one of \`simulate\` or \`fitted\``);
    if (s.simulate !== undefined && !isObject(s.simulate)) throw new OptionError(`\`scenarios[${i}].simulate\` must be an object`);
    if (s.fitted !== undefined) {
      if (!isObject(s.fitted)) throw new OptionError(`\`scenarios[${i}].fitted\` must be an object`);
      const sources = (typeof s.fitted.dataset === "string" ? 1 : 0) + (typeof s.fitted.file === "string" ? 1 : 0);
      if (sources !== 1) throw new OptionError(`\`scenarios[${i}].fitted\` must name exactly one of \`dataset\` or \`file\``);
    }
  });
  if (new Set(scenarios.map((s: { name: string }) => s.name)).size !== scenarios.length) throw new OptionError("scenario names must be distinct");
  const methods = value.methods;
  if (!Array.isArray(methods) || methods.length === 0) throw new OptionError("`methods` must be a non-empty array");
  methods.forEach((m: unknown, i) => {
    if (!isObject(m) || typeof m.name !== "string" || m.name.trim() === "") {
      throw new OptionError(`\`methods[${i}].name\` must be a non-blank string`);
    }
    if (m.options !== undefined && !isObject(m.options)) throw new OptionError(`\`methods[${i}].options\` must be an object`);
    if (m.intervals !== undefined) {
      if (!Array.isArray(m.intervals) || m.intervals.some((x) => !INTERVALS.includes(x))) {
        throw new OptionError(`\`methods[${i}].intervals\` must list interval methods among ${INTERVALS.join(", ")}; received ${JSON.stringify(m.intervals)}`);
      }
    }
    if (m.replicates !== undefined) validateInteger(`methods[${i}].replicates`, m.replicates as number, 1, 10_000_000);
  });
  if (new Set(methods.map((m: { name: string }) => m.name)).size !== methods.length) throw new OptionError("method names must be distinct");
  return value as unknown as StudySpec;
}
