import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/**
 * The fonts a printed document draws with: Noto Sans (Latin, Latin Extended, Vietnamese,
 * Cyrillic, Greek), Noto Sans Arabic and Noto Sans SC, as the `@fontsource` packages ship
 * them — one WOFF2 file per Unicode range (a hundred ranges for Chinese). Each character is
 * drawn from the first file whose range holds it, and each file used is embedded once per
 * document, subset to the glyphs drawn: a receipt with a Chinese name carries a few KB of
 * that font, not the 10 MB font. We keep this small picker rather than vendoring one large
 * TTF: the fontsource packages are already the project's fonts, and their `unicode.json`
 * is exactly the per-file coverage a picker needs.
 */

export type Weight = 'regular' | 'bold';

type FontFile = { key: string; ranges: readonly (readonly [number, number])[]; path: (w: Weight) => string; rtl: boolean };

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function parseRanges(spec: string): [number, number][] {
  return spec.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const a = parseInt(from ?? '', 16);
    return [a, to === undefined ? a : parseInt(to, 16)];
  });
}

function familyFiles(pkg: string, prefix: string, order: readonly string[] | 'all', rtl: (subset: string) => boolean): FontFile[] {
  const dir = packageDir(pkg);
  const unicode = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  const subsets = order === 'all' ? Object.keys(unicode) : order.filter((s) => s in unicode);
  return subsets.map((subset) => {
    // noto-sans-sc names its numbered ranges "[4]" in unicode.json and "4" in file names.
    const name = subset.replace(/^\[(\d+)\]$/, '$1');
    return {
      key: `${prefix}-${name}`,
      ranges: parseRanges(unicode[subset] ?? ''),
      path: (w: Weight) => join(dir, 'files', `${prefix}-${name}-${w === 'bold' ? 700 : 400}-normal.woff`),
      rtl: rtl(subset),
    };
  });
}

let catalog: FontFile[] | undefined;

/** Latin first (its range holds spaces, digits and punctuation), then the other scripts. */
function fontCatalog(): FontFile[] {
  catalog ??= [
    ...familyFiles('@fontsource/noto-sans', 'noto-sans', ['latin', 'latin-ext', 'vietnamese', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext'], () => false),
    ...familyFiles('@fontsource/noto-sans-arabic', 'noto-sans-arabic', ['arabic'], () => true),
    ...familyFiles('@fontsource/noto-sans-sc', 'noto-sans-sc', 'all', () => false),
  ];
  return catalog;
}

function fileFor(cp: number): FontFile | undefined {
  for (const f of fontCatalog()) {
    for (const [a, b] of f.ranges) if (cp >= a && cp <= b) return f;
  }
  return undefined;
}

const bytesCache = new Map<string, Buffer>();
function fontBytes(path: string): Buffer {
  let b = bytesCache.get(path);
  if (!b) {
    b = readFileSync(path);
    bytesCache.set(path, b);
  }
  return b;
}

export type Run = { text: string; font: PDFFont; rtl: boolean };

const isArabicLetter = (cp: number) => (cp >= 0x0600 && cp <= 0x06ff) || (cp >= 0x0750 && cp <= 0x077f) || (cp >= 0x08a0 && cp <= 0x08ff) || (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff);

/**
 * The fonts of one document. `runs` splits a line into runs of one font each, in visual
 * order: an Arabic stretch (its letters and the spaces between them) is laid out right to
 * left — its runs in reverse order, and fontkit shapes each run (initial, medial, final
 * forms and ligatures) and reverses its glyphs itself. That is a simple bidi: a whole line
 * in Arabic, or Arabic names inside a left-to-right line, print right; digits inside an
 * Arabic stretch would be drawn reversed (names do not carry them).
 */
export class DocumentFonts {
  private readonly embedded = new Map<string, PDFFont>();
  private registered = false;

  constructor(private readonly doc: PDFDocument) {}

  private async font(file: FontFile, weight: Weight): Promise<PDFFont> {
    const key = `${file.key}-${weight}`;
    let f = this.embedded.get(key);
    if (!f) {
      if (!this.registered) {
        this.doc.registerFontkit(fontkit);
        this.registered = true;
      }
      f = await this.doc.embedFont(fontBytes(file.path(weight)), { subset: true });
      this.embedded.set(key, f);
    }
    return f;
  }

  /** The runs of `text` in visual (left-to-right drawing) order. Characters no font holds become U+FFFD. */
  async runs(text: string, weight: Weight): Promise<Run[]> {
    type Piece = { text: string; file: FontFile; arabic: boolean };
    const latin = fontCatalog()[0] as FontFile;
    const pieces: Piece[] = [];
    for (const ch of text.replace(/[\r\n\t]/g, ' ').replace(/[\u202f\u2007]/g, '\u00a0')) {
      const cp = ch.codePointAt(0) ?? 0xfffd;
      const file = fileFor(cp);
      const useCh = file ? ch : '\ufffd';
      const f = file ?? latin;
      const last = pieces[pieces.length - 1];
      if (last && last.file === f) last.text += useCh;
      else pieces.push({ text: useCh, file: f, arabic: isArabicLetter(cp) });
    }
    // Spaces between two Arabic pieces belong to the Arabic stretch.
    const stretches: { pieces: Piece[]; rtl: boolean }[] = [];
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i] as Piece;
      const prev = stretches[stretches.length - 1];
      const next = pieces[i + 1];
      const joinsRtl = prev?.rtl === true && !p.arabic && /^\s+$/.test(p.text) && next?.arabic === true;
      if (p.arabic || joinsRtl) {
        if (prev?.rtl) prev.pieces.push(p);
        else stretches.push({ pieces: [p], rtl: true });
      } else stretches.push({ pieces: [p], rtl: false });
    }
    const out: Run[] = [];
    for (const s of stretches) {
      const ordered = s.rtl ? [...s.pieces].reverse() : s.pieces;
      for (const p of ordered) out.push({ text: p.text, font: await this.font(p.file, weight), rtl: s.rtl });
    }
    return out;
  }
}

export const widthOfRuns = (runs: readonly Run[], size: number): number => runs.reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
