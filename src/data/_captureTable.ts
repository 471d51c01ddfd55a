/**
 * Private: builds capture data from a table read row by row (CSV text, a CSV stream, a spreadsheet),
 * aggregating as it goes so that memory is bounded by the number of distinct (capture history,
 * covariate values) keys, not by the number of rows. Every problem is collected with its row and
 * column (the first `maxIssues` are kept, all are counted); nothing half-read is returned.
 */
import { CaptureDataError, OptionError, type DataIssue } from "../errors.js";
import type { CaptureData, CaptureRecord } from "../types.js";
import { MAX_LISTS, assertOneOf, assertStringArray, checkCountText, describeHistory, labelHistory, pushListCountIssues, quote, sortIssues } from "./_capture.js";

/** Options shared by the CSV, stream and spreadsheet readers (see {@link ReadCaptureCsvOptions}). */
export interface CaptureTableOptions {
  readonly format?: "auto" | "aggregated" | "records";
  readonly count?: string;
  readonly lists?: readonly string[];
  readonly covariates?: readonly string[];
  readonly duplicates?: "reject" | "merge";
}

/** How the columns of a file were used. */
export interface CaptureColumns {
  /** The list columns, in the order that numbers them. */
  readonly lists: readonly string[];
  /**
   * True when the lists were inferred (one row per person, no `lists` given): the columns whose
   * values are all 0/1, yes/no or true/false.
   */
  readonly listsInferred: boolean;
  /** The count column, when the file is aggregated. */
  readonly count?: string;
  /** The covariate columns kept in `records`. */
  readonly covariates: readonly string[];
  /** Columns not used: neither a list, nor the count, nor a covariate (an id column, say). */
  readonly ignored: readonly string[];
}

/** What reading a file found besides the data. */
export interface CaptureTableSummary {
  readonly columns: CaptureColumns;
  /** Data rows read (blank rows not included). */
  readonly rows: number;
  /**
   * Rows (and the people they stand for) on none of the chosen lists but on another 0/1 column of the
   * file (a list left out with `lists`): unobserved under the chosen lists, so dropped.
   */
  readonly dropped: { readonly rows: number; readonly people: number };
}

/** One distinct key: the 1-bits over the candidate columns plus the covariate values. */
interface Group {
  readonly mask: number;
  readonly values: readonly string[] | undefined;
  count: number;
  rows: number;
  readonly firstRow: number;
  /** Set when the row was already reported on no list (row-time checks), so it is not reported twice. */
  reported: boolean;
}

/**
 * What a clean person row did, kept for rows of the same text (a repeatable array from the reader):
 * its group, and per candidate column whether its value was 0/1 (0), blank (1) or other (2); `times`
 * counts the repeats, whose column counts are added at the end.
 */
interface RowPlan {
  readonly group: Group;
  readonly classes: Uint8Array;
  times: number;
}

interface ColumnStats {
  binary: number;
  blank: number;
  other: number;
  /** The first few values that are not 0/1, with their rows. */
  readonly samples: { row: number; value: string }[];
}

const COUNT_NAMES = ["count", "n", "freq", "frequency"];
/** 2^j for the bits of a row's key. */
const POWERS = Array.from({ length: 53 }, (_, j) => 2 ** j);
const SAMPLES_PER_COLUMN = 10;
/** A column whose values are at least this share 0/1 but not all of them looks like a list with mistakes. */
const LIST_LIKE_SHARE = 0.9;
const TRUE_WORDS = new Set(["1", "yes", "true", "y"]);
const FALSE_WORDS = new Set(["0", "no", "false", "n"]);

/** Membership of a trimmed cell: 1, 0, null for blank, undefined for anything else. */
function membershipOf(value: string, words: boolean): 0 | 1 | null | undefined {
  if (value === "1") return 1;
  if (value === "0") return 0;
  if (value === "") return null;
  if (!words) return undefined;
  const lower = value.toLowerCase();
  if (TRUE_WORDS.has(lower)) return 1;
  if (FALSE_WORDS.has(lower)) return 0;
  return undefined;
}

