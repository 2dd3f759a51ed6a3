import { defineHandlers } from '../../core/handlers';
import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import { required } from '../../store/worker/storeWorkerClient';
import type { AuditRow } from './auditLog';

type Row = Omit<AuditRow, 'actor_id' | 'prev_hash' | 'hash'> & { by_system: number };

const parse = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

export const auditHandlers = defineHandlers({
  'audit:list': {
    kind: 'query',
    access: 'admin',
    run: (input, { store }) => {
      const where: SqlQuery[] = [];
      if (input.entityType) where.push(sql`entity_type = ${input.entityType}`);
      if (input.entityId) where.push(sql`entity_id = ${input.entityId}`);
      if (input.actor) where.push(sql`(actor_name = ${input.actor} OR override_by = ${input.actor})`);
      if (input.action) where.push(sql`action = ${input.action}`);
      if (input.from) where.push(sql`at >= ${new Date(input.from).toISOString()}`);
      if (input.to) where.push(sql`at < ${new Date(input.to).toISOString()}`);
      if (input.beforeSeq) where.push(sql`seq < ${input.beforeSeq}`);
      const rows = store.all<Row>(sql`SELECT seq, at, actor_id IS NULL AS by_system, actor_name, override_by, action, entity_type, entity_id, request_id, before_json, after_json
        FROM audit_log ${where.length ? sql`WHERE ${sql.join(where, ' AND ')}` : sql``}
        ORDER BY seq DESC LIMIT ${input.limit + 1}`);
      const page = rows.slice(0, input.limit);
      return {
        entries: page.map((r) => ({
          seq: r.seq,
          at: r.at,
          actorName: r.actor_name,
          bySystem: r.by_system === 1,
          overrideBy: r.override_by,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          requestId: r.request_id,
          before: parse(r.before_json),
          after: parse(r.after_json),
        })),
        nextBeforeSeq: rows.length > input.limit ? (page.at(-1)?.seq ?? null) : null,
      };
    },
  },
  'audit:verify': {
    kind: 'query',
    access: 'admin',
    // Walks the whole chain (seconds on a big store) in the check worker, on one snapshot.
    run: async (_input, { store, services }) => required((await services.storeWorker.check(store.file, ['audit'])).audit, 'audit'),
  },
});
