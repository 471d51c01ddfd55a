import { OptionError } from "../../errors.js";

/**
 * How capture probabilities vary between people, as a column of the log-linear design that is a
 * function of k, the number of lists a person is on (Rivest & Baillargeon 2007):
 * - `"chao"`: Chao's lower-bound model: t − 2 columns (k − j + 1)₊, j = 3…t, whose coefficients
 *   (Rcapture's "eta" parameters) are constrained to be non-negative;
 * - `"poisson"`: θ^k − 1 (θ = 2 by default: Rcapture's "Poisson2");
 * - `"darroch"`: k²/2 (Darroch et al. 1993);
 * - `"gamma"`: −log(θ + k) + log θ (θ = 3.5 by default: Rcapture's "Gamma3.5").
 */
export type HeterogeneityForm = "chao" | "poisson" | "darroch" | "gamma";

/** A heterogeneity form with its parameter. */
export interface Heterogeneity {
  /** The form of the heterogeneity column(s). */
  readonly form: HeterogeneityForm;
  /** θ of the Poisson (default 2) and Gamma (default 3.5) forms; absent for the others. */
  readonly theta?: number;
}

/** Heterogeneity as an option: a form name (`"lb"` is Chao's) or `{ form, theta }`. */
export type HeterogeneityInput = HeterogeneityForm | "lb" | Heterogeneity;

/** Rcapture's default θ: 2 for the Poisson form, 3.5 for the Gamma form. */
export const DEFAULT_THETA: {
  /** θ of the Poisson form: 2 (h(k) = 2^k − 1). */
  readonly poisson: 2;
  /** θ of the Gamma form: 3.5 (h(k) = −log(3.5 + k) + log 3.5). */
  readonly gamma: 3.5;
} = { poisson: 2, gamma: 3.5 };

const FORMS: readonly HeterogeneityForm[] = ["chao", "poisson", "darroch", "gamma"];

/**
 * Read a heterogeneity option: a form name (`"chao"`, `"lb"`, `"poisson"`, `"darroch"`, `"gamma"`,
 * any case) or an object `{ form, theta }`, with Rcapture's default θ filled in.
 *
 * @param input - the form, or the form with θ.
 * @returns the form with θ set for the Poisson and Gamma forms.
 * @throws {OptionError} for an unknown form, or θ that is not a finite number greater than 1
 *   (Poisson) or greater than 0 (Gamma), or θ given for a form without one.
 * @example
 * parseHeterogeneity("Poisson") // { form: "poisson", theta: 2 }
 * @see docs/methodology/heterogeneity.md
 */
export function parseHeterogeneity(input: HeterogeneityForm | "lb" | string | Heterogeneity): Heterogeneity {
  const raw = typeof input === "string" ? { form: input } : input;
  if (raw === null || typeof raw !== "object" || typeof raw.form !== "string") {
    throw new OptionError(`\`heterogeneity\` must be one of chao, poisson, darroch, gamma; received ${String(input)}`);
  }
  let form = raw.form.toLowerCase();
  if (form === "lb") form = "chao";
  if (!FORMS.includes(form as HeterogeneityForm)) {
    throw new OptionError(`\`heterogeneity\` must be one of chao, poisson, darroch, gamma; received ${raw.form}`);
  }
  const theta = (raw as Heterogeneity).theta;
  if (form === "poisson" || form === "gamma") {
    const value = theta ?? DEFAULT_THETA[form];
    const ok = typeof value === "number" && Number.isFinite(value) && (form === "poisson" ? value > 1 : value > 0);
    if (!ok) {
      throw new OptionError(
        `\`theta\` of the ${form} heterogeneity must be a finite number greater than ${form === "poisson" ? 1 : 0}; received ${String(value)}`,
      );
    }
    return { form, theta: value };
  }
  if (theta !== undefined) {
    throw new OptionError(`\`theta\` applies to the poisson and gamma heterogeneity only; received theta ${String(theta)} with ${form}`);
  }
  return { form: form as HeterogeneityForm };
}

/** Rcapture's label of a heterogeneity form: `Chao (LB)`, `Poisson2`, `Darroch`, `Gamma3.5`. */
export function heterogeneityLabel(h: Heterogeneity): string {
  switch (h.form) {
    case "chao":
      return "Chao (LB)";
    case "poisson":
      return `Poisson${h.theta}`;
    case "darroch":
      return "Darroch";
    case "gamma":
      return `Gamma${h.theta}`;
  }
}

/** The value of the single heterogeneity column at k captures (not for `"chao"`). */
export function heterogeneityValue(h: Heterogeneity, k: number): number {
  switch (h.form) {
    case "poisson":
      return (h.theta as number) ** k - 1;
    case "darroch":
      return (k * k) / 2;
    case "gamma":
      return -Math.log((h.theta as number) + k) + Math.log(h.theta as number);
    case "chao":
      throw new Error("the chao form has several columns");
  }
}

/** Chao's column j (j = 3…t, Rcapture's eta_j) at k captures: (k − j + 1)₊. */
export function chaoValue(j: number, k: number): number {
  return Math.max(k - j + 1, 0);
}
