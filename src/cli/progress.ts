/**
 * Progress of long runs on stderr, never on stdout and never with --quiet.
 *
 * - On a terminal: a bar redrawn in place, once a run has lasted longer than a moment, saying what it
 *   counts (bootstrap replicates and jackknife deletions) and, before the bootstrap starts, the model
 *   search under way.
 * - Otherwise (a log file, CI): a line at every tenth of the way, or every 10 seconds, once a run has
 *   lasted 2 seconds; a model search that took 10 seconds or more before the bootstrap gets a line
 *   too. Short runs print nothing.
 */
export interface Progress {
  /** The number of bootstrap replicates, to tell them from the jackknife deletions in the count. */
  counting(replicates: number): void;
  /** What the count is, when it is not bootstrap items (e.g. MCMC sweeps). */
  counts(label: string): void;
  /** A stage whose first update will come through `update` (the model search before a bootstrap). */
  start(label: string): void;
  /** `done` of `total` items finished (replicates plus jackknife deletions). */
  update(done: number, total: number): void;
  /** The run is over: clear the bar. */
  finish(): void;
}

const DELAY_MS = 400;
const LOG_AFTER_MS = 2000;
const LOG_EVERY_MS = 10_000;

export interface ProgressOptions {
  readonly quiet: boolean;
  /** Where to write (default process.stderr) and whether it is a terminal (default its isTTY). */
  readonly stream?: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** The clock (tests). */
  readonly now?: () => number;
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  if (options.quiet) return { counting() {}, counts() {}, start() {}, update() {}, finish() {} };
  const tty = stream.isTTY === true;
  let replicates: number | undefined;
  let started = now();
  let drawn = false;
  let lastDraw = 0;
  let lastLog = 0;
  let lastTenth = 0;
  let stage: string | undefined;
  let unit: string | undefined;

  const what = (total: number): string => {
    if (unit !== undefined) return unit;
    if (replicates === undefined || total <= replicates) return "bootstrap";
    const deletions = total - replicates;
    return total < 2 * replicates
      ? `bootstrap (${replicates} replicates + ${deletions} jackknife deletions)`
      : "bootstrap (replicates and jackknife deletions)";
  };
  const clear = (): void => {
    if (drawn) stream.write("\r\x1b[K");
    drawn = false;
  };
  return {
    counting(n) {
      replicates = n;
    },
    counts(label) {
      unit = label;
    },
    start(label) {
      started = now();
      stage = label;
      if (tty) {
        stream.write(`\r${label}…\x1b[K`);
        drawn = true;
      }
    },
    update(done, total) {
      const t = now();
      if (stage !== undefined) {
        // the search is over when the first items come back
        if (!tty && (t - started) / 1000 >= LOG_EVERY_MS / 1000) stream.write(`prevalence: ${stage}: ${((t - started) / 1000).toFixed(0)} s\n`);
        stage = undefined;
        started = t;
        if (tty) clear();
      }
      const elapsed = t - started;
      const label = what(total);
      if (tty) {
        if (elapsed < DELAY_MS || (t - lastDraw < 100 && done < total)) return;
        lastDraw = t;
        drawn = true;
        const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
        const filled = Math.round((done / total) * width);
        const eta = done > 0 ? (elapsed / 1000 / done) * (total - done) : 0;
        stream.write(`\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${(elapsed / 1000).toFixed(0)}s, ~${eta.toFixed(0)}s left `);
        return;
      }
      const tenth = Math.floor((10 * done) / total);
      if (elapsed < LOG_AFTER_MS) {
        lastTenth = tenth;
        return;
      }
      if (tenth > lastTenth || t - lastLog >= LOG_EVERY_MS) {
        lastTenth = tenth;
        lastLog = t;
        const eta = done > 0 ? (elapsed / 1000 / done) * (total - done) : 0;
        stream.write(
          `prevalence: ${label}: ${Math.floor((100 * done) / total)}% (${done} of ${total}), ${(elapsed / 1000).toFixed(0)} s${done < total ? `, about ${eta.toFixed(0)} s left` : ""}\n`,
        );
      }
    },
    finish() {
      if (tty) clear();
    },
  };
}
