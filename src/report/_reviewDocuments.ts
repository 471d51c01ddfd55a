/** Private: report documents, CSV tables and plots of the reviewer's tools (comparison, list sensitivity, internal consistency, studies). */
import type { Interval } from "../types.js";
import type { MethodComparison } from "../review/compareMethods.js";
import type { ListSensitivity } from "../review/listSensitivity.js";
import type { InternalConsistency } from "../review/internalConsistency.js";
import type { StudyResult } from "../study/types.js";
import { count, fixed, intervalCells, intervalHeaders, intervalKeys, percent, whole, type Cell, NONE } from "./_cells.js";
import { settingsSection, warningsSection, type ReportDocument, type Section } from "./_document.js";
import { BLUE, RED, WIDTH, intervalRows, plottedKey, pointRangeLayers, type Plot } from "./plots/_plot.js";

/** Results of the reviewer's tools. */
export type ReviewResult = MethodComparison | ListSensitivity | InternalConsistency | StudyResult;

const seconds = (s: number): Cell => ({ value: s, text: s < 10 ? s.toFixed(2) : s.toFixed(1) });

export function comparisonDocument(c: MethodComparison, title: string): ReportDocument {
  const keys = intervalKeys(c.methods.map((m) => m.intervals));
  const sections: Section[] = [
    {
      heading: "Methods side by side",
      blocks: [
        { kind: "fields", rows: [["Lists", c.lists.join(", ")], ["Observed", count(c.observed)]] },
        {
          kind: "table",
          headers: ["Method", "Family", "Estimate", ...intervalHeaders(keys), "Model", "Seconds", "Warnings"],
          rows: c.methods.map((m) => [
            m.method,
            m.family,
            count(m.estimate),
            ...intervalCells(m.intervals, keys),
            m.model ?? NONE,
            seconds(m.seconds),
            m.warnings.map((w) => w.code).join(", ") || NONE,
          ]),
        },
      ],
      plots: ["forest"],
    },
  ];
  if (c.skipped.length > 0) {
    sections.push({
      heading: "Not applicable here",
      blocks: [{ kind: "list", items: c.skipped.map((s) => ({ label: s.method, text: s.reason })) }],
    });
  }
  const warnings = c.methods.flatMap((m) => m.warnings.map((w) => ({ ...w, where: m.method })));
  return { title, sections: [...sections, ...warningsSection(warnings), ...settingsSection(c.settings)] };
}

export function listSensitivityDocument(s: ListSensitivity, title: string): ReportDocument {
  const keys = intervalKeys(s.rows.map((r) => r.intervals));
  return {
    title,
    sections: [
      {
        heading: "Estimates with lists omitted or merged",
        blocks: [
          { kind: "fields", rows: [["Lists", s.lists.join(", ")], ["Observed", count(s.observed)]] },
          {
            kind: "table",
            headers: ["Method", "Variant", "Observed", "Estimate", ...intervalHeaders(keys), "Shift", "Flagged", "Model"],
            rows: s.rows.map((r) => [
              r.method,
              r.label,
              count(r.observed),
              count(r.estimate),
              ...intervalCells(r.intervals, keys),
              count(r.shift),
              r.flagged ? "yes" : "",
              r.model ?? NONE,
            ]),
            emphasis: s.rows.flatMap((r, k) => (r.flagged || r.change === "none" ? [k] : [])),
          },
        ],
        plots: ["lists"],
      },
      ...warningsSection(s.warnings),
      ...settingsSection(s.settings),
    ],
  };
}

export function consistencyDocument(c: InternalConsistency, title: string): ReportDocument {
  return {
    title,
    sections: [
      {
        heading: "Summary per method (Binette & Steorts 2022)",
        blocks: [
          {
            kind: "table",
            headers: ["Method", "Lists", "Mean log relative bias", "SD", "RMSE", "Median", "Coverage", "Lower coverage", "Upper coverage"],
            rows: c.summary.map((s) => [
              s.method,
              whole(s.lists),
              fixed(s.meanLogRelativeBias),
              fixed(s.sdLogRelativeBias),
              fixed(s.rmseLogRelativeBias),
              fixed(s.medianLogRelativeBias),
              fixed(s.coverage),
              fixed(s.lowerCoverage),
              fixed(s.upperCoverage),
            ]),
          },
        ],
      },
      {
        heading: "Each list as the truth",
        blocks: [
          {
            kind: "table",
            headers: ["Method", "List", "Size", "Observed", "Estimate", "Lower", "Upper", "Covered", "Log relative bias"],
            rows: c.lists.map((r) => [
              r.method,
              r.list,
              count(r.size),
              count(r.observed),
              count(r.estimate),
              count(r.lower),
              count(r.upper),
              r.covered === null ? NONE : r.covered ? "yes" : "no",
              fixed(r.logRelativeBias),
            ]),
          },
        ],
        plots: ["consistency"],
      },
      ...warningsSection(c.lists.flatMap((r) => r.warnings.map((w) => ({ ...w, where: `${r.method}, ${r.list}` })))),
      ...settingsSection(c.settings),
    ],
  };
}

