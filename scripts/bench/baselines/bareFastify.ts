import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Baseline } from '../types';

/**
 * The floor for the relay: a bare Fastify route answering 200 to a POST of the same body
 * size on 127.0.0.1, called one request at a time over keep-alive (`fetch`).
 */
export function bareFastifyBaseline(options: { bodyBytes: number; iterations: number }): Baseline {
  let app: FastifyInstance | null = null;
  return {
    name: `bare Fastify 200 (${options.bodyBytes} B body)`,
    iterations: options.iterations,
    async setup() {
      app = Fastify({ logger: false, bodyLimit: Math.max(1024 * 1024, options.bodyBytes * 2) });
      app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
      app.post('/bare', async (_req, reply) => reply.code(200).send({ received: true }));
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const body = JSON.stringify({ pad: 'x'.repeat(Math.max(0, options.bodyBytes - 10)) });
      return async () => {
        const res = await fetch(`${url}/bare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`bare route answered ${res.status}`);
      };
    },
    async teardown() {
      await app?.close();
      app = null;
    },
  };
}
