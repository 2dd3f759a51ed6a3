import { defineHandlers } from '../../core/handlers';
import { insertPayer, searchPayers } from './payersRepo';

export const payersHandlers = defineHandlers({
  'payers:search': {
    kind: 'query',
    access: 'staff',
    run: ({ query, limit }, { store }) => ({ payers: searchPayers(store, query, limit) }),
  },
  'payers:create': {
    kind: 'mutation',
    access: 'staff',
    run: ({ payer: p }, ctx) => {
      const payer = insertPayer(ctx.store, { name: p.name, email: p.email ?? null, phone: p.phone ?? null, externalId: p.externalId ?? null }, ctx.now());
      ctx.audit({ action: 'payer.create', entityType: 'payer', entityId: payer.id, after: payer });
      return payer;
    },
  },
});