export function studyDocument(s: StudyResult, title: string): ReportDocument {
  const published = s.spec.published;
  const find = (scenario: string, method: string, quantity: string, interval?: string, level?: number) =>
    published?.figures.find(
      (f) => f.scenario === scenario && f.method === method && f.quantity === quantity && (interval === undefined || f.interval === interval) && (level === undefined || f.level === level),
    )?.value ?? null;
  const pm = (value: number | null, se: number | null, digits: number): Cell =>
    value === null ? NONE : { value, text: `${digits === 0 ? count(value).text : value.toFixed(digits)}${se === null ? "" : ` ± ${digits === 0 ? count(se).text : se.toFixed(digits)}`}` };
  const sections: Section[] = [
    {
      heading: "Accuracy per scenario and method",
      blocks: [
        ...(s.description ? [{ kind: "paragraph" as const, text: s.description }] : []),
        {
          kind: "paragraph",
          text: `${s.settings.replications} replications per scenario, seed ${String(s.settings.seed)}${s.settings.replicates !== undefined ? `, ${s.settings.replicates} bootstrap replicates` : ""}; ± one Monte Carlo standard error.`,
        },
        {
          kind: "table",
          headers: ["Scenario", "Method", "Truth", "Estimates", "Failures", "Bias", "RMSE", "Log RMSE", ...(published ? ["Published RMSE", "Published log RMSE"] : [])],
          rows: s.summary.map((r) => [
            r.scenario,
            r.method,
            count(r.truth),
            whole(r.estimates),
            whole(r.failures),
            pm(r.bias, r.biasStandardError, 0),
            pm(r.rmse, r.rmseStandardError, 0),
            pm(r.logRmse, r.logRmseStandardError, 3),
            ...(published ? [count(find(r.scenario, r.method, "rmse")), fixed(find(r.scenario, r.method, "logRmse"))] : []),
          ]),
        },
      ],
    },
    {
      heading: "Coverage of the intervals",
      blocks: [
        {
          kind: "table",
          headers: ["Scenario", "Method", "Interval", "Level", "Intervals", "Coverage", "Lower limit above truth", "Upper limit below truth", "Median width", ...(published ? ["Published coverage"] : [])],
          rows: s.summary.flatMap((r) =>
            r.coverage.map((c) => [
              r.scenario,
              r.method,
              c.interval,
              percent(c.level),
              whole(c.intervals),
              pm(c.coverage, c.standardError, 3),
              fixed(c.lowerMiss, 3),
              fixed(c.upperMiss, 3),
              count(c.medianWidth),
              ...(published ? [fixed(find(r.scenario, r.method, "coverage", c.interval, c.level), 3)] : []),
            ]),
          ),
        },
      ],
      plots: ["study"],
    },
  ];
  if (published) sections.push({ heading: "Source of the published figures", blocks: [{ kind: "paragraph", text: published.source }] });
  return { title, sections: [...sections, ...settingsSection(s.settings)] };
}

/** A forest plot: one row per method (or variant) with its estimate and interval. */
function forest(kind: "forest" | "lists", rows: readonly { label: string; estimate: number | null; intervals: readonly Interval[] }[], caption: string, highlight?: string): Plot | null {
  const key = plottedKey(rows.map((r) => r.intervals));
  const points = intervalRows(rows, key);
  if (points.length === 0) return null;
  const xTitle = `Population estimate${key ? ` (${percent(key.level)} ${key.method} interval)` : ""}`;
  return {
    kind,
    caption: `${caption}${key ? ` with ${percent(key.level)} ${key.method} intervals` : ""}.`,
    spec: {
      data: { values: points.map((p) => ({ ...p, lower: p.lower ?? p.estimate, upper: p.upper ?? p.estimate, role: p.label === highlight ? "reference" : "other" })) },
      width: WIDTH,
      height: { step: 22 },
      encoding: { y: { field: "label", type: "nominal" as const, sort: null, title: null, axis: { labelLimit: 400 } } },
      layer: pointRangeLayers(xTitle, BLUE),
    },
  };
}

