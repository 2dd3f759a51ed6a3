import type { Page } from '@playwright/test';

type Invoke = { channel: string; input?: unknown };

/**
 * Holds back the core's answer to the first call that `matches`, to show what a screen does
 * while it waits (and when an answer comes late). `asked` settles once that call has been made
 * and its real answer is in hand; `release` lets it through and settles once the page has it.
 */
export async function holdAnswer(page: Page, matches: (call: Invoke) => boolean): Promise<{ asked: Promise<void>; release: () => Promise<void> }> {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  // Wrapped: a promise resolved with a promise would wait for that one (the release) first.
  let gotAnswer: (held: { delivered: Promise<void> }) => void = () => undefined;
  const answered = new Promise<{ delivered: Promise<void> }>((resolve) => (gotAnswer = resolve));
  let holding = true;
  await page.route('**/api/invoke', async (route) => {
    if (!holding || !matches(route.request().postDataJSON() as Invoke)) return route.fallback();
    holding = false;
    const answer = await route.fetch();
    const delivered = gate.then(() => route.fulfill({ response: answer }));
    gotAnswer({ delivered });
    return delivered;
  });
  return {
    asked: answered.then(() => undefined),
    release: async () => {
      open();
      await (await answered).delivered;
    },
  };
}
