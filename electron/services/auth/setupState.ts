import { readMembership } from '../../office/transport/membership';
import type { Store } from '../../store/store';
import { countUsers } from './usersRepo';

/**
 * The first-run setup is offered only to a desk with no user that is not in an office. A desk
 * that joined an office from its first start gets its users from the office's journal; setting
 * up an admin of its own meanwhile would clash with the office's users.
 */
export const setupRequired = (store: Store): boolean => countUsers(store) === 0 && readMembership(store) === null;
