/**
 * Private: CSV text, given whole or in pieces, to rows of trimmed fields with the file line each row
 * starts on. papaparse's parser does the splitting; this keeps the unfinished last row of each piece
 * for the next one (as papaparse's own streamers do) and counts lines, so that a file of any size is
 * read with memory bounded by the longest piece.
 */
import Papa from "papaparse";

/** Receives each row whose fields are not all blank: trimmed fields and the 1-based line it starts on. */
export type RowHandler = (fields: string[], line: number) => void;
/** Receives each row papaparse could not parse: its message and the line the row starts on. */
export type ParseErrorHandler = (message: string, line: number) => void;

export interface CsvRowReader {
  /** Parse the next piece of text (pieces may split rows and quoted fields anywhere). */
  push(text: string): void;
  /** Parse what is left; no more pieces follow. */
  end(): void;
}

const LINE_BREAKS = /\r\n|\r|\n/g;
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

  const start = (sample: string): void => {
    const guess = Papa.parse<string[]>(sample, { preview: 10, skipEmptyLines: false });
    newline = guess.meta.linebreak === "\r\n" || guess.meta.linebreak === "\r" ? guess.meta.linebreak : "\n";
    parser = new Papa.Parser({ delimiter: guess.meta.delimiter || ",", newline, skipEmptyLines: false });
  };

  const run = (finished: boolean): void => {
    if (parser === undefined) start(pending);
    const text = pending;
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
        onRow(fields, rowLine);
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
