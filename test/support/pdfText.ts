import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, decodePDFRawStream } from 'pdf-lib';

/**
 * The text a PDF draws, read back with pdf-lib (poppler's `pdftotext` is not on the test
 * machines): each page's content streams are tokenised, `Tf` picks the font, and the string
 * operands of `Tj`/`TJ` are decoded through the font's ToUnicode CMap (Identity-H fonts:
 * two bytes a glyph), or as WinAnsi bytes for the standard fonts. One text object (BT…ET)
 * is one line; a new text matrix inside it (the next cell of a row) adds a space. Glyphs of
 * a right-to-left run come back in drawing (visual) order, as they sit on the page.
 * No-break and narrow spaces (Intl puts them in money and dates) read back as plain spaces.
 * Enough for pdf-lib's own output; not a general PDF text extractor.
 */
export async function pdfLines(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const lines: string[] = [];
  for (const page of doc.getPages()) {
    const fonts = fontMaps(doc, page.node.Resources());
    const contents = page.node.Contents();
    const streams: PDFStream[] = [];
    const collect = (obj: unknown) => {
      const o = obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
      if (o instanceof PDFArray) for (let i = 0; i < o.size(); i++) collect(o.get(i));
      else if (o instanceof PDFStream) streams.push(o);
    };
    collect(contents);
    for (const s of streams) {
      const bytes = s instanceof PDFRawStream ? decodePDFRawStream(s).decode() : s.getContents();
      lines.push(...textOf(Buffer.from(bytes).toString('latin1'), fonts).map((l) => l.replace(/[\u00a0\u202f\u2007\u2009]/g, ' ')));
    }
  }
  return lines;
}

export async function pdfText(pdf: Uint8Array): Promise<string> {
  return (await pdfLines(pdf)).join('\n');
}

type FontMap = { twoByte: boolean; map: Map<number, string> | null };

function fontMaps(doc: PDFDocument, resources: PDFDict | undefined): Map<string, FontMap> {
  const out = new Map<string, FontMap>();
  const fontDict = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
  if (!fontDict) return out;
  for (const [name, ref] of fontDict.entries()) {
    const font = doc.context.lookup(ref, PDFDict);
    const subtype = font.lookupMaybe(PDFName.of('Subtype'), PDFName);
    const toUnicode = font.lookupMaybe(PDFName.of('ToUnicode'), PDFStream);
    let map: Map<number, string> | null = null;
    if (toUnicode) {
      const raw = toUnicode instanceof PDFRawStream ? decodePDFRawStream(toUnicode).decode() : toUnicode.getContents();
      map = parseCMap(Buffer.from(raw).toString('latin1'));
    }
    out.set(name.asString().replace(/^\//, ''), { twoByte: subtype?.asString() === '/Type0', map });
  }
  return out;
}

const utf16 = (hex: string): string => {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
};

function parseCMap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of text.matchAll(/beginbfchar([^]*?)endbfchar/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) map.set(parseInt(m[1] ?? '0', 16), utf16(m[2] ?? ''));
  }
  for (const block of text.matchAll(/beginbfrange([^]*?)endbfrange/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const from = parseInt(m[1] ?? '0', 16);
      const to = parseInt(m[2] ?? '0', 16);
      const start = parseInt(m[3] ?? '0', 16);
      for (let c = from; c <= to; c++) map.set(c, String.fromCodePoint(start + (c - from)));
    }
  }
  return map;
}

type Token = { kind: 'op' | 'name' | 'num' | 'hex' | 'str' | 'open' | 'close'; value: string };

function* tokens(src: string): Generator<Token> {
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (/\s/.test(ch)) i++;
    else if (ch === '%') while (i < src.length && src[i] !== '\n') i++;
    else if (ch === '/') {
      let j = i + 1;
      while (j < src.length && !/[\s/[\]()<>{}%]/.test(src[j] as string)) j++;
      yield { kind: 'name', value: src.slice(i + 1, j) };
      i = j;
    } else if (ch === '[' || ch === ']') {
      yield { kind: ch === '[' ? 'open' : 'close', value: ch };
      i++;
    } else if ((ch === '<' || ch === '>') && src[i + 1] === ch) {
      yield { kind: 'op', value: ch + ch };
      i += 2;
    } else if (ch === '<') {
      const j = src.indexOf('>', i);
      yield { kind: 'hex', value: src.slice(i + 1, j).replace(/\s/g, '') };
      i = j + 1;
    } else if (ch === '(') {
      let depth = 1;
      let j = i + 1;
      let out = '';
      while (j < src.length && depth > 0) {
        const c = src[j] as string;
        if (c === '\\') {
          const n = src[j + 1] as string;
          const esc: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
          if (/[0-7]/.test(n)) {
            const oct = /^[0-7]{1,3}/.exec(src.slice(j + 1))?.[0] ?? '0';
            out += String.fromCharCode(parseInt(oct, 8));
            j += 1 + oct.length;
            continue;
          }
          out += esc[n] ?? n;
          j += 2;
          continue;
        }
        if (c === '(') depth++;
        if (c === ')') depth--;
        if (depth > 0) out += c;
        j++;
      }
      yield { kind: 'str', value: out };
      i = j;
    } else {
      let j = i;
      while (j < src.length && !/[\s/[\]()<>%]/.test(src[j] as string)) j++;
      if (j === i) j++;
      const word = src.slice(i, j);
      yield { kind: /^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) ? 'num' : 'op', value: word };
      i = j;
    }
  }
}

function textOf(content: string, fonts: Map<string, FontMap>): string[] {
  const lines: string[] = [];
  let line: string | null = null;
  let cellsInObject = 0;
  let font: FontMap = { twoByte: false, map: null };
  let operands: Token[] = [];
  const decode = (t: Token): string => {
    const bytes = t.kind === 'hex' ? Buffer.from(t.value.length % 2 ? `${t.value}0` : t.value, 'hex') : Buffer.from(t.value, 'latin1');
    if (!font.twoByte) return font.map ? [...bytes].map((b) => font.map?.get(b) ?? String.fromCharCode(b)).join('') : bytes.toString('latin1');
    let s = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const code = ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
      s += font.map?.get(code) ?? '\ufffd';
    }
    return s;
  };
  for (const t of tokens(content)) {
    if (t.kind !== 'op') {
      operands.push(t);
      continue;
    }
    switch (t.value) {
      case 'BT':
        line = '';
        cellsInObject = 0;
        break;
      case 'ET':
        if (line !== null) lines.push(line);
        line = null;
        break;
      case 'Tm':
      case 'Td':
      case 'TD':
      case 'T*':
        if (line !== null && cellsInObject++ > 0 && line.length > 0) line += ' ';
        break;
      case 'Tf': {
        const name = operands.find((o) => o.kind === 'name');
        font = (name && fonts.get(name.value)) ?? { twoByte: false, map: null };
        break;
      }
      case 'Tj':
      case "'":
      case '"':
      case 'TJ':
        for (const o of operands) if (o.kind === 'hex' || o.kind === 'str') line = (line ?? '') + decode(o);
        break;
    }
    operands = [];
  }
  return lines;
}
