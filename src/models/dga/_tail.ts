/**
 * Where the posterior of the unobserved count puts its mass, from a coarse pass: used to choose the
 * grid (so that the mass beyond it is below a target) and to report the mass a given grid leaves out.
 *
 * Every graph's log joint posterior is evaluated exactly at the nodes 0, 1, …, 63 and then at
 * nodes 5% apart up to 100 times the largest grid end considered. Between nodes the posterior is
 * integrated as a power law through the two node values (the log posterior is smooth in log x);
 * beyond the last node, as the power law x^β_G with the graph's exact asymptotic exponent
 * β_G = Σ_l (u_l − d_l) + (prior exponent) when the prior is built in (−1 for p(N) ∝ 1/N, 0 for
 * uniform), or the last segment's slope for a user prior. The posterior under a graph is improper
 * when β_G ≥ −1: its mass beyond any grid is infinite.
 */
import { logGamma } from "../../_lib/distributions.js";
import type { GraphTerms } from "./_exact.js";

/** The coarse pass's findings. */
export interface TailProfile {
  /** Whether some graph with positive prior weight has an improper posterior under this prior. */
  readonly improper: boolean;
  /** Estimated share of the posterior mass at unobserved counts > x (Infinity when improper). */
  massAbove(x: number): number;
  /** Estimated share of the posterior mass at unobserved counts < x. */
  massBelow(x: number): number;
  /** Smallest grid end whose mass above is below `target` (not rounded; may exceed `cap`), or Infinity. */
  endFor(target: number, cap: number): number;
  /** Estimated posterior median of the unobserved count (a rough value). */
  median(): number;
  /** Estimated log of the joint posterior mass (unnormalised, all graphs) at unobserved counts from … to. */
  logMassBetween(from: number, to: number): number;
}

/** Inputs of {@link tailProfile}. */
export interface TailInputs {
  readonly graphs: readonly GraphTerms[];
  /** log p(n + x) for an unobserved count x ≥ 0 (the prior of N, up to a constant). */
  readonly logPrior: (x: number) => number;
  /** Asymptotic exponent of the prior (−1 for 1/N, 0 for uniform); null for a user prior. */
  readonly priorExponent: number | null;
  /** The largest grid end that may be asked about. */
  readonly horizon: number;
}

const INTEGER_NODES = 64;
const RATIO = 1.05;

