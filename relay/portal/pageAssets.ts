import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/**
 * The payer page's three static files. The script is bundled from TypeScript (it shares the
 * money formatter, the sealing code and the statement schema with the desk) once, on first use,
 * by esbuild — the bundler tsx already runs the relay with.
 */
export type PageAssets = { html: string; script: string; css: string };

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>Your statement</title>
<link rel="stylesheet" href="/p/assets/portal.css">
</head>
<body>
<main id="app" aria-live="polite"><p>Opening your statement…</p></main>
<noscript><p>This page needs JavaScript to open your statement: it is decrypted in your browser, never on our server.</p></noscript>
<script src="/p/assets/portal.js"></script>
</body>
</html>
`;

let cached: PageAssets | null = null;

export function pageAssets(): PageAssets {
  if (cached) return cached;
  const built = buildSync({
    entryPoints: [here('./page/main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
  });
  const script = built.outputFiles[0]?.text;
  if (!script) throw new Error('the payer page script did not build');
  cached = { html: HTML, script, css: readFileSync(here('./page/portal.css'), 'utf8') };
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
