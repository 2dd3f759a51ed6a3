import { defineHandlers } from '../../core/handlers';
import { officeDate } from '../settings/officeDate';
import { createEnrollment } from './createEnrollment';
import { listEnrollments } from './enrollmentsRepo';
import { paymentDetails } from './paymentDetails';

export const enrollmentsHandlers = defineHandlers({
  'enrollments:create': {
    kind: 'mutation',
    access: 'staff',
    run: ({ requestId: _requestId, ...input }, ctx) => createEnrollment(ctx, input),
  },
  'enrollments:list': {
    kind: 'query',
    access: 'staff',
    run: (input, { store }) => listEnrollments(store, input),
  },
  'enrollments:paymentDetails': {
    kind: 'query',
    access: 'staff',
    run: ({ enrollmentId }, { store, now }) => paymentDetails(store, enrollmentId, officeDate(store, now())),
  },
});
