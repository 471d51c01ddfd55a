/** Private: the sections of a report on a stratified estimate. */
import type { StratifiedEstimate, StratumEstimate } from "../strata/types.js";
import type { RandomEffectsEstimate } from "../models/random-effects/types.js";
import type { CaptureData } from "../types.js";
import { count, fitStatisticRows, fixed, intervalCells, intervalHeaders, intervalKeys, percent, whole, type Cell } from "./_cells.js";
import { settingsSection, warningsSection, type ReportDocument, type Section } from "./_document.js";
import { dataSections } from "./_dataDocument.js";

/** A stratum's values as one label: `north · 2019`. */
export function stratumLabel(stratum: StratumEstimate["stratum"], by: readonly string[]): string {
  return by.map((b) => stratum[b] ?? "").join(" · ");
}

/** Build the report document of a stratified estimate. */
export function strataDocument(result: StratifiedEstimate, title: string, data?: CaptureData): ReportDocument {
  const t = result.total;
  const first = t.intervals[0];
  return {
    title,
    sections: [
      {
        heading: "Total",
        blocks: [
          {
            kind: "headline",
            id: "estimate",
            label: "Total estimate",
            value: count(t.estimate),
            ...(first ? { detail: `${percent(first.level)} interval (${first.method}): ${count(first.lower).text} – ${count(first.upper).text}` } : {}),
          },
          {
            kind: "fields",
            rows: [
              ["Estimate", count(t.estimate)],
              ["Observed", count(t.observed)],
              ["Dark figure (unobserved)", count(t.estimate === null ? null : t.estimate - t.observed)],
              ["Strata", whole(result.strata.length)],
            ],
          },
        ],
      },
      strataSection(result),
      ...(isRandomEffects(result) ? randomEffectsSections(result) : covariateSections(result)),
      ...(data ? dataSections(data) : []),
      ...warningsSection([
        ...result.warnings,
        ...result.strata.flatMap((s) => s.warnings.map((w) => ({ ...w, where: stratumLabel(s.stratum, result.by) }))),
        ...t.warnings.map((w) => ({ ...w, where: "total" })),
      ]),
      ...settingsSection(result.settings),
    ],
  };
}

function strataSection(result: StratifiedEstimate): Section {
  const keys = intervalKeys([...result.strata.map((s) => s.intervals), result.total.intervals]);
  const rows: Cell[][] = result.strata.map((s) => [
    ...result.by.map((b) => s.stratum[b] ?? ""),
    count(s.estimate),
    count(s.observed),
    count(s.unobserved),
    ...intervalCells(s.intervals, keys),
    s.model?.name ?? "–",
    whole(s.warnings.length),
  ]);
  const t = result.total;
  rows.push([
    ...result.by.map((_, k) => (k === 0 ? "Total" : "")),
    count(t.estimate),
    count(t.observed),
    count(t.estimate === null ? null : t.estimate - t.observed),
    ...intervalCells(t.intervals, keys),
    "",
    whole(t.warnings.length),
  ]);
  const method =
    result.method === "post-stratified"
      ? "each stratum fitted on its own (post-stratification)"
      : isRandomEffects(result)
        ? `one random-effects log-linear model over all strata (${result.random.structure === "random-walk" ? "a random walk over" : "random effects for"} ${result.by.join(", ")})`
        : "one covariate model over all strata";
  return {
    heading: "Strata",
    blocks: [
      { kind: "paragraph", text: `Estimates by ${result.by.join(", ")}: ${method}.` },
      {
        kind: "table",
        headers: [...result.by, "Estimate", "Observed", "Dark figure", ...intervalHeaders(keys), "Model", "Warnings"],
        rows,
        emphasis: [rows.length - 1],
      },
    ],
    plots: ["strata"],
  };
}

function covariateSections(result: StratifiedEstimate): Section[] {
  if (!result.model && !result.fit) return [];
  const rows: [string, Cell][] = [];
  if (result.model) rows.push(["Name", result.model.name], ["R notation", result.model.hierarchy]);
  const f = result.fit;
  if (f) {
    rows.push(...fitStatisticRows(f));
  }
  return [{ heading: "Model", blocks: [{ kind: "fields", rows }] }];
}

/** Whether a stratified estimate comes from the random-effects family. */
function isRandomEffects(result: StratifiedEstimate): result is RandomEffectsEstimate {
  return result.family === "random-effects";
}

/** The random-effects model: its formula and fit, fixed effects, variance components. */
function randomEffectsSections(result: RandomEffectsEstimate): Section[] {
  const f = result.fit;
  const model: [string, Cell][] = [
    ["Fixed part", result.model.name],
    ["lme4 notation", result.random.formula],
    ["Laplace log-likelihood", fixed(f.logLikelihood)],
    ["Parameters", whole(f.parameters)],
    ["Cells", whole(f.cells)],
    ["AIC", fixed(f.aic)],
    ["BIC (log observed)", fixed(f.bic)],
    ["BIC (log cells, as lme4)", fixed(f.bicCells)],
    ["Converged", f.converged ? "yes" : "no"],
    ["Iterations", whole(f.iterations)],
  ];
  return [
    { heading: "Model", blocks: [{ kind: "fields", rows: model }] },
    {
      heading: "Fixed effects",
      blocks: [
        {
          kind: "table",
          headers: ["Term", "Estimate", "Standard error"],
          rows: result.coefficients.map((c) => [c.term, c.boundary ? "−∞" : fixed(c.estimate, 4), fixed(c.standardError, 4)]),
        },
      ],
    },
    {
      heading: "Variance components",
      blocks: [
        {
          kind: "table",
          headers: ["Random effect", "Variance", "Standard deviation"],
          rows: Object.entries(result.variance).map(([name, v]) => [name, fixed(v, 4), fixed(Math.sqrt(v), 4)]),
        },
      ],
    },
  ];
}
