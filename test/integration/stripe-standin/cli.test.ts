import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stripeFor } from '../../support/stripe/client';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let child: ChildProcess | undefined;

afterAll(() => {
  if (child?.pid && child.exitCode === null) child.kill('SIGKILL');
});

describe('npm run stripe:standin', () => {
  it('runs alone, prints its URL, key and webhook secret, and serves the SDK', async () => {
    child = spawn(process.execPath, [resolve(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'test/support/stripe/cli.ts', '--port', '0', '--secret-key', 'sk_test_cli_demo'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolveUrl, reject) => {
      child?.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
        if (m?.[1] && out.includes('webhook secret')) resolveUrl(m[1]);
      });
      child?.on('exit', (code) => reject(new Error(`stand-in exited early (${String(code)}): ${out}`)));
    });
    expect(out).toContain('STRIPE_SECRET_KEY=sk_test_cli_demo');
    expect(out).toMatch(/webhook secret: whsec_/);
    const port = Number(new URL(url).port);
    const stripe = stripeFor({ secretKey: 'sk_test_cli_demo', host: '127.0.0.1', port });
    expect((await stripe.customers.create({ email: 'cli@example.org' })).id).toMatch(/^cus_/);
    const exited = new Promise<number | null>((r) => child?.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