/** Checks the options of the readers and returns them with defaults. */
export function checkTableOptions(options: CaptureTableOptions): Required<Pick<CaptureTableOptions, "format" | "duplicates">> {
  if (typeof options !== "object" || options === null) throw new OptionError(`\`options\` must be an object; received ${quote(options)}`);
  const { format = "auto", duplicates = "reject" } = options;
  assertOneOf(format, ["auto", "aggregated", "records"], "options.format");
  assertOneOf(duplicates, ["reject", "merge"], "options.duplicates");
  if (options.lists !== undefined) assertStringArray(options.lists, "options.lists");
  if (options.covariates !== undefined) assertStringArray(options.covariates, "options.covariates");
  if (options.count !== undefined && typeof options.count !== "string") {
    throw new OptionError(`\`options.count\` must be a column name; received ${quote(options.count)}`);
  }
  const { lists = [], covariates = [], count } = options;
  if (count !== undefined && format === "records") {
    throw new OptionError(`\`options.count\` must not be given with format "records" (each row is one person); received ${quote(count)}`);
  }
  for (const [values, name] of [
    [lists, "options.lists"],
    [covariates, "options.covariates"],
  ] as const) {
    const repeated = values.find((value, index) => values.indexOf(value) !== index);
    if (repeated !== undefined) throw new OptionError(`\`${name}\` must not repeat a column; received ${quote(repeated)} twice`);
  }
  const both = lists.find((name) => covariates.includes(name));
  if (both !== undefined) {
    throw new OptionError(`a column must be a list or a covariate, not both; ${quote(both)} is in \`options.lists\` and \`options.covariates\``);
  }
  if (count !== undefined && (lists.includes(count) || covariates.includes(count))) {
    throw new OptionError(`the count column must not also be a list or a covariate; received ${quote(count)} in both roles`);
  }
  return { format, duplicates };
}

/** Options of {@link CaptureTableBuilder} beyond the readers' own. */
export interface BuilderSettings {
  /** Keep one record per person row (the string reader) instead of one per distinct key. */
  readonly recordPerRow: boolean;
  /** How many issues to keep (all are counted). */
  readonly maxIssues: number;
  /** What the input is called in messages: "`text`", "the file". */
  readonly inputName: string;
}

/** Builds capture data from a header and rows of trimmed fields; see the module comment. */
export class CaptureTableBuilder {
  private readonly options: CaptureTableOptions;
  private readonly format: "auto" | "aggregated" | "records";
  private readonly duplicates: "reject" | "merge";
  private readonly settings: BuilderSettings;
  private readonly issues: DataIssue[] = [];
  private issueCount = 0;

  private headerLine = 0;
  private header: string[] | undefined;
  private columnIndex = new Map<string, number>();
  private covariateNames: string[] = [];
  private covariateIndices: number[] = [];
  private countName: string | undefined;
  private countIndex: number | undefined;
  private aggregated = false;
  /** Candidate columns: every named column that is not the count or a covariate. */
  private candidates: string[] = [];
  private candidateIndices: number[] = [];
  /** Lists named or defaulted at the header (undefined while they are to be inferred). */
  private fixedLists: string[] | undefined;
  /** For each candidate: its bit in `fixedLists`' history, or −1 when it is not a fixed list. */
  private listBit: number[] = [];
  private stats: ColumnStats[] = [];
  private readonly groups = new Map<number | string, Group>();
  private readonly rowGroups: Group[] = [];
  private dataRows = 0;
  private readonly plans = new Map<readonly string[], RowPlan>();
  /** One history's total passed 2^53 − 1 (then the grand total is not reported as well). */
  private tooLarge = false;

  constructor(options: CaptureTableOptions, settings: BuilderSettings) {
    const checked = checkTableOptions(options);
    this.options = options;
    this.format = checked.format;
    this.duplicates = checked.duplicates;
    this.settings = settings;
  }

  /** Adds an issue (kept while under the cap, always counted). */
  issue(issue: DataIssue): void {
    this.issueCount += 1;
    if (this.issues.length < this.settings.maxIssues) this.issues.push(issue);
  }

  /** Reports a row papaparse could not parse. */
  parseError(message: string, row: number): void {
    if (this.header !== undefined) this.dataRows += 1;
    this.issue({ code: "PARSE_ERROR", row, message });
  }

  /**
   * Takes the first row as the header, every later one as data. With `repeatable` (the reader hands
   * the same array for every row of the same text), a clean person row is read once and its repeats
   * only counted.
   */
  row(fields: readonly string[], line: number, repeatable = false): void {
    if (this.header === undefined) {
      this.readHeader(fields, line);
      return;
    }
    if (repeatable) {
      const plan = this.plans.get(fields);
      if (plan !== undefined) {
        plan.times += 1;
        plan.group.count += 1;
        plan.group.rows += 1;
        this.dataRows += 1;
        return;
      }
    }
    this.readRow(fields, line, repeatable && !this.settings.recordPerRow && !this.aggregated);
  }

