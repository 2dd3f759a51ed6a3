import { PDFDocument, beginText, endText, popGraphicsState, pushGraphicsState, rgb, setFontAndSize, setTextMatrix, showText } from 'pdf-lib';
import type { PDFFont, PDFName, PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { DocumentFonts, widthOfRuns } from './fonts';
import type { Run, Weight } from './fonts';

import type { PaperSize } from '../../../shared/contract/settings';

const MM = 72 / 25.4;
const PAPER: Record<PaperSize, { width: number; height: number | null; margin: number; base: number }> = {
  // A roll has no fixed length: the page is as long as what is printed on it.
  thermal80: { width: 80 * MM, height: null, margin: 4 * MM, base: 8 },
  a5: { width: 148 * MM, height: 210 * MM, margin: 12 * MM, base: 9.5 },
  a4: { width: 210 * MM, height: 297 * MM, margin: 18 * MM, base: 10 },
};

type Align = 'left' | 'right' | 'center';
type Cell = { text: string; width: number; align?: Align; bold?: boolean };
type Op =
  | { kind: 'text'; page: number; top: number; size: number; segments: { x: number; runs: Run[] }[] }
  | { kind: 'rule'; page: number; top: number }
  | { kind: 'qr'; page: number; top: number; x: number; modules: number; cell: number; dark: (r: number, c: number) => boolean };

/**
 * A document written top to bottom: lines, label/value pairs, table rows, rules and a QR
 * code, laid out for the paper chosen in Settings. A line's runs (one per font) are drawn in
 * one text object, so the text reads back as one line in any PDF reader. Pages break by
 * themselves on A4/A5; a thermal page grows to its content.
 */
export class DocumentWriter {
  private readonly ops: Op[] = [];
  private top = 0;
  private page = 0;
  readonly width: number;
  readonly base: number;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: DocumentFonts,
    readonly paper: PaperSize,
  ) {
    const p = PAPER[paper];
    this.width = p.width - 2 * p.margin;
    this.base = p.base;
    this.top = p.margin;
  }

  static async create(opts: { paper: PaperSize; title: string; at: Date }): Promise<DocumentWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.setTitle(opts.title);
    doc.setCreator('Bursar');
    doc.setProducer('Bursar (pdf-lib)');
    // The document's own date, so the same document always gives the same bytes.
    doc.setCreationDate(opts.at);
    doc.setModificationDate(opts.at);
    return new DocumentWriter(doc, new DocumentFonts(doc), opts.paper);
  }

  get narrow(): boolean {
    return this.paper === 'thermal80';
  }

  private get margin(): number {
    return PAPER[this.paper].margin;
  }

  private reserve(height: number): void {
    const h = PAPER[this.paper].height;
    if (h !== null && this.top + height > h - this.margin) {
      this.page += 1;
      this.top = this.margin;
    }
  }

  async runs(text: string, weight: Weight = 'regular'): Promise<Run[]> {
    return this.fonts.runs(text, weight);
  }

  private async wrap(text: string, size: number, weight: Weight, width: number): Promise<string[]> {
    const words = text.split(/\s+/).filter(Boolean);
    const lines: string[] = [];
    let current = '';
    for (const w of words) {
      const candidate = current ? `${current} ${w}` : w;
      if (current && widthOfRuns(await this.runs(candidate, weight), size) > width) {
        lines.push(current);
        current = w;
      } else current = candidate;
    }
    if (current) lines.push(current);
    return lines.length ? lines : [''];
  }

  /** A paragraph, wrapped to the width. */
  async text(text: string, opts: { size?: number; bold?: boolean; align?: Align; gap?: number } = {}): Promise<void> {
    const size = opts.size ?? this.base;
    const weight: Weight = opts.bold ? 'bold' : 'regular';
    for (const line of await this.wrap(text, size, weight, this.width)) {
      await this.row([{ text: line, width: 1, align: opts.align, bold: opts.bold }], { size });
    }
    this.top += opts.gap ?? 0;
  }

  async title(text: string): Promise<void> {
    await this.text(text, { size: this.base + (this.narrow ? 3 : 6), bold: true, align: this.narrow ? 'center' : 'left', gap: 2 });
  }

  /** Label on the left, value on the right; on a narrow roll a long value takes its own line. */
  async pair(label: string, value: string, opts: { bold?: boolean } = {}): Promise<void> {
    const size = this.base;
    const labelW = widthOfRuns(await this.runs(label), size);
    const valueW = widthOfRuns(await this.runs(value, opts.bold ? 'bold' : 'regular'), size);
    if (labelW + valueW + 16 > this.width) {
      await this.row([{ text: label, width: 1 }]);
      for (const line of await this.wrap(value, size, opts.bold ? 'bold' : 'regular', this.width)) await this.row([{ text: line, width: 1, align: 'right', bold: opts.bold }]);
      return;
    }
    const valueShare = (valueW + 6) / this.width;
    await this.row([{ text: label, width: 1 - valueShare }, { text: value, width: valueShare, align: 'right', bold: opts.bold }]);
  }

  /** One line of cells; widths are fractions of the line. A cell too long is cut with "…". */
  async row(cells: readonly Cell[], opts: { size?: number } = {}): Promise<void> {
    const size = opts.size ?? this.base;
    const lineHeight = size * 1.45;
    this.reserve(lineHeight);
    const segments: { x: number; runs: Run[] }[] = [];
    let x = this.margin;
    for (const c of cells) {
      const w = c.width * this.width;
      const weight: Weight = c.bold ? 'bold' : 'regular';
      let text = c.text;
      let runs = await this.runs(text, weight);
      while (text.length > 1 && widthOfRuns(runs, size) > w - (cells.length > 1 ? 4 : 0)) {
        text = `${[...text].slice(0, -2).join('')}…`;
        runs = await this.runs(text, weight);
      }
      const tw = widthOfRuns(runs, size);
      const align = c.align ?? 'left';
      const at = align === 'right' ? x + w - tw : align === 'center' ? x + (w - tw) / 2 : x;
      if (text) segments.push({ x: at, runs });
      x += w;
    }
    this.ops.push({ kind: 'text', page: this.page, top: this.top + size, size, segments });
    this.top += lineHeight;
  }

  rule(): void {
    this.reserve(8);
    this.ops.push({ kind: 'rule', page: this.page, top: this.top + 3 });
    this.top += 8;
  }

  space(points = 6): void {
    this.top += points;
  }

  /** A QR code of `url`, centred on a roll and at the left on a sheet, with the URL printed under it. */
  async qr(url: string, caption: string): Promise<void> {
    const code = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const modules = code.modules.size;
    const side = Math.min(this.narrow ? 42 * MM : 32 * MM, this.width);
    const cell = side / (modules + 8);
    this.reserve(side + this.base * 4);
    await this.text(caption, { bold: true, align: this.narrow ? 'center' : 'left' });
    const x = this.narrow ? this.margin + (this.width - side) / 2 : this.margin;
    this.ops.push({ kind: 'qr', page: this.page, top: this.top, x, modules, cell, dark: (r, c) => code.modules.get(r, c) === 1 });
    this.top += side;
    await this.text(url, { size: this.base - 1.5, align: this.narrow ? 'center' : 'left' });
  }

  async save(): Promise<Uint8Array> {
    const p = PAPER[this.paper];
    const height = p.height ?? this.top + p.margin;
    const pages: PDFPage[] = [];
    for (let i = 0; i <= this.page; i++) pages.push(this.doc.addPage([p.width, height]));
    const keys = new Map<string, PDFName>();
    const keyOf = (page: PDFPage, pageNo: number, font: PDFFont): PDFName => {
      const k = `${pageNo}|${font.ref.toString()}`;
      let key = keys.get(k);
      if (!key) {
        key = page.node.newFontDictionary(font.name, font.ref);
        keys.set(k, key);
      }
      return key;
    };
    for (const op of this.ops) {
      const page = pages[op.page] as PDFPage;
      const y = (top: number) => height - top;
      if (op.kind === 'rule') page.drawLine({ start: { x: p.margin, y: y(op.top) }, end: { x: p.width - p.margin, y: y(op.top) }, thickness: 0.5, color: rgb(0, 0, 0) });
      else if (op.kind === 'qr') {
        const quiet = 4 * op.cell;
        for (let r = 0; r < op.modules; r++) {
          // One rectangle per horizontal stretch of dark modules.
          let c = 0;
          while (c < op.modules) {
            if (!op.dark(r, c)) {
              c++;
              continue;
            }
            const start = c;
            while (c < op.modules && op.dark(r, c)) c++;
            page.drawRectangle({ x: op.x + quiet + start * op.cell, y: y(op.top + quiet + (r + 1) * op.cell), width: (c - start) * op.cell, height: op.cell, color: rgb(0, 0, 0) });
          }
        }
      } else {
        // One text object per row; each cell starts with its own text matrix.
        const ops = [pushGraphicsState(), beginText()];
        for (const s of op.segments) {
          ops.push(setTextMatrix(1, 0, 0, 1, s.x, y(op.top)));
          for (const r of s.runs) ops.push(setFontAndSize(keyOf(page, op.page, r.font), op.size), showText(r.font.encodeText(r.text)));
        }
        ops.push(endText(), popGraphicsState());
        page.pushOperators(...ops);
      }
    }
    return this.doc.save();
  }
}
