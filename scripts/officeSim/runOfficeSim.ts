import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRelayCli, startRelayProcess } from '../../test/support/relayProcess';
import type { RelayProcess } from '../../test/support/relayProcess';
import { DeskGone, deskHandle } from './deskHandle';
import type { DeskHandle } from './deskHandle';
import { createRng } from '../seed/prng';
import type { Rng } from '../seed/prng';
import { startPartitionProxy } from './partitionProxy';
import type { PartitionProxy } from './partitionProxy';
import type { AckedOp, DeskCheck, OpOutcome, PlannedOp, SyncOutcome } from './protocol';

export type OfficeSimOptions = {
  desks: number;
  ops: number;
  partitions: number;
  kills: number;
  seed: number;
  /** Kinds of mutation left out of the mix (e.g. `cancel`), to isolate a failing rule. */
  without?: string[];
  /** How long the final convergence may take before the run fails. */
  convergeTimeoutMs?: number;
  onProgress?: (line: string) => void;
};

export type OfficeSimReport = {
  seed: number;
  desks: number;
  ops: { planned: number; acknowledged: number; refused: number; byKind: Record<string, number> };
  kills: { desk: number; relay: number; resent: number };
  partitions: number;
  convergeMs: number;
  totalMs: number;
  digestsEqual: boolean;
  digests: { desk: string; digest: string }[];
  checks: DeskCheck[];
  revokedDeskRefused: boolean | null;
  problems: string[];
};

const ORG = 'sim-office';
const PASSPHRASE = 'office simulator passphrase';

type Event = { at: number; kind: 'kill-desk' | 'kill-relay' | 'cut' | 'heal'; desk: number };

/** Kill and partition times are drawn from the seed up front, so a failing seed replays the same run. */
function schedule(o: OfficeSimOptions, rnd: Rng): Event[] {
  const events: Event[] = [];
  for (let k = 0; k < o.kills; k++) {
    const relay = rnd.next() < 1 / (o.desks + 1);
    events.push({ at: rnd.int(Math.floor(o.ops * 0.05), o.ops - 1), kind: relay ? 'kill-relay' : 'kill-desk', desk: rnd.int(0, o.desks - 1) });
  }
  for (let k = 0; k < o.partitions; k++) {
    const at = rnd.int(0, Math.max(0, o.ops - 2));
    const desk = rnd.int(0, o.desks - 1);
    events.push({ at, kind: 'cut', desk }, { at: Math.min(o.ops - 1, at + rnd.int(Math.ceil(o.ops / 40), Math.ceil(o.ops / 6))), kind: 'heal', desk });
  }
  return events.sort((a, b) => a.at - b.at);
}

