/**
 * A tiny static HTTP server for the browser test, on 127.0.0.1 and a random port.
 *
 * - `/<path>` serves the file `<root>/<path>` verbatim (the built `dist/` files among them).
 * - `/__deps/<specifier>` serves one dependency of the build (`vega`, `papaparse`, `read-excel-file/universal`…) as a
 *   single ES module, bundled on first request by esbuild (as Vite, a CDN or any bundler would):
 *   browsers cannot resolve bare specifiers, and several dependencies are CommonJS. The page's import
 *   map points each bare specifier of the build here. Only the dependencies are transformed; the
 *   library's own files are served as built.
 */
import { createServer, type Server } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { build } from "esbuild";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export const DEPS_PREFIX = "/__deps/";

export interface StaticServer {
  /** e.g. `http://127.0.0.1:41234` */
  readonly origin: string;
  /** Every request path answered with a status of 400 or more. */
  readonly failures: string[];
  close(): Promise<void>;
}

/** Bundle one bare specifier, resolved from `root`, into one browser ES module. */
async function bundleDependency(root: string, specifier: string): Promise<string> {
  const result = await build({
    entryPoints: [specifier],
    absWorkingDir: root,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    legalComments: "none",
  });
  return result.outputFiles[0].text;
}

export async function startStaticServer(root: string): Promise<StaticServer> {
  const base = resolve(root);
  const deps = new Map<string, Promise<string>>();
  const failures: string[] = [];

  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
      const send = (status: number, type: string, body: string | Buffer) => {
        if (status >= 400) failures.push(`${status} ${path}`);
        res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
        res.end(body);
      };
      try {
        if (req.method !== "GET" && req.method !== "HEAD") return send(405, "text/plain", "method not allowed");
        if (path.startsWith(DEPS_PREFIX)) {
          const specifier = path.slice(DEPS_PREFIX.length);
          if (!deps.has(specifier)) deps.set(specifier, bundleDependency(base, specifier));
          return send(200, TYPES[".js"], await deps.get(specifier)!);
        }
        const file = resolve(join(base, path));
        if (file !== base && !file.startsWith(base + sep)) return send(403, "text/plain", "forbidden");
        const info = await stat(file).catch(() => undefined);
        if (!info?.isFile()) return send(404, "text/plain", `not found: ${path}`);
        send(200, TYPES[extname(file)] ?? "application/octet-stream", await readFile(file));
      } catch (error) {
        send(500, "text/plain", String(error instanceof Error ? error.stack : error));
      }
    })();
  });

  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server has no port");
  return {
    origin: `http://127.0.0.1:${address.port}`,
    failures,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
