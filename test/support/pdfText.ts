import { inflateSync } from 'node:zlib';

/**
 * The text a PDF draws: every content stream is inflated with zlib and the string operands
 * of its text operators (`<hex> Tj`, `(literal) Tj`) are decoded. pdf-lib's standard fonts
 * write WinAnsi, so each byte is one character. Enough for pdf-lib's own output; not a
 * general PDF text extractor.
 */
export function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  const streamRe = /<<([^]*?)>>\s*stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = streamRe.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    const body = pdf.subarray(start, end);
    let content: string;
    try {
      content = /FlateDecode/.test(m[1] ?? '') ? inflateSync(body).toString('latin1') : body.toString('latin1');
    } catch {
      continue;
    }
    const textRe = /<([0-9A-Fa-f\s]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g;
    let t: RegExpExecArray | null;
    while ((t = textRe.exec(content))) {
      if (t[1] !== undefined) out.push(Buffer.from(t[1].replace(/\s/g, ''), 'hex').toString('latin1'));
      else out.push((t[2] ?? '').replace(/\\(.)/g, '$1'));
    }
  }
  return out.join('\n');
}
