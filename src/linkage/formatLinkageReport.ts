/**
 * The match report of a linkage (and of an estimate with linkage uncertainty) as text, markdown,
 * JSON or a self-contained HTML page with plots.
 */
import type { TopLevelSpec } from "vega-lite";
import { OptionError } from "../errors.js";
import { count, fixed, percent, whole, type Cell } from "../report/_cells.js";
import type { Block, ReportDocument, Section } from "../report/_document.js";
import { settingsSection, warningsSection } from "../report/_document.js";
import { renderHtml } from "../report/_html.js";
import { renderMarkdown } from "../report/_markdown.js";
import { renderSvgs } from "../report/_renderSvg.js";
import { renderText } from "../report/_textDocument.js";
import { BLUE, RED, WIDTH } from "../report/plots/_plot.js";
import type { LinkageEstimate } from "./estimateWithLinkage.js";
import type { Linkage } from "./types.js";

/** Options of {@link formatLinkageReport}. */
export interface FormatLinkageReportOptions {
  /** `"text"`, `"markdown"`, `"json"` or `"html"` (one self-contained page with the weight histogram and the threshold plot). */
  readonly format: "text" | "markdown" | "json" | "html";
  /** An estimate made from the linkage, reported after it. */
  readonly estimate?: LinkageEstimate;
  /** Title; default `"Record linkage"`. */
  readonly title?: string;
  /** Most borderline pairs shown (all are in the clerical-review CSV); default 25. */
  readonly reviewRows?: number;
}

const FORMATS = ["text", "markdown", "json", "html"];

/**
 * Render the match report: the files and the summary (candidate pairs, links, persons, estimated
 * precision and recall), the blocking rules, the fitted model (m, u and the weight of every level),
 * links by match weight (a histogram in HTML), the clusters, the borderline pairs, and — with
 * `estimate` — the estimate with and without linkage error and its sensitivity to the threshold.
 * JSON is `{ linkage, estimate }` without the per-record and per-pair columns (which are in the
 * CSV files).
 *
 * @param linkage - from {@link linkRecords}.
 * @param options - see {@link FormatLinkageReportOptions}.
 * @returns the report text.
 * @throws {OptionError} for an unknown format.
 * @example
 * writeFileSync("link.html", await formatLinkageReport(linkage, { format: "html" }));
 * @see docs/methodology/linkage.md
 */
export async function formatLinkageReport(linkage: Linkage, options: FormatLinkageReportOptions): Promise<string> {
  if (!FORMATS.includes(options?.format)) throw new OptionError(`\`format\` must be one of ${FORMATS.join(", ")}; received ${String(options?.format)}`);
  if (options.format === "json") {
    const { records: _records, pairs: _pairs, covariateColumns: _columns, ...rest } = linkage;
    return JSON.stringify({ linkage: rest, ...(options.estimate ? { estimate: options.estimate } : {}) }, null, 2);
  }
  const doc = linkageDocument(linkage, options);
  if (options.format === "text") return renderText(doc);
  if (options.format === "markdown") return renderMarkdown(doc);
  const plots = [weightPlot(linkage), options.estimate ? thresholdPlot(options.estimate) : null].filter(
    (p): p is { kind: "linkage-weights" | "linkage-threshold"; caption: string; spec: TopLevelSpec } => p !== null,
  );
  const svgs = await renderSvgs(plots.map((p) => p.spec), "link");
  return renderHtml(doc, plots.map((p, k) => ({ kind: p.kind, caption: p.caption, svg: svgs[k] })));
}

const ratio = (x: number | null): Cell => fixed(x, 4);

