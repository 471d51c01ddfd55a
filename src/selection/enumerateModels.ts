import { compareTerms, popcount } from "../_lib/bits.js";
import { OptionError } from "../errors.js";
import { validateInteger } from "../_lib/validate.js";

/** Options of {@link enumerateModels}. */
export interface EnumerateModelsOptions {
  /**
   * Highest interaction order. Default as MultipleSystemsEstimation: 1 for 2 lists, 2 for 3, 3 for
   * 4–5, 2 for 6 or more. At most t − 1 (the saturated model is never a candidate).
   */
  readonly maxOrder?: number;
  /** Refuse to enumerate more models than this. Default 200,000. */
  readonly limit?: number;
}

/** The default highest order for exhaustive search over t lists. */
export function defaultMaxOrder(nLists: number): number {
  if (nLists <= 2) return 1;
  if (nLists === 3) return 2;
  if (nLists <= 5) return 3;
  return 2;
}

/**
 * Every hierarchical log-linear model over `nLists` lists that contains all main effects, with
 * interactions up to `maxOrder`, the saturated model excluded. Each model is its parameter masks
 * (intercept 0 first, then main effects, then interactions in term order).
 *
 * Models are built level by level: any set of pairs; then any set of the triples whose three pairs
 * are all present; then any set of the four-way terms whose triples are all present; and so on.
 * Counts: 8 (3 lists, order 2), 113 (4 lists, order 3), 6,212 (5 lists, order 3), 6,893 (5 lists,
 * order 4), 32,768 (6 lists, order 2).
 *
 * @param nLists - number of lists, 2 to 15.
 * @param options - see {@link EnumerateModelsOptions}.
 * @returns the parameter masks of each model, main effects model first.
 * @throws {OptionError} when `maxOrder` is out of range or the catalogue would exceed `limit`.
 * @example
 * enumerateModels(3).length // 8
 */
export function enumerateModels(nLists: number, options: EnumerateModelsOptions = {}): number[][] {
  validateInteger("nLists", nLists, 2, 15);
  const maxOrder = Math.min(
    validateInteger("maxOrder", options.maxOrder ?? defaultMaxOrder(nLists), 1, nLists),
    nLists - 1,
  );
  const limit = options.limit ?? 200_000;
  const size = 1 << nLists;
  const bySize: number[][] = Array.from({ length: nLists + 1 }, () => []);
  for (let m = 1; m < size; m++) bySize[popcount(m)].push(m);
  for (const terms of bySize) terms.sort(compareTerms);
  const base = [0, ...bySize[1]];
  const chosen = new Uint8Array(size);
  for (const m of base) chosen[m] = 1;
  const out: number[][] = [];
  const stack: number[] = [];

  const recurse = (order: number): void => {
    if (order > maxOrder) {
      if (out.length >= limit) {
        throw new OptionError(
          `model catalogue for ${nLists} lists up to order ${maxOrder} has more than \`limit\` = ${limit} models; lower \`maxOrder\` or use stepwise selection`,
        );
      }
      out.push([...base, ...stack]);
      return;
    }
    const eligible = bySize[order].filter((m) => {
      for (let s = m; s !== 0; s &= s - 1) if (!chosen[m ^ (s & -s)]) return false;
      return true;
    });
    const k = eligible.length;
    if (k > 30) {
      throw new OptionError(`model catalogue for ${nLists} lists up to order ${maxOrder} is too large to enumerate`);
    }
    const subsets = 2 ** k;
    for (let bits = 0; bits < subsets; bits++) {
      const start = stack.length;
      for (let i = 0; i < k; i++) {
        if (bits & (1 << i)) {
          chosen[eligible[i]] = 1;
          stack.push(eligible[i]);
        }
      }
      // a higher level is only reachable from a non-empty level
      if (bits === 0) {
        recurse(maxOrder + 1);
      } else {
        recurse(order + 1);
      }
      for (let i = start; i < stack.length; i++) chosen[stack[i]] = 0;
      stack.length = start;
    }
  };
  recurse(2);
  return out;
}

/** A catalogue with, for each model, the index of its parent (the model less its last term), or −1. */
export interface Catalogue {
  readonly models: readonly (readonly number[])[];
  readonly parents: Int32Array;
  /** Highest interaction order among the models. */
  readonly maxOrder: number;
}

const catalogueCache = new Map<string, Catalogue>();

/**
 * The catalogue of {@link enumerateModels}, built once per (lists, order) and cached, with parent
 * links used to warm-start each fit from the fit of the same model less its last (highest) term.
 */
export function cachedCatalogue(nLists: number, maxOrder: number | undefined): Catalogue {
  const key = `${nLists}:${maxOrder ?? "default"}`;
  let catalogue = catalogueCache.get(key);
  if (catalogue === undefined) {
    const models = enumerateModels(nLists, { maxOrder });
    const index = new Map<string, number>();
    models.forEach((m, i) => index.set(m.join(","), i));
    const parents = new Int32Array(models.length).fill(-1);
    models.forEach((m, i) => {
      if (popcount(m[m.length - 1]) >= 2) parents[i] = index.get(m.slice(0, -1).join(",")) ?? -1;
    });
    // parameters are in term order, so each model's last term has its highest order
    const highest = models.reduce((m, params) => Math.max(m, popcount(params[params.length - 1])), 1);
    catalogue = { models, parents, maxOrder: highest };
    catalogueCache.set(key, catalogue);
  }
  return catalogue;
}
