import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { englishLiteralsIn, rawTextIn, rawTextInFile, rendererSourceFiles, tsxFiles } from '../../support/rawJsxText';

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

  it('the wider scan finds words in notices, cells, label maps and templates, and passes over codes and catalog calls', () => {
    const found = englishLiteralsIn('x.ts', `
      const KIND = { receipt: 'Receipt', statement: 'Statement' };
      setNotice(\`Backup \${name} saved.\`);
      const cell = (x) => \`\${x.tries} of \${x.max}\`;
      const seen = (at) => (at ? when(at) : 'Never');
      const ok = invoke('payers:search', {}) && t('users.active') && reportWord('Net revenue') && e.key === 'Escape';
      const css = 'button button--primary'; const id = 'mail.state.sent'; const h = { 'Content-Type': 'application/json' };
      if (message === 'Please sign in first') console.warn('Something odd here');
      const brand = 'Stripe';`);
    expect(found.map((f) => f.text)).toEqual(["'Receipt'", "'Statement'", '`Backup ${name} saved.`', '`${x.tries} of ${x.max}`', "'Never'"]);
  });

  it('no English literal anywhere in renderer/src (screens, components, hooks, stores) outside the catalogs', () => {
    const raw = rendererSourceFiles(root, 'renderer/src').flatMap((file) => englishLiteralsIn(file, readFileSync(join(root, file), 'utf8')));
    expect(raw.map((r) => `${r.file}:${r.line} ${r.text}`)).toEqual([]);
  });
});
