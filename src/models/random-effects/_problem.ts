/**
 * The layout of a random-effects log-linear model: the observable cells of every stratum, the fixed
 * design (shared by every stratum: a hierarchical log-linear model over the lists), and the random
 * effects, grouped into independent blocks (one per stratum for exchangeable strata; one block
 * holding every period for a random walk).
 *
 * Cell (s, h) — stratum s, capture history h = 1 … 2^t − 1 — is y[s·m + h − 1] with m = 2^t − 1.
 * Its linear predictor is η = x_h·β + Σ_l θ_{k(l)}·P_{(s,h),l}·u_l, with u ~ N(0, I): the spherical
 * random effects of lme4 (Bates, Mächler, Bolker & Walker 2015), θ the standard deviations, P the
 * 0/1 pattern of which random effects a cell loads on and k(l) the variance component of u_l.
 */
import { checkExistenceCore } from "../../_lib/existence.js";
import { prepareCounts } from "../../_lib/prepared.js";
import type { CheckStatus } from "../../types.js";
import { termName, type LoglinearModel } from "../loglinear/modelSpec.js";
import { popcount } from "../../_lib/bits.js";

/**
 * Which random effects: a stratum intercept (`"intercept"`); the intercept and every list's main
 * effect, independent (`"lists"`); or those and a reach shared by every list (`"reach"`: a random
 * effect times the number of lists a history is on, which lets the lists' effects in a stratum
 * move together, as when a region's agencies all reach further).
 */
export type RandomEffectsTerms = "intercept" | "lists" | "reach";

/** How the strata's intercepts are related: exchangeable, or a random walk over ordered periods. */
export type RandomEffectsStructure = "independent" | "random-walk";

/** A group of random effects independent of every other group: its cells and its pattern. */
export interface RandomEffectsBlock {
  /** Global cell index (s·m + h − 1) of each of its cells, kept cells only. */
  readonly rows: Int32Array;
  /** History − 1 of each row (its row of the fixed design). */
  readonly history: Int32Array;
  /** Number of random effects in the block. */
  readonly q: number;
  /** rows × q pattern, row-major. */
  readonly pattern: Float64Array;
  /** Variance component of each random effect. */
  readonly component: Int32Array;
  /** Strata whose unobserved cell lies in this block. */
  readonly strata: Int32Array;
  /** strata × q: the pattern of each of those strata's unobserved cell. */
  readonly unobservedPattern: Float64Array;
}

/** A variance component: the random intercept, the shared reach, or a list's random main effect. */
export interface RandomEffectsComponent {
  /** `"(Intercept)"`, `"(Reach)"` or the list name. */
  readonly name: string;
  /** The list (bit index) for a list effect; −1 for the intercept, −2 for the shared reach. */
  readonly list: number;
}

/** How much a cell with history h loads on a component: 1 (intercept), the number of lists (reach), or 0/1 (a list). */
export function loading(component: RandomEffectsComponent, h: number): number {
  if (component.list === -1) return 1;
  if (component.list === -2) return popcount(h);
  return (h >> component.list) & 1;
}

export interface RandomEffectsProblem {
  readonly lists: readonly string[];
  readonly nLists: number;
  /** Cells per stratum, 2^t − 1. */
  readonly m: number;
  readonly strata: readonly Readonly<Record<string, string>>[];
  /** Observed counts, strata × m. */
  readonly counts: Float64Array;
  /** People observed per stratum. */
  readonly observed: Float64Array;
  /** The fixed model (hierarchical closure over the lists). */
  readonly model: LoglinearModel;
  /** Fixed parameters that are estimated (masks), intercept first; boundary terms excluded. */
  readonly fixed: readonly number[];
  /** Their names, e.g. `"(Intercept)"`, `"A"`, `"A:B"`. */
  readonly fixedNames: readonly string[];
  /** Terms with no one on all their lists in any stratum: extended MLE −∞, removed with their cells. */
  readonly boundary: readonly number[];
  /** m × p fixed design (1 when the history contains the term). */
  readonly x: Float64Array;
  /** Whether cell h − 1 is kept (not covered by a boundary term). */
  readonly keptCell: Uint8Array;
  readonly components: readonly RandomEffectsComponent[];
  readonly structure: RandomEffectsStructure;
  readonly blocks: readonly RandomEffectsBlock[];
  /** Block and position within the block of each stratum's unobserved cell. */
  readonly stratumBlock: Int32Array;
  readonly stratumSlot: Int32Array;
  /** Total random effects. */
  readonly randomCount: number;
  /** Existence/identifiability of the fixed model on the table pooled over strata. */
  readonly pooledStatus: CheckStatus;
}

/**
 * Lay out the problem. `strata` are the strata in order (a random walk follows this order) with
 * their counts indexed by history − 1.
 */
