import { join } from 'node:path';
import { createRelayServer } from '../../../relay/server';
import { newToken } from '../../../relay/tokens';
import { sql } from '../../../electron/store/sql';
import { buildPayerStatement } from '../../../electron/services/portal/payerStatement';
import { newPortalKey, newPortalPageId, sealPortalPage } from '../../../shared/portal/seal';
import { benchStoreDir, openBenchCore } from '../fixture';
import type { BenchSuite } from '../types';

/**
 * Issue 15: "the largest payer's statement on the 100k-enrollment store published ≤ 200 ms".
 * `portal:publish` through invoke for the payer with the most payments on the bench store
 * (one currency): the link row and its audit entry committed, the statement built from the
 * books, sealed (AES-256-GCM, WebCrypto) and PUT to a real relay on loopback (SQLite, durable
 * commit), the link marked published. Baseline, interleaved in the same run: the bare PUT of a
 * sealed statement of the same size to the same relay — what any publish must cost.
 */
export const portalPublishSuite: BenchSuite = {
  name: 'portalPublish',
  async prepare(ctx) {
    const dir = await benchStoreDir(ctx);
    const { core, admin } = await openBenchCore(dir);
    const relay = await createRelayServer({ dataDir: join(ctx.workDir, 'portal-publish-relay'), logLevel: 'silent', pruneIntervalMs: 0 });
    const { url } = await relay.listen();
    const cleanup = async () => {
      core.close();
      await relay.close();
    };
    try {
      await relay.store.createOrg({ id: 'bench', name: 'Bench', secrets: ['whsec_bench'], createdAt: Date.now() });
      const t = newToken();
      await relay.store.createToken({ id: t.id, orgId: 'bench', device: 'desk', hash: t.hash, createdAt: Date.now() });
      const saved = await core.invoke('settings:relay', { requestId: `bench-portal-relay-${Date.now()}`, url, token: t.token }, admin);
      if (!saved.ok) throw new Error(`settings:relay: ${saved.error.message}`);
      await core.services.sync.stop();
      const largest = core.store.get<{ payer_id: string; n: number }>(sql`SELECT p.payer_id, count(*) AS n FROM payments p GROUP BY p.payer_id
        HAVING (SELECT count(DISTINCT e.currency) FROM enrollments e WHERE e.payer_id = p.payer_id) = 1 ORDER BY n DESC LIMIT 1`);
      if (!largest) throw new Error('the bench store has no payments');
      const statement = buildPayerStatement(core.store, largest.payer_id, new Date());
      const plain = JSON.stringify(statement);
      ctx.log(`portalPublish: payer with ${largest.n} payments, ${statement.enrollments.length} enrollments, ${statement.enrollments.reduce((s, e) => s + e.items.length, 0)} items, ${Math.round(plain.length / 1024)} KB of statement`);
      const runTag = Date.now().toString(36);
      const iterations = ctx.quick ? 10 : 40;
      return {
        cases: [
          {
            kind: 'timed',
            name: "portalPublish: portal:publish, the largest payer's statement built, sealed and stored on a local relay",
            source: 'issue 15',
            iterations,
            warmup: 2,
            run: async (i) => {
              const r = await core.invoke('portal:publish', { requestId: `bench-portal-${runTag}-${i}`, payerId: largest.payer_id }, admin);
              if (!r.ok) throw new Error(`portal:publish: ${r.error.message}`);
              if (r.value.link.state !== 'published') throw new Error(`portal:publish left the link ${r.value.link.state}: ${r.value.link.lastError ?? ''}`);
            },
            baseline: {
              name: 'the same size of sealed statement PUT to the same relay, nothing built',
              iterations,
              warmup: 2,
              setup: () => async () => {
                const id = newPortalPageId();
                const ct = await sealPortalPage(id, newPortalKey(), plain);
                const res = await fetch(`${url}/v1/portal/pages/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` }, body: JSON.stringify({ ct, expires_at: Date.now() + 86_400_000 }) });
                if (res.status !== 200) throw new Error(`bare PUT: ${res.status}`);
              },
            },
            targets: [{ kind: 'maxMs', stat: 'median', ms: 200 }],
            notes: 'the link row, audit entry and request record committed (fsync), the statement read from the books, sealed, PUT and the relay commit awaited',
          },
        ],
        cleanup,
      };
    } catch (e) {
      await cleanup();
      throw e;
    }
  },
};
