import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { BundleProblem } from './bundle';

/**
 * Bytes → text, refusing anything that is not UTF-8 (the spec's encoding) at the line where it
 * first goes wrong, instead of importing mojibake names.
 */
function utf8(file: string): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let lines = 1;
  const fail = (chunk: Buffer): BundleProblem => {
    const text = new TextDecoder('utf-8').decode(chunk);
    const bad = text.indexOf('\uFFFD');
    const before = bad < 0 ? text : text.slice(0, bad);
    const line = lines + (before.match(/\n/g)?.length ?? 0);
    return new BundleProblem(file, line, 'encoding', 'roster.notUtf8');
  };
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        done(fail(chunk));
        return;
      }
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines += 1;
      done(null, text);
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(new BundleProblem(file, lines, 'encoding', 'roster.brokenCharacter'));
      }
    },
  });
}

/** `broken` says why the row cannot be read (its width); the caller reports it and reads on. */
export type CsvRow = { line: number; broken: { values: number; columns: number } | null; get(column: string): string; has(column: string): boolean };

/**
 * Streams a CSV file's rows; one row in memory at a time. Throws a BundleProblem for a file
 * that cannot be read (not UTF-8, broken quotes, a missing column): those refuse the bundle.
 */
export async function* readCsv(file: string, bytes: Readable, required: readonly string[]): AsyncGenerator<CsvRow> {
  const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true });
  const text = utf8(file);
  bytes.on('error', (e) => text.destroy(e));
  text.on('error', (e) => parser.destroy(e));
  bytes.pipe(text).pipe(parser);
  let header: Map<string, number> | null = null;
  let width = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      if (!header) {
        header = new Map();
        width = record.length;
        record.forEach((name, i) => header?.set(name.trim(), i));
        const missing = required.filter((c) => !header?.has(c));
        if (missing.length > 0) throw new BundleProblem(file, info.lines, missing[0] ?? 'header', 'roster.columnsMissing', { columns: missing.join(', ') });
        continue;
      }
      const broken = record.length === width ? null : { values: record.length, columns: width };
      const cols = header;
      yield { line: info.lines, broken, get: (c) => (record[cols.get(c) ?? -1] ?? '').trim(), has: (c) => cols.has(c) };
    }
  } catch (e) {
    if (e instanceof BundleProblem) throw e;
    const err = e as { message?: string; lines?: number };
    throw new BundleProblem(file, err.lines ?? 0, 'file', 'roster.notCsv');
  } finally {
    bytes.destroy();
  }
  if (!header) throw new BundleProblem(file, 1, 'header', 'roster.noHeader');
}