export function buildProblem(
  lists: readonly string[],
  strata: readonly { readonly stratum: Readonly<Record<string, string>>; readonly counts: readonly number[] }[],
  model: LoglinearModel,
  terms: RandomEffectsTerms,
  structure: RandomEffectsStructure,
): RandomEffectsProblem {
  const t = lists.length;
  const m = (1 << t) - 1;
  const S = strata.length;
  const counts = new Float64Array(S * m);
  const observed = new Float64Array(S);
  const pooled = new Array<number>(m).fill(0);
  strata.forEach((s, i) => {
    for (let h = 0; h < m; h++) {
      counts[i * m + h] = s.counts[h];
      observed[i] += s.counts[h];
      pooled[h] += s.counts[h];
    }
  });
  // Existence and boundary terms on the pooled table: the fixed effects' sufficient statistics are
  // the pooled margins, so a term nobody is on in any stratum takes −∞ (extended MLE).
  const check = checkExistenceCore(prepareCounts(pooled, t), model.parameters);
  const boundary = [...check.boundary];
  const fixed = model.parameters.filter((mask) => !boundary.includes(mask));
  const p = fixed.length;
  const keptCell = new Uint8Array(m);
  for (let h = 1; h <= m; h++) keptCell[h - 1] = boundary.some((b) => (b & h) === b) ? 0 : 1;
  const x = new Float64Array(m * p);
  for (let h = 1; h <= m; h++) fixed.forEach((mask, j) => (x[(h - 1) * p + j] = (mask & h) === mask ? 1 : 0));

  const components: RandomEffectsComponent[] = [{ name: "(Intercept)", list: -1 }];
  if (terms === "reach") components.push({ name: "(Reach)", list: -2 });
  if (terms === "lists" || terms === "reach") {
    for (let j = 0; j < t; j++) {
      // a list nobody is on anywhere has no main effect to vary
      if (!boundary.includes(1 << j)) components.push({ name: lists[j], list: j });
    }
  }
  const keptHistories: number[] = [];
  for (let h = 1; h <= m; h++) if (keptCell[h - 1]) keptHistories.push(h);

  const blocks: RandomEffectsBlock[] = [];
  const stratumBlock = new Int32Array(S);
  const stratumSlot = new Int32Array(S);
  const K = components.length;
  if (structure === "independent" || S === 1) {
    // one block per stratum; random effect l is component l
    const q = K;
    const pattern = new Float64Array(keptHistories.length * q);
    keptHistories.forEach((h, i) => {
      components.forEach((c, l) => (pattern[i * q + l] = loading(c, h)));
    });
    const component = Int32Array.from(components, (_, l) => l);
    const unobservedPattern = new Float64Array(q);
    unobservedPattern[0] = 1;
    for (let s = 0; s < S; s++) {
      blocks.push({
        rows: Int32Array.from(keptHistories, (h) => s * m + h - 1),
        history: Int32Array.from(keptHistories, (h) => h - 1),
        q,
        pattern,
        component,
        strata: Int32Array.of(s),
        unobservedPattern,
      });
      stratumBlock[s] = s;
      stratumSlot[s] = 0;
    }
  } else {
    // one block: intercept increments u_1 … u_{S−1} (period s carries θ_0·Σ_{r ≤ s} u_r, period 0
    // sits at the fixed intercept), then each period's list effects
    const listComponents = components.slice(1);
    const q = S - 1 + S * listComponents.length;
    const rowsPerStratum = keptHistories.length;
    const pattern = new Float64Array(S * rowsPerStratum * q);
    const component = new Int32Array(q);
    for (let r = 0; r < S - 1; r++) component[r] = 0;
    for (let s = 0; s < S; s++) listComponents.forEach((_, c) => (component[S - 1 + s * listComponents.length + c] = c + 1));
    const rows: number[] = [];
    const history: number[] = [];
    const unobservedPattern = new Float64Array(S * q);
    for (let s = 0; s < S; s++) {
      keptHistories.forEach((h, i) => {
        const row = s * rowsPerStratum + i;
        rows.push(s * m + h - 1);
        history.push(h - 1);
        for (let r = 0; r < s; r++) pattern[row * q + r] = 1;
        listComponents.forEach((c, j) => (pattern[row * q + S - 1 + s * listComponents.length + j] = loading(c, h)));
      });
      for (let r = 0; r < s; r++) unobservedPattern[s * q + r] = 1;
      stratumBlock[s] = 0;
      stratumSlot[s] = s;
    }
    blocks.push({
      rows: Int32Array.from(rows),
      history: Int32Array.from(history),
      q,
      pattern,
      component,
      strata: Int32Array.from({ length: S }, (_, s) => s),
      unobservedPattern,
    });
  }
  return {
    lists,
    nLists: t,
    m,
    strata: strata.map((s) => s.stratum),
    counts,
    observed,
    model,
    fixed,
    fixedNames: fixed.map((mask) => termName(mask, lists)),
    boundary,
    x,
    keptCell,
    components,
    structure: structure === "random-walk" && S > 1 ? "random-walk" : "independent",
    blocks,
    stratumBlock,
    stratumSlot,
    randomCount: blocks.reduce((a, b) => a + b.q, 0),
    pooledStatus: check.status,
  };
}

/** The lme4 formula of the model, e.g. `count ~ A + B + A:B + (1 | region) + (0 + A | region)`. */
export function lme4Formula(problem: RandomEffectsProblem, group: string): string {
  const fixed = problem.model.parameters.filter((mask) => mask !== 0).map((mask) => termName(mask, problem.lists));
  const reach = `I(${problem.lists.join(" + ")})`;
  const random = problem.components.map((c) =>
    c.list === -1 ? `(1 | ${group})` : c.list === -2 ? `(0 + ${reach} | ${group})` : `(0 + ${c.name} | ${group})`,
  );
  return `count ~ ${[...(fixed.length > 0 ? fixed : ["1"]), ...random].join(" + ")}`;
}
