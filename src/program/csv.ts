import { CsvError, parse } from 'csv-parse/sync';

/** One problem with one row (or with the file, on line 1), as the import answers it. */
export interface ImportError {
  /** The file's line where the row starts; the header is line 1. */
  line: number;
  field: string;
  message: string;
}

export interface SheetRow {
  line: number;
  /** Every expected column's cell, on one line and trimmed ('' when the row is short or the column optional and absent). */
  cells: Record<string, string>;
}

export type Sheet = { ok: true; rows: SheetRow[]; ignoredColumns: string[] } | { ok: false; errors: ImportError[] };

export interface SheetColumns {
  required: readonly string[];
  optional?: readonly string[];
  /** Other spellings of a column (after `columnKey`), e.g. organisation → organization. */
  aliases?: Readonly<Record<string, string>>;
}

/** A header as people type it: " Mentor Email ", "Protégé-Email" → "mentor_email", "protege_email". */
export const columnKey = (header: string) =>
  header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

const fileError = (message: string, line = 1): ImportError => ({ line, field: 'file', message });

/**
 * The text of an uploaded file: UTF-8, with or without Excel's byte order mark. Anything else is
 * refused rather than guessed: a Windows-1252 file read as UTF-8 (or the other way round) would
 * import every accented name wrong, without a word.
 */
export function decodeCsv(input: Buffer | string): { ok: true; text: string } | { ok: false; errors: ImportError[] } {
  if (typeof input === 'string') return { ok: true, text: input.replace(/^\uFEFF/, '') };
  if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
    return { ok: false, errors: [fileError('the file is UTF-16 text; save it as "CSV UTF-8 (comma delimited)" and upload that')] };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input) };
  } catch {
    return { ok: false, errors: [fileError('the file is not UTF-8 text; in Excel, save it as "CSV UTF-8 (comma delimited)" and upload that')] };
  }
}

/** The delimiter a spreadsheet used: the one of `,` `;` tab that the header line has most of, outside quotes. */
function delimiterOf(text: string): string {
  const counts = new Map([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\n') break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  return [...counts].reduce((best, d) => (d[1] > best[1] ? d : best))[0];
}

const csvProblems: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quote (") opened on this line is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote (") is followed by more text in the same cell',
};

const newlines = (s: string) => s.split('\n').length - 1;
// A name or an address is one line: a line break typed into a cell (Alt+Enter) is a space.
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Reads a coordinator's spreadsheet: a header line naming the columns (any case, spaces and
 * accents), then one row a line. Blank lines and rows of empty cells are skipped; extra columns
 * are ignored and named in `ignoredColumns`. Errors that make the whole file unreadable (not
 * UTF-8, a broken quote, a missing column) come back alone, on the line where they are.
 */
/** The most lines one file may have. */
export const MAX_LINES = 50_000;

export function readSheet(input: Buffer | string, columns: SheetColumns): Sheet {
  const decoded = decodeCsv(input);
  if (!decoded.ok) return decoded;
  // One kind of line end: csv-parse counts a blank CRLF line twice, and a line number is what we answer.
  const text = decoded.text.replace(/\r\n?/g, '\n');
  const expected = [...columns.required, ...(columns.optional ?? [])];
  const example = expected.join(',');
  if (text.trim() === '') return { ok: false, errors: [fileError(`the file is empty; its first line names the columns: ${example}`)] };
  // Reading a file runs on the relay's one event loop: a million lines would stall SMTP for half a
  // minute. A program's spreadsheet has hundreds of rows, a large one some thousands.
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1 && lines <= MAX_LINES; i = text.indexOf('\n', i + 1)) lines++;
  if (lines > MAX_LINES) return { ok: false, errors: [fileError(`the file has more than ${MAX_LINES.toLocaleString('en-US')} lines; split it into smaller files`)] };

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: delimiterOf(text),
      info: true,
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      // One row of a spreadsheet is a few hundred characters; a "row" of megabytes is an attack on the event loop.
      max_record_size: 100_000,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // "... with an opening quote at line 3": where the quote opened, not the end of the file where parsing stopped.
    const at = / at line (\d+)/.exec(err.message);
    const line = at ? Number(at[1]) : ((err as unknown as { lines?: number }).lines ?? 1);
    return { ok: false, errors: [fileError(`the file cannot be read as CSV here: ${csvProblems[err.code] ?? err.message.replace(/ at line \d+.*$/, '')}`, line)] };
  }

  const [header, ...body] = records;
  if (!header) return { ok: false, errors: [fileError(`the file is empty; its first line names the columns: ${example}`)] };
  const headerLine = header.info.lines - header.record.reduce((n, cell) => n + newlines(cell), 0);
  const index = new Map<string, number>();
  const ignoredColumns: string[] = [];
  const errors: ImportError[] = [];
  header.record.forEach((name, i) => {
    const raw = columnKey(name);
    const key = columns.aliases?.[raw] ?? raw;
    if (!expected.includes(key)) {
      if (name !== '') ignoredColumns.push(name);
    } else if (index.has(key)) errors.push(fileError(`the column "${key}" appears twice`, headerLine));
    else index.set(key, i);
  });
  for (const name of columns.required) {
    if (!index.has(name)) {
      errors.push({ line: headerLine, field: name, message: `the column "${name}" is missing; the first line must name the columns ${example} (found: ${header.record.join(', ')})` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const rows = body.map(({ record, info }) => ({
    // info.lines is where the row ends; a quoted cell's line breaks make it start earlier.
    line: info.lines - record.reduce((n, cell) => n + newlines(cell), 0),
    cells: Object.fromEntries(expected.map((key) => [key, index.has(key) ? oneLine(record[index.get(key)!] ?? '') : ''])),
  }));
  return { ok: true, rows, ignoredColumns };
}
