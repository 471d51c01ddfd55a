/** Private: vega-lite specification → SVG text, with vega loaded only when a plot is drawn. */
import type { TopLevelSpec } from "vega-lite";
import { MissingDependencyError, isModuleNotFound } from "../errors.js";

const config = {
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  background: "white",
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal" as const },
  legend: { labelFontSize: 11 },
};

/**
 * Render vega-lite specifications to standalone SVG strings with vega's headless `"none"` renderer.
 * Vega and vega-lite are imported here, on first use, so that the other report formats never load
 * them; they are optional peer dependencies, and when they are missing a {@link MissingDependencyError}
 * says what to install. Both libraries' loggers are silenced (library code writes nothing to the console). The
 * clip-path and gradient ids of each SVG are prefixed with `idPrefix` and its index, so that several
 * SVGs can share one HTML page.
 */
export async function renderSvgs(specs: readonly TopLevelSpec[], idPrefix = "plot"): Promise<string[]> {
  if (specs.length === 0) return [];
  let vega: typeof import("vega");
  let vegaLite: typeof import("vega-lite");
  try {
    [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  } catch (error) {
    if (isModuleNotFound(error)) throw new MissingDependencyError(["vega", "vega-lite"], "an HTML report");
    throw error;
  }
  const logger = vega.logger(vega.None);
  const svgs: string[] = [];
  for (const [k, spec] of specs.entries()) {
    const compiled = vegaLite.compile({ ...spec, config } as TopLevelSpec, { logger }).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "none", logger });
    try {
      svgs.push(prefixIds(await view.toSVG(), `${idPrefix}${k + 1}-`));
    } finally {
      view.finalize();
    }
  }
  return svgs;
}

/** Give vega's generated ids (`clip3`, `gradient_0`, `p_gradient_0`) and their references a prefix. */
function prefixIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="((?:clip|gradient_|p_gradient_)\d+)"/g, `id="${prefix}$1"`)
    .replace(/url\(#((?:clip|gradient_|p_gradient_)\d+)\)/g, `url(#${prefix}$1)`);
}
