import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import type { RelayServerOptions } from '../../relay/server';
import type { RelayStore } from '../../relay/storage/types';
import { postgresUnavailableReason, startTestPostgres } from './postgres';
import type { TestPostgres } from './postgres';
import { ADAPTERS, makeTestRelay } from './relay';
import type { SuiteContext, TestRelay } from './relay';

/**
 * Runs the same suite once per storage adapter. The PostgreSQL run starts its own throwaway
 * server (or uses RELAY_TEST_DATABASE_URL) and is skipped, with the reason in its title, when
 * neither is possible.
 */
export function relaySuites(title: string, body: (ctx: SuiteContext) => void): void {
  const pgReason = postgresUnavailableReason();
  for (const kind of ADAPTERS) {
    const skip = kind === 'postgres' && pgReason !== null;
    describe.skipIf(skip)(`${title} [${kind}]${skip ? ` (skipped: ${pgReason})` : ''}`, () => {
      let pg: TestPostgres | null = null;
      const live: TestRelay[] = [];
      if (kind === 'postgres') {
        beforeAll(async () => {
          pg = await startTestPostgres();
        });
        afterAll(async () => {
          await pg?.stop();
        });
      }
      afterEach(async () => {
        await Promise.all(live.splice(0).map((r) => r.dispose()));
      });
      body({
        kind,
        async make(options: Partial<RelayServerOptions> = {}, wrapStore?: (store: RelayStore) => RelayStore) {
          const relay = await makeTestRelay(kind, pg, options, wrapStore);
          live.push(relay);
          return relay;
        },
        pg() {
          if (!pg) throw new Error('PostgreSQL is not running in this suite');
          return pg;
        },
      });
    });
  }
}
