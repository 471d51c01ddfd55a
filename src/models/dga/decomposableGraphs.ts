import { OptionError } from "../../errors.js";
import { bitIndices } from "../../_lib/bits.js";
import { adjacencyOf, junctionTree, pairIndex, type JunctionTree } from "./_graph.js";

/** A decomposable graph on the lists: the list dependence structure of one graphical model. */
export interface DecomposableGraph {
  /** Edges as pairs of list indices (i < j), in the order (0,1), (0,2), …. */
  readonly edges: readonly (readonly [number, number])[];
  /** Maximal cliques as sorted list indices: the generators of the hierarchical log-linear model. */
  readonly cliques: readonly (readonly number[])[];
  /** Separators of a junction tree (non-empty ones), as sorted list indices; a separator may repeat. */
  readonly separators: readonly (readonly number[])[];
}

/** Largest number of lists whose decomposable graphs {@link enumerateDecomposableGraphs} lists (617,675 graphs at 7). */
export const MAX_ENUMERATED_LISTS = 7;

const cache = new Map<number, readonly JunctionTree[]>();

/**
 * Junction trees of every decomposable graph on `nLists` vertices, in the order of their edge sets
 * read as binary numbers over the pairs (0,1), (0,2), …, (0,t−1), (1,2), …. Computed once per
 * number of lists and kept (the enumeration is deterministic).
 */
export function decomposableJunctionTrees(nLists: number): readonly JunctionTree[] {
  const cached = cache.get(nLists);
  if (cached !== undefined) return cached;
  const { pairs } = pairIndex(nLists);
  const out: JunctionTree[] = [];
  const total = 2 ** pairs.length;
  for (let edges = 0; edges < total; edges++) {
    const tree = junctionTree(adjacencyOf(edges, pairs, nLists));
    if (tree !== null) out.push(tree);
  }
  cache.set(nLists, out);
  return out;
}

/**
 * Enumerates every decomposable (chordal) graph on a number of lists, with the cliques and separators
 * of a junction tree of each: the model space of Madigan & York's model averaging. There are 2, 8,
 * 61, 822, 18,154 and 617,675 of them for 2 to 7 lists.
 *
 * Every graph on the t(t−1)/2 pairs is tested by maximum cardinality search (Tarjan & Yannakakis
 * 1984), which also yields its cliques and separators (Blair & Peyton 1993). Cost O(2^{t(t−1)/2} t²):
 * instant up to 6 lists, a few seconds at 7.
 *
 * @param nLists - number of lists, 1 to 7.
 * @returns the graphs, in the order of their edge sets read as binary numbers.
 * @throws {OptionError} when `nLists` is not an integer from 1 to 7.
 * @example
 * enumerateDecomposableGraphs(3).length // 8
 * enumerateDecomposableGraphs(5).length // 822
 * @see docs/methodology/dga.md
 */
export function enumerateDecomposableGraphs(nLists: number): DecomposableGraph[] {
  if (!Number.isInteger(nLists) || nLists < 1 || nLists > MAX_ENUMERATED_LISTS) {
    throw new OptionError(`\`nLists\` must be an integer from 1 to ${MAX_ENUMERATED_LISTS}; received ${String(nLists)}`);
  }
  return decomposableJunctionTrees(nLists).map((tree) => describeGraph(tree, nLists));
}

/** The public description of a junction tree. */
export function describeGraph(tree: JunctionTree, nLists: number): DecomposableGraph {
  const edges: [number, number][] = [];
  for (let i = 0; i < nLists; i++) {
    for (let j = i + 1; j < nLists; j++) {
      const pair = (1 << i) | (1 << j);
      if (tree.cliques.some((c) => (c & pair) === pair)) edges.push([i, j]);
    }
  }
  return {
    edges,
    cliques: tree.cliques.map(bitIndices),
    separators: tree.separators.map(bitIndices),
  };
}
