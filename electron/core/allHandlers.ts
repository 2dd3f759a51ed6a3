import { appHandlers } from '../services/app/handlers';
import { auditHandlers } from '../services/audit/handlers';
import { backupsHandlers } from '../services/backups/handlers';
import { dataHandlers } from '../services/data/handlers';
import { authHandlers } from '../services/auth/handlers';
import { settingsHandlers } from '../services/settings/handlers';
import { usersHandlers } from '../services/users/handlers';
import type { HandlerMap } from './handlers';

/** Every domain's handlers; the registry checks that together they cover the contract exactly once. */
export const allHandlers: readonly Partial<HandlerMap>[] = [appHandlers, authHandlers, usersHandlers, auditHandlers, backupsHandlers, dataHandlers, settingsHandlers];
