/**
 * Undirected graphs on the lists, stored as adjacency bit masks (`adjacency[v]` has bit `u` set when
 * lists u and v are joined), and their decomposition into cliques and separators.
 *
 * A graph is decomposable (chordal) exactly when a maximum cardinality search (Tarjan & Yannakakis
 * 1984) visits the vertices in an order in which every vertex's earlier neighbours form a complete
 * set. The same search gives the cliques and the separators of a junction tree (Blair & Peyton 1993):
 * a vertex whose number of earlier neighbours is not one more than its predecessor's starts a new
 * clique, and its earlier neighbours are that clique's separator (empty when a new connected
 * component starts).
 */
import { popcount } from "../../_lib/bits.js";

/** Cliques and separators of a decomposable graph, as list masks. */
export interface JunctionTree {
  /** Maximal complete sets, in the order the search closed them. */
  readonly cliques: number[];
  /** Separators of the junction tree, one per clique after the first of each connected component; empty ones are left out. */
  readonly separators: number[];
  /** Number of connected components (= cliques − non-empty separators). */
  readonly components: number;
}

/** The edge set of a graph as a bit mask over the pairs (i < j) in the order (0,1), (0,2), …, (t−2,t−1). */
export function pairIndex(nLists: number): { pairs: [number, number][]; index: Int32Array } {
  const pairs: [number, number][] = [];
  const index = new Int32Array(nLists * nLists).fill(-1);
  for (let i = 0; i < nLists; i++) {
    for (let j = i + 1; j < nLists; j++) {
      index[i * nLists + j] = pairs.length;
      index[j * nLists + i] = pairs.length;
      pairs.push([i, j]);
    }
  }
  return { pairs, index };
}

/**
 * Cliques and separators of the graph when it is decomposable; `null` when it is not.
 * Cost O(t²) for t lists.
 */
export function junctionTree(adjacency: ArrayLike<number>): JunctionTree | null {
  const t = adjacency.length;
  const weight = new Int32Array(t);
  let unvisited = t === 32 ? -1 : (1 << t) - 1;
  let visited = 0;
  const cliques: number[] = [];
  const separators: number[] = [];
  let components = 0;
  let previousWeight = -1;
  let current = 0;
  for (let step = 0; step < t; step++) {
    // the unvisited vertex with most visited neighbours (lowest index on ties)
    let best = -1;
    for (let v = 0; v < t; v++) {
      if ((unvisited >>> v) & 1 && (best < 0 || weight[v] > weight[best])) best = v;
    }
    const earlier = adjacency[best] & visited;
    // the earlier neighbours must be pairwise adjacent
    for (let rest = earlier; rest !== 0; rest &= rest - 1) {
      const u = 31 - Math.clz32(rest & -rest);
      if ((earlier & ~(1 << u) & ~adjacency[u]) !== 0) return null;
    }
    const size = popcount(earlier);
    if (step > 0 && size === previousWeight + 1 && earlier === current) {
      current |= 1 << best;
      cliques[cliques.length - 1] = current;
    } else {
      if (earlier === 0) components++;
      else separators.push(earlier);
      current = earlier | (1 << best);
      cliques.push(current);
    }
    previousWeight = size;
    visited |= 1 << best;
    unvisited &= ~(1 << best);
    for (let u = 0; u < t; u++) if ((unvisited >>> u) & 1 && (adjacency[best] >>> u) & 1) weight[u]++;
  }
  return { cliques, separators, components };
}

/** Adjacency masks of the graph whose edges are the set bits of `edges` (see {@link pairIndex}). */
export function adjacencyOf(edges: number, pairs: readonly (readonly [number, number])[], nLists: number): Int32Array {
  const adjacency = new Int32Array(nLists);
  for (let k = 0; k < pairs.length; k++) {
    if (Math.floor(edges / 2 ** k) % 2 === 1) {
      const [i, j] = pairs[k];
      adjacency[i] |= 1 << j;
      adjacency[j] |= 1 << i;
    }
  }
  return adjacency;
}

/** Edge set (over {@link pairIndex}'s pairs) of the graph whose cliques are given. */
export function edgesOfCliques(cliques: readonly number[], nLists: number): number {
  let edges = 0;
  let k = 0;
  for (let i = 0; i < nLists; i++) {
    for (let j = i + 1; j < nLists; j++, k++) {
      const pair = (1 << i) | (1 << j);
      if (cliques.some((c) => (c & pair) === pair)) edges += 2 ** k;
    }
  }
  return edges;
}
