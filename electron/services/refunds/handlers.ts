import { defineHandlers } from '../../core/handlers';
import { cancelEnrollment } from './cancelEnrollment';
import { createRefund } from './createRefund';
import { listRefunds } from './refundsRepo';

export const refundsHandlers = defineHandlers({
  'enrollments:cancel': {
    kind: 'mutation',
    access: 'admin',
    run: ({ requestId: _requestId, ...input }, ctx) => cancelEnrollment(ctx, input),
  },
  'refunds:create': {
    kind: 'mutation',
    access: 'admin',
    run: ({ requestId: _requestId, ...input }, ctx) => createRefund(ctx, input),
  },
  'refunds:list': {
    kind: 'query',
    access: 'staff',
    run: (input, { store }) => listRefunds(store, input),
  },
});
