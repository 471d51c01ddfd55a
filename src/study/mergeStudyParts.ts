import { OptionError } from "../errors.js";
import { buildStudyResult } from "./_summary.js";
import type { StudyItem, StudyPart, StudyResult } from "./types.js";

/**
 * Combine the shard files of a study (`runStudy(spec, { shard })`, `prevalence study … --shard i/N`)
 * into the result of the whole study: byte for byte what a single run gives once serialised, since
 * every item's numbers depend on the item alone.
 *
 * @param parts - every shard's part, in any order: the same spec and settings, shards 1 … N once each.
 * @returns the study's result.
 * @throws {OptionError} when the parts come from different studies or settings, a shard is missing
 *   or repeated, or an item is missing.
 * @example
 * const study = mergeStudyParts(files.map((f) => JSON.parse(readFileSync(f, "utf8"))));
 * @see docs/methodology/studies.md
 */
export function mergeStudyParts(parts: readonly StudyPart[]): StudyResult {
  if (parts.length === 0) throw new OptionError("`parts` must hold at least one shard's part");
  parts.forEach((p, i) => {
    if (p?.kind !== "study-part") throw new OptionError(`\`parts[${i}]\` must be a study part (kind "study-part"); received kind ${JSON.stringify(p?.kind)}`);
  });
  const first = parts[0];
  const spec = JSON.stringify(first.spec);
  const settings = JSON.stringify(first.settings);
  const count = first.shard.count;
  const seen = new Set<number>();
  for (const p of parts) {
    if (JSON.stringify(p.spec) !== spec) throw new OptionError("the parts come from different study specs");
    if (JSON.stringify(p.settings) !== settings) throw new OptionError("the parts were run with different settings (replications, replicates or version)");
    if (p.shard.count !== count) throw new OptionError(`the parts split the study differently: ${count} and ${p.shard.count} shards`);
    if (seen.has(p.shard.index)) throw new OptionError(`shard ${p.shard.index}/${count} is given twice`);
    seen.add(p.shard.index);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new OptionError(`shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${count} missing`);
  const total = first.settings.replications * first.spec.scenarios.length;
  const items: (StudyItem | undefined)[] = new Array(total);
  for (const p of parts) for (const item of p.items) items[item.item] = item;
  const gaps: number[] = [];
  for (let k = 0; k < total; k++) if (items[k] === undefined) gaps.push(k);
  if (gaps.length > 0) throw new OptionError(`items ${gaps.slice(0, 10).join(", ")} are missing from the parts`);
  const complete = items as StudyItem[];
  const truths = first.spec.scenarios.map((_, s) => (complete.find((i) => i.scenario === s) as StudyItem).truth);
  return buildStudyResult(first.spec, first.settings, truths, complete);
}
