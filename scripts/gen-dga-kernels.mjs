// Writes src/models/dga/_kernels.ts: node scripts/gen-dga-kernels.mjs > src/models/dga/_kernels.ts
let s = `/**
 * The inner loop of the exact posterior (see \`_exact.ts\`): from W(x₀) = w, add
 * c(x) = W(x)·scale(x) into \`out[x − from]\` for x = x₀ … x₁ − 1 with W(x + 1) = W(x)·Π_l (u_l + x)/(d_l + x),
 * and return Σ c(x). One copy per number of factors (1 to 8), written out so that the offsets stay
 * in registers: this loop is where the time goes (about four times faster than a loop over the
 * factors). Written by scripts/gen-dga-kernels.mjs (\`node scripts/gen-dga-kernels.mjs > src/models/dga/_kernels.ts\`);
 * \`forwardGeneric\` is the reference they must equal.
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
`;
const names = [];
for (let L = 1; L <= 8; L++) {
  const idx = [...Array(L).keys()];
  s += `
function forward${L}(u: Float64Array, d: Float64Array, x0: number, x1: number, w: number, scale: Float64Array, out: Float64Array, from: number): number {
  ${idx.map(i => `const u${i} = u[${i}];`).join(" ")}
  ${idx.map(i => `const d${i} = d[${i}];`).join(" ")}
  let mass = 0;
  for (let x = x0; x < x1; x++) {
    const c = w * scale[x - from];
    out[x - from] += c;
    mass += c;
    w *= ${L === 1 ? "(u0 + x) / (d0 + x)" : `(${idx.map(i => `(u${i} + x)`).join(" * ")}) / (${idx.map(i => `(d${i} + x)`).join(" * ")})`};
  }
  return mass;
}
`;
  names.push(`forward${L}`);
}
s += `
const KERNELS: readonly ForwardKernel[] = [forwardGeneric, ${names.join(", ")}];

/** The kernel for \`terms\` factors. */
export function forwardKernel(terms: number): ForwardKernel {
  return terms < KERNELS.length ? KERNELS[terms] : forwardGeneric;
}
`;
process.stdout.write(s);
