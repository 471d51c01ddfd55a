/**
 * The marginal tables ("components") of a 2^t capture table under a hyper-Dirichlet prior, as they
 * enter the marginal likelihood of a decomposable graphical model (Madigan & York 1997, §2–3).
 *
 * With prior counts δ_h on the cells h of the complete table (the unobserved cell h = 0 included) and
 * A = Σ_h δ_h, the marginal table of a set of lists X has prior counts α_X(c) = Σ_{h : h∩X = c} δ_h on
 * its cells c ⊆ X. Its Dirichlet–multinomial marginal likelihood, for a complete table of total N, is
 *
 *   log ML_X(N₀) = log Γ(A) − log Γ(A + N) + Σ_c [log Γ(α_X(c) + y_X(c)) − log Γ(α_X(c))],
 *
 * where y_X(c) are the marginal counts; only the cell c = ∅ depends on the unobserved count N₀:
 * y_X(∅) = m_X + N₀, with m_X the number observed on none of the lists in X. So
 *
 *   log ML_X(N₀) = constant_X + log Γ(a_X + N₀) − log Γ(A + n + N₀),   a_X = α_X(∅) + m_X.
 *
 * The empty set's table has one cell and likelihood 1.
 */
import { logGamma } from "../../_lib/distributions.js";
import { popcount } from "../../_lib/bits.js";

/** Per-component quantities, computed on demand and cached. */
export interface ComponentTable {
  readonly nLists: number;
  /** Number observed, n. */
  readonly observed: number;
  /** Total prior count A = Σ δ_h. */
  readonly priorTotal: number;
  /** a_X = α_X(∅) + m_X: the offset of the component's N₀-dependent gamma function. */
  offset(component: number): number;
  /** constant_X of the component's log marginal likelihood (see the file comment). */
  constant(component: number): number;
}

/**
 * Build the component table of observed counts `y` (indexed by history, y[0] ignored) under prior
 * counts `delta`: one number for every cell, or one per cell indexed by history (δ_0 the unobserved
 * cell's).
 */
export function componentTable(y: ArrayLike<number>, nLists: number, delta: number | ArrayLike<number>): ComponentTable {
  const size = 2 ** nLists;
  let observed = 0;
  for (let h = 1; h < size; h++) observed += y[h];
  const cellDelta = (h: number): number => (typeof delta === "number" ? delta : delta[h]);
  let priorTotal = 0;
  if (typeof delta === "number") priorTotal = delta * size;
  else for (let h = 0; h < size; h++) priorTotal += delta[h];
  const logGammaTotal = logGamma(priorTotal);

  const offsets = new Map<number, number>();
  const constants = new Map<number, number>();
  const compute = (x: number): void => {
    const k = popcount(x);
    // marginal counts and prior counts over the 2^k cells c ⊆ X, stored at index c (sparse over masks)
    const counts = new Map<number, number>();
    const priors = new Map<number, number>();
    if (typeof delta === "number") {
      const alpha = delta * 2 ** (nLists - k);
      for (let h = 1; h < size; h++) {
        const c = h & x;
        counts.set(c, (counts.get(c) ?? 0) + y[h]);
      }
      let constant = logGammaTotal - logGamma(alpha);
      const logGammaAlpha = logGamma(alpha);
      for (const [c, count] of counts) {
        if (c !== 0 && count > 0) constant += logGamma(alpha + count) - logGammaAlpha;
      }
      offsets.set(x, alpha + (counts.get(0) ?? 0));
      constants.set(x, constant);
      return;
    }
    for (let h = 0; h < size; h++) {
      const c = h & x;
      priors.set(c, (priors.get(c) ?? 0) + cellDelta(h));
      if (h !== 0) counts.set(c, (counts.get(c) ?? 0) + y[h]);
    }
    const alphaEmpty = priors.get(0) ?? 0;
    let constant = logGammaTotal - logGamma(alphaEmpty);
    for (const [c, alpha] of priors) {
      const count = counts.get(c) ?? 0;
      if (c !== 0 && count > 0) constant += logGamma(alpha + count) - logGamma(alpha);
    }
    offsets.set(x, alphaEmpty + (counts.get(0) ?? 0));
    constants.set(x, constant);
  };
  return {
    nLists,
    observed,
    priorTotal,
    offset(x) {
      if (!offsets.has(x)) compute(x);
      return offsets.get(x) as number;
    },
    constant(x) {
      if (!constants.has(x)) compute(x);
      return constants.get(x) as number;
    },
  };
}
