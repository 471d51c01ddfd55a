/**
 * Issue 9, item 6 on twenty lists (2^20 cells): stepwise selection, the default for six or more
 * lists. Slow (seconds to a minute), so in the slow project; the timings are in bench/README.md.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { simulateCaptureData } from "../../src/simulate/simulateCaptureData.js";
import { estimate } from "../../src/estimate.js";
import { fitLoglinear } from "../../src/models/loglinear/fitLoglinear.js";
import { checkModel } from "../../src/selection/checkModel.js";
import { PrevalenceError } from "../../src/errors.js";
import type { CaptureData } from "../../src/types.js";

const lists = Array.from({ length: 20 }, (_, j) => `L${j}`);

describe("stepwise selection on twenty lists", () => {
  for (const [population, sd] of [
    [300, 0],
    [5000, 1],
  ] as const) {
    it(`population ${population}, heterogeneity sd ${sd}: every step passes the check, and the estimate is fitLoglinear's of the model chosen`, () => {
      const { data } = simulateCaptureData({
        lists,
        population,
        captureProbabilities: lists.map(() => 0.1),
        heterogeneity: { sd },
        seed: 3,
      });
      const result = estimate(data);
      expect(result.settings.method).toBe("stepwise");
      expect(result.fitted).toBe(true);
      if (!result.fitted || result.selection.method !== "stepwise") return;
      const steps = result.selection.steps ?? [];
      expect(steps.length).toBeGreaterThanOrEqual(1);
      for (const step of steps) expect(step.pValue).toBeLessThan(0.02);
      const terms = result.model.terms;
      expect(checkModel(data, terms.length > 0 ? terms : "main").status).toBe(0);
      const refit = fitLoglinear(data, terms.length > 0 ? terms : "main");
      expect(refit.fitted && Math.abs(refit.estimate / result.estimate - 1)).toBeLessThan(1e-12);
      expect(result.fit.converged).toBe(true);
    });
  }
});

describe("random sparse tables with counts up to 1e12, longer run (fast-check, seeded)", () => {
  const names = (t: number): string[] => Array.from({ length: t }, (_, j) => String.fromCharCode(65 + j));
  const largeCount = fc.integer({ min: 0, max: 12_000 }).map((e) => Math.max(1, Math.round(10 ** (e / 1000))));
  const count = fc.oneof(fc.constant(0), fc.constant(0), largeCount, fc.integer({ min: 1, max: 20 }));
  it("no untyped error, fit and check agree, selections give an estimate ≥ observed or a warning (2 to 6 lists, 120 tables)", () => {
    let runs = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((t) =>
          fc.tuple(
            fc.array(count, { minLength: 2 ** t - 1, maxLength: 2 ** t - 1 }).filter((c) => c.some((v) => v > 0)),
            fc.subarray(names(t).flatMap((a, i) => names(t).slice(i + 1).map((b) => `${a}:${b}`))),
            fc.constantFrom("bic", "stepwise" as const),
          ),
        ),
        ([counts, pairs, select]) => {
          runs++;
          const t = Math.log2(counts.length + 1);
          const data: CaptureData = { lists: names(t), counts, observed: counts.reduce((a, b) => a + b, 0) };
          const model = pairs.length > 0 ? pairs.join(" + ") : "main";
          try {
            const fit = fitLoglinear(data, model);
            expect(fit.diagnostics.status).toBe(checkModel(data, model).status);
            const chosen = estimate(data, { select: t <= 5 ? select : "stepwise" });
            if (chosen.estimate !== null) expect(chosen.estimate).toBeGreaterThanOrEqual(data.observed);
            else expect(chosen.warnings.length).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(PrevalenceError);
          }
        },
      ),
      { numRuns: 120, seed: 17 },
    );
    expect(runs).toBe(120);
  });
});
