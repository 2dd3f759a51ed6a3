import { Transform } from 'node:stream';
import type { FastifyInstance } from 'fastify';

/**
 * Bounds on request bodies, for a Fastify scope whose routes take uploads (the webhook, the
 * office journal's push). Node's own `headersTimeout` and `requestTimeout` (set on the server)
 * bound the time to send the headers and the whole request; these add:
 * - an idle timeout on the body: an upload that stops sending for `idleTimeoutMs` is answered
 *   408 and its connection closed, instead of being held for as long as the client likes;
 * - a cap on uploads in progress: past `maxConcurrent`, a new upload is answered 503 with
 *   Retry-After before its body is read (Stripe retries any non-2xx), and its connection closed.
 */
export function limitUploads(
  scope: FastifyInstance,
  limits: { idleTimeoutMs: number; maxConcurrent: number },
  onRefused: (reason: 'too_many_uploads' | 'body_timeout') => void,
): { inFlight(): number } {
  let inFlight = 0;
  scope.addHook('onRequest', async (request, reply) => {
    if (inFlight >= limits.maxConcurrent) {
      onRefused('too_many_uploads');
      return reply.code(503).header('retry-after', '1').header('connection', 'close').send({ error: 'too_many_uploads', message: 'the relay is busy; retry later' });
    }
    inFlight++;
    // 'close' comes once, whether the answer was sent or the client went away.
    reply.raw.once('close', () => inFlight--);
    return undefined;
  });
  scope.addHook('preParsing', async (request, reply, payload) => {
    let timer: NodeJS.Timeout | undefined;
    const watched = new Transform({
      transform(chunk: Buffer, _enc, done) {
        arm();
        done(null, chunk);
      },
      flush(done) {
        clearTimeout(timer);
        done();
      },
    });
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        onRefused('body_timeout');
        reply.header('connection', 'close');
        // Fastify answers the error (408) with `Connection: close`, which ends the socket after it.
        watched.destroy(Object.assign(new Error('the body stopped arriving'), { statusCode: 408 }));
      }, limits.idleTimeoutMs);
      timer.unref();
    };
    arm();
    // The body may never be read (a declared length over the limit is refused at once): the
    // watch ends with the body, the stream or the answer, whichever comes first.
    const stop = (): void => clearTimeout(timer);
    payload.once('end', stop);
    watched.once('close', stop);
    reply.raw.once('close', stop);
    request.raw.once('close', stop);
    watched.on('error', () => undefined); // reported by Fastify's body reader when it reads
    payload.once('error', (e) => watched.destroy(e));
    return payload.pipe(watched);
  });
  return { inFlight: () => inFlight };
}