  private readHeader(fields: readonly string[], line: number): void {
    const options = this.options;
    const header = [...fields];
    this.header = header;
    this.headerLine = line;
    header.forEach((name, index) => {
      if (name === "") {
        this.issue({ code: "INVALID_COLUMN_NAME", row: line, message: `header column ${index + 1} must have a name; it is blank` });
      } else if (this.columnIndex.has(name)) {
        const first = (this.columnIndex.get(name) ?? 0) + 1;
        if (!this.issues.some((i) => i.code === "DUPLICATE_COLUMN" && i.column === name)) {
          this.issue({
            code: "DUPLICATE_COLUMN",
            row: line,
            column: name,
            message: `column names must be unique; ${quote(name)} is header columns ${first} and ${index + 1}`,
          });
        }
      } else {
        this.columnIndex.set(name, index);
      }
    });
    const isColumn = (name: string, index: number): boolean => name !== "" && this.columnIndex.get(name) === index;
    const missing = (name: string, role: string): void => {
      this.issue({
        code: "MISSING_COLUMN",
        row: line,
        column: name,
        message: `${role} ${quote(name)} must be a column of the header (${header.join(", ")}); it is not`,
      });
    };

    const covariateNames = options.covariates ?? [];
    for (const name of covariateNames) if (!this.columnIndex.has(name)) missing(name, "covariate column");
    this.covariateNames = header.filter((name, index) => covariateNames.includes(name) && isColumn(name, index));
    this.covariateIndices = this.covariateNames.map((name) => this.columnIndex.get(name) as number);

    const countLike = header.find(
      (name, index) =>
        isColumn(name, index) && COUNT_NAMES.includes(name.toLowerCase()) && !(options.lists ?? []).includes(name) && !covariateNames.includes(name),
    );
    // Not a list: the count column, or when the named count column is missing, the column that looks
    // like one (so that the missing column is one issue, not one per row).
    let notList: string | undefined;
    if (options.count !== undefined) {
      if (this.columnIndex.has(options.count)) this.countName = options.count;
      else missing(options.count, "count column");
      notList = this.countName ?? countLike;
    } else if (this.format !== "records") {
      this.countName = countLike;
      notList = countLike;
      if (countLike === undefined && this.format === "aggregated") {
        this.issue({
          code: "MISSING_COLUMN",
          row: line,
          column: "count",
          message: `format "aggregated" needs a count column (named count, n, freq or frequency, or given as \`options.count\`); the header has ${header.join(", ")}`,
        });
      }
    }
    this.aggregated = this.countName !== undefined || options.count !== undefined || this.format === "aggregated";
    this.countIndex = this.countName === undefined ? undefined : this.columnIndex.get(this.countName);

    const others = header.filter((name, index) => isColumn(name, index) && name !== notList && !covariateNames.includes(name));
    if (options.lists !== undefined) {
      for (const name of options.lists) if (!this.columnIndex.has(name)) missing(name, "list column");
      this.fixedLists = [...options.lists];
    } else if (this.aggregated) {
      this.fixedLists = [...others];
    }
    if (this.fixedLists !== undefined) {
      // The named lists first (bits 0 … t − 1 of a row's key), then the other columns, which are
      // followed only as far as the key has bits (52), to tell a person on a list left out.
      const present = this.fixedLists.filter((name) => this.columnIndex.has(name));
      this.candidates = [...present, ...others.filter((name) => !present.includes(name))].slice(0, Math.max(52, present.length));
      const listCount: DataIssue[] = [];
      pushListCountIssues(this.fixedLists, listCount);
      for (const issue of listCount) this.issue(issue);
      const fixed = this.fixedLists;
      this.listBit = this.candidates.map((name) => fixed.indexOf(name));
    } else {
      this.candidates = others;
      if (others.length > 52) {
        this.issue({
          code: "TOO_MANY_LISTS",
          row: line,
          message: `the lists are found among at most 52 columns besides the covariates; the file has ${others.length}: name the lists with \`options.lists\``,
        });
      }
    }
    this.candidateIndices = this.candidates.map((name) => this.columnIndex.get(name) as number);
    this.stats = this.candidates.map(() => ({ binary: 0, blank: 0, other: 0, samples: [] }));
  }

