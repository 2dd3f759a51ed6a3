import { defineHandlers } from '../../core/handlers';
import { insertPayer, searchPayers, updatePayer } from './payersRepo';

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
      const payer = insertPayer(ctx.store, { name: p.name, email: p.email ?? null, phone: p.phone ?? null, externalId: p.externalId ?? null, mailOptOut: p.mailOptOut ?? false }, ctx.now());
      ctx.audit({ action: 'payer.create', entityType: 'payer', entityId: payer.id, after: payer });
      return payer;
    },
  },
  'payers:update': {
    kind: 'mutation',
    access: 'staff',
    run: ({ payerId, patch }, ctx) => {
      const { before, after } = updatePayer(ctx.store, payerId, patch, ctx.now());
      ctx.audit({ action: 'payer.update', entityType: 'payer', entityId: payerId, before, after });
      return after;
    },
  },
});
