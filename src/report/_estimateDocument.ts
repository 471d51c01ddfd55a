/** Private: the sections of a report on one population estimate. */
import type { EstimateWithInterval } from "../estimateWithInterval.js";
import type { CaptureData } from "../types.js";
import { count, fitStatisticRows, fixed, percent, pValue, whole, type Cell } from "./_cells.js";
import { settingsSection, warningsSection, type Block, type ReportDocument, type Section } from "./_document.js";
import { dataSections } from "./_dataDocument.js";

/** Build the report document of an estimate. */
export function estimateDocument(result: EstimateWithInterval, title: string, data?: CaptureData): ReportDocument {
  return {
    title,
    sections: [
      summarySection(result),
      ...intervalSections(result),
      ...modelSections(result),
      ...selectionSections(result),
      ...twoListSections(result),
      ...(data ? dataSections(data) : []),
      ...warningsSection(result.warnings),
      ...settingsSection(result.settings),
    ],
  };
}

function summarySection(result: EstimateWithInterval): Section {
  const first = result.fitted ? result.intervals[0] : undefined;
  const detail = first
    ? `${percent(first.level)} interval (${first.method}): ${count(first.lower).text} – ${count(first.upper).text}`
    : result.fitted
      ? undefined
      : "no model could be fitted (see the warnings)";
  const rows: [string, Cell][] = [
    ["Estimate", count(result.estimate)],
    ["Observed", count(result.observed)],
    ["Dark figure (unobserved)", count(result.fitted ? result.unobserved : null)],
  ];
  if (result.fitted) rows.push(["Standard error", count(result.standardError)]);
  return {
    heading: "Estimate",
    blocks: [
      { kind: "headline", id: "estimate", label: "Estimate", value: count(result.estimate), ...(detail ? { detail } : {}) },
      { kind: "fields", rows },
    ],
  };
}

function intervalSections(result: EstimateWithInterval): Section[] {
  if (!result.fitted) return [];
  const blocks: Block[] =
    result.intervals.length === 0
      ? [{ kind: "paragraph", text: "No interval was computed." }]
      : [
          {
            kind: "table",
            headers: ["Method", "Level", "Lower", "Upper"],
            rows: result.intervals.map((i) => [i.method, { value: i.level, text: percent(i.level) }, count(i.lower), count(i.upper)]),
          },
        ];
  const u = result.uncertainty;
  if (!u) return [{ heading: "Intervals", blocks }];
  const s = result.settings;
  const rows: [string, Cell][] = [
    ["Replicates requested", whole(u.replicateSummary.requested)],
    ["Replicates valid", whole(u.replicateSummary.valid)],
    ["Seed", s.seed === undefined ? "–" : typeof s.seed === "number" ? whole(s.seed) : s.seed],
    ["Resampling", s.resampling ?? "–"],
    ["Model selection", s.top !== undefined ? `among the top ${s.top} models` : "re-run in every replicate"],
    ["Replicate mean", count(u.replicateSummary.mean)],
    ["Replicate standard deviation", count(u.replicateSummary.standardDeviation)],
    ["Replicate median", count(u.replicateSummary.median)],
    ["Acceleration", fixed(u.acceleration, 5)],
    ["Bias correction", fixed(u.biasCorrection, 5)],
  ];
  blocks.push({ kind: "fields", rows });
  if (u.nested && u.nested.length > 0) {
    blocks.push({
      kind: "table",
      headers: ["Top", "Model added", "Method", "Level", "Lower", "Upper", "Valid replicates"],
      rows: u.nested.flatMap((n) =>
        n.intervals.map((i) => [whole(n.top), n.model.name, i.method, { value: i.level, text: percent(i.level) }, count(i.lower), count(i.upper), whole(n.valid)]),
      ),
    });
  }
  return [{ heading: "Intervals", blocks, plots: ["bootstrap"] }];
}

