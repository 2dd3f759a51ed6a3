import { defineHandlers } from '../../core/handlers';
import { officeDate } from '../settings/officeDate';
import { listSchedules } from './listSchedules';
import { postDueLateFees } from './postDueLateFees';
import { postLateFee } from './postLateFee';
import { adjustDueDate, pauseItems, resumeItems, waiveItem } from './scheduleAdmin';

export const schedulesHandlers = defineHandlers({
  'schedules:list': {
    kind: 'query',
    access: 'staff',
    run: (input, { store, now }) => listSchedules(store, input, officeDate(store, now())),
  },
  'schedules:adjust': {
    kind: 'mutation',
    access: 'admin',
    run: ({ itemId, dueDate, reason }, ctx) => ({ items: adjustDueDate(ctx, itemId, dueDate, reason) }),
  },
  'schedules:pause': {
    kind: 'mutation',
    access: 'admin',
    run: ({ target, reason }, ctx) => ({ items: pauseItems(ctx, target, reason) }),
  },
  'schedules:resume': {
    kind: 'mutation',
    access: 'admin',
    run: ({ target, shiftDates, reason }, ctx) => ({ items: resumeItems(ctx, target, shiftDates, reason ?? null) }),
  },
  'schedules:waive': {
    kind: 'mutation',
    access: 'admin',
    run: ({ itemId, reason }, ctx) => ({ items: waiveItem(ctx, itemId, reason) }),
  },
  'schedules:postLateFee': {
    kind: 'mutation',
    access: 'admin',
    run: ({ itemId, reason }, ctx) => postLateFee(ctx, itemId, reason),
  },
  'schedules:postDueLateFees': {
    kind: 'mutation',
    access: 'admin',
    run: ({ reason }, ctx) => postDueLateFees(ctx, reason),
  },
});
