/** Private: the sections of a report on one population estimate, of any family. */
import type { LoglinearEstimate } from "../models/loglinear/types.js";
import type { LcmcrEstimate } from "../models/lcmcr/estimateLcmcr.js";
import type { TwoListEstimate } from "../models/twoList/lincolnPetersen.js";
import type { ClosedPopulationEstimate } from "../models/heterogeneity/family.js";
import type { IntervalExtras } from "../estimateWithInterval.js";
import type { CaptureData } from "../types.js";
import { isLoglinear, type EstimateResult } from "./_resultKind.js";
import { count, fitStatisticRows, fixed, percent, pValue, whole, type Cell } from "./_cells.js";
import { settingsSection, warningsSection, type Block, type ReportDocument, type Section } from "./_document.js";
import { dataSections } from "./_dataDocument.js";
import { bayesthreshSections, dgaSections } from "./_bayesianDocument.js";
import type { DgaEstimate } from "../models/dga/types.js";
import type { BayesthreshEstimate } from "../models/bayesthresh/types.js";

/** Fields of the estimate core: everything else a family adds. */
const CORE_FIELDS = new Set(["kind", "family", "fitted", "estimate", "observed", "unobserved", "standardError", "intervals", "warnings", "settings", "uncertainty", "sensitivity"]);

/** Build the report document of an estimate: the core sections, then the family's own. */
export function estimateDocument(result: EstimateResult, title: string, data?: CaptureData): ReportDocument {
  return {
    title,
    sections: [
      summarySection(result),
      ...intervalSections(result),
      ...familySections(result),
      ...(data ? dataSections(data) : []),
      ...warningsSection(result.warnings),
      ...settingsSection(result.settings),
    ],
  };
}

/** The sections a family adds, by `family`. */
function familySections(result: EstimateResult): Section[] {
  if (isLoglinear(result)) return [...modelSections(result), ...selectionSections(result), ...twoListSections(result.twoList)];
  if (result.family === "lincoln-petersen") return twoListSections((result as EstimateResult & { readonly twoList: TwoListEstimate }).twoList);
  if (result.family === "lcmcr") return lcmcrSections(result as unknown as LcmcrEstimate);
  if (result.family === "closed-population") return closedPopulationSections(result as unknown as ClosedPopulationEstimate);
  if (result.family === "dga" && "posterior" in result) return dgaSections(result as EstimateResult & DgaEstimate);
  if (result.family === "bayesthresh" && "thresholdStatistics" in result) return bayesthreshSections(result as EstimateResult & BayesthreshEstimate);
  return detailSections(result);
}

/** A family the report has no own sections for: its plain fields beyond the core, as label–value pairs. */
function detailSections(result: EstimateResult): Section[] {
  const rows: [string, Cell][] = [["Family", result.family]];
  for (const [key, value] of Object.entries(result)) {
    if (CORE_FIELDS.has(key) || value === undefined) continue;
    rows.push([key, typeof value === "number" ? { value, text: String(value) } : typeof value === "string" ? value : JSON.stringify(value)]);
  }
  return [{ heading: "Details", blocks: [{ kind: "fields", rows }] }];
}

function summarySection(result: EstimateResult): Section {
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
  if (result.fitted && typeof result.standardError === "number") rows.push(["Standard error", count(result.standardError)]);
  return {
    heading: "Estimate",
    blocks: [
      { kind: "headline", id: "estimate", label: "Estimate", value: count(result.estimate), ...(detail ? { detail } : {}) },
      { kind: "fields", rows },
    ],
  };
}

