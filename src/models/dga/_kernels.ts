/**
 * The inner loop of the exact posterior (see `_exact.ts`): from W(x₀) = w, add
 * c(x) = W(x)·scale(x) into `out[x − from]` for x = x₀ … x₁ − 1 with W(x + 1) = W(x)·Π_l (u_l + x)/(d_l + x),
 * and return Σ c(x). One copy per number of factors (1 to 8), written out so that the offsets stay
 * in registers: this loop is where the time goes (about four times faster than a loop over the
 * factors). Written by scripts/gen-dga-kernels.mjs (`node scripts/gen-dga-kernels.mjs > src/models/dga/_kernels.ts`);
 * `forwardGeneric` is the reference they must equal.
 */

/** Signature shared by the kernels. */
export type ForwardKernel = (
  u: Float64Array,
  d: Float64Array,
  x0: number,
  x1: number,
  w: number,
  scale: Float64Array,
  out: Float64Array,
  from: number,
) => number;

/** Any number of factors. */
export function forwardGeneric(u: Float64Array, d: Float64Array, x0: number, x1: number, w: number, scale: Float64Array, out: Float64Array, from: number): number {
  const terms = u.length;
  let mass = 0;
  for (let x = x0; x < x1; x++) {
    const c = w * scale[x - from];
    out[x - from] += c;
    mass += c;
    let num = 1;
    let den = 1;
    for (let l = 0; l < terms; l++) {
      num *= u[l] + x;
      den *= d[l] + x;
    }
    w *= num / den;
  }
  return mass;
}

function forward1(u: Float64Array, d: Float64Array, x0: number, x1: number, w: number, scale: Float64Array, out: Float64Array, from: number): number {
  const u0 = u[0];
  const d0 = d[0];
  let mass = 0;
  for (let x = x0; x < x1; x++) {
    const c = w * scale[x - from];
    out[x - from] += c;
    mass += c;
    w *= (u0 + x) / (d0 + x);
  }
  return mass;
}

function forward2(u: Float64Array, d: Float64Array, x0: number, x1: number, w: number, scale: Float64Array, out: Float64Array, from: number): number {
  const u0 = u[0]; const u1 = u[1];
  const d0 = d[0]; const d1 = d[1];
  let mass = 0;
  for (let x = x0; x < x1; x++) {
    const c = w * scale[x - from];
    out[x - from] += c;
    mass += c;
    w *= ((u0 + x) * (u1 + x)) / ((d0 + x) * (d1 + x));
  }
  return mass;
}

function forward3(u: Float64Array, d: Float64Array, x0: number, x1: number, w: number, scale: Float64Array, out: Float64Array, from: number): number {
  const u0 = u[0]; const u1 = u[1]; const u2 = u[2];
  const d0 = d[0]; const d1 = d[1]; const d2 = d[2];
  let mass = 0;
  for (let x = x0; x < x1; x++) {
    const c = w * scale[x - from];
    out[x - from] += c;
    mass += c;
    w *= ((u0 + x) * (u1 + x) * (u2 + x)) / ((d0 + x) * (d1 + x) * (d2 + x));
  }
  return mass;
}

function forward4(u: Float64Array, d: Float64Array, x0: number, x1: number, w: number, scale: Float64Array, out: Float64Array, from: number): number {
  const u0 = u[0]; const u1 = u[1]; const u2 = u[2]; const u3 = u[3];
  const d0 = d[0]; const d1 = d[1]; const d2 = d[2]; const d3 = d[3];
  let mass = 0;
  for (let x = x0; x < x1; x++) {
    const c = w * scale[x - from];
    out[x - from] += c;
    mass += c;
    w *= ((u0 + x) * (u1 + x) * (u2 + x) * (u3 + x)) / ((d0 + x) * (d1 + x) * (d2 + x) * (d3 + x));
  }
  return mass;
}

