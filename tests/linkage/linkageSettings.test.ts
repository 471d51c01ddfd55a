import { describe, expect, it } from "vitest";
import { defaultBlockingRules, resolveLinkageSettings, type LinkageConfig } from "../../src/linkage/linkageSettings.js";
import { pairsSql, keyExpressions, ruleCondition } from "../../src/linkage/_sql.js";
import { OptionError } from "../../src/errors.js";

const base: LinkageConfig = {
  lists: [
    { name: "police", file: "police.csv" },
    { name: "ngo", file: "data/ngo.parquet" },
  ],
  fields: { first_name: "given", last_name: "surname", birth_date: "dob", sex: "sex" },
  covariates: ["region"],
};

describe("resolveLinkageSettings", () => {
  it("fills in the defaults: comparisons by field, blocking rules on the mapped fields, threshold 0, paths against the base directory", () => {
    const s = resolveLinkageSettings(base, "/data");
    expect(s.lists.map((l) => [l.path, l.format])).toEqual([
      ["/data/police.csv", "csv"],
      ["/data/data/ngo.parquet", "parquet"],
    ]);
    expect(s.lists[1].covariates).toEqual({ region: "region" });
    expect(s.comparisons.map((c) => [c.field, c.method, c.termFrequency, c.levels.length])).toEqual([
      ["first_name", "jaro-winkler", true, 4],
      ["last_name", "jaro-winkler", true, 4],
      ["birth_date", "date", false, 5],
      ["sex", "exact", false, 2],
    ]);
    expect(s.threshold).toBe(0);
    expect(s.blocking[0]).toEqual(["first_name", "last_name"]);
    // without nationality, the optional rules that need it are dropped
    expect(s.optionalBlocking.every((r) => r.every((k) => !k.startsWith("nationality")))).toBe(true);
    expect(s.optionalBlocking.length).toBeGreaterThan(0);
    expect(s.seed).toBe(1);
  });

  it("keeps only the default rules whose fields are mapped, and falls back to the first field", () => {
    expect(defaultBlockingRules(["last_name", "birth_year"]).rules).toEqual([["last_name", "birth_year"]]);
    expect(defaultBlockingRules(["phone"]).rules).toEqual([["phone"]]);
  });

  it.each([
    ["a missing lists array", { ...base, lists: undefined }],
    ["one list only", { ...base, lists: [base.lists[0]] }],
    ["a repeated list name", { ...base, lists: [base.lists[0], base.lists[0]] }],
    ["an unmapped field in a rule", { ...base, blocking: [["nationality"]] }],
    ["a key part a name does not have", { ...base, blocking: [["first_name:year"]] }],
    ["a date comparison on a name", { ...base, comparisons: { first_name: { method: "date" } } }],
    ["increasing Jaro–Winkler thresholds", { ...base, comparisons: { first_name: { method: "jaro-winkler", thresholds: [0.8, 0.9] } } }],
    ["an unknown setting", { ...base, treshold: 2 }],
    ["a field name in capitals", { ...base, fields: { First: "given" } }],
    ["birth date and birth year both", { ...base, fields: { ...base.fields, birth_year: "yob" } }],
    ["a list named like a covariate", { ...base, lists: [{ name: "region", file: "a.csv" }, base.lists[1]] }],
    ["deterministic method without rules", { ...base, method: "deterministic" }],
    ["a probability floor of 0.5", { ...base, pairFloor: 0.5 }],
    ["a memory limit that is not a size", { ...base, memoryLimit: "lots" }],
    ["a per-list rename of an unmapped field", { ...base, lists: [{ name: "a", file: "a.csv", fields: { phone: "tel" } }, base.lists[1]] }],
  ])("throws an OptionError for %s", (_, config) => {
    expect(() => resolveLinkageSettings(config as LinkageConfig)).toThrow(OptionError);
  });
});

describe("the generated SQL", () => {
  it("compares keys by their parts: prefixes, suffixes, and birth-date parts with day and month in either order", () => {
    expect(keyExpressions("last_name:prefix3", "l")).toEqual(['left(l."last_name", 3)']);
    expect(keyExpressions("first_name:suffix2", "r")).toEqual(['right(r."first_name", 2)']);
    expect(keyExpressions("birth_date:sorted", "l")).toEqual([
      'l."birth_date__y"',
      'CASE WHEN l."birth_date__m" IS NOT NULL AND l."birth_date__d" IS NOT NULL THEN least(l."birth_date__m", l."birth_date__d") END',
      'CASE WHEN l."birth_date__m" IS NOT NULL AND l."birth_date__d" IS NOT NULL THEN greatest(l."birth_date__m", l."birth_date__d") END',
    ]);
    expect(ruleCondition(["first_name", "birth_date:year"])).toBe('l."first_name" = r."first_name" AND l."birth_date__y" = r."birth_date__y"');
  });

  it("makes each pair once, with the first rule that makes it and the mask of all that do", () => {
    const sql = pairsSql([["first_name"], ["last_name"]]);
    expect(sql).toContain('SELECT l.id AS a, r.id AS b, 1 AS rule, 2::BIGINT AS mask FROM records l JOIN records r ON l."last_name" = r."last_name" AND l.id < r.id');
    expect(sql).toContain("min(rule)::UTINYINT AS rule, bit_or(mask)::BIGINT AS rules_mask");
  });
});
