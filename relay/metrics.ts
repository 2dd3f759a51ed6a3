import type { OrgStats, Token } from './storage/types';

export type IngestOutcome = 'stored' | 'duplicate' | 'rejected';

/** This instance's counters since start; durable totals come from the store. */
export type IngestCounters = Record<IngestOutcome, number> & {
  rejectedBy: Map<string, number>;
  /** Long polls parked right now, waiting for a commit or their deadline. */
  heldPolls: number;
  /** Webhook uploads being read or handled right now. */
  uploads: () => number;
};

export const newIngestCounters = (): IngestCounters => ({ stored: 0, duplicate: 0, rejected: 0, rejectedBy: new Map(), heldPolls: 0, uploads: () => 0 });

const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string>): string => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

type Metric = { name: string; help: string; type: 'counter' | 'gauge'; samples: { labels: Record<string, string>; value: number }[] };

/**
 * Prometheus text exposition (version 0.0.4): the format every common monitoring stack scrapes
 * without an adapter, and still readable with curl during an incident.
 */
export function renderMetrics(input: { now: number; counters: IngestCounters; orgs: OrgStats[]; tokens: Token[] }): string {
  const { now, counters, orgs, tokens } = input;
  const head = new Map(orgs.map((o) => [o.orgId, o.headSeq]));
  const metrics: Metric[] = [
    {
      name: 'relay_webhooks_total',
      help: 'Webhook deliveries answered by this instance since it started, by outcome.',
      type: 'counter',
      samples: [
        { labels: { outcome: 'stored' }, value: counters.stored },
        { labels: { outcome: 'duplicate' }, value: counters.duplicate },
        ...[...counters.rejectedBy].map(([reason, value]) => ({ labels: { outcome: 'rejected', reason }, value })),
      ],
    },
    {
      name: 'relay_long_polls_held',
      help: 'GET /v1/events requests this instance holds parked, waiting for an event or their deadline.',
      type: 'gauge',
      samples: [{ labels: {}, value: counters.heldPolls }],
    },
    {
      name: 'relay_uploads_in_progress',
      help: 'Webhook uploads this instance is reading or handling (capped; beyond, 503).',
      type: 'gauge',
      samples: [{ labels: {}, value: counters.uploads() }],
    },
    {
      name: 'relay_events_ingested_total',
      help: 'Events ever stored for the org (its highest relay cursor), across all instances.',
      type: 'counter',
      samples: orgs.map((o) => ({ labels: { org: o.orgId }, value: o.headSeq })),
    },
    {
      name: 'relay_events_retained',
      help: 'Events currently held for the org (after retention pruning).',
      type: 'gauge',
      samples: orgs.map((o) => ({ labels: { org: o.orgId }, value: o.storedEvents })),
    },
    {
      name: 'relay_last_event_age_seconds',
      help: 'Seconds since the org last received an event (absent when none is held).',
      type: 'gauge',
      samples: orgs.filter((o) => o.lastReceivedAt !== null).map((o) => ({ labels: { org: o.orgId }, value: Math.max(0, (now - (o.lastReceivedAt ?? now)) / 1000) })),
    },
    {
      name: 'relay_device_lag_events',
      help: 'Events the device has not yet acknowledged (org head cursor minus the device cursor).',
      type: 'gauge',
      samples: tokens
        .filter((t) => t.revokedAt === null)
        .map((t) => ({ labels: { org: t.orgId, device: t.device }, value: Math.max(0, (head.get(t.orgId) ?? 0) - (t.lastCursor ?? 0)) })),
    },
    {
      name: 'relay_device_last_poll_age_seconds',
      help: 'Seconds since the device last polled (absent when it never has).',
      type: 'gauge',
      samples: tokens
        .filter((t) => t.revokedAt === null && t.lastSeenAt !== null)
        .map((t) => ({ labels: { org: t.orgId, device: t.device }, value: Math.max(0, (now - (t.lastSeenAt ?? now)) / 1000) })),
    },
  ];
  return (
    metrics
      .map((m) => [`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`, ...m.samples.map((s) => `${m.name}${labels(s.labels)} ${s.value}`)].join('\n'))
      .join('\n') + '\n'
  );
}
