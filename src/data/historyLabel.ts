import { OptionError } from "../errors.js";
import { labelHistory, MAX_LISTS, quote } from "./_capture.js";

/**
 * Writes a capture history as a string of 0s and 1s, one character per list: character `j` is `1`
 * when the person is on list `j` (bit `j`, value `2 ** j`, of `history`). The first list comes first,
 * so the label reads like the list columns of a CSV row.
 *
 * @param history - The capture history as a bit mask, a whole number from 0 to `2^nLists − 1`
 *   (0, the unobserved history, gives all zeros).
 * @param nLists - The number of lists, a whole number from 1 to 20.
 * @returns The label, `nLists` characters long.
 * @throws {@link OptionError} when `nLists` or `history` is not a whole number in range.
 * @example
 * ```ts
 * historyLabel(5, 3); // => "101"  (on lists 1 and 3)
 * historyLabel(2, 4); // => "0100" (on list 2 only)
 * ```
 */
export function historyLabel(history: number, nLists: number): string {
  if (!Number.isInteger(nLists) || nLists < 1 || nLists > MAX_LISTS) {
    throw new OptionError(`\`nLists\` must be a whole number from 1 to ${MAX_LISTS}; received ${quote(nLists)}`);
  }
  if (!Number.isInteger(history) || history < 0 || history >= 2 ** nLists) {
    throw new OptionError(
      `\`history\` must be a whole number from 0 to ${2 ** nLists - 1} (2^${nLists} − 1); received ${quote(history)}`,
    );
  }
  return labelHistory(history, nLists);
}
