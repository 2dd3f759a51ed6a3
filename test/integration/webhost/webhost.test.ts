import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost } from '../../../electron/webhost/server';
import type { WebHost } from '../../../electron/webhost/server';
import { makeCore, tempDir } from '../../support/core';
import type { TestCore } from '../../support/core';

describe('browser host bridge', () => {
  let core: TestCore;
  let host: WebHost;
  const rendererDir = tempDir('bursar-renderer-');
  beforeAll(async () => {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Bursar</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    core = await makeCore();
    host = await startWebHost({ core, rendererDir });
  });
  afterAll(async () => {
    await host.close();
    core.dispose();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  const call = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${host.port}/api/invoke`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('listens on loopback and serves the renderer with a CSP', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('<title>Bursar</title>');
  });

  it('refuses calls without the run token, or with a wrong one', async () => {
    expect((await call({ channel: 'app:info', input: {} })).status).toBe(401);
    expect((await call({ channel: 'app:info', input: {} }, { Authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('refuses calls from another origin even with the token', async () => {
    const res = await call({ channel: 'app:info', input: {} }, { Authorization: `Bearer ${host.token}`, Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('runs the same invoke as IPC, with its own session', async () => {
    const auth = { Authorization: `Bearer ${host.token}` };
    const info = await (await call({ channel: 'app:info', input: {} }, auth)).json();
    expect(info).toMatchObject({ ok: true, value: { schemaVersion: core.store.schemaVersion } });
    const denied = await (await call({ channel: 'settings:get', input: {} }, auth)).json();
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const login = await (await call({ channel: 'auth:login', input: { username: 'admin', password: 'admin-pass' } }, auth)).json();
    expect(login).toMatchObject({ ok: true, value: { user: { username: 'admin', role: 'admin' } } });
    const settings = await (await call({ channel: 'settings:get', input: {} }, auth)).json();
    expect(settings).toMatchObject({ ok: true, value: { deskCode: 'DESK1' } });
    const garbage = await fetch(`http://127.0.0.1:${host.port}/api/invoke`, { method: 'POST', headers: auth, body: '{not json' });
    expect(garbage.status).toBe(400);
  });

  it('never serves files outside the renderer folder', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/..%2F..%2Fetc%2Fpasswd`);
    expect(await res.text()).toContain('<title>Bursar</title>');
  });
});
