import type { z } from 'zod';
import { appContract } from './app';
import { auditContract } from './audit';
import { authContract, authOverrideContract } from './auth';
import { backupsContract } from './backups';
import { billingContract } from './billing';
import { cardContract, outboxContract } from './card';
import { catalogContract } from './catalog';
import { dataContract } from './data';
import { mergeContracts } from './define';
import { officeContract } from './office';
import { officeJournalContract } from './officeJournal';
import { enrollmentsContract } from './enrollments';
import { mailContract } from './mail';
import { payersContract } from './payers';
import { portalContract } from './portal';
import { plansContract } from './plans';
import { schedulesContract } from './schedules';
import { paymentsContract } from './payments';
import { drawerContract } from './drawer';
import { refundsContract } from './refunds';
import { reportsContract } from './reports';
import { rosterContract } from './roster';
import { settingsContract } from './settings';
import { statementsContract } from './statements';
import { stripeContract } from './stripe';
import { syncContract } from './sync';
import { usersContract } from './users';

/**
 * Every IPC channel, `domain:verb` → input and output schema. The preload, the main
 * process, the browser host and the renderer are all typed from this one object.
 * Each domain keeps its own file; adding a channel means adding it there (one line each below).
 */
export const contract = mergeContracts(
  appContract,
  authContract,
  authOverrideContract,
  usersContract,
  auditContract,
  backupsContract,
  dataContract,
  settingsContract,
  statementsContract,
  catalogContract,
  plansContract,
  payersContract,
  enrollmentsContract,
  schedulesContract,
  paymentsContract,
  drawerContract,
  refundsContract,
  reportsContract,
  stripeContract,
  syncContract,
  cardContract,
  outboxContract,
  billingContract,
  officeContract,
  officeJournalContract,
  rosterContract,
  mailContract,
  portalContract,
);

export type Contract = typeof contract;
export type Channel = keyof Contract & string;
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;

export const channelNames = Object.keys(contract) as Channel[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