function linkageDocument(linkage: Linkage, options: FormatLinkageReportOptions): ReportDocument {
  const s = linkage.summary;
  const settings = linkage.settings;
  const sections: Section[] = [];
  const recall = modelRecall(linkage);
  sections.push({
    heading: "Summary",
    blocks: [
      { kind: "headline", id: "persons", label: "Persons found", value: count(s.persons), detail: `from ${count(s.records.reduce((a, b) => a + b, 0)).text} records in ${settings.lists.length} files` },
      {
        kind: "fields",
        rows: [
          ["Method", settings.method === "probabilistic" ? "Fellegi–Sunter with EM" : "deterministic rules"],
          ["Candidate pairs compared", count(s.candidatePairs)],
          ["Links", count(s.links)],
          ["Match-weight threshold", `${settings.threshold} (probability ${(1 / (1 + 2 ** -settings.threshold)).toFixed(3)})`],
          ["Expected true matches among candidates (Σp)", fixed(s.expectedMatches, 1)],
          ["Estimated precision of the links (Σp over links / links)", ratio(s.estimatedPrecision)],
          ["Estimated recall among candidates (Σp over links / Σp)", ratio(s.estimatedRecall)],
          ...(recall !== null ? ([["Estimated recall of all matches (model, blocking aside)", ratio(recall)]] as [string, Cell][]) : []),
          ["Clustering rounds", whole(s.clusteringRounds)],
        ],
      },
      {
        kind: "table",
        headers: ["List", "File", "Records", "Within-list duplicates linked", "Persons on the list"],
        rows: settings.lists.map((l, k) => [
          l.name,
          l.file,
          count(s.records[k]),
          count(s.duplicates[k]),
          count(s.records[k] - s.duplicates[k]),
        ]),
      },
    ],
  });
  sections.push({
    heading: "Blocking",
    blocks: [
      {
        kind: "paragraph",
        text: "Pairs of records are compared when they agree on every key of at least one rule; each rule adds the pairs no earlier rule made. The bound is Σ n(n−1)/2 over its blocks, checked before any pair is made.",
      },
      {
        kind: "table",
        headers: ["Rule", "Kind", "Bound", "Pairs added"],
        rows: s.rules.map((r) => [r.keys.join(" + "), r.kind, count(r.bound), count(r.pairs)]),
      },
      ...(s.skippedRules.length > 0
        ? ([
            { kind: "paragraph", text: `Optional rules left out because the candidate pairs would exceed pairBudget (${count(settings.pairBudget).text}):` },
            { kind: "table", headers: ["Rule", "Bound"], rows: s.skippedRules.map((r) => [r.keys.join(" + "), count(r.bound)]) },
          ] as Block[])
        : []),
    ],
  });
  if (linkage.model) {
    const m = linkage.model;
    sections.push({
      heading: "Model",
      blocks: [
        {
          kind: "fields",
          rows: [
            ["λ (share of matches among all pairs)", { value: m.proportion, text: m.proportion.toExponential(3) }],
            ["Prior weight log2(λ/(1−λ))", fixed(m.prior, 2)],
            ["Random pairs for u", `${count(m.randomPairs).text}${m.randomPairsExhaustive ? " (every pair)" : ""}`],
            ["Comparison patterns", whole(m.patterns)],
            ["EM iterations", `${m.iterations}${m.converged ? "" : " (not converged)"}`],
          ],
        },
        {
          kind: "table",
          headers: ["Field", "Level", "m", "u", "Weight (bits)", "Candidate pairs"],
          rows: m.comparisons.flatMap((c) => [
            ...c.levels.map((l, j): Cell[] => [
              j === 0 ? `${c.field}${c.termFrequency ? " (term frequencies)" : ""}` : "",
              l.name,
              fixed(l.m, 4),
              { value: l.u, text: l.u.toExponential(2) },
              fixed(l.weight, 2),
              count(l.pairs),
            ]),
            ["", "missing", "", "", fixed(0, 2), count(c.missingPairs)],
          ]),
        },
        ...(m.missedMatches && m.missedMatches.length > 0
          ? ([
              {
                kind: "table",
                headers: ["Lists", "Matches below the threshold (model)", "Matches below the probability floor (model)"],
                rows: m.missedMatches.map((x) => [x.lists.join(" – "), ratio(x.belowThreshold), ratio(x.belowFloor)]),
              },
            ] as Block[])
          : []),
      ],
    });
    sections.push({
      heading: "Links by match weight",
      blocks: [
        {
          kind: "table",
          headers: ["Weight from", "to", "Pairs", "Links", "Expected matches (Σp)"],
          rows: compactBins(linkage.histogram).map((b) => [b.from, b.to, count(b.pairs), count(b.links), fixed(b.expectedMatches, 1)]),
        },
      ],
      plots: ["linkage-weights"],
    });
  }
  sections.push({
    heading: "Clusters",
    blocks: [
      { kind: "table", headers: ["Records per person", "Persons"], rows: s.clusterSizes.map((c) => [whole(c.records), count(c.persons)]) },
      { kind: "table", headers: ["Lists per person", "Persons"], rows: s.listsPerPerson.map((c) => [whole(c.lists), count(c.persons)]) },
    ],
  });
  if (linkage.review.length > 0) {
    const shown = linkage.review.slice(0, options.reviewRows ?? 25);
    const fields = settings.fields;
    sections.push({
      heading: "Borderline pairs",
      blocks: [
        {
          kind: "paragraph",
          text: `${linkage.review.length} pairs have a weight between ${settings.review.lower} and ${settings.review.upper}; the ${shown.length} highest are shown (all are in the clerical-review CSV).`,
        },
        {
          kind: "table",
          headers: ["Weight", "p", "Linked", "Left", ...fields, "Right", ...fields],
          rows: shown.map((p) => [
            fixed(p.weight, 2),
            fixed(p.probability, 3),
            p.linked ? "yes" : "no",
            `${p.left.list} ${p.left.row}`,
            ...fields.map((f) => p.left.values[f] ?? ""),
            `${p.right.list} ${p.right.row}`,
            ...fields.map((f) => p.right.values[f] ?? ""),
          ]),
        },
      ],
    });
  }
  if (options.estimate) sections.push(...estimateSections(options.estimate));
  sections.push(...warningsSection([...linkage.warnings, ...(options.estimate?.warnings ?? [])]));
  const { lists: _lists, comparisons: _comparisons, blocking: _blocking, optionalBlocking: _optional, ...rest } = settings;
  sections.push(...settingsSection(rest));
  return { title: options.title ?? "Record linkage", sections };
}

