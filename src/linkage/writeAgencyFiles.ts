/**
 * Write generated agency files (and, apart, their truth) to a directory.
 */
import { mkdirSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { OptionError } from "../errors.js";
import type { SimulatedAgencyRecords } from "../simulate/simulateAgencyRecords.js";
import type { LinkageConfig } from "./linkageSettings.js";

/** Options of {@link writeAgencyFiles}. */
export interface WriteAgencyFilesOptions {
  /** Also write `truth.csv` (list, row, person) beside the files. Default true. */
  readonly truth?: boolean;
  /** Also write `config.json`, a linkage configuration for the files. Default true. */
  readonly config?: boolean;
}

/** What {@link writeAgencyFiles} wrote. */
export interface WrittenAgencyFiles {
  /** Path of every agency file, in list order. */
  readonly files: readonly string[];
  /** Path of `truth.csv`, when written. */
  readonly truth?: string;
  /** Path of `config.json`, when written. */
  readonly configPath?: string;
  /** The configuration (written or not) that links the files. */
  readonly config: LinkageConfig;
}

/** A CSV cell, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Write the agency files of {@link simulateAgencyRecords} as CSV (`<list>.csv`, a header and one row
 * per record, LF line ends), the truth apart in `truth.csv` (`list,row,person`, `row` the 1-based
 * data row), and a linkage configuration `config.json` that maps the generated columns (with
 * `dateFormats: ["%d/%m/%Y"]` for lists written day-first).
 *
 * @param sim - the generated files.
 * @param directory - where to write (created when missing).
 * @param options - see {@link WriteAgencyFilesOptions}.
 * @returns the paths written and the configuration.
 * @throws {OptionError} when a list name cannot be a file name.
 * @example
 * const sim = simulateAgencyRecords({ population: { lists: ["police", "ngo"], population: 1000, captureProbabilities: [0.3, 0.4] } });
 * const written = writeAgencyFiles(sim, "out");
 * await linkRecords(written.config, { baseDirectory: "out" });
 * @see docs/methodology/linkage.md
 */
export function writeAgencyFiles(sim: SimulatedAgencyRecords, directory: string, options: WriteAgencyFilesOptions = {}): WrittenAgencyFiles {
  mkdirSync(directory, { recursive: true });
  const files: string[] = [];
  for (const file of sim.files) {
    if (!/^[A-Za-z0-9_.-]+$/.test(file.name) || file.name.startsWith(".")) {
      throw new OptionError(`list names must be usable as file names (letters, digits, _ . -); received ${JSON.stringify(file.name)}`);
    }
    const path = join(directory, `${file.name}.csv`);
    const fd = openSync(path, "w");
    try {
      writeSync(fd, `${file.columns.map(csvCell).join(",")}\n`);
      const chunk: string[] = [];
      for (const row of file.rows) {
        chunk.push(row.map(csvCell).join(","));
        if (chunk.length === 10000) {
          writeSync(fd, `${chunk.join("\n")}\n`);
          chunk.length = 0;
        }
      }
      if (chunk.length > 0) writeSync(fd, `${chunk.join("\n")}\n`);
    } finally {
      closeSync(fd);
    }
    files.push(path);
  }
  const covariates = sim.files[0]?.columns.slice(6) ?? [];
  const config: LinkageConfig = {
    lists: sim.files.map((f) => ({
      name: f.name,
      file: `${f.name}.csv`,
      ...(sim.settings.styles[f.name]?.dateFormat === "dmy" ? { dateFormats: ["%d/%m/%Y"] } : {}),
    })),
    fields: { first_name: "first_name", last_name: "last_name", birth_date: "birth_date", sex: "sex", nationality: "nationality" },
    ...(covariates.length > 0 ? { covariates } : {}),
  };
  let truth: string | undefined;
  if (options.truth ?? true) {
    truth = join(directory, "truth.csv");
    const lines = ["list,row,person"];
    sim.truth.persons.forEach((persons, k) => persons.forEach((p, r) => lines.push(`${csvCell(sim.files[k].name)},${r + 1},${p}`)));
    writeFileSync(truth, `${lines.join("\n")}\n`);
  }
  let configPath: string | undefined;
  if (options.config ?? true) {
    configPath = join(directory, "config.json");
    writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  }
  return { files, ...(truth !== undefined ? { truth } : {}), ...(configPath !== undefined ? { configPath } : {}), config };
}
