import { defineHandlers } from '../../core/handlers';
import { officeDigest } from '../../office/journal/officeDigest';
import { notFound, refuseAs } from '../../core/errors';
import { newId } from '../../store/ids';
import { sql } from '../../store/sql';
import { getConflict, listConflicts } from './conflictsRepo';

export const officeJournalHandlers = defineHandlers({
  'office:digest': {
    kind: 'query',
    access: 'admin',
    run: (_input, { store, services }) => officeDigest(store, services.office.deskId()),
  },
  'office:conflicts': {
    kind: 'query',
    access: 'admin',
    run: (input, { store }) => ({ conflicts: listConflicts(store, input.open) }),
  },
  'office:resolveConflict': {
    kind: 'mutation',
    access: 'admin',
    run: (input, ctx) => {
      const { store } = ctx;
      const before = getConflict(store, input.conflictId);
      if (!before) throw notFound('Conflict', input.conflictId, 'conflictId');
      if (before.resolution) throw before.resolution.by ? refuseAs('CONFLICT', 'office.conflictResolved', { by: before.resolution.by }) : refuseAs('CONFLICT', 'office.conflictResolvedNoOne', {});
      const at = ctx.now().toISOString();
      // A resolution is office data (office_resolutions is journaled): every desk sees the conflict resolved.
      store.run(sql`INSERT INTO office_resolutions (id, conflict_id, note, resolved_by, resolved_at) VALUES (${newId('ocr')}, ${input.conflictId}, ${input.note}, ${ctx.session?.userId ?? null}, ${at})`);
      const after = getConflict(store, input.conflictId);
      if (!after) throw new Error('the conflict vanished while it was resolved');
      ctx.audit({ action: 'office.conflict.resolve', entityType: 'office_conflict', entityId: input.conflictId, before: { kind: before.kind, resolved: false }, after: { kind: after.kind, resolved: true, note: input.note } });
      return after;
    },
  },
});