/** Build the coarse profile. Cost: about 64 + 20·ln(100·horizon/64) node evaluations per graph. */
export function tailProfile(inputs: TailInputs): TailProfile {
  const { graphs, logPrior, priorExponent } = inputs;
  const far = Math.max(INTEGER_NODES * 2, 100 * inputs.horizon);
  const nodeList: number[] = [];
  for (let x = 0; x < INTEGER_NODES; x++) nodeList.push(x);
  for (let x = INTEGER_NODES; x < far; x = Math.ceil(x * RATIO)) nodeList.push(x);
  nodeList.push(far);
  const nodes = Float64Array.from(nodeList);
  const k = nodes.length;
  const prior = new Float64Array(k);
  for (let j = 0; j < k; j++) prior[j] = logPrior(nodes[j]);

  const logGammaCache = new Map<number, Float64Array>();
  const logGammaAt = (offset: number): Float64Array => {
    let v = logGammaCache.get(offset);
    if (v === undefined) {
      v = new Float64Array(k);
      for (let j = 0; j < k; j++) v[j] = logGamma(offset + nodes[j]);
      logGammaCache.set(offset, v);
    }
    return v;
  };

  // per graph: node log values; then per segment masses on a common scale
  const values: Float64Array[] = [];
  const exponents: number[] = [];
  let reference = -Infinity;
  let improper = false;
  for (const g of graphs) {
    const f = new Float64Array(k).fill(g.constant);
    for (let l = 0; l < g.numerator.length; l++) {
      const up = logGammaAt(g.numerator[l]);
      const down = logGammaAt(g.denominator[l]);
      for (let j = 0; j < k; j++) f[j] += up[j] - down[j];
    }
    for (let j = 0; j < k; j++) {
      f[j] += prior[j];
      if (f[j] > reference) reference = f[j];
    }
    values.push(f);
    let beta: number;
    if (priorExponent !== null) {
      beta = priorExponent;
      for (let l = 0; l < g.numerator.length; l++) beta += g.numerator[l] - g.denominator[l];
    } else {
      beta = (f[k - 1] - f[k - 2]) / Math.log(nodes[k - 1] / nodes[k - 2]);
    }
    exponents.push(beta);
    if (g.constant > -Infinity && beta >= -1) improper = true;
  }

  // segment masses summed over graphs: seg[j] = mass on [nodes[j], nodes[j+1]) (integers below 64:
  // the point nodes[j] itself); beyond = mass above the last node
  const seg = new Float64Array(k);
  let beyond = 0;
  const pieces: { f: Float64Array; beta: number }[] = [];
  // log(b/a) of each geometric segment, and each node's value e^(f − reference) (0 below e^-60)
  const logRatio = new Float64Array(k);
  for (let j = 0; j + 1 < k; j++) logRatio[j] = nodes[j] > 0 ? Math.log(nodes[j + 1] / nodes[j]) : 0;
  const w = new Float64Array(k);
  for (let g = 0; g < graphs.length; g++) {
    const f = values[g];
    for (let j = 0; j < k; j++) {
      const v = f[j] - reference;
      w[j] = v < -60 ? 0 : Math.exp(v);
    }
    for (let j = 0; j < k - 1; j++) {
      if (w[j] === 0 && w[j + 1] === 0) continue;
      const a = nodes[j];
      const b = nodes[j + 1];
      if (b - a <= 1) {
        seg[j] += w[j];
      } else if (a <= 0 || w[j] === 0 || w[j + 1] === 0) {
        seg[j] += ((w[j] + w[j + 1]) / 2) * (b - a);
      } else {
        // the power law through both nodes integrates to (w_b·b − w_a·a)/(β + 1)
        const e = (f[j + 1] - f[j]) / logRatio[j] + 1;
        seg[j] += Math.abs(e) < 1e-6 ? ((w[j] * a + w[j + 1] * b) / 2) * logRatio[j] : (w[j + 1] * b - w[j] * a) / e;
      }
    }
    const beta = exponents[g];
    const last = Math.exp(f[k - 1] - reference);
    if (last > 0) beyond += beta < -1 ? (last * nodes[k - 1]) / (-beta - 1) : Infinity;
    pieces.push({ f, beta });
  }
  let total = beyond;
  for (let j = 0; j < k; j++) total += seg[j];
  // cumulative mass from the far end: above[j] = mass at x ≥ nodes[j]
  const above = new Float64Array(k);
  let running = beyond;
  for (let j = k - 1; j >= 0; j--) {
    running += j < k - 1 ? seg[j] : 0;
    above[j] = running;
  }

  /** Mass at x ≥ t (t ≥ 0). */
  const massFrom = (t: number): number => {
    if (t <= 0) return total;
    if (t >= nodes[k - 1]) {
      // power tails beyond the last node
      let m = 0;
      for (const { f, beta } of pieces) {
        const last = Math.exp(f[k - 1] - reference);
        if (last === 0) continue;
        if (beta >= -1) return Infinity;
        m += (last * t * (t / nodes[k - 1]) ** beta) / (-beta - 1);
      }
      return m;
    }
    let j = 0;
    let hi = k - 1;
    while (hi - j > 1) {
      const mid = (j + hi) >> 1;
      if (nodes[mid] <= t) j = mid;
      else hi = mid;
    }
    if (t === nodes[j]) return above[j];
    // part of segment j from t to nodes[j+1]
    let part = 0;
    for (const { f } of pieces) {
      if (f[j] - reference < -60 && f[j + 1] - reference < -60) continue;
      part += segmentMass(t, nodes[j + 1], interpolate(nodes, f, j, t) - reference, f[j + 1] - reference);
    }
    return above[j + 1] + part;
  };

  return {
    improper,
    median() {
      let lo = 0;
      let hi = nodes[k - 1];
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (massFrom(mid) > total / 2) lo = mid;
        else hi = mid;
      }
      return lo;
    },
    logMassBetween(from, to) {
      const inside = massFrom(from) - (Number.isFinite(massFrom(to + 1)) ? massFrom(to + 1) : 0);
      return reference + Math.log(Math.max(inside, Number.MIN_VALUE));
    },
    massAbove(x) {
      if (improper) return Infinity;
      return massFrom(Math.floor(x) + 1) / total;
    },
    massBelow(x) {
      if (improper || x <= 0) return 0;
      return (total - massFrom(Math.ceil(x))) / total;
    },
    endFor(target, cap) {
      if (improper) return Infinity;
      if (massFrom(cap + 1) / total >= target) {
        // beyond the cap: find where it would end, for the message
        let lo = cap;
        let hi = cap * 2;
        while (massFrom(hi + 1) / total >= target && hi < nodes[k - 1] * 1e6) hi *= 2;
        if (massFrom(hi + 1) / total >= target) return Infinity;
        while (hi - lo > Math.max(1, lo * 1e-3)) {
          const mid = Math.floor((lo + hi) / 2);
          if (massFrom(mid + 1) / total >= target) lo = mid;
          else hi = mid;
        }
        return hi;
      }
      let lo = -1;
      let hi = cap;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (massFrom(mid + 1) / total >= target) lo = mid;
        else hi = mid;
      }
      return hi;
    },
  };
}

/** Log value at t inside segment j, interpolated linearly in log x (linearly in x below 64). */
function interpolate(nodes: Float64Array, f: Float64Array, j: number, t: number): number {
  const a = nodes[j];
  const b = nodes[j + 1];
  if (a <= 0 || b - a <= 1) return f[j];
  const s = Math.log(t / a) / Math.log(b / a);
  return f[j] + s * (f[j + 1] - f[j]);
}

/**
 * Mass of the integers in [a, b): the value at a when b = a + 1, else the integral of the power law
 * through (a, e^{fa}) and (b, e^{fb}).
 */
function segmentMass(a: number, b: number, fa: number, fb: number): number {
  if (b - a <= 1 && Number.isInteger(a)) return Math.exp(fa);
  const wa = Math.exp(fa);
  if (a <= 0 || fa === -Infinity || fb === -Infinity) return ((wa + Math.exp(fb)) / 2) * (b - a);
  const logRatio = Math.log(b / a);
  const beta = (fb - fa) / logRatio;
  const e = beta + 1;
  if (Math.abs(e * logRatio) < 1e-8) return wa * a * logRatio;
  return (wa * a * Math.expm1(e * logRatio)) / e;
}
