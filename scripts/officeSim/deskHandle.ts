import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { DeskReply, DeskRequest } from './protocol';

const ENTRY = resolve(import.meta.dirname, 'deskProcess.ts');
const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** A desk process the simulator can ask things of, kill with SIGKILL and start again on the same folder. */
export type DeskHandle = {
  readonly name: string;
  readonly dataDir: string;
  readonly alive: boolean;
  ask<T = unknown>(req: DeskRequest, timeoutMs?: number): Promise<T>;
  /** Sends without waiting, for a request the simulator is about to kill the desk under. */
  send(req: DeskRequest): Promise<unknown>;
  start(): Promise<void>;
  kill(): Promise<void>;
};

export class DeskGone extends Error {
  constructor(name: string) {
    super(`desk ${name} died before answering`);
    this.name = 'DeskGone';
  }
}

export function deskHandle(name: string, dataDir: string): DeskHandle {
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  const send = (req: DeskRequest): Promise<unknown> => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return Promise.reject(new DeskGone(name));
    const id = nextId++;
    return new Promise((res, rej) => {
      waiting.set(id, { resolve: res, reject: rej });
      c.send({ id, req }, (e) => {
        if (e) {
          waiting.delete(id);
          rej(new DeskGone(name));
        }
      });
    });
  };

  return {
    name,
    dataDir,
    get alive() {
      return child !== null && child.exitCode === null && child.signalCode === null;
    },
    send,
    async ask<T>(req: DeskRequest, timeoutMs = 120_000): Promise<T> {
      let timer: NodeJS.Timeout | undefined;
      try {
        return (await Promise.race([
          send(req),
          new Promise((_, rej) => {
            timer = setTimeout(() => rej(new Error(`desk ${name} did not answer ${req.t} in ${timeoutMs} ms`)), timeoutMs);
          }),
        ])) as T;
      } finally {
        clearTimeout(timer);
      }
    },
    start() {
      const c = fork(ENTRY, [dataDir], { cwd: REPO_ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      child = c;
      let stderr = '';
      c.stderr?.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4000);
      });
      exited = new Promise((r) =>
        c.once('exit', () => {
          for (const w of waiting.values()) w.reject(new DeskGone(name));
          waiting.clear();
          r();
        }),
      );
      return new Promise((res, rej) => {
        const onExit = (code: number | null): void => rej(new Error(`desk ${name} exited (${code}) while starting\n${stderr}`));
        c.once('exit', onExit);
        c.on('message', (msg: DeskReply) => {
          if (msg.id === 0) {
            c.off('exit', onExit);
            res();
            return;
          }
          const w = waiting.get(msg.id);
          if (!w) return;
          waiting.delete(msg.id);
          if (msg.ok) w.resolve(msg.value);
          else w.reject(new Error(`desk ${name}: ${msg.error}`));
        });
      });
    },
    async kill() {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