  private readRow(fields: readonly string[], line: number, plan: boolean): void {
    const header = this.header as string[];
    this.dataRows += 1;
    if (fields.length !== header.length) {
      this.issue({
        code: "PARSE_ERROR",
        row: line,
        message: `every row must have as many fields as the header (${header.length}); this row has ${fields.length}`,
      });
      return;
    }
    const fixed = this.fixedLists !== undefined;
    const words = !this.aggregated;
    let valid = true;
    let mask = 0;
    let history = 0;
    let elsewhere = false; // a 1 in a candidate column that is not a fixed list
    const indices = this.candidateIndices;
    const allStats = this.stats;
    const listBit = this.listBit;
    const issuesBefore = this.issueCount;
    const classes = plan ? new Uint8Array(indices.length) : undefined;
    let samplesFull = true;
    for (let j = 0; j < indices.length; j++) {
      const value = fields[indices[j]];
      const member = value === "1" ? 1 : value === "0" ? 0 : membershipOf(value, words);
      const stats = allStats[j];
      const bit = fixed ? listBit[j] : -1;
      if (member === 1) {
        stats.binary += 1;
        if (j < 52) mask += POWERS[j];
        if (bit >= 0) history += POWERS[bit];
        else elsewhere = true;
      } else if (member === 0) {
        stats.binary += 1;
      } else {
        if (member === null) stats.blank += 1;
        else stats.other += 1;
        if (classes !== undefined) classes[j] = member === null ? 1 : 2;
        if (stats.samples.length < SAMPLES_PER_COLUMN) {
          stats.samples.push({ row: line, value });
          samplesFull = false;
        }
        if (bit >= 0) {
          valid = false;
          const allowed = words ? "0 or 1 (or yes/no, true/false)" : "0 or 1";
          this.issue({
            code: "NOT_BINARY",
            row: line,
            column: this.candidates[j],
            message: `membership of list ${quote(this.candidates[j])} must be ${allowed}; received ${value === "" ? '"" (blank)' : quote(value)}`,
          });
        }
      }
    }
    // Lists named but missing from the header: the row cannot be placed (one MISSING_COLUMN says why).
    if (fixed && (this.fixedLists as string[]).some((name) => !this.columnIndex.has(name))) valid = false;

    let count = 1;
    if (this.aggregated) {
      if (this.countIndex === undefined) {
        valid = false;
      } else {
        const text = fields[this.countIndex];
        const checked = checkCountText(text);
        if (typeof checked === "number") {
          count = checked;
        } else {
          valid = false;
          this.issue({
            code: checked.code,
            row: line,
            column: this.countName,
            message: `count ${checked.requirement}; received ${text === "" ? '"" (blank)' : quote(text)}`,
          });
        }
      }
    }
    if (!valid) return;

    let reported = false;
    if (fixed && history === 0 && !elsewhere) {
      // On no column at all: an empty row of a full 2^t table (count 0) is skipped; anything else is
      // a person on no list.
      if (this.aggregated && count === 0) return;
      this.allZeroIssue(line, count, 1, (this.fixedLists as string[]).length);
      reported = true;
    }

    const values = this.covariateIndices.length > 0 ? this.covariateIndices.map((index) => fields[index]) : undefined;
    const key: number | string = values === undefined ? mask : `${mask}\u0000${values.join("\u0000")}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { mask, values, count, rows: 1, firstRow: line, reported };
      this.groups.set(key, group);
      if (this.settings.recordPerRow && !this.aggregated) this.rowGroups.push(group);
      // A clean row (no problem, no sample of an odd value still to take) is remembered for its repeats.
      if (classes !== undefined && samplesFull && !reported && this.issueCount === issuesBefore) this.plans.set(fields, { group, classes, times: 0 });
      return;
    }
    if (this.aggregated && this.duplicates === "reject") {
      const same = this.covariateNames.length > 0 ? " with the same covariate values" : "";
      const described = fixed ? describeHistory(history, this.fixedLists as string[]) : "";
      this.issue({
        code: "DUPLICATE_HISTORY",
        row: line,
        message:
          `capture history ${described}${same} appears in rows ${group.firstRow} and ${line}; ` +
          `each history may appear once (use duplicates: "merge" to add their counts)`,
      });
      return;
    }
    if (group.count + count > Number.MAX_SAFE_INTEGER) {
      this.tooLarge = true;
      this.issue({
        code: "TOTAL_TOO_LARGE",
        row: line,
        column: this.countName,
        message: `the rows with this capture history add up to more than ${Number.MAX_SAFE_INTEGER} (2^53 − 1), beyond exact whole numbers; received ${group.count} + ${count}`,
      });
      return;
    }
    group.count += count;
    group.rows += 1;
    group.reported ||= reported;
    if (this.settings.recordPerRow && !this.aggregated) this.rowGroups.push(group);
    if (classes !== undefined && samplesFull && !reported && this.issueCount === issuesBefore) this.plans.set(fields, { group, classes, times: 0 });
  }

  private allZeroIssue(row: number, count: number, rows: number, lists: number): void {
    const more = rows > 1 ? ` (and ${rows - 1} more row${rows === 2 ? "" : "s"} like it)` : "";
    const zero = labelHistory(0, lists);
    this.issue({
      code: "ALL_ZERO_HISTORY",
      row,
      message: this.aggregated
        ? `a row with count ${count} must be on at least one list; this row is on none (${zero})${more}; the unobserved are what is estimated, not data`
        : `every person must be on at least one list; this row is on none (${zero})${more}`,
    });
  }

  /** The lists: fixed, or inferred from the columns' values. Adds issues for columns that look like lists with mistakes. */
  private resolveLists(): { lists: string[]; inferred: boolean; ambiguous: boolean } {
    if (this.fixedLists !== undefined) return { lists: this.fixedLists, inferred: false, ambiguous: false };
    const lists: string[] = [];
    let ambiguous = false;
    this.candidates.forEach((name, j) => {
      const { binary, blank, other, samples } = this.stats[j];
      const total = binary + blank + other;
      if (binary > 0 && blank === 0 && other === 0) {
        lists.push(name);
      } else if (binary > 0 && binary >= LIST_LIKE_SHARE * total) {
        // Mostly 0/1: a list with mistakes, not a covariate. Say where, and how to choose the lists;
        // count it among the lists so that its rows raise no further (consequential) problems.
        ambiguous = true;
        lists.push(name);
        for (const { row, value } of samples) {
          this.issue({
            code: "NOT_BINARY",
            row,
            column: name,
            message:
              `column ${quote(name)} looks like a list (${binary} of its ${total} values are 0/1, yes/no or true/false) ` +
              `but holds ${value === "" ? '"" (blank)' : quote(value)} here; correct the value, or name the lists with \`options.lists\``,
          });
        }
        const unshown = blank + other - samples.length;
        if (unshown > 0) {
          this.issue({
            code: "NOT_BINARY",
            column: name,
            message: `column ${quote(name)} has ${unshown} more value${unshown === 1 ? "" : "s"} that ${unshown === 1 ? "is" : "are"} not 0/1 besides those listed`,
          });
        }
      }
    });
    if (lists.length < 2 && !ambiguous) {
      const others = this.candidates.filter((name) => !lists.includes(name));
      this.issue({
        code: "TOO_FEW_LISTS",
        row: this.headerLine,
        message:
          `the lists are taken to be the columns whose values are all 0/1 (or yes/no, true/false), and ${lists.length === 0 ? "none is" : `only ${quote(lists[0])} is`}` +
          `${others.length > 0 ? ` (the others: ${others.join(", ")})` : ""}; name the lists with \`options.lists\``,
      });
    } else if (lists.length > MAX_LISTS) {
      const tooMany: DataIssue[] = [];
      pushListCountIssues(lists, tooMany);
      for (const issue of tooMany) this.issue({ ...issue, message: `${issue.message}; name the lists with \`options.lists\`` });
    }
    return { lists, inferred: true, ambiguous };
  }

  /** The capture data and what was found, or a {@link CaptureDataError} listing every problem. */
  finish(): { data: CaptureData; summary: CaptureTableSummary } {
    const name = this.settings.inputName;
    if (this.header === undefined) {
      throw new CaptureDataError([{ code: "EMPTY_INPUT", message: `${name} must hold a header and data rows; it is empty` }]);
    }
    if (this.dataRows === 0) {
      this.issue({ code: "EMPTY_INPUT", row: this.headerLine, message: `${name} must hold data rows after the header; it has none` });
    }
    // The repeats of remembered rows: their columns' counts.
    for (const plan of this.plans.values()) {
      plan.classes.forEach((kind, j) => {
        const stats = this.stats[j];
        if (kind === 0) stats.binary += plan.times;
        else if (kind === 1) stats.blank += plan.times;
        else stats.other += plan.times;
      });
      plan.times = 0;
    }
    const { lists, inferred, ambiguous } = this.resolveLists();
    const usable = lists.length >= 2 && lists.length <= MAX_LISTS && lists.every((list) => this.candidates.includes(list));
    const bitOf = this.candidates.map((candidate) => lists.indexOf(candidate));
    // Other columns of 0/1 values only: a 1 there puts a person on a list left out.
    const otherBinary = this.candidates.map((_, j) => {
      const s = this.stats[j];
      return bitOf[j] < 0 && s.binary > 0 && s.blank === 0 && s.other === 0;
    });

    const counts: number[] = usable ? new Array<number>(2 ** lists.length - 1).fill(0) : [];
    const historyOf = new Map<Group, number>();
    const dropped = { rows: 0, people: 0 };
    let observed = 0;
    for (const group of this.groups.values()) {
      let history = 0;
      let elsewhere = false;
      for (let j = 0; j < this.candidates.length && j < 52; j++) {
        if (Math.floor(group.mask / 2 ** j) % 2 === 1) {
          if (bitOf[j] >= 0) history += 2 ** bitOf[j];
          else if (otherBinary[j]) elsewhere = true;
        }
      }
      historyOf.set(group, history);
      if (history === 0) {
        // Already reported, or a column of the lists holds odd values (its rows' memberships are unknown).
        if (group.reported || ambiguous || !usable) continue;
        if (elsewhere) {
          if (group.count === 0) continue;
          dropped.rows += group.rows;
          dropped.people += group.count;
        } else if (!(this.aggregated && group.count === 0)) {
          this.allZeroIssue(group.firstRow, group.count, group.rows, lists.length);
        }
        continue;
      }
      if (!usable) continue;
      const sum = counts[history - 1] + group.count;
      if (sum > Number.MAX_SAFE_INTEGER) {
        this.tooLarge = true;
        this.issue({
          code: "TOTAL_TOO_LARGE",
          row: group.firstRow,
          message: `the counts of capture history ${describeHistory(history, lists)} add up to more than ${Number.MAX_SAFE_INTEGER} (2^53 − 1), beyond exact whole numbers`,
        });
        continue;
      }
      counts[history - 1] = sum;
      observed += group.count;
    }
    if (usable && !this.tooLarge && observed > Number.MAX_SAFE_INTEGER) {
      this.issue({
        code: "TOTAL_TOO_LARGE",
        message: `the counts add up to ${observed}, more than ${Number.MAX_SAFE_INTEGER} (2^53 − 1) people, beyond exact whole numbers`,
      });
    }
    if (this.issueCount === 0 && observed === 0) {
      this.issue({
        code: "NO_OBSERVATIONS",
        message:
          dropped.people > 0
            ? `capture data must observe at least one person; nobody is on the lists ${lists.join(", ")}`
            : "capture data must observe at least one person; every count is 0",
      });
    }
    if (this.issueCount > 0) throw new CaptureDataError(sortIssues(this.issues), { total: this.issueCount });

    const columns: CaptureColumns = {
      lists,
      listsInferred: inferred,
      ...(this.countName !== undefined ? { count: this.countName } : {}),
      covariates: this.covariateNames,
      ignored: (this.header as string[]).filter((column) => this.candidates.includes(column) && !lists.includes(column)),
    };
    const summary: CaptureTableSummary = { columns, rows: this.dataRows, dropped };
    if (this.options.covariates === undefined) return { data: { lists: [...lists], counts, observed }, summary };

    const records: CaptureRecord[] = [];
    const toRecord = (group: Group, count: number): void => {
      const history = historyOf.get(group) ?? 0;
      if (history === 0) return;
      const values: Record<string, string> = {};
      this.covariateNames.forEach((covariate, k) => {
        values[covariate] = group.values?.[k] ?? "";
      });
      records.push({ history, count, values });
    };
    if (this.settings.recordPerRow && !this.aggregated) for (const group of this.rowGroups) toRecord(group, 1);
    else for (const group of this.groups.values()) toRecord(group, group.count);
    return { data: { lists: [...lists], counts, observed, records, covariates: [...this.covariateNames] }, summary };
  }
}
