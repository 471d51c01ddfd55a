/**
 * The `prevalence` command line. It uses the public API only (each function from its own module, so
 * that a command loads only what it needs: a point estimate never loads the bootstrap, the strata or
 * the HTML plots).
 *
 * Exit codes: 0 success; 2 bad input or usage (every problem on stderr, nothing on stdout);
 * 1 an unexpected failure.
 */
import { runCli } from "./run.js";

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
