import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawTextIn, rawTextInFile, tsxFiles } from '../../support/rawJsxText';

const root = resolve(import.meta.dirname, '../../..');

describe('no English written straight into the window', () => {
  it('the scan finds text, text attributes, shown literals, toasts and column headers', () => {
    const found = rawTextIn('x.tsx', `
      const cols = [c.accessor('a', { header: 'Amount' })];
      function X() {
        toast('success', 'Saved it');
        return <div aria-label="Due items"><h1>Take payment</h1>{busy ? 'Saving…' : t('x.save')}<Field label={\`Amount (\${c})\`} hint="USD" className="a b" /></div>;
      }`);
    expect(found.map((f) => f.text)).toEqual(['Amount', 'Saved it', 'Due items', 'Take payment', 'Saving…', '`Amount (${c})`']);
  });

  it('every .tsx file under renderer/src takes its words from the catalogs', () => {
    const raw = tsxFiles(root, 'renderer/src').flatMap((file) => rawTextInFile(root, file));
    expect(raw.map((r) => `${r.file}:${r.line} ${r.kind} ${JSON.stringify(r.text)}`)).toEqual([]);
  });
});
