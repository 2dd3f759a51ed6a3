import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/**
 * The renderer is untrusted: isolated, sandboxed, no Node. These are the same in
 * development, tests and packages; a test reads this object and the built output and
 * fails if any of them is weakened.
 */
export const secureWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
} as const satisfies WebPreferences;

/** Sent as a response header for every page load and repeated as a meta tag in index.html. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const windowOptions = (preload: string): BrowserWindowConstructorOptions => ({
  width: 1280,
  height: 820,
  minWidth: 960,
  minHeight: 640,
  show: false,
  title: 'Bursar',
  autoHideMenuBar: true,
  webPreferences: { ...secureWebPreferences, preload },
});
