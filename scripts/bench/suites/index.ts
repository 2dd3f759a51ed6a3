import type { BenchSuite } from '../types';
import { foundationSuite } from './foundation';
import { relaySuite } from './relay';
import { reportsSuite } from './reports';

/**
 * Every benchmark suite, run in this order. Each domain adds one file here and one line
 * below; `benchStoreDir(ctx)` gives the shared seeded store (its seeder fills its tables),
 * `openBenchCore` a signed-in core, and `baselines/` the same-run floors.
 *
 * REGISTRATION POINTS (targets from the issues):
 *   - cashier (issue 4):  `payments:recordManual` median and p99 on the 1M-payment store,
 *       baseline `bareInsertBaseline` with the row sizes the payment wrote (payment,
 *       allocations, ledger, receipt, requests, audit) — target { kind: 'ratioMax', max: 2 }.
 *   - catalog (issue 3):  enrollment creation rate (`minOpsPerSec` as agreed) and
 *       `schedules:list` page with filters on 100k enrollments — { kind: 'maxMs', stat: 'median', ms: 50 }.
 *   - reports (issue 7):  each `reports:*` — { maxMs 50 } with `tableScanBaseline` of its main
 *       table; `dashboard:stats` — { maxMs 20 }; add 'dashboard:stats' to probes/openProbe.ts.
 *   - relay (issue 6):    `benchRelay` suite: ingest rate with signature check + durable commit
 *       vs `bareFastifyBaseline` ({ ratioMax: 2 } ≡ ≥ 50 % of bare, { minOpsPerSec: 1000 },
 *       { maxMs p99 50 }); desk event apply rate ({ minOpsPerSec: 10000 }).
 */
export const suites: readonly BenchSuite[] = [
  foundationSuite,
  // catalogSuite,
  // cashierSuite,
  reportsSuite,
  relaySuite, // benchRelay cases plug into suites/relay.ts
];
