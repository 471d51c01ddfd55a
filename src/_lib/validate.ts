/** Option validation shared by the public functions. */
import { OptionError } from "../errors.js";

/** Normalise `level` (one number or several) and check each is strictly between 0 and 1. */
export function validateLevels(level: number | readonly number[] | undefined, fallback = 0.95): number[] {
  const levels = level === undefined ? [fallback] : typeof level === "number" ? [level] : [...level];
  if (levels.length === 0) throw new OptionError("`level` must hold at least one value; received an empty array");
  for (const l of levels) {
    if (typeof l !== "number" || !(l > 0 && l < 1)) {
      throw new OptionError(`\`level\` must be strictly between 0 and 1; received ${String(l)}`);
    }
  }
  return levels;
}

/** Check that `value` is an integer in [min, max]. */
export function validateInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    throw new OptionError(`\`${name}\` must be an integer ${range}; received ${String(value)}`);
  }
  return value;
}
