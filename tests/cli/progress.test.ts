import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/cli/progress.js";

function fakeStream(tty: boolean) {
  const lines: string[] = [];
  return { lines, stream: { write: (text: string) => lines.push(text), isTTY: tty, columns: 100 } };
}

describe("progress on stderr", () => {
  it("when stderr is not a terminal, prints a line at each tenth once the run has lasted 2 s, naming what it counts", () => {
    const { lines, stream } = fakeStream(false);
    let clock = 0;
    const progress = createProgress({ quiet: false, stream, now: () => clock });
    progress.counting(1000);
    progress.start("model search");
    const total = 1031; // 1000 replicates + 31 jackknife deletions
    for (let done = 20; done <= total; done += 20) {
      clock += 100; // 5 s in all
      progress.update(Math.min(done, total), total);
    }
    progress.update(total, total);
    progress.finish();
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.length).toBeLessThanOrEqual(7);
    expect(lines[0]).toMatch(/^prevalence: bootstrap \(1000 replicates \+ 31 jackknife deletions\): \d+% \(\d+ of 1031\), \d+ s, about \d+ s left\n$/);
    expect(lines.at(-1)).toMatch(/: 100% \(1031 of 1031\), 5 s\n$/);
  });

  it("prints nothing for a run shorter than 2 s, and nothing at all with --quiet", () => {
    for (const quiet of [false, true]) {
      const { lines, stream } = fakeStream(false);
      let clock = 0;
      const progress = createProgress({ quiet, stream, now: () => clock });
      progress.counting(100);
      for (let done = 1; done <= 131; done++) {
        clock += quiet ? 100 : 10;
        progress.update(done, 131);
      }
      progress.finish();
      expect(lines).toEqual([]);
    }
  });

  it("prints a line every 10 s of a slow run even between tenths, and one for a model search of 10 s or more", () => {
    const { lines, stream } = fakeStream(false);
    let clock = 0;
    const progress = createProgress({ quiet: false, stream, now: () => clock });
    progress.counting(1000);
    progress.start("model search");
    clock += 12_000;
    progress.update(1, 1031);
    expect(lines).toEqual(["prevalence: model search: 12 s\n"]);
    for (let k = 0; k < 5; k++) {
      clock += 11_000;
      progress.update(2 + k, 1031);
    }
    expect(lines.length).toBe(6);
    expect(lines[1]).toMatch(/^prevalence: bootstrap .*: 0% \(2 of 1031\), 11 s/);
  });

  it("on a terminal, shows the model search and then a bar, and clears it at the end", () => {
    const { lines, stream } = fakeStream(true);
    let clock = 0;
    const progress = createProgress({ quiet: false, stream, now: () => clock });
    progress.counting(1000);
    progress.start("model search");
    expect(lines).toEqual(["\rmodel search…\x1b[K"]);
    clock += 500;
    progress.update(10, 1031);
    clock += 500;
    progress.update(500, 1031);
    progress.finish();
    expect(lines.at(-2)).toMatch(/^\rbootstrap \(1000 replicates \+ 31 jackknife deletions\) \[#+-+\] 500\/1031/);
    expect(lines.at(-1)).toBe("\r\x1b[K");
  });
});
