import { createHmac } from 'node:crypto';
import type Stripe from 'stripe';

/** Stripe's scheme: `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<payload>" keyed by the whsec_ secret>`. */
export function signPayload(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

export type WebhookSwitches = {
  /** Queue events until `flush()` instead of sending them as they happen. */
  autoDeliver: boolean;
  /** Send every event this many times (Stripe delivers at least once, sometimes more). */
  duplicate: number;
  /** Shuffle each batch (Stripe does not guarantee order). */
  shuffle: boolean;
  /** Wait before sending a batch. */
  delayMs: number;
  /** Chance that an event is never delivered (it stays in /v1/events for catch-up). */
  dropProbability: number;
  /** Never deliver the next N events. */
  dropNext: number;
  /** Retries after a non-2xx answer or a network error, with doubling backoff. */
  retries: number;
  retryBackoffMs: number;
  /** Deliveries in flight at once within a batch. */
  concurrency: number;
  /** Seconds added to the signing timestamp (negative to sign "old" deliveries). */
  timestampSkewSeconds: number;
};

export const defaultSwitches = (): WebhookSwitches => ({
  autoDeliver: true,
  duplicate: 1,
  shuffle: false,
  delayMs: 0,
  dropProbability: 0,
  dropNext: 0,
  retries: 3,
  retryBackoffMs: 200,
  concurrency: 1,
  timestampSkewSeconds: 0,
});

export type DeliveryRecord = {
  eventId: string;
  type: string;
  attempt: number;
  /** HTTP status, or null when the request failed at the network level. */
  status: number | null;
  ok: boolean;
  error?: string;
  at: number;
};

export type DeliveryStats = { delivered: number; failed: number; dropped: number; attempts: number };

/** A tiny seeded generator so shuffles and drops repeat from run to run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Job = { event: Stripe.Event; attempt: number };

export class WebhookDeliverer {
  url: string | null;
  readonly secret: string;
  readonly switches: WebhookSwitches;
  readonly log: DeliveryRecord[] = [];
  readonly stats: DeliveryStats = { delivered: 0, failed: 0, dropped: 0, attempts: 0 };
  private queue: Job[] = [];
  private scheduled: NodeJS.Timeout | null = null;
  private inFlight = new Set<Promise<void>>();
  private retryTimers = new Set<NodeJS.Timeout>();
  private random: () => number;
  private stopped = false;
  private readonly onDelivered: (eventId: string) => void;

  constructor(options: { url: string | null; secret: string; seed: number; switches?: Partial<WebhookSwitches>; onDelivered: (eventId: string) => void }) {
    this.url = options.url;
    this.secret = options.secret;
    this.switches = { ...defaultSwitches(), ...options.switches };
    this.random = mulberry32(options.seed);
    this.onDelivered = options.onDelivered;
  }

  configure(patch: Partial<WebhookSwitches> & { seed?: number }): void {
    const { seed, ...rest } = patch;
    Object.assign(this.switches, rest);
    if (seed !== undefined) this.random = mulberry32(seed);
    if (this.switches.autoDeliver && this.queue.length > 0) this.schedule();
  }

  /** Events wait here until a flush; with `autoDeliver`, one is scheduled at once. */
  enqueue(event: Stripe.Event): void {
    if (this.url === null || this.stopped) return;
    this.queue.push({ event, attempt: 1 });
    if (this.switches.autoDeliver) this.schedule();
  }

  pendingCount(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = setTimeout(() => {
      this.scheduled = null;
      void this.flush();
    }, this.switches.delayMs);
  }

  /** Sends everything queued now, applying the switches; resolves when this batch is done. */
  flush(): Promise<void> {
    const batch = this.queue.splice(0);
    if (batch.length === 0) return Promise.all([...this.inFlight]).then(() => undefined);
    const work = this.sendBatch(batch);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.inFlight.size > 0) {
        await Promise.all([...this.inFlight]);
        continue;
      }
      if (this.scheduled || this.retryTimers.size > 0 || (this.switches.autoDeliver && this.queue.length > 0)) {
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.scheduled) clearTimeout(this.scheduled);
    this.scheduled = null;
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
    await Promise.all([...this.inFlight]);
  }

  resume(): void {
    this.stopped = false;
    if (this.switches.autoDeliver && this.queue.length > 0) this.schedule();
  }

  private async sendBatch(batch: Job[]): Promise<void> {
    const jobs: Job[] = [];
    for (const job of batch) {
      if (job.attempt === 1) {
        if (this.switches.dropNext > 0) {
          this.switches.dropNext -= 1;
          this.stats.dropped += 1;
          continue;
        }
        if (this.switches.dropProbability > 0 && this.random() < this.switches.dropProbability) {
          this.stats.dropped += 1;
          continue;
        }
        for (let i = 0; i < Math.max(1, this.switches.duplicate); i++) jobs.push(job);
      } else {
        jobs.push(job);
      }
    }
    if (this.switches.shuffle) {
      for (let i = jobs.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [jobs[i], jobs[j]] = [jobs[j] as Job, jobs[i] as Job];
      }
    }
    let next = 0;
    const worker = async () => {
      while (next < jobs.length && !this.stopped) {
        const job = jobs[next++] as Job;
        await this.deliver(job);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.switches.concurrency) }, worker));
  }

  private async deliver(job: Job): Promise<void> {
    const url = this.url;
    if (!url) return;
    // Stripe sends the event pretty-printed; receivers must verify the raw bytes, never a re-serialisation.
    const payload = JSON.stringify(job.event, null, 2);
    const timestamp = Math.floor(Date.now() / 1000) + this.switches.timestampSkewSeconds;
    this.stats.attempts += 1;
    let status: number | null = null;
    let error: string | undefined;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signPayload(payload, this.secret, timestamp),
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      await res.arrayBuffer();
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const ok = status !== null && status >= 200 && status < 300;
    this.log.push({ eventId: job.event.id, type: job.event.type, attempt: job.attempt, status, ok, ...(error ? { error } : {}), at: Date.now() });
    if (ok) {
      this.stats.delivered += 1;
      this.onDelivered(job.event.id);
      return;
    }
    this.stats.failed += 1;
    if (job.attempt <= this.switches.retries && !this.stopped) {
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        this.queue.push({ event: job.event, attempt: job.attempt + 1 });
        if (this.switches.autoDeliver) this.schedule();
      }, this.switches.retryBackoffMs * 2 ** (job.attempt - 1));
      this.retryTimers.add(timer);
    }
  }
}
