import type { Page } from '@playwright/test';

/** Calls the core as the signed-in page does (the browser host's bridge with this tab's token), to set up data quickly. */
export async function call<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const result = await page.evaluate(async ([c, i]) => {
    const token = sessionStorage.getItem('bursar.hostToken') ?? '';
    const res = await fetch('/api/invoke', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ channel: c, input: i }) });
    return (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  }, [channel, input] as const);
  if (!result.ok) throw new Error(`${channel}: ${result.error?.message ?? '?'}`);
  return result.value as T;
}
