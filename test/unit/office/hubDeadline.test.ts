import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HubTimeout, hubGetChunk, hubPull, hubPush } from '../../../electron/office/transport/hubClient';

// A hub call that gets no answer must end, or the desk's link waits on it for ever: the office
// simulator once left a desk with two requests queued on pooled connections whose sockets were
// gone, and that desk never pushed or pulled again. Each call has a deadline (answer and body),
// shortened here; past it the call fails like any network failure and the link tries again.

type Hub = { url: string; server: Server; sockets: Set<Socket> };

/** A TCP server that accepts and then does `onData` with each request (nothing, by default). */
async function hub(onData: (socket: Socket) => void = () => {}): Promise<Hub> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => onData(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, server, sockets };
}

const close = (h: Hub) =>
  new Promise<void>((r) => {
    for (const s of h.sockets) s.destroy();
    h.server.close(() => r());
  });

describe('hub calls have a deadline', () => {
  const hubs: Hub[] = [];
  beforeAll(() => {
    process.env.BURSAR_HUB_CALL_MS = '300';
  });
  afterAll(() => {
    delete process.env.BURSAR_HUB_CALL_MS;
  });
  afterEach(async () => {
    await Promise.all(hubs.splice(0).map(close));
  });

  it('a push and a pull that get no answer fail as "did not answer in time"', async () => {
    const silent = await hub();
    hubs.push(silent);
    const config = { url: silent.url, token: 't' };
    await expect(hubPush(config, [])).rejects.toBeInstanceOf(HubTimeout);
    await expect(hubPull(config, { after: 0, limit: 10, wait: 0, pending: 0 })).rejects.toThrow('the office hub did not answer in time');
  });

  it('an answer whose body stops half-way fails the same way', async () => {
    const stalls = await hub((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 1000\r\n\r\nhalf');
    });
    hubs.push(stalls);
    await expect(hubGetChunk({ url: stalls.url, token: 't' }, 'snap', 0)).rejects.toBeInstanceOf(HubTimeout);
  });

  it("the caller's own abort still ends a long poll as an abort, not as a timeout", async () => {
    const silent = await hub();
    hubs.push(silent);
    const controller = new AbortController();
    const pull = hubPull({ url: silent.url, token: 't' }, { after: 0, limit: 10, wait: 25, pending: 0 }, controller.signal);
    controller.abort();
    await expect(pull).rejects.toMatchObject({ name: 'AbortError' });
  });
});