function modelSections(result: EstimateWithInterval): Section[] {
  if (!result.model) return [];
  const m = result.model;
  const sections: Section[] = [
    {
      heading: "Model",
      blocks: [
        {
          kind: "fields",
          rows: [
            ["Name", m.name],
            ["R notation", m.hierarchy],
            ["Interactions", m.terms.length > 0 ? m.terms.join(", ") : "none (main effects only)"],
          ],
        },
        ...(result.fitted
          ? [
              {
                kind: "table" as const,
                headers: ["Term", "Coefficient", "Standard error", "At −∞"],
                rows: result.coefficients.map((c) => [c.term, fixed(c.estimate, 4), fixed(c.standardError, 4), c.boundary ? "yes" : "no"]),
              },
            ]
          : []),
      ],
    },
  ];
  if (result.fitted) {
    const f = result.fit;
    sections.push({
      heading: "Fit statistics",
      blocks: [
        {
          kind: "fields",
          rows: [
            ...fitStatisticRows(f),
            ["Converged", f.converged ? "yes" : "no"],
            ["Iterations", whole(f.iterations)],
          ],
        },
      ],
    });
  }
  const d = result.diagnostics;
  if (d) {
    const status = ["fine", "no extended MLE", "not identifiable", "no extended MLE and not identifiable"][d.status];
    sections.push({
      heading: "Diagnostics",
      blocks: [
        {
          kind: "fields",
          rows: [
            ["Status", `${d.status} (${status})`],
            ["MLE exists", d.mleExists ? "yes" : "no"],
            ["Identifiable", d.identifiable ? "yes" : "no"],
            ["Terms at −∞ (empty overlaps)", d.emptyOverlaps.length > 0 ? d.emptyOverlaps.join(", ") : "none"],
          ],
        },
      ],
    });
  }
  return sections;
}

function selectionSections(result: EstimateWithInterval): Section[] {
  const s = result.selection;
  if (s.method === "fixed") return [{ heading: "Selection", blocks: [{ kind: "paragraph", text: "The model was given (no selection)." }] }];
  const blocks: Block[] = [];
  if (s.method === "stepwise") {
    blocks.push({
      kind: "paragraph",
      text: `Forward stepwise selection from main effects, adding the two-list interaction with the smallest p-value while it is below ${s.pThreshold ?? "the threshold"}.`,
    });
    const steps = s.steps ?? [];
    blocks.push(
      steps.length === 0
        ? { kind: "paragraph", text: "No interaction was added: the main-effects model was kept." }
        : {
            kind: "table",
            headers: ["Step", "Interaction added", "p-value", "Observed overlap", "Expected overlap", "Estimate after step"],
            rows: steps.map((step, k) => [whole(k + 1), step.term, pValue(step.pValue), count(step.observedOverlap), fixed(step.expectedOverlap, 1), count(step.estimate)]),
          },
    );
  } else {
    const criterion = s.method.toUpperCase();
    blocks.push({
      kind: "paragraph",
      text: `Exhaustive ${criterion} search over ${s.considered ?? "?"} hierarchical models of order at most ${s.maxOrder ?? "?"}; ${s.valid ?? "?"} have an estimate that exists and is identifiable.`,
    });
    const chosen = s.model?.name;
    const ranking = s.ranking ?? [];
    if (ranking.length > 0) {
      blocks.push({
        kind: "table",
        headers: ["Rank", "Model", "Estimate", "BIC", "AIC", "Parameters", "Chosen"],
        rows: ranking.map((r, k) => [whole(k + 1), r.model.name, count(r.estimate), fixed(r.bic), fixed(r.aic), whole(r.parameters), r.model.name === chosen ? "yes" : ""]),
      });
    }
  }
  return [{ heading: "Selection", blocks, plots: ["sensitivity"] }];
}

function twoListSections(result: EstimateWithInterval): Section[] {
  const t = result.twoList;
  if (!t) return [];
  const estimators = [
    ["Lincoln–Petersen", t.lincolnPetersen],
    ["Chapman", t.chapman],
  ] as const;
  const rows = estimators.flatMap(([name, e]) =>
    e === null
      ? [[name, count(null), count(null), "", count(null), count(null)]]
      : (e.intervals.length > 0 ? e.intervals : [null]).map((i) => [
          name,
          count(e.estimate),
          count(e.standardError),
          i ? `${percent(i.level)} ${i.method}` : "",
          count(i?.lower ?? null),
          count(i?.upper ?? null),
        ]),
  );
  return [
    {
      heading: "Two-list estimators",
      blocks: [
        {
          kind: "paragraph",
          text: `${t.lists[0]}: ${t.firstList}, ${t.lists[1]}: ${t.secondList}, on both: ${t.both}.`,
        },
        { kind: "table", headers: ["Estimator", "Estimate", "Standard error", "Interval", "Lower", "Upper"], rows },
      ],
    },
  ];
}