async function code(dataDir: string): Promise<string> {
  const r = await runRelayCli(['desk', 'code', '--org', ORG, '--data-dir', dataDir]);
  if (r.code !== 0) throw new Error(`desk code failed: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').at(-1);
  if (!line) throw new Error('desk code printed nothing');
  return line.trim();
}

/**
 * Issue 13's simulator: N desk processes with real cores, one relay process, a random stream of
 * every kind of mutation, random partitions and kill -9 of desks and of the relay; then every
 * partition heals, the run waits until nothing is pending, and it checks invariants 1–5.
 */
export async function runOfficeSim(o: OfficeSimOptions): Promise<OfficeSimReport> {
  const started = Date.now();
  const say = o.onProgress ?? (() => {});
  const rnd = createRng(o.seed);
  const root = mkdtempSync(join(tmpdir(), 'bursar-office-sim-'));
  const relayDir = join(root, 'relay');
  const problems: string[] = [];
  const acked: AckedOp[] = [];
  const byKind: Record<string, number> = {};
  let refused = 0;
  let planned = 0;
  const kills = { desk: 0, relay: 0, resent: 0 };
  let relay: RelayProcess | null = null;
  const proxies: PartitionProxy[] = [];
  const desks: DeskHandle[] = [];
  const tags = Array.from({ length: o.desks }, (_, i) => String.fromCharCode(65 + i));

  const startRelay = async (): Promise<void> => {
    relay = await startRelayProcess(['--data-dir', relayDir], { RELAY_LOG_LEVEL: 'info' });
    const port = Number(new URL(relay.url).port);
    for (const p of proxies) p.retarget(port);
  };

  try {
    const created = await runRelayCli(['office', 'create', '--org', ORG, '--name', 'Lincoln Elementary', '--data-dir', relayDir]);
    if (created.code !== 0) throw new Error(`office create failed: ${created.stderr}`);
    await startRelay();
    const relayPort = (): number => Number(new URL((relay as RelayProcess).url).port);

    for (let i = 0; i < o.desks; i++) {
      proxies.push(await startPartitionProxy(relayPort()));
      const desk = deskHandle(`Desk ${tags[i]}`, join(root, `desk-${tags[i]}`));
      desks.push(desk);
      await desk.start();
    }
    const join0 = { relayUrl: proxies[0]?.url ?? '', joinCode: await code(relayDir), passphrase: PASSPHRASE, deskName: 'Desk A', deskCode: 'A' };
    await desks[0]?.ask({ t: 'setupFirst', ...join0 });
    for (let i = 1; i < o.desks; i++) {
      await desks[i]?.ask({ t: 'joinLater', relayUrl: proxies[i]?.url ?? '', joinCode: await code(relayDir), passphrase: PASSPHRASE, deskName: `Desk ${tags[i]}`, deskCode: tags[i] ?? 'X' });
    }
    say(`${Date.now() - started} ms: ${o.desks} desks joined office ${ORG}`);

    const events = schedule(o, rnd);
    /** The mutation a desk was killed under: resent, same request id and input, once it is back. */
    const inFlight = new Map<number, PlannedOp>();
    const record = (d: number, op: PlannedOp, outcome: OpOutcome): void => {
      if (outcome.ok) {
        acked.push({ desk: tags[d] ?? '?', kind: op.kind, channel: op.channel, requestId: op.input.requestId, id: outcome.id });
        byKind[op.kind] = (byKind[op.kind] ?? 0) + 1;
      } else {
        if (outcome.code === 'INTERNAL') problems.push(`${op.channel} at desk ${tags[d]} failed inside: ${outcome.message}`);
        refused++;
      }
    };
    const restart = async (d: number): Promise<void> => {
      const desk = desks[d] as DeskHandle;
      await desk.start();
      const op = inFlight.get(d);
      if (op) {
        inFlight.delete(d);
        kills.resent++;
        record(d, op, await desk.ask<OpOutcome>({ t: 'invoke', op }));
      }
    };

    for (let i = 0; i < o.ops; i++) {
      while (events[0] && events[0].at <= i) {
        const e = events.shift() as Event;
        if (e.kind === 'cut') proxies[e.desk]?.cut();
        if (e.kind === 'heal') proxies[e.desk]?.heal();
        if (e.kind === 'kill-relay') {
          kills.relay++;
          await (relay as RelayProcess | null)?.kill('SIGKILL');
          await startRelay();
        }
        if (e.kind === 'kill-desk') {
          // Killed at a random instant while it writes: the mutation is sent, then SIGKILL after 0–40 ms.
          const desk = desks[e.desk] as DeskHandle;
          const op = await desk.ask<PlannedOp | null>({ t: 'plan', seed: rnd.int(0, 2 ** 31), deskTag: tags[e.desk] ?? '?', opNo: o.ops + kills.desk, ...(o.without ? { without: o.without } : {}) });
          if (op) {
            inFlight.set(e.desk, op);
            planned++;
            desk.send({ t: 'invoke', op }).catch(() => {});
          }
          await new Promise((r) => setTimeout(r, rnd.int(0, 40)));
          kills.desk++;
          await desk.kill();
          await restart(e.desk);
        }
      }
      const d = rnd.int(0, o.desks - 1);
      const desk = desks[d] as DeskHandle;
      const op = await desk.ask<PlannedOp | null>({ t: 'plan', seed: rnd.int(0, 2 ** 31), deskTag: tags[d] ?? '?', opNo: i, ...(o.without ? { without: o.without } : {}) });
      if (!op) continue;
      planned++;
      try {
        record(d, op, await desk.ask<OpOutcome>({ t: 'invoke', op }));
      } catch (e) {
        if (!(e instanceof DeskGone)) throw e;
        inFlight.set(d, op);
        await restart(d);
      }
      if ((i + 1) % 50 === 0) say(`${Date.now() - started} ms: ` + `${i + 1}/${o.ops} ops, ${acked.length} acknowledged, ${kills.desk + kills.relay} kills`);
    }

    // Heal everything and wait until nothing is pending anywhere and every desk holds the hub's head.
    for (const p of proxies) p.heal();
    const convergeStart = Date.now();
    const deadline = convergeStart + (o.convergeTimeoutMs ?? Number(process.env.OFFICE_SIM_CONVERGE_MS ?? 180_000));
    let converged = false;
    let states: SyncOutcome[] = [];
    while (!converged) {
      if (Date.now() > deadline) throw new Error(`the desks did not converge in time: ${JSON.stringify(states)}`);
      states = [];
      // A budget for a hang, not a speed claim: a sync may wait out a hub call's deadline (30 s) for its push and again for its pull.
      for (const desk of desks) states.push(await desk.ask<SyncOutcome>({ t: 'sync' }, 300_000));
      const head = Math.max(...states.map((s) => s.cursor));
      const stopped = states.find((s) => s.stopped);
      if (stopped) throw new Error(`a desk's link stopped: ${stopped.stopped}`);
      converged = states.every((s) => s.pending === 0 && s.cursor === head && s.lastPullError === null);
    }
    const convergeMs = Date.now() - convergeStart;
    say(`converged in ${convergeMs} ms`);

    const checks: DeskCheck[] = [];
    for (const desk of desks) checks.push(await desk.ask<DeskCheck>({ t: 'check', acked }, 300_000));
    const digestOf = (c: DeskCheck): string => c.tables.map((t) => `${t.table}:${t.rows}:${t.digest}`).join('|');
    const digests = checks.map((c, i) => ({ desk: tags[i] ?? '?', digest: digestOf(c) }));
    const digestsEqual = digests.every((d) => d.digest === digests[0]?.digest);
    if (!digestsEqual) {
      const first = checks[0] as DeskCheck;
      for (const [i, c] of checks.entries()) {
        for (const t of c.tables) {
          const base = first.tables.find((x) => x.table === t.table);
          if (!base || base.digest !== t.digest) problems.push(`desk ${tags[i]} differs from desk A in ${t.table} (${t.rows} rows vs ${base?.rows ?? 0})`);
        }
      }
    }
    for (const [i, c] of checks.entries()) {
      const tag = tags[i];
      if (!c.derivedOk) problems.push(`desk ${tag}: derived tables differ from their GROUP BY: ${c.derivedProblems.join('; ')}`);
      if (!c.ledgerOk) problems.push(`desk ${tag}: ledger:verify found ${c.ledgerViolations} violations`);
      if (!c.auditOk) problems.push(`desk ${tag}: an audit chain does not verify`);
      for (const s of c.receiptSeries) if (!s.gapFree) problems.push(`desk ${tag}: receipt series ${s.deskCode} has a gap or a repeat`);
      for (const m of c.missing.slice(0, 5)) problems.push(`desk ${tag} lacks acknowledged ${m}`);
      for (const m of c.doubled.slice(0, 5)) problems.push(`desk ${tag} holds twice ${m}`);
    }

    // Invariant 5: a revoked desk can push nothing more, and its past work stays.
    let revokedDeskRefused: boolean | null = null;
    if (o.desks >= 2 && checks.at(-1)?.deskId) {
      const last = desks.length - 1;
      const deskId = checks.at(-1)?.deskId as string;
      const revoked = await runRelayCli(['desk', 'revoke', '--org', ORG, deskId, '--data-dir', relayDir]);
      if (revoked.code !== 0) throw new Error(`desk revoke failed: ${revoked.stderr}`);
      const before = checks[0]?.payments ?? 0;
      const op = await desks[last]?.ask<PlannedOp | null>({ t: 'plan', seed: 7, deskTag: tags[last] ?? '?', opNo: o.ops * 10 });
      if (op) await desks[last]?.ask({ t: 'invoke', op });
      const lastState = await desks[last]?.ask<SyncOutcome>({ t: 'sync' });
      await desks[0]?.ask({ t: 'sync' });
      const after = await desks[0]?.ask<DeskCheck>({ t: 'check', acked: acked.filter((a) => a.desk === tags[last]) });
      revokedDeskRefused = Boolean(lastState?.stopped) && (after?.payments ?? -1) === before && (after?.missing.length ?? 1) === 0;
      if (!revokedDeskRefused) problems.push(`the revoked desk was not refused cleanly (stopped: ${lastState?.stopped}, payments at A ${before} → ${after?.payments}, its past work missing at A: ${after?.missing.length})`);
    }

    return {
      seed: o.seed,
      desks: o.desks,
      ops: { planned, acknowledged: acked.length, refused, byKind },
      kills,
      partitions: o.partitions,
      convergeMs,
      totalMs: Date.now() - started,
      digestsEqual,
      digests,
      checks,
      revokedDeskRefused,
      problems,
    };
  } finally {
    for (const desk of desks) await desk.kill().catch(() => {});
    for (const p of proxies) await p.close().catch(() => {});
    await (relay as RelayProcess | null)?.kill('SIGKILL');
    // OFFICE_SIM_KEEP=1 keeps the desks' and the relay's folders for a post-mortem.
    if (process.env.OFFICE_SIM_KEEP === '1') say(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}
