import type { BenchSuite } from '../types';
import { cashierSuite } from './cashier';
import { catalogSuite } from './catalog';
import { coreHostSuite } from './coreHost';
import { foundationSuite } from './foundation';
import { officeSuite } from './office';
import { officeVisibleSuite } from './officeVisible';
import { officeApplySuite } from './officeApply';
import { officeJoinSuite } from './officeJoin';
import { portalSuite } from './portal';
import { portalPublishSuite } from './portalPublish';
import { mailSuite } from './mail';
import { relaySuite } from './relay';
import { relayHostileSuite } from './relayHostile';
import { reportsSuite } from './reports';
import { rosterSuite } from './roster';
import { syncSuite } from './sync';
import { tableFilterSuite } from './tableFilter';

/**
 * Every benchmark suite, run in this order. Each domain adds one file here and one line
 * below; `benchStoreDir(ctx)` gives the shared seeded store (its seeder fills its tables),
 * `openBenchCore` a signed-in core, and `baselines/` the same-run floors.
 *
 * REGISTRATION POINTS (targets from the issues):
 *   - cashier (issue 4):  `payments:recordManual` median and p99 on the 1M-payment store,
 *       baseline `bareInsertBaseline` with the row sizes the payment wrote — { ratioMax 2 };
 *       a second case against `sameRowsBaseline` (same rows, same indexes, same file).
 *   - catalog (issue 3):  enrollment creation rate (ops/s, no target in the issue) and
 *       `schedules:list` pages with filters on 100k enrollments — { maxMs median 50 }.
 *   - reports (issue 7):  each `reports:*` — { maxMs 50 } with `tableScanBaseline` of its main
 *       table; `dashboard:stats` — { maxMs 20 }; add 'dashboard:stats' to probes/openProbe.ts.
 *   - table filter (issue 7): a 100k-row table screen filtered a keystroke at a time in Chromium
 *       against the real browser host — { maxMs median 50 }, beside the bare channel call.
 *   - relay (issue 6):    `benchRelay` ingest rate ({ minOpsPerSec 1000 }), its time per event
 *       against the bare Fastify route (≤ 2× ≡ ≥ 50 % of bare), ack p99 ≤ 50 ms.
 *   - relay hostile (issue 14): ingest and ack p99 with and without 200 forged requests/s at
 *       the bare and the org path; the relay's RSS while a desk drains 500 events of 1 MB.
 *   - desk sync (issue 6): `applyEvent` rate ({ minOpsPerSec 10000 }) and a 50k-event catch-up ≤ 10 s.
 *   - office (issue 13): `payments:recordManual` journaled against the same desk not in an office — { ratioMax 1.25 }.
 *   - officeVisible (issue 13): a payment at one desk readable at another through a real relay — { maxMs p99 2000 },
 *       beside the same local payment.
 *   - portal (issue 15): the largest sealed statement opened and rendered in Chromium — { maxMs median 1000 }.
 *   - portalPublish (issue 15): `portal:publish` of the bench store's largest payer to a local relay — { maxMs median 200 }.
 *   - roster (issue 16): a 10k-student / 30k-enrollment OneRoster bundle previewed and imported ≤ 30 s,
 *       peak RSS while it streams, a re-import with no changes ≤ 10 s.
 *   - officeApply (issue 13): a desk applies remote entries ≥ 5,000/s; a desk back after a week offline
 *       (2,000 own mutations, 20,000 from others) converged ≤ 30 s.
 *   - officeJoin (issue 13): a new desk joins the 100k-enrollment / 1M-payment office from its snapshot and the
 *       journal tail ≤ 5 min (the first desk's books go up as the office's seed snapshot) — { maxValue 300 s }.
 *   - mail (issue 15): 1,000 reminders queued by the rule and handed to a local SMTP server ({ minOpsPerSec 50 }).
 *   - coreHost (issue 13): `settings:get` over the core's child process against in-process (the boundary's price);
 *       the host's event-loop max delay during a roster import with the core in a child and in-process.
 */
export const suites: readonly BenchSuite[] = [
  foundationSuite,
  catalogSuite,
  cashierSuite,
  reportsSuite,
  tableFilterSuite,
  relaySuite,
  relayHostileSuite,
  syncSuite,
  officeSuite,
  officeVisibleSuite,
  officeApplySuite,
  officeJoinSuite,
  portalSuite,
  portalPublishSuite,
  rosterSuite,
  mailSuite,
  coreHostSuite,
];
