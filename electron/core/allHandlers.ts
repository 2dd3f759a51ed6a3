import { appHandlers } from '../services/app/handlers';
import { auditHandlers } from '../services/audit/handlers';
import { authHandlers } from '../services/auth/handlers';
import { backupsHandlers } from '../services/backups/handlers';
import { dataHandlers } from '../services/data/handlers';
import { enrollmentsHandlers } from '../services/enrollments/handlers';
import { payersHandlers } from '../services/payers/handlers';
import { plansHandlers } from '../services/plans/handlers';
import { productsHandlers } from '../services/products/handlers';
import { schedulesHandlers } from '../services/schedules/handlers';
import { settingsHandlers } from '../services/settings/handlers';
import { usersHandlers } from '../services/users/handlers';
import { paymentsHandlers } from '../services/payments/handlers';
import { receiptsHandlers } from '../services/receipts/handlers';
import { statementsHandlers } from '../services/statements/handlers';
import { drawerHandlers } from '../services/drawer/handlers';
import { refundsHandlers } from '../services/refunds/handlers';
import { reportsHandlers } from '../services/reports/handlers';
import { stripeHandlers } from '../stripe/handlers';
import { syncHandlers } from '../sync/handlers';
import { cardHandlers } from '../services/card/handlers';
import { outboxHandlers } from '../services/card/outboxHandlers';
import { billingHandlers } from '../services/billing/handlers';
import { officeLinkHandlers } from '../office/transport/handlers';
import { officeJournalHandlers } from '../services/office/handlers';
import { rosterHandlers } from '../services/roster/handlers';
import { mailHandlers } from '../services/mail/handlers';
import { portalHandlers } from '../services/portal/handlers';
import type { HandlerMap } from './handlers';

/** Every domain's handlers; the registry checks that together they cover the contract exactly once (one line each). */
export const allHandlers: readonly Partial<HandlerMap>[] = [
  appHandlers,
  authHandlers,
  usersHandlers,
  auditHandlers,
  backupsHandlers,
  dataHandlers,
  settingsHandlers,
  productsHandlers,
  plansHandlers,
  payersHandlers,
  enrollmentsHandlers,
  schedulesHandlers,
  paymentsHandlers,
  receiptsHandlers,
  statementsHandlers,
  drawerHandlers,
  refundsHandlers,
  reportsHandlers,
  stripeHandlers,
  syncHandlers,
  cardHandlers,
  outboxHandlers,
  billingHandlers,
  officeLinkHandlers,
  officeJournalHandlers,
  rosterHandlers,
  mailHandlers,
  portalHandlers,
];
