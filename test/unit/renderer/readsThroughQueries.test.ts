import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allHandlers } from '../../../electron/core/allHandlers';
import { contract } from '../../../shared/contract';

// Issue 17: every read of the core the window shows goes through the query cache
// (`renderer/src/query`), keyed by [channel, input] and read again on the change notices, with
// its loading and error state. A bare `invoke(` of a read channel in a screen is a read that no
// notice refreshes and whose error nobody shows. The core's handlers say which channels are
// reads (`kind: 'query'`); the contract itself does not mark them.

const root = resolve(import.meta.dirname, '../../..');

/** Channel → the handler's kind (query, mutation or action). */
const kinds = new Map<string, string>(allHandlers.flatMap((map) => Object.entries(map).map(([channel, def]) => [channel, (def as { kind: string }).kind] as const)));

/**
 * Reads a screen may still ask for bare: one-shot answers a click asks for (a PDF, a file to
 * save), the session handshake (not cached data: it decides which screens exist), and the
 * one-time lookups named below. Each is file → channels, with why.
 */
const ONE_SHOT: Readonly<Record<string, readonly string[]>> = {
  // PDFs and files made on a click, saved or printed, never shown as data.
  'renderer/src/components/ReceiptView.tsx': ['receipts:pdf'],
  'renderer/src/components/ZReportView.tsx': ['drawer:zReportPdf'],
  'renderer/src/components/TableExport.tsx': ['reports:exportFile'],
  'renderer/src/screens/DepositsScreen.tsx': ['deposits:slipPdf'],
  // Reads a bundle file from disk when "Preview import" is clicked, after the mapping is saved: a one-shot, never repeated by a notice.
  'renderer/src/screens/roster/RosterImportPanel.tsx': ['roster:preview'],
  'renderer/src/screens/enrollments/EnrollmentDetail.tsx': ['receipts:pdf', 'statements:pdf', 'refundReceipts:pdf'],
  'renderer/src/screens/RefundScreen.tsx': ['refundReceipts:pdf'],
  // Signing in and out: the handshake that says who this window is (auth:login and auth:logout are query-kind handlers because they write nothing but the connection's session).
  'renderer/src/stores/session.ts': ['auth:status', 'auth:logout'],
  // office:status before sign-in is a probe: it answers only while a new desk receives its office's books (a refusal is the normal answer, not an error to show).
  'renderer/src/screens/SignInScreen.tsx': ['auth:login', 'auth:status', 'office:status'],
  // Cancelling a job is a command the job runner takes, not a read.
  'renderer/src/hooks/useJob.ts': ['jobs:cancel'],
};

/** The query layer itself, and the bridge under it. */
const QUERY_LAYER = ['renderer/src/query/', 'renderer/src/api/'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) ? [relative(root, path).split('\\').join('/')] : [];
  });
}

/** Every `invoke('channel'` in a source text (the channel literal may be on the next line). */
const invokedChannels = (text: string): string[] => [...text.matchAll(/\binvoke\(\s*['"`]([a-z][A-Za-z]*:[a-z][A-Za-z]*)['"`]/g)].map((m) => m[1] ?? '');

describe('every read the window shows goes through the query cache', () => {
  it('knows every contract channel\'s kind, and finds invokes in source text', () => {
    expect([...kinds.keys()].sort()).toEqual(Object.keys(contract).sort());
    expect(kinds.get('dashboard:stats')).toBe('query');
    expect(kinds.get('payments:recordManual')).toBe('mutation');
    expect(invokedChannels("const r = await invoke('drawer:current', {});\nawait invoke(\n  'deposits:list', { limit: 5 });")).toEqual(['drawer:current', 'deposits:list']);
  });

  it('no file outside renderer/src/query calls invoke( for a read channel, except the one-shot reads listed', () => {
    const files = sourceFiles(join(root, 'renderer/src')).filter((f) => !QUERY_LAYER.some((dir) => f.startsWith(dir)));
    const bare: string[] = [];
    const used = new Set<string>();
    let invokes = 0;
    for (const file of files) {
      for (const channel of invokedChannels(readFileSync(join(root, file), 'utf8'))) {
        invokes += 1;
        expect(kinds.has(channel), `${file} invokes ${channel}, which is not in the contract`).toBe(true);
        if (kinds.get(channel) !== 'query') continue;
        if (ONE_SHOT[file]?.includes(channel)) used.add(`${file} ${channel}`);
        else bare.push(`${file} ${channel}`);
      }
    }
    // The scan sees the window's mutations (so an empty answer is not a scan that found nothing).
    expect(invokes).toBeGreaterThan(50);
    expect(bare, 'read these through useChannelQuery / useChannelPages (renderer/src/query), with QueryStatus').toEqual([]);
    // A listed exception no longer used is taken off the list, so the list never grows stale.
    const listed = Object.entries(ONE_SHOT).flatMap(([file, channels]) => channels.map((c) => `${file} ${c}`));
    expect(listed.filter((entry) => !used.has(entry))).toEqual([]);
  });
});
