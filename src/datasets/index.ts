/**
 * The bundled datasets (`prevalence/datasets`): published capture–recapture tables and synthetic
 * ones made by the simulator, each documented in `datasets/<name>/README.md` (lists, source and
 * citation, published estimates). They are embedded, so they load in Node and browsers alike.
 */
import type { CaptureData } from "../types.js";
import { OptionError } from "../errors.js";
import { readCaptureCsv } from "../data/readCaptureCsv.js";
import { TABLES } from "./_tables.js";

/** A bundled dataset's name and title. */
export interface DatasetInfo {
  readonly name: string;
  readonly title: string;
  /** Stratum/covariate columns carried by the table (synthetic datasets). */
  readonly covariates: readonly string[];
}

/**
 * The bundled datasets, by name.
 *
 * @returns name, title and covariate columns of each.
 * @example
 * listDatasets().map((d) => d.name) // ["Artificial_3", "HIV", ..., "UKdat_5", "Western", ...]
 */
export function listDatasets(): DatasetInfo[] {
  return Object.entries(TABLES).map(([name, t]) => ({ name, title: t.title, covariates: [...t.covariates] }));
}

/**
 * A bundled dataset as capture data (with its stratum columns as covariates, where it has any).
 *
 * @param name - e.g. `"UKdat_5"`, `"NewOrl_185"`, `"synthetic_regions_years"`.
 * @returns the capture data.
 * @throws {OptionError} for an unknown name (the message lists the known ones).
 * @example
 * loadDataset("UKdat_5").observed // 2744
 */
export function loadDataset(name: string): CaptureData {
  const table = TABLES[name];
  if (table === undefined) {
    throw new OptionError(`no bundled dataset "${String(name)}"; known: ${Object.keys(TABLES).join(", ")}`);
  }
  return readCaptureCsv(table.csv, table.covariates.length > 0 ? { covariates: [...table.covariates] } : {});
}

/** The CSV text of a bundled dataset, as in `datasets/<name>/data.csv`. */
export function datasetCsv(name: string): string {
  const table = TABLES[name];
  if (table === undefined) {
    throw new OptionError(`no bundled dataset "${String(name)}"; known: ${Object.keys(TABLES).join(", ")}`);
  }
  return table.csv;
}