/** The plots of a review result. */
export function reviewPlots(result: ReviewResult): (Plot | null)[] {
  switch (result.kind) {
    case "comparison":
      return [forest("forest", result.methods.map((m) => ({ label: m.method, estimate: m.estimate, intervals: m.intervals })), "Forest plot: every method's estimate")];
    case "list-sensitivity":
      return [
        forest(
          "lists",
          result.rows.map((r) => ({ label: result.settings.methods.length > 1 ? `${r.method}: ${r.label}` : r.label, estimate: r.estimate, intervals: r.intervals })),
          "Estimates with each list omitted and each pair merged",
        ),
      ];
    case "consistency": {
      const rows = result.lists.filter((r) => r.estimate !== null && r.logRelativeBias !== null);
      if (rows.length === 0) return [null];
      return [
        {
          kind: "consistency",
          caption: "Log relative bias log(estimate / true size) with each list as the truth, by method; the interval's limits on the same scale.",
          spec: {
            data: {
              values: rows.map((r) => ({
                label: `${r.method}: ${r.list}`,
                estimate: r.logRelativeBias,
                lower: r.lower === null ? r.logRelativeBias : Math.log(Math.max(r.lower, 1e-9) / r.size),
                upper: r.upper === null ? r.logRelativeBias : Math.log(r.upper / r.size),
              })),
            },
            width: WIDTH,
            height: { step: 22 },
            encoding: { y: { field: "label", type: "nominal" as const, sort: null, title: null, axis: { labelLimit: 400 } } },
            layer: [
              ...pointRangeLayers("Log relative bias", BLUE),
              { data: { values: [{ zero: 0 }] }, mark: { type: "rule" as const, color: RED }, encoding: { x: { field: "zero", type: "quantitative" as const } } },
            ],
          },
        },
      ];
    }
    case "study": {
      const rows = result.summary.flatMap((r) =>
        r.coverage
          .filter((c) => c.coverage !== null)
          .map((c) => ({
            label: `${r.method} · ${c.interval} · ${percent(c.level)}${result.scenarios.length > 1 ? ` · ${r.scenario}` : ""}`,
            estimate: c.coverage,
            lower: Math.max(0, (c.coverage as number) - 2 * (c.standardError ?? 0)),
            upper: Math.min(1, (c.coverage as number) + 2 * (c.standardError ?? 0)),
            nominal: c.level,
          })),
      );
      if (rows.length === 0) return [null];
      return [
        {
          kind: "study",
          caption: "Coverage of every interval (± 2 Monte Carlo standard errors); the red ticks are the nominal levels.",
          spec: {
            data: { values: rows },
            width: WIDTH,
            height: { step: 22 },
            encoding: { y: { field: "label", type: "nominal" as const, sort: null, title: null, axis: { labelLimit: 400 } } },
            layer: [
              ...pointRangeLayers("Coverage", BLUE),
              { mark: { type: "tick" as const, color: RED, thickness: 2 }, encoding: { x: { field: "nominal", type: "quantitative" as const } } },
            ],
          },
        },
      ];
    }
  }
}

/** CSV rows of a review result: a header and one row per line. */
export function reviewCsvRows(result: ReviewResult): (string | number | null)[][] {
  switch (result.kind) {
    case "comparison": {
      const keys = intervalKeys(result.methods.map((m) => m.intervals));
      return [
        ["method", "family", "estimate", ...keys.flatMap((k) => [`${k.method}_${k.level}_lower`, `${k.method}_${k.level}_upper`]), "seconds", "warnings"],
        ...result.methods.map((m) => [
          m.method,
          m.family,
          m.estimate,
          ...keys.flatMap((k) => {
            const i = m.intervals.find((x) => x.method === k.method && x.level === k.level);
            return [i?.lower ?? null, i?.upper ?? null];
          }),
          m.seconds,
          m.warnings.map((w) => w.code).join(" "),
        ]),
      ];
    }
    case "list-sensitivity": {
      const keys = intervalKeys(result.rows.map((r) => r.intervals));
      return [
        ["method", "change", "lists", "observed", "estimate", ...keys.flatMap((k) => [`${k.method}_${k.level}_lower`, `${k.method}_${k.level}_upper`]), "shift", "flagged"],
        ...result.rows.map((r) => [
          r.method,
          r.change,
          r.lists.join("+"),
          r.observed,
          r.estimate,
          ...keys.flatMap((k) => {
            const i = r.intervals.find((x) => x.method === k.method && x.level === k.level);
            return [i?.lower ?? null, i?.upper ?? null];
          }),
          r.shift,
          String(r.flagged),
        ]),
      ];
    }
    case "consistency":
      return [
        ["method", "list", "size", "observed", "estimate", "lower", "upper", "covered", "logRelativeBias"],
        ...result.lists.map((r) => [r.method, r.list, r.size, r.observed, r.estimate, r.lower, r.upper, r.covered === null ? null : String(r.covered), r.logRelativeBias]),
      ];
    case "study":
      return [
        ["scenario", "method", "truth", "estimates", "failures", "bias", "bias_se", "rmse", "rmse_se", "log_rmse", "log_rmse_se", "interval", "level", "intervals", "coverage", "coverage_se", "median_width"],
        ...result.summary.flatMap((r) => {
          const base = [r.scenario, r.method, r.truth, r.estimates, r.failures, r.bias, r.biasStandardError, r.rmse, r.rmseStandardError, r.logRmse, r.logRmseStandardError];
          if (r.coverage.length === 0) return [[...base, null, null, null, null, null, null]];
          return r.coverage.map((c) => [...base, c.interval, c.level, c.intervals, c.coverage, c.standardError, c.medianWidth]);
        }),
      ];
  }
}
