import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { catalogLanguage } from '../../shared/catalogLanguage';
import { pageWords } from './page/words';
import type { PageCatalogs, PageLanguage } from './page/words';

/**
 * The payer page's three static files. The script is bundled from TypeScript (it shares the
 * money formatter, the sealing code and the statement schema with the desk) once, on first use,
 * by esbuild — the bundler tsx already runs the relay with.
 */
export type PageAssets = { html: string; htmlFor(acceptLanguage: string | undefined): string; script: string; css: string };

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/** The desk's catalogs' `portal.*` ids, in each language the desk ships. */
function portalCatalogs(): PageCatalogs {
  const only = (name: string): Record<string, string> =>
    Object.fromEntries(Object.entries(JSON.parse(readFileSync(here(`../../renderer/src/i18n/${name}.json`), 'utf8')) as Record<string, string>).filter(([id]) => id.startsWith('portal.')));
  return { en: only('en'), es: only('es') };
}

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** The page before its script runs, in `language` (the browser's first language the desk ships). */
const htmlIn = (language: PageLanguage, catalogs: PageCatalogs): string => {
  const w = pageWords(language, catalogs);
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${esc(w('portal.pageTitle'))}</title>
<link rel="stylesheet" href="/p/assets/portal.css">
</head>
<body>
<main id="app" aria-live="polite"><p>${esc(w('portal.opening'))}</p></main>
<noscript><p>${esc(w('portal.needsScript'))}</p></noscript>
<script src="/p/assets/portal.js"></script>
</body>
</html>
`;
};

/** The first language of an Accept-Language header the desk ships (English when none is). */
export function acceptedLanguage(header: string | undefined): PageLanguage {
  const tags = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((t) => t.tag !== '' && t.q > 0)
    .sort((a, b) => b.q - a.q);
  const shipped = tags.find((t) => /^(en|es)(?:-|$)/i.test(t.tag));
  return shipped ? catalogLanguage(shipped.tag) : 'en';
}

let cached: PageAssets | null = null;

export function pageAssets(): PageAssets {
  if (cached) return cached;
  const catalogs = portalCatalogs();
  const built = buildSync({
    entryPoints: [here('./page/main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    define: { __PORTAL_WORDS__: JSON.stringify(catalogs) },
  });
  const script = built.outputFiles[0]?.text;
  if (!script) throw new Error('the payer page script did not build');
  const html = { en: htmlIn('en', catalogs), es: htmlIn('es', catalogs) };
  cached = { html: html.en, htmlFor: (acceptLanguage) => html[acceptedLanguage(acceptLanguage)], script, css: readFileSync(here('./page/portal.css'), 'utf8') };
  return cached;
}

/** Headers for every page file: no third-party anything, no framing, no referrer, no caching of the link. */
export const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
};
