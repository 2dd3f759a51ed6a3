import { defineHandlers } from '../../core/handlers';
import { officeDigest } from '../../office/journal/officeDigest';
import { sql } from '../../store/sql';
import type { OfficeConflictKind } from '../../../shared/contract/officeJournal';

type ConflictRow = { id: string; kind: OfficeConflictKind; entity_type: string; entity_id: string; detail_json: string; resolved_at: string | null };

export const officeJournalHandlers = defineHandlers({
  'office:digest': {
    kind: 'query',
    access: 'admin',
    run: (_input, { store, services }) => officeDigest(store, services.office.deskId()),
  },
  'office:conflicts': {
    kind: 'query',
    access: 'admin',
    run: (input, { store }) => ({
      conflicts: store.all<ConflictRow>(sql`SELECT id, kind, entity_type, entity_id, detail_json, resolved_at FROM office_conflicts
        ${input.open ? sql`WHERE resolved_at IS NULL` : sql``} ORDER BY rowid DESC LIMIT 500`).map((r) => ({
        id: r.id, kind: r.kind, entityType: r.entity_type, entityId: r.entity_id, detail: JSON.parse(r.detail_json) as unknown, resolvedAt: r.resolved_at,
      })),
    }),
  },
});
