import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, secureWebPreferences, windowOptions } from '../../../electron/main/windowOptions';

const root = resolve(import.meta.dirname, '../../..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

describe('window security', () => {
  it('isolates and sandboxes the renderer with no Node', () => {
    const prefs = windowOptions('/x/preload.cjs').webPreferences ?? {};
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
    expect(secureWebPreferences.nodeIntegrationInWorker).toBe(false);
  });

  it('has a strict CSP in the header and in index.html', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = read('renderer/index.html');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("default-src 'none'");
    expect(meta).toContain("script-src 'self'");
    expect(meta).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('the main process denies window.open, blocks navigation and refuses permissions', () => {
    const src = read('electron/main/security.ts');
    expect(src).toMatch(/setWindowOpenHandler\([\s\S]*?action: 'deny'/);
    expect(src).toMatch(/'will-navigate'[\s\S]*?preventDefault/);
    expect(src).toMatch(/setPermissionRequestHandler\([^)]*\) => callback\(false\)\)/);
    expect(read('electron/main/index.ts')).toMatch(/requestSingleInstanceLock/);
  });

  it('the preload exposes one object and never raw ipcRenderer or process.env', () => {
    const src = read('electron/preload/index.ts');
    expect(src).toMatch(/exposeInMainWorld\('bursar', bursar\)/);
    expect(src.match(/exposeInMainWorld/g)?.length).toBe(1);
    expect(src).toMatch(/satisfies BursarApi/);
    expect(src).not.toMatch(/process\.env/);
    expect(src).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });

  it('the built main bundle keeps the same settings (npm test builds first)', () => {
    const built = read('out/main/index.js');
    expect(built).toMatch(/contextIsolation: true/);
    expect(built).toMatch(/sandbox: true/);
    expect(built).toMatch(/nodeIntegration: false/);
    for (const directive of CONTENT_SECURITY_POLICY.split('; ')) expect(built).toContain(directive);
    expect(read('out/preload/index.cjs')).not.toMatch(/process\.env/);
    expect(existsSync(join(root, 'out/preload/index.cjs'))).toBe(true);
  });
});
