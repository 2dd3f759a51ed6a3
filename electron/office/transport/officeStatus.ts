import type { z } from 'zod';
import type { OfficeStatusView } from '../../../shared/contract/office';
import type { Services } from '../../core/services';
import type { Store } from '../../store/store';
import { hubDesks } from './hubClient';
import { readMembership } from './membership';
import { stoppedText, stoppedWords } from './officeTransport';

type StatusView = z.infer<typeof OfficeStatusView>;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** This desk's office status; `withDesks` also asks the hub for its desk list (briefly: an offline desk still answers). */
export async function officeStatus(store: Store, services: Services, withDesks: boolean): Promise<StatusView> {
  const m = readMembership(store);
  const link = services.officeLink.status();
  const base: StatusView = {
    joined: m !== null,
    office: m ? { id: m.office, name: m.officeName, desk: m.desk, deskName: m.deskName, relayUrl: m.relayUrl, joinedAt: m.joinedAt, seeded: m.seeded } : null,
    running: link.running,
    online: m ? link.online : false,
    stopped: m ? stoppedText(m.stopped) : null,
    cursor: m?.cursor ?? 0,
    head: null,
    pushed: m?.pushed ?? 0,
    pending: link.pending,
    received: m?.received ?? 0,
    lastPushAt: m ? link.lastPushAt : null,
    lastPullAt: m ? link.lastPullAt : null,
    lastPushError: m ? link.lastPushError : null,
    lastPullError: m ? link.lastPullError : null,
    desks: null,
    desksError: null,
    snapshot: m ? link.snapshot : null,
    snapshotCursor: m?.snapshotCursor ?? 0,
    words: {
      stopped: m ? stoppedWords(m.stopped) : null,
      lastPush: m ? link.lastPushWords : null,
      lastPull: m ? link.lastPullWords : null,
      desks: null,
    },
  };
  const token = services.secrets.get('office.token');
  if (!m || !withDesks || !token) return base;
  try {
    const list = await hubDesks({ url: m.relayUrl, token }, AbortSignal.timeout(3000));
    return {
      ...base,
      head: list.head_cursor,
      desks: list.desks.map((d) => ({
        desk: d.desk,
        name: d.name,
        thisDesk: d.desk === m.desk,
        revoked: d.revoked_at !== null,
        lastSeenAt: iso(d.last_seen_at),
        notSent: d.pending,
        notReceived: Math.max(0, list.head_cursor - d.acked_cursor),
      })),
    };
  } catch (e) {
    return { ...base, desksError: `The office hub's desk list could not be read: ${(e as Error).message}`, words: { ...base.words, desks: { key: 'office.desksUnreadable', params: {} } } };
  }
}
