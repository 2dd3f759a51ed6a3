import { createCore } from '../../electron/core';
import type { Core } from '../../electron/core';
import type { Session } from '../../electron/core/session';
import { TestHub, disposeDesk, makeDesk, settle } from '../support/office/memoryHub';
import type { OfficeDesk } from '../support/office/memoryHub';
import type { Host } from './fixtures';

/** Desk A (the browser host's own core, opened while the host is stopped) and desk B, each with the admin's session, on one in-memory hub. */
export type HubDesks = { a: Core; adminAtA: Session; b: Core; adminAtB: Session };

/**
 * Runs `work` while the browser host is stopped, with the host's store as desk A of an office and
 * desk B made in the test, both joined and caught up over an in-memory hub. What each desk does in
 * `work` stays unheard by the other until it returns (two desks acting at once, offline from each
 * other); then both push and apply the office's order, and the host starts again on desk A.
 */
export async function whileTwoDesks(host: Host, work: (desks: HubDesks) => Promise<void>, env?: NodeJS.ProcessEnv): Promise<void> {
  await host.restart(async () => {
    const a = createCore({ dataDir: host.dataDir, checkOutput: true, ...(env ? { env } : {}) });
    let b: OfficeDesk | null = null;
    try {
      const adminId = (a.store.raw.prepare(`SELECT id FROM users WHERE username = 'admin'`).get() as { id: string }).id;
      a.services.office.join({ officeId: 'e2e-office', deskId: 'desk-a', seed: true });
      const hub = new TestHub();
      const deskA: OfficeDesk = { core: a, deskId: 'desk-a', cursor: 0, dataDir: host.dataDir };
      b = makeDesk('e2e-office', 'desk-b', 'BACK', undefined, env);
      settle(hub, [deskA, b]);
      await work({ a, adminAtA: a.sessionFor(adminId), b: b.core, adminAtB: b.core.sessionFor(adminId) });
      hub.push(a);
      settle(hub, [deskA, b]);
    } finally {
      a.close();
      if (b) disposeDesk(b);
    }
  });
}
