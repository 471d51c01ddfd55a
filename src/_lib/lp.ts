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
  return existenceLinearProgramDense(cells, parameters, (h, theta) => (theta & h) === theta, margins);
}

/**
 * The same programme for an explicit 0/1 design: `rows` are the kept cells, `columns` the kept
 * parameters, `entry(r, j)` tells whether cell r loads on parameter j, `margins[i]` is the observed
 * sufficient statistic of `columns[i]`.
 */
export function existenceLinearProgramDense(
  rows: readonly number[],
  columns: readonly number[],
  entry: (row: number, column: number) => boolean,
  margins: readonly number[],
): number {
  const constraints = new Map<string, Constraint>();
  columns.forEach((j, i) => constraints.set(`m${j}`, { equal: margins[i] }));
  for (const r of rows) constraints.set(`c${r}`, { min: 0 });
  const variables = new Map<string, Coefficients>();
  for (const r of rows) {
    const coefficients = new Map<string, number>();
    for (const j of columns) if (entry(r, j)) coefficients.set(`m${j}`, 1);
    coefficients.set(`c${r}`, 1);
    variables.set(`x${r}`, coefficients);
  }
  const sCoefficients = new Map<string, number>([["s", 1]]);
  for (const r of rows) sCoefficients.set(`c${r}`, -1);
  variables.set("s", sCoefficients);
  const solution = solve({ direction: "maximize", objective: "s", constraints, variables }, { checkCycles: true });
  if (solution.status !== "optimal") {
    throw new Error(`internal error: the existence linear programme ended with status "${solution.status}"`);
  }
  return Math.max(0, solution.result);
}
