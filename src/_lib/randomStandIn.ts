/**
 * Private stand-in for the project's random module `src/_lib/random.ts` (issue 8, item 4), which is
 * being written on another branch. It implements the part of that module's contract the linkage code
 * uses — `randomStream(seed, ...path)` keyed by `[seed, ...path].join("/")`, `uniform()` from
 * seedrandom's alea generator and `normal()` by Box–Muller with a spare — so that switching to the
 * real module is a change of import path that leaves every number as it is.
 */
import seedrandom from "seedrandom";

/** The subset of the random module's `RandomStream` that the linkage code draws from. */
export interface RandomStream {
  /** Uniform on [0, 1): seedrandom's alea generator keyed by the stream's key. */
  uniform(): number;
  /** Standard normal by Box–Muller with a spare: radius √(−2 log(1 − U1)), angle 2πU2; radius·cos first, then radius·sin. */
  normal(): number;
}

/** An independent stream for a path, e.g. `randomStream(seed, "draw", 3)`; key = `[seed, ...path].join("/")`. */
export function randomStream(seed: number | string, ...path: (number | string)[]): RandomStream {
  const generator = seedrandom.alea([seed, ...path].join("/"));
  let spare: number | null = null;
  return {
    uniform: () => generator(),
    normal: () => {
      if (spare !== null) {
        const z = spare;
        spare = null;
        return z;
      }
      const radius = Math.sqrt(-2 * Math.log(1 - generator()));
      const angle = 2 * Math.PI * generator();
      spare = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
  };
}