/** The histogram's bins for a table: those below −20 and from 30 up merged into one row each. */
function compactBins(bins: Linkage["histogram"]): { from: Cell; to: Cell; pairs: number; links: number; expectedMatches: number }[] {
  const merge = (part: Linkage["histogram"], from: Cell, to: Cell) =>
    part.length === 0
      ? []
      : [{ from, to, pairs: part.reduce((a, b) => a + b.pairs, 0), links: part.reduce((a, b) => a + b.links, 0), expectedMatches: part.reduce((a, b) => a + b.expectedMatches, 0) }];
  return [
    ...merge(bins.filter((b) => b.upper <= -20), "", fixed(-20, 0)),
    ...bins.filter((b) => b.upper > -20 && b.lower < 30).map((b) => ({ from: fixed(b.lower, 0) as Cell, to: fixed(b.upper, 0) as Cell, pairs: b.pairs, links: b.links, expectedMatches: b.expectedMatches })),
    ...merge(bins.filter((b) => b.lower >= 30), fixed(30, 0), ""),
  ];
}

/** Recall over all matches by the model, weighted by the expected matches of each pair of lists (null without it). */
function modelRecall(linkage: Linkage): number | null {
  const missed = linkage.model?.missedMatches;
  if (!missed || missed.length === 0) return null;
  return 1 - missed.reduce((a, m) => a + m.belowThreshold, 0) / missed.length;
}

