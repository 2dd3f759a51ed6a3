import type { z } from 'zod';
import { appContract } from './app';
import { mergeContracts } from './define';
import { auditContract } from './audit';
import { authContract, authOverrideContract } from './auth';
import { settingsContract } from './settings';
import { catalogContract } from './catalog';
import { plansContract } from './plans';
import { payersContract } from './payers';
import { enrollmentsContract } from './enrollments';
import { schedulesContract } from './schedules';
import { usersContract } from './users';
import { paymentsContract } from './payments';
import { drawerContract } from './drawer';
import { refundsContract } from './refunds';

/**
 * Every IPC channel, `domain:verb` → input and output schema. The preload, the main
 * process, the browser host and the renderer are all typed from this one object.
 * Each domain keeps its own file; adding a channel means adding it there.
 */
export const contract = mergeContracts(
  appContract,
  authContract,
  authOverrideContract,
  usersContract,
  auditContract,
  settingsContract,
  catalogContract,
  plansContract,
  payersContract,
  enrollmentsContract,
  schedulesContract,
  paymentsContract,
  drawerContract,
  refundsContract,
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
