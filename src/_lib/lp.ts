/**
 * The linear programme of Fienberg & Rinaldo (2012) for the existence of the extended MLE, behind
 * an internal interface so the solver can be swapped. Solved with YALPS, a small pure-JavaScript
 * simplex solver that runs in Node and browsers alike.
 */
import { solve, type Coefficients, type Constraint } from "yalps";

/**
 * maximise s subject to Σ_{cells h ⊇ θ} x_h = margin_θ for every parameter θ, x_h ≥ s for every
 * cell, x ≥ 0, s ≥ 0. `cells` and `parameters` are bit masks; `margins[i]` is the observed
 * sufficient statistic of `parameters[i]`. Returns the optimum s (0 when the margins lie on the
 * boundary of the marginal cone, so that no strictly positive table shares them). YALPS rounds the
 * optimum to its precision, 1e-8.
 */
export function existenceLinearProgram(
  cells: readonly number[],
  parameters: readonly number[],
  margins: readonly number[],
): number {
  const constraints = new Map<string, Constraint>();
  parameters.forEach((theta, i) => constraints.set(`m${theta}`, { equal: margins[i] }));
  for (const h of cells) constraints.set(`c${h}`, { min: 0 });
  const variables = new Map<string, Coefficients>();
  for (const h of cells) {
    const coefficients = new Map<string, number>();
    for (const theta of parameters) if ((theta & h) === theta) coefficients.set(`m${theta}`, 1);
    coefficients.set(`c${h}`, 1);
    variables.set(`x${h}`, coefficients);
  }
  const sCoefficients = new Map<string, number>([["s", 1]]);
  for (const h of cells) sCoefficients.set(`c${h}`, -1);
  variables.set("s", sCoefficients);
  const solution = solve({ direction: "maximize", objective: "s", constraints, variables }, { checkCycles: true });
  // The programme is always feasible (the observed table with s = 0) and bounded (s ≤ the smallest
  // margin), so anything but "optimal" is a solver failure, never a statement about the data.
  if (solution.status !== "optimal") {
    throw new Error(`internal error: the existence linear programme ended with status "${solution.status}"`);
  }
  // the optimum is never negative (s ≥ 0); this also turns the solver's −0 into 0
  return Math.max(0, solution.result);
}