function intervalSections(result: EstimateResult): Section[] {
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
  if (u?.method === "profile") {
    blocks.push({ kind: "fields", rows: [["Profile-likelihood maximum", count(u.profileEstimate)]] });
  }
  if (u?.method !== "bootstrap") return [{ heading: "Intervals", blocks }];
  const s = result.settings as EstimateResult["settings"] & { readonly top?: number };
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

function modelSections(result: LoglinearEstimate & IntervalExtras): Section[] {
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

function selectionSections(result: LoglinearEstimate & IntervalExtras): Section[] {
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

function twoListSections(t: TwoListEstimate | undefined): Section[] {
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

/** The latent-class family: the posterior of N, the diagnostics and the chains. */
function lcmcrSections(fit: LcmcrEstimate): Section[] {
  const d = fit.diagnostics;
  const fixed = (x: number, digits: number): Cell => ({ value: x, text: x.toFixed(digits) });
  const posterior: Section = {
    heading: "Posterior of N",
    blocks: [
      {
        kind: "fields",
        rows: [
          ["Posterior median", count(fit.posterior.median)],
          ["Posterior mean", count(fit.posterior.mean)],
          ["Posterior sd", count(fit.posterior.sd)],
          ["Occupied classes (mean)", fixed(fit.posterior.occupiedClasses.mean, 2)],
          ["Concentration α (median)", fixed(fit.posterior.alpha.median, 3)],
        ],
      },
      { kind: "table", headers: ["Probability", "Quantile of N"], rows: fit.posterior.quantiles.map((q) => [percent(q.probability), count(q.value)]) },
    ],
    plots: ["lcmcr-posterior"],
  };
  const modes = d.multimodality.modes.map((m) => `${count(m.location).text} (${percent(m.share)})`).join(", ");
  const diagnostics: Section = {
    heading: "Convergence diagnostics",
    blocks: [
      {
        kind: "table",
        headers: ["Quantity", "split R-hat", "bulk ESS", "tail ESS"],
        rows: [
          ["N", fixed(d.rhat.population, 3), fixed(d.essBulk.population, 0), fixed(d.essTail.population, 0)],
          ["log-likelihood", fixed(d.rhat.logLikelihood, 3), fixed(d.essBulk.logLikelihood, 0), fixed(d.essTail.logLikelihood, 0)],
        ],
      },
      {
        kind: "paragraph",
        text:
          `Multimodality check: ${d.multimodality.detected ? "flagged" : "not flagged"}; modes of the pooled draws: ${modes}` +
          (d.multimodality.disagreeingChains.length > 0 ? `; disagreeing chains: ${d.multimodality.disagreeingChains.map(([a, b]) => `${a + 1} vs ${b + 1}`).join(", ")}` : "") +
          ". R-hat above 1.01 or an ESS below 100 per chain mean the chains have not yet given a reliable posterior.",
      },
      {
        kind: "table",
        headers: ["Chain", "Median N", "Mean N", "sd", "2.5%", "97.5%", "mean α", "mean classes"],
        rows: d.chains.map((c) => [
          String(c.chain + 1),
          count(c.median),
          count(c.mean),
          count(c.sd),
          count(c.lower),
          count(c.upper),
          fixed(c.meanAlpha, 3),
          fixed(c.meanOccupiedClasses, 2),
        ]),
      },
    ],
    plots: ["lcmcr-trace"],
  };
  return [posterior, diagnostics];
}

/** The closed-population family: the model with its heterogeneity, coefficients, fit statistics, selection. */
function closedPopulationSections(result: ClosedPopulationEstimate): Section[] {
  const c = result.closedPopulation;
  const h = c.heterogeneity;
  const rows: [string, Cell][] = [
    ["Name", c.name],
    ["Model", c.model],
    ["Heterogeneity", h === null ? "none" : h.theta === undefined ? h.form : `${h.form} (θ = ${h.theta})`],
  ];
  if (c.constrainedToZero.length > 0) rows.push(["Set to zero (Chao's constraint)", c.constrainedToZero.join(", ")]);
  if (c.asymptoticBias !== null) rows.push(["Asymptotic bias of the dark figure", fixed(c.asymptoticBias)]);
  const sections: Section[] = [
    {
      heading: "Model",
      blocks: [
        { kind: "fields", rows },
        ...(c.coefficients.length > 0
          ? [
              {
                kind: "table" as const,
                headers: ["Term", "Coefficient", "Standard error"],
                rows: c.coefficients.map((k) => [k.term, fixed(k.estimate, 4), fixed(k.standardError, 4)]),
              },
            ]
          : []),
      ],
    },
  ];
  if (c.fit !== null) {
    sections.push({
      heading: "Fit statistics",
      blocks: [{ kind: "fields", rows: [...fitStatisticRows(c.fit), ["Converged", c.fit.converged ? "yes" : "no"], ["Iterations", whole(c.fit.iterations)]] }],
    });
  }
  if (result.selection !== undefined) {
    const sel = result.selection;
    sections.push({
      heading: "Model selection",
      blocks: [
        { kind: "paragraph", text: `Best of ${sel.considered} models by ${sel.criterion.toUpperCase()}:` },
        {
          kind: "table",
          headers: ["Model", "Estimate", sel.criterion.toUpperCase()],
          rows: sel.top.map((m) => [m.name, count(m.estimate), fixed(m.criterion)]),
        },
      ],
    });
  }
  return sections;
}
