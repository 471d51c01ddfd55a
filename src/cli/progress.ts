/**
 * A progress bar on stderr for long runs: drawn only when stderr is a terminal, and only once a run
 * has lasted longer than a moment, so short runs and pipes stay clean.
 */
export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

const DELAY_MS = 400;

export function createProgressBar(label: string, enabled: boolean): ProgressBar {
  const stream = process.stderr;
  if (!enabled || !stream.isTTY) return { update() {}, finish() {} };
  const started = Date.now();
  let drawn = false;
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - started < DELAY_MS || (now - last < 100 && done < total)) return;
      last = now;
      drawn = true;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
      const filled = Math.round((done / total) * width);
      const elapsed = (now - started) / 1000;
      const eta = done > 0 ? (elapsed / done) * (total - done) : 0;
      stream.write(
        `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${elapsed.toFixed(0)}s, ~${eta.toFixed(0)}s left `,
      );
    },
    finish() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}
