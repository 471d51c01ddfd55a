// Makes the synthetic datasets under datasets/ with the library's own simulator, recording the
// seed and the truth in each README. Run: npx tsx scripts/make-synthetic.ts (then npm run datasets).
import { mkdirSync, writeFileSync } from "node:fs";
import { simulateCaptureData, historyLabel } from "../src/index.js";

const lists = ["police", "ngo", "shelter", "labour"];
const seed = 20261127;
const sim = simulateCaptureData({
  lists,
  seed,
  captureProbabilities: [0.22, 0.16, 0.12, 0.08],
  strata: [
    {
      column: "region",
      levels: [
        { name: "north", captureProbabilities: [0.25, 0.18, 0.14, 0.1] },
        { name: "south", captureProbabilities: [0.2, 0.14, 0.1, 0.06] },
      ],
    },
    { column: "year", levels: [{ name: "2021" }, { name: "2022" }, { name: "2023" }] },
  ],
  cells: [
    { stratum: { region: "north", year: "2021" }, population: 1800 },
    { stratum: { region: "north", year: "2022" }, population: 2000 },
    { stratum: { region: "north", year: "2023" }, population: 2300 },
    { stratum: { region: "south", year: "2021" }, population: 1200 },
    { stratum: { region: "south", year: "2022" }, population: 1300 },
    { stratum: { region: "south", year: "2023" }, population: 1500 },
  ],
  dependence: [{ lists: ["police", "ngo"], oddsRatio: 2 }],
});
const name = "synthetic_regions_years";
const dir = new URL(`../datasets/${name}/`, import.meta.url);
mkdirSync(dir, { recursive: true });
const rows = (sim.data.records ?? []).map((r) => {
  const bits = historyLabel(r.history, lists.length).split("");
  return [...bits, r.values.region, r.values.year, String(r.count)].join(",");
});
writeFileSync(new URL("data.csv", dir), [[...lists, "region", "year", "count"].join(","), ...rows].join("\n") + "\n");
writeFileSync(new URL("meta.json", dir), JSON.stringify({ covariates: ["region", "year"] }, null, 2) + "\n");
const truthRows = sim.truth.strata
  .map((s) => `| ${s.stratum.region} | ${s.stratum.year} | ${s.population} | ${s.observed} | ${s.unobserved} |`)
  .join("\n");
writeFileSync(
  new URL("README.md", dir),
  `# synthetic_regions_years: simulated victims seen by four agencies, by region and year

A synthetic table made by prevalence's own simulator (\`simulateCaptureData\`), so that every
estimate made from it can be checked against the truth. No real person is in it.

## Lists
| column | list |
|---|---|
| police | police records |
| ngo | non-governmental organisations |
| shelter | shelters |
| labour | labour inspectors |

Stratum columns: \`region\` (north, south) and \`year\` (2021–2023).

## How it was made
\`npx tsx scripts/make-synthetic.ts\`, seed **${seed}**: every person of each region × year cell is
given a capture history drawn from a log-linear model with list capture probabilities
north (0.25, 0.18, 0.14, 0.10) and south (0.20, 0.14, 0.10, 0.06) and a police–NGO dependence
(odds ratio 2); those on no list are unobserved. The police–NGO model (\`police:ngo\`) holds in
every cell, so estimates from it should be close to the truth.

## Truth
| region | year | population | observed | unobserved |
|---|---|--:|--:|--:|
${truthRows}

Total population ${sim.truth.total}, observed ${sim.truth.observed}.

## Counts
- Lists: 4; stratum columns: region, year; people observed: ${sim.truth.observed}.
`,
);
console.log(`wrote datasets/${name}`);
