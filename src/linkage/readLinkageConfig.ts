/**
 * Read a linkage configuration file (JSON).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { OptionError } from "../errors.js";
import type { LinkageConfig } from "./linkageSettings.js";

/** A configuration read from a file, with the directory its relative paths are resolved against. */
export interface LinkageConfigFile {
  /** The configuration as read (checked when linking). */
  readonly config: LinkageConfig;
  /** The configuration file's directory. */
  readonly baseDirectory: string;
}

/**
 * Read a linkage configuration from a JSON file. File paths in it are relative to the file's
 * directory (`baseDirectory`); pass both to {@link linkRecords}.
 *
 * @param path - the configuration file.
 * @returns the configuration (not yet checked: {@link linkRecords} checks it) and its directory.
 * @throws {OptionError} when the file cannot be read or is not a JSON object.
 * @example
 * const { config, baseDirectory } = readLinkageConfig("data/config.json");
 * const linkage = await linkRecords(config, { baseDirectory });
 * @see docs/methodology/linkage.md
 */
export function readLinkageConfig(path: string): LinkageConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new OptionError(`cannot read the linkage configuration ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new OptionError(`the linkage configuration ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new OptionError(`the linkage configuration ${path} must be a JSON object with \`lists\` and \`fields\``);
  }
  return { config: config as LinkageConfig, baseDirectory: dirname(resolve(path)) };
}
