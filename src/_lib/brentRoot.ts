/**
 * Root of f on [a, b], where f(a) and f(b) have opposite signs, by Brent's method (Brent 1973,
 * *Algorithms for Minimization without Derivatives*, ch. 4): inverse quadratic interpolation or
 * secant steps, falling back to bisection whenever they would not shrink the bracket fast enough.
 * Converges to 1e-11 relative in the argument.
 */
export function brentRoot(f: (x: number) => number, a: number, b: number, fa: number, fb: number): number {
  if (fa === 0) return a;
  if (fb === 0) return b;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iteration = 0; iteration < 200; iteration++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolerance = 2 * Number.EPSILON * Math.abs(b) + 0.5e-11 * Math.abs(b);
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tolerance || fb === 0) return b;
    if (Math.abs(e) >= tolerance && Math.abs(fa) > Math.abs(fb)) {
      // inverse quadratic interpolation, or the secant step when only two points differ
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const r = fb / fc;
        const t = fa / fc;
        p = s * (2 * m * t * (t - r) - (b - a) * (r - 1));
        q = (t - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tolerance * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tolerance ? d : m > 0 ? tolerance : -tolerance;
    fb = f(b);
  }
  return b;
}

/** A bracket [a, b] with f(a) and f(b) of opposite signs, and those values. */
export type Bracket = [a: number, b: number, fa: number, fb: number];

/**
 * Find a sign change of f below `from` (where f > 0 is assumed for an interval limit, or f < 0 is
 * given for the slope), halving the distance to n each time; the last try is n itself. Returns
 * null when f keeps the sign of f(from) down to n.
 */
export function bracketDown(f: (N: number) => number, n: number, from: number, fromValue = f(from)): Bracket | null {
  const sign = Math.sign(fromValue);
  let hi = from;
  let fhi = fromValue;
  const gap = from - n;
  for (let k = 1; gap / 2 ** k > 1e-12 * from; k++) {
    const x = n + gap / 2 ** k;
    const fx = f(x);
    if (Math.sign(fx) !== sign) return [x, hi, fx, fhi];
    hi = x;
    fhi = fx;
  }
  const fn = f(n);
  return Math.sign(fn) !== sign ? [n, hi, fn, fhi] : null;
}

/**
 * Find a sign change of f above `from`, doubling the unobserved count each time up to `cap`.
 * Returns null when f keeps the sign of f(from) up to the cap.
 */
export function bracketUp(f: (N: number) => number, n: number, from: number, cap: number, fromValue = f(from)): Bracket | null {
  const sign = Math.sign(fromValue);
  let lo = from;
  let flo = fromValue;
  let gap = Math.max(from - n, 1);
  while (lo < cap) {
    gap *= 2;
    const x = Math.min(n + gap, cap);
    const fx = f(x);
    if (Math.sign(fx) !== sign) return [lo, x, flo, fx];
    lo = x;
    flo = fx;
  }
  return null;
}
