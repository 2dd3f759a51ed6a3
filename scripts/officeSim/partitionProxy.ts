import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';

/**
 * A desk's road to the hub: a TCP proxy on loopback that the simulator can cut (every open
 * connection dropped, new ones refused) and heal, and point at a restarted relay's new port.
 * A partition is then what an office sees when its line goes down: no answer, not an error page.
 */
export type PartitionProxy = { url: string; cut(): void; heal(): void; retarget(port: number): void; readonly isCut: boolean; close(): Promise<void> };

export async function startPartitionProxy(targetPort: number): Promise<PartitionProxy> {
  let target = targetPort;
  let isCut = false;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (isCut) {
      client.destroy();
      return;
    }
    const upstream = connect(target, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  const dropAll = (): void => {
    for (const s of open) s.destroy();
    open.clear();
  };
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      isCut = true;
      dropAll();
    },
    heal() {
      isCut = false;
    },
    retarget(port) {
      target = port;
      dropAll();
    },
    get isCut() {
      return isCut;
    },
    close: () =>
      new Promise<void>((r) => {
        dropAll();
        server.close(() => r());
      }),
  };
}
