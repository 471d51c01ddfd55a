/**
 * Private: the DuckDB engine, loaded lazily. `@duckdb/node-api` is not a dependency of the package
 * (installing prevalence does not install it; its 70 MB would double the install): the user installs
 * it for linkage, the core library never imports it, and linkage asks for it only when it runs.
 */
import { MissingDependencyError, isModuleNotFound } from "../errors.js";

/** What the linkage code needs from a SQL engine. */
export interface SqlEngine {
  /** Run statements, discarding any result. */
  run(sql: string): Promise<void>;
  /** Run a query and return its rows as objects (numbers as JS numbers, big integers narrowed). */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** Stream a query's result chunk by chunk: `onChunk(columns, rowCount)`, columns as arrays of values. */
  stream(sql: string, onChunk: (columns: readonly (readonly unknown[])[], rowCount: number) => void): Promise<void>;
  /** Append rows of whole numbers to an existing table whose columns are all INTEGER. */
  appendIntegers(table: string, columns: readonly Int32Array[]): Promise<void>;
  /** Close the connection and the database. */
  close(): void;
}

/** Options of {@link openDuckDb}. */
export interface OpenDuckDbOptions {
  readonly threads?: number;
  readonly memoryLimit?: string;
}

type DuckDbModule = typeof import("@duckdb/node-api");

let loaded: Promise<DuckDbModule> | undefined;

/**
 * Import `@duckdb/node-api` once; when it is not installed, throw a MissingDependencyError that says
 * how to install it (any other failure, e.g. a native binary that does not load, is rethrown as is).
 */
export async function loadDuckDb(): Promise<DuckDbModule> {
  loaded ??= import("@duckdb/node-api").catch((error: unknown) => {
    loaded = undefined;
    if (isModuleNotFound(error)) {
      throw new MissingDependencyError(["@duckdb/node-api"], "record linkage (its DuckDB engine, about 70 MB with the native binary; tested with 1.5.6-r.1)");
    }
    throw error;
  });
  return loaded;
}

/** Narrow DuckDB's bigint results to numbers (exact up to 2^53). */
function plain(value: unknown): unknown {
  return typeof value === "bigint" ? Number(value) : value;
}

/** An in-memory DuckDB database with one connection. */
export async function openDuckDb(options: OpenDuckDbOptions = {}): Promise<SqlEngine> {
  const duckdb = await loadDuckDb();
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  const instance = await duckdb.DuckDBInstance.create(":memory:", config);
  const connection = await instance.connect();
  return {
    async run(sql) {
      await connection.run(sql);
    },
    async rows(sql) {
      const reader = await connection.runAndReadAll(sql);
      const names = reader.columnNames();
      return reader.getRows().map((row) => Object.fromEntries(row.map((v, j) => [names[j], plain(v)])));
    },
    async stream(sql, onChunk) {
      const result = await connection.stream(sql);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (chunk === null || chunk.rowCount === 0) break;
        const columns: unknown[][] = [];
        for (let j = 0; j < chunk.columnCount; j++) columns.push(chunk.getColumnValues(j).map(plain));
        onChunk(columns, chunk.rowCount);
      }
    },
    async appendIntegers(table, columns) {
      const appender = await connection.createAppender(table);
      const types = columns.map(() => duckdb.INTEGER);
      const n = columns[0]?.length ?? 0;
      for (let start = 0; start < n; start += 2048) {
        const end = Math.min(n, start + 2048);
        const chunk = duckdb.DuckDBDataChunk.create(types, end - start);
        chunk.setColumns(columns.map((c) => Array.from(c.subarray(start, end))));
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
      appender.closeSync();
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
