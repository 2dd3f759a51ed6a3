import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { ChangeNotice } from '../../shared/api';
import type { Core } from '../core';
import type { StartingCore } from '../core/startCore';
import { inProcessCore, isCoreHandle } from '../corehost/coreHandle';
import type { CoreHandle, HostConnection } from '../corehost/coreHandle';
import { CONTENT_SECURITY_POLICY } from '../main/windowOptions';

/**
 * The browser host: the built renderer on 127.0.0.1 with the same core behind a bridge
 * that accepts calls only with this run's random token. It exists so Bursar can be run
 * and tested where the Electron binary is absent; the desktop app never starts it.
 */
export type WebHost = { url: string; port: number; token: string; close(): Promise<void> };

/**
 * `core` is the core in its own process (`forkCore`, what the CLI uses) or, for tests and tools
 * that hold one, a core in this process. It may still be starting (upgrading its store): calls
 * are answered with its progress until it is open. The host never closes it.
 */
export type WebHostOptions = { core: Core | StartingCore | CoreHandle; rendererDir: string; port?: number; token?: string };

const MAX_BODY = 2 * 1024 * 1024;
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const safeEqual = (a: string, b: string): boolean => {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { rendererDir } = options;
  const core = isCoreHandle(options.core) ? options.core : inProcessCore(options.core);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const streams = new Set<ServerResponse>();
  let port = 0;
  // One token, one caller: every tab of this run shares the signed-in session.
  let conn: HostConnection | null = null;
  const unsubscribe = core.subscribe((notice: ChangeNotice) => {
    for (const res of streams) res.write(`data: ${JSON.stringify(notice)}\n\n`);
  });

  // A page on another origin (or a DNS-rebound name) must not reach the bridge.
  const sameOrigin = (req: IncomingMessage): boolean => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return false;
    const origin = req.headers.origin;
    return origin === undefined || origin === `http://${host}`;
  };
  const authorised = (req: IncomingMessage, url: URL): boolean => {
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : url.searchParams.get('token') ?? '';
    return safeEqual(given, token);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/api/')) {
        if (!sameOrigin(req)) return send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'Wrong origin' } });
        if (!authorised(req, url)) return send(res, 401, { ok: false, error: { code: 'FORBIDDEN', message: 'Missing or wrong token: open the URL the host printed' } });
        if (url.pathname === '/api/invoke' && req.method === 'POST') {
          let payload: { channel?: unknown; input?: unknown };
          try {
            payload = JSON.parse(await readBody(req)) as { channel?: unknown; input?: unknown };
          } catch {
            return send(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'Body must be JSON {channel, input} under 2 MB' } });
          }
          conn ??= core.connect();
          return send(res, 200, await conn.invoke(String(payload?.channel ?? ''), payload?.input));
        }
        if (url.pathname === '/api/changes' && req.method === 'GET') {
          res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
          res.write(': connected\n\n');
          streams.add(res);
          req.on('close', () => streams.delete(res));
          return;
        }
        return send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'No such endpoint' } });
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'GET only' });
      const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const file = normalize(join(rendererDir, rel));
      const target = file.startsWith(normalize(rendererDir) + sep) && existsSync(file) && statSync(file).isFile() ? file : join(rendererDir, 'index.html');
      res.writeHead(200, {
        'Content-Type': types[extname(target)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
      createReadStream(target).pipe(res);
    })().catch(() => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'Host error' } });
      else res.end();
    });
  });

  // Node closes an idle keep-alive socket after 5 s; Chromium keeps a used one for minutes and
  // may send the next call on it just as Node closes it, and that call fails as "not reachable"
  // (seen under load, on a first-run screen). One window is the only client: keep its sockets
  // open until it or `close` ends them.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () => new Promise<void>((resolve) => {
      unsubscribe();
      conn?.close();
      for (const res of streams) res.end();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