function forward5(u: Float64Array, d: Float64Array, x0: number, x1: number, w: number, scale: Float64Array, out: Float64Array, from: number): number {
  const u0 = u[0]; const u1 = u[1]; const u2 = u[2]; const u3 = u[3]; const u4 = u[4];
  const d0 = d[0]; const d1 = d[1]; const d2 = d[2]; const d3 = d[3]; const d4 = d[4];
  let mass = 0;
  for (let x = x0; x < x1; x++) {
    const c = w * scale[x - from];
    out[x - from] += c;
    mass += c;
    w *= ((u0 + x) * (u1 + x) * (u2 + x) * (u3 + x) * (u4 + x)) / ((d0 + x) * (d1 + x) * (d2 + x) * (d3 + x) * (d4 + x));
  }
  return mass;
}

function forward6(u: Float64Array, d: Float64Array, x0: number, x1: number, w: number, scale: Float64Array, out: Float64Array, from: number): number {
  const u0 = u[0]; const u1 = u[1]; const u2 = u[2]; const u3 = u[3]; const u4 = u[4]; const u5 = u[5];
  const d0 = d[0]; const d1 = d[1]; const d2 = d[2]; const d3 = d[3]; const d4 = d[4]; const d5 = d[5];
  let mass = 0;
  for (let x = x0; x < x1; x++) {
    const c = w * scale[x - from];
    out[x - from] += c;
    mass += c;
    w *= ((u0 + x) * (u1 + x) * (u2 + x) * (u3 + x) * (u4 + x) * (u5 + x)) / ((d0 + x) * (d1 + x) * (d2 + x) * (d3 + x) * (d4 + x) * (d5 + x));
  }
  return mass;
}

function forward7(u: Float64Array, d: Float64Array, x0: number, x1: number, w: number, scale: Float64Array, out: Float64Array, from: number): number {
  const u0 = u[0]; const u1 = u[1]; const u2 = u[2]; const u3 = u[3]; const u4 = u[4]; const u5 = u[5]; const u6 = u[6];
  const d0 = d[0]; const d1 = d[1]; const d2 = d[2]; const d3 = d[3]; const d4 = d[4]; const d5 = d[5]; const d6 = d[6];
  let mass = 0;
  for (let x = x0; x < x1; x++) {
    const c = w * scale[x - from];
    out[x - from] += c;
    mass += c;
    w *= ((u0 + x) * (u1 + x) * (u2 + x) * (u3 + x) * (u4 + x) * (u5 + x) * (u6 + x)) / ((d0 + x) * (d1 + x) * (d2 + x) * (d3 + x) * (d4 + x) * (d5 + x) * (d6 + x));
  }
  return mass;
}

function forward8(u: Float64Array, d: Float64Array, x0: number, x1: number, w: number, scale: Float64Array, out: Float64Array, from: number): number {
  const u0 = u[0]; const u1 = u[1]; const u2 = u[2]; const u3 = u[3]; const u4 = u[4]; const u5 = u[5]; const u6 = u[6]; const u7 = u[7];
  const d0 = d[0]; const d1 = d[1]; const d2 = d[2]; const d3 = d[3]; const d4 = d[4]; const d5 = d[5]; const d6 = d[6]; const d7 = d[7];
  let mass = 0;
  for (let x = x0; x < x1; x++) {
    const c = w * scale[x - from];
    out[x - from] += c;
    mass += c;
    w *= ((u0 + x) * (u1 + x) * (u2 + x) * (u3 + x) * (u4 + x) * (u5 + x) * (u6 + x) * (u7 + x)) / ((d0 + x) * (d1 + x) * (d2 + x) * (d3 + x) * (d4 + x) * (d5 + x) * (d6 + x) * (d7 + x));
  }
  return mass;
}

const KERNELS: readonly ForwardKernel[] = [forwardGeneric, forward1, forward2, forward3, forward4, forward5, forward6, forward7, forward8];

/** The kernel for `terms` factors. */
export function forwardKernel(terms: number): ForwardKernel {
  return terms < KERNELS.length ? KERNELS[terms] : forwardGeneric;
}