function estimateSections(e: LinkageEstimate): Section[] {
  const rows: [string, Cell][] = [
    ["Estimate, averaged over linkage draws", count(e.estimate)],
    ...e.intervals.map((i): [string, Cell] => [`${percent(i.level)} interval with linkage error`, `${count(i.lower).text} – ${count(i.upper).text}`]),
    ["Estimate from the linked histories", count(e.linkedEstimate)],
    ...e.withoutLinkageError.intervals.map((i): [string, Cell] => [`${percent(i.level)} interval ignoring linkage error`, `${count(i.lower).text} – ${count(i.upper).text}`]),
    ["Persons observed (linked)", count(e.observed)],
    ["Linkage draws × replicates", `${e.settings.draws} × ${e.settings.replicates}`],
    ...(e.variance
      ? ([
          ["Variance within draws (sampling)", fixed(e.variance.withinDraws, 0)],
          ["Variance between draws (linkage)", fixed(e.variance.betweenDraws, 0)],
          ["Share of the variance from linkage", fixed(e.variance.linkageShare, 3)],
        ] as [string, Cell][])
      : []),
  ];
  const first = e.intervals[0];
  return [
    {
      heading: "Estimate with linkage uncertainty",
      blocks: [
        { kind: "headline", id: "estimate", label: "Population estimate", value: count(e.estimate), detail: first ? `${percent(first.level)} interval ${count(first.lower).text} – ${count(first.upper).text}, carrying linkage error` : undefined },
        { kind: "fields", rows },
      ],
    },
    {
      heading: "Sensitivity to the match-weight threshold",
      blocks: [
        {
          kind: "table",
          headers: ["Threshold (weight)", "Probability", "Links", "Persons", "Estimate"],
          rows: e.sensitivity.map((r) => [fixed(r.threshold, 1), fixed(r.probability, 3), count(r.links), count(r.persons), count(r.estimate)]),
        },
      ],
      plots: ["linkage-threshold"],
    },
  ];
}

function weightPlot(linkage: Linkage): { kind: "linkage-weights"; caption: string; spec: TopLevelSpec } | null {
  if (linkage.histogram.length === 0) return null;
  const values = linkage.histogram.flatMap((b) => [
    { lower: b.lower, upper: b.upper, pairs: b.links, kind: "linked" },
    { lower: b.lower, upper: b.upper, pairs: b.pairs - b.links, kind: "not linked" },
  ]);
  return {
    kind: "linkage-weights",
    caption: `Candidate pairs by match weight (log2 posterior odds; 1-bit bins), links in red; the dashed line is the threshold, ${linkage.settings.threshold}.`,
    spec: {
      width: WIDTH,
      height: 240,
      layer: [
        {
          data: { values: values.filter((v) => v.pairs > 0) },
          mark: { type: "bar" as const, opacity: 0.75 },
          encoding: {
            x: { field: "lower", type: "quantitative" as const, bin: { binned: true, step: 1 }, title: "Match weight (bits)" },
            x2: { field: "upper" },
            y: { field: "pairs", type: "quantitative" as const, scale: { type: "log" as const }, title: "Pairs (log scale)", stack: null },
            color: { field: "kind", type: "nominal" as const, scale: { domain: ["linked", "not linked"], range: [RED, BLUE] }, title: null },
          },
        },
        {
          data: { values: [{ threshold: linkage.settings.threshold }] },
          mark: { type: "rule" as const, strokeDash: [4, 3], color: "#333" },
          encoding: { x: { field: "threshold", type: "quantitative" as const } },
        },
      ],
    },
  };
}

function thresholdPlot(e: LinkageEstimate): { kind: "linkage-threshold"; caption: string; spec: TopLevelSpec } | null {
  const rows = e.sensitivity.filter((r) => r.estimate !== null);
  if (rows.length < 2) return null;
  return {
    kind: "linkage-threshold",
    caption: "The point estimate against the match-weight threshold the links are clustered at; the dashed line is the threshold used.",
    spec: {
      width: WIDTH,
      height: 220,
      layer: [
        {
          data: { values: rows },
          mark: { type: "line" as const, point: true, color: BLUE },
          encoding: {
            x: { field: "threshold", type: "quantitative" as const, title: "Match-weight threshold (bits)" },
            y: { field: "estimate", type: "quantitative" as const, scale: { zero: false }, title: "Population estimate" },
          },
        },
        {
          data: { values: [{ threshold: e.settings.linkageThreshold }] },
          mark: { type: "rule" as const, strokeDash: [4, 3], color: "#333" },
          encoding: { x: { field: "threshold", type: "quantitative" as const } },
        },
      ],
    },
  };
}
