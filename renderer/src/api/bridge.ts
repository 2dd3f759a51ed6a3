import type { BursarApi, ChangeNotice } from '../../../shared/api';
import type { Result } from '../../../shared/result';
import { t } from '../i18n';

declare global {
  // The preload puts this on window; in the browser host it is absent and the HTTP bridge stands in.
  var bursar: BursarApi | undefined;
}

const TOKEN_KEY = 'bursar.hostToken';

/** The browser host's bridge: same `invoke`, over loopback HTTP with this run's token. */
function httpBridge(): BursarApi {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  return {
    invoke: async (channel, input) => {
      const body = JSON.stringify({ channel, input });
      // A call that never reached the host (a dropped connection) is sent once more: reads are
      // safe to repeat and every mutation carries its request id, so the core answers a repeat
      // with the first answer instead of doing it twice.
      for (let attempt = 0; ; attempt += 1) {
        try {
          const res = await fetch('/api/invoke', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body });
          return (await res.json()) as Result<never>;
        } catch {
          if (attempt >= 1) return { ok: false, error: { code: 'UNAVAILABLE', message: t('bridge.hostNotReachable') } };
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
    },
    onChange: (listener: (notice: ChangeNotice) => void) => {
      listeners.add(listener);
      source ??= openChanges(token);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = null;
        }
      };
    },
  };
}

/**
 * One change stream for the whole window, however many screens and panels listen. A browser
 * keeps at most six connections to one host over HTTP/1.1 and an open event stream holds one
 * for good: with a stream per listener, the sixth panel on a screen left no connection for
 * `invoke`, and the next call stalled until it failed.
 */
const listeners = new Set<(notice: ChangeNotice) => void>();
let source: EventSource | null = null;

function openChanges(token: string): EventSource {
  const stream = new EventSource(`/api/changes?token=${encodeURIComponent(token)}`);
  stream.onmessage = (event) => {
    const notice = JSON.parse(String(event.data)) as ChangeNotice;
    for (const listener of [...listeners]) listener(notice);
  };
  return stream;
}

let api: BursarApi | undefined;
export function getApi(): BursarApi {
  api ??= window.bursar ?? httpBridge();
  return api;
}
