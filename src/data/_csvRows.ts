/**
 * Private: CSV text, given whole or in pieces, to rows of trimmed fields with the file line each row
 * starts on. papaparse's parser does the splitting; this keeps the unfinished last row of each piece
 * for the next one (as papaparse's own streamers do) and counts lines, so that a file of any size is
 * read with memory bounded by the longest piece.
 */
import Papa from "papaparse";

/**
 * Receives each row whose fields are not all blank: trimmed fields and the 1-based line it starts on.
 * `repeatable` is true when the same array will be handed again for every later row of the same text
 * (the reader keeps it), so that the receiver may remember what it made of it; the array must not be
 * changed.
 */
export type RowHandler = (fields: string[], line: number, repeatable: boolean) => void;
/** Receives each row papaparse could not parse: its message and the line the row starts on. */
export type ParseErrorHandler = (message: string, line: number) => void;

export interface CsvRowReader {
  /** Parse the next piece of text (pieces may split rows and quoted fields anywhere). */
  push(text: string): void;
  /** Parse what is left; no more pieces follow. */
  end(): void;
}

const LINE_BREAKS = /\r\n|\r|\n/g;
/** Distinct lines whose split fields are kept for reuse. */
const CACHE_LINES = 4096;
/** Longest row read (characters): past it a quote is taken to be left open and reading stops. */
const MAX_ROW = 2 ** 25;

function countLineBreaks(text: string): number {
  if (text.indexOf("\n") === -1 && text.indexOf("\r") === -1) return 0;
  return text.match(LINE_BREAKS)?.length ?? 0;
}

/**
 * A reader that calls `onRow` for every row with a non-blank field and `onError` for every row that
 * papaparse reports a problem with. The delimiter (comma, semicolon, tab, pipe) and the line break are
 * detected from the first 64 KB.
 */
export function createCsvRowReader(onRow: RowHandler, onError: ParseErrorHandler): CsvRowReader {
  let parser: Papa.Parser | undefined;
  let newline: "\n" | "\r" | "\r\n" = "\n";
  let pending = ""; // text not yet handed to the parser (before detection) or the unfinished last row
  let line = 1; // line on which the next row starts
  let first = true;
  let broken = false; // a row grew past MAX_ROW: the rest of the input is not read

  let delimiter = ",";
  // Rows already split, by their text: a file of one row per person repeats a few lines millions of
  // times, and splitting each once saves most of the work (bounded: only the first CACHE_LINES kept).
  const cache = new Map<string, string[] | null>();

  const start = (sample: string): void => {
    const guess = Papa.parse<string[]>(sample, { preview: 10, skipEmptyLines: false });
    newline = guess.meta.linebreak === "\r\n" || guess.meta.linebreak === "\r" ? guess.meta.linebreak : "\n";
    delimiter = guess.meta.delimiter || ",";
    parser = new Papa.Parser({ delimiter, newline, skipEmptyLines: false });
  };

  /** One line of text without quotes: split as papaparse's fast mode does (on the delimiter), trimmed. */
  const plainLine = (text: string): void => {
    let fields = cache.get(text);
    let repeatable = fields !== undefined;
    if (fields === undefined) {
      const split = text.split(delimiter);
      let blank = true;
      for (let k = 0; k < split.length; k++) {
        const trimmed = split[k].trim();
        split[k] = trimmed;
        if (trimmed !== "") blank = false;
      }
      fields = blank ? null : split;
      if (cache.size < CACHE_LINES) {
        cache.set(text, fields);
        repeatable = true;
      }
    }
    if (fields !== null) onRow(fields, line, repeatable);
    line += 1;
  };

  /** Text without any quote character: lines split directly (papaparse's fast mode, without its per-row arrays of results). */
  const runPlain = (text: string, finished: boolean): void => {
    let from = 0;
    for (;;) {
      const end = text.indexOf(newline, from);
      if (end === -1) {
        if (finished) {
          if (from < text.length) plainLine(text.slice(from));
          pending = "";
        } else {
          pending = text.slice(from);
        }
        return;
      }
      plainLine(text.slice(from, end));
      from = end + newline.length;
    }
  };

  const run = (finished: boolean): void => {
    if (parser === undefined) start(pending);
    const text = pending;
    if (text.indexOf('"') === -1) {
      runPlain(text, finished);
      return;
    }
    const results = (parser as Papa.Parser).parse(text, 0, !finished) as Papa.ParseResult<string[]>;
    const errorsByRow = new Map<number, Papa.ParseError[]>();
    for (const error of results.errors) {
      if (error.code === "UndetectableDelimiter") continue;
      const index = error.row ?? results.data.length - 1;
      errorsByRow.set(index, [...(errorsByRow.get(index) ?? []), error]);
    }
    results.data.forEach((raw, index) => {
      const errors = errorsByRow.get(index);
      const rowLine = line;
      let blank = true;
      let breaks = 0;
      const fields = raw.map((field) => {
        breaks += countLineBreaks(field);
        const trimmed = field.trim();
        if (trimmed !== "") blank = false;
        return trimmed;
      });
      line += 1 + breaks;
      if (errors !== undefined) {
        for (const error of errors) onError(`the CSV cannot be parsed here: ${error.message} (${error.code})`, rowLine);
      } else if (!blank) {
        onRow(fields, rowLine, false);
      }
    });
    pending = finished ? "" : text.slice(results.meta.cursor);
  };

  return {
    push(piece: string) {
      if (broken) return;
      let text = piece;
      if (first && text.length > 0) {
        first = false;
        if (text.startsWith("\uFEFF")) text = text.slice(1);
      }
      pending += text;
      // Detect the delimiter and line break once 64 KB (or the whole input, at the end) is in.
      if (parser === undefined && pending.length < 65536) return;
      run(false);
      if (pending.length > MAX_ROW) {
        broken = true;
        onError(`the CSV cannot be parsed from here: a row runs over ${MAX_ROW / 2 ** 20} MB (is a quote left open?)`, line);
        pending = "";
      }
    },
    end() {
      if (broken) return;
      if (pending.length > 0 || parser !== undefined) run(true);
    },
  };
}
