import { AppError, invalidAs, refuseAs, refuseFieldAs, withCause } from '../../core/errors';
import { holdsOfficeData } from '../journal/officeData';
import type { SecretStore } from '../../secrets/secretStore';
import type { Store } from '../../store/store';
import { HubRefusal, hubJoin, hubJoinCheck, hubPutKeys } from './hubClient';
import type { HubConfig } from './hubClient';
import { insertMembership, readMembership } from './membership';
import type { Membership } from './membership';
import { deriveOfficeKey, keyCheckOpens, makeKeyCheck, newKdf } from './officeKey';

export type JoinInput = { relayUrl: string; joinCode: string; passphrase: string; deskName: string };

/** The office's books on this desk (the journal half): made this office's in the membership's transaction. */
export type OfficeBooks = { join(input: { officeId: string; deskId: string; seed: boolean }): void };

export type JoinOptions = {
  /** The journal the link carries; null when it carries another (a test journal): then no books move. */
  books: OfficeBooks | null;
  /** Joining from the first-run screen, before this desk has any user: only an office that already has books can be joined. */
  firstRun: boolean;
};

/** What a refusal from the hub means at the join form, naming the field to fix. */
function joinRefusal(e: unknown): never {
  if (e instanceof HubRefusal) {
    if (e.code === 'code_invalid' || e.code === 'not_found') throw invalidAs('joinCode', 'office.badJoinCode', {});
    throw withCause(refuseAs('UNAVAILABLE', 'office.joinRefused', {}), e.message);
  }
  // Nothing answered at the address typed: for the join form that is the address to check.
  throw withCause(refuseFieldAs('VALIDATION', 'relayUrl', 'office.hubNotReachable', {}), String((e as Error)?.message ?? e));
}

/**
 * Joins the office. First the code is checked without being spent: a later desk derives the
 * key from the office's parameters and must open the key check, else it stops with nothing
 * written here or at the hub (the code stays usable, no stray desk is left to hold up the
 * journal's pruning). Then the code is spent for a desk token; the office's first desk sets
 * the key (a random salt; its key check). Only after the key is proven are the token and key
 * kept (in the secret store) and the membership written.
 */
export async function joinOffice(store: Store, secrets: SecretStore, input: JoinInput, joinedAt: Date, options: JoinOptions = { books: null, firstRun: false }): Promise<Membership> {
  if (readMembership(store)) throw refuseAs('CONFLICT', 'office.alreadyMember', {});
  // Two joins at once would each keep a token and key, and the second could be another office's.
  if (joining.has(store.file)) throw refuseAs('CONFLICT', 'office.joining', {});
  joining.add(store.file);
  try {
    return await join(store, secrets, input, joinedAt, options);
  } finally {
    joining.delete(store.file);
  }
}

const joining = new Set<string>();

/** The key from the passphrase and the office's parameters; parameters this desk refuses are the office's fault, said as such. */
async function derive(passphrase: string, kdf: Parameters<typeof deriveOfficeKey>[1]): Promise<Buffer> {
  try {
    return await deriveOfficeKey(passphrase, kdf);
  } catch (e) {
    throw withCause(refuseAs('VALIDATION', 'office.badKeySettings', {}), (e as Error).message);
  }
}

/**
 * The first desk (the one that sets the key) seeds the office with its books. Every later desk
 * starts from the office's journal and must hold no office data of its own; that is refused
 * before the code is spent, so nothing is written here or at the hub.
 */
async function join(store: Store, secrets: SecretStore, input: JoinInput, joinedAt: Date, options: JoinOptions): Promise<Membership> {
  const check = await hubJoinCheck(input.relayUrl, input.joinCode).catch(joinRefusal);
  let key: Buffer | null = null;
  if (check.keys) {
    key = await derive(input.passphrase, check.keys.kdf);
    if (!keyCheckOpens(key, check.office, check.keys)) throw invalidAs('passphrase', 'office.wrongPassphrase', {});
    if (options.books && holdsOfficeData(store)) throw refuseAs('CONFLICT', 'office.hasBooks', {});
  } else if (options.firstRun) {
    throw refuseAs('CONFLICT', 'office.noBooksYet', {});
  }
  const joined = await hubJoin(input.relayUrl, input.joinCode, input.deskName).catch(joinRefusal);
  const hub: HubConfig = { url: input.relayUrl, token: joined.token };
  let keys = joined.keys;
  let seeded = false;
  try {
    if (!keys) {
      const kdf = newKdf();
      key = await derive(input.passphrase, kdf);
      const set = await hubPutKeys(hub, { kdf, key_check: makeKeyCheck(key, joined.office) });
      seeded = set.set_by_you;
      keys = set.keys;
      if (!seeded) key = await derive(input.passphrase, keys.kdf);
    } else if (!key || JSON.stringify(keys.kdf) !== JSON.stringify(check.keys?.kdf)) {
      key = await derive(input.passphrase, keys.kdf);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof HubRefusal || e instanceof TypeError) joinRefusal(e);
    throw e;
  }
  if (!keyCheckOpens(key, joined.office, keys)) throw invalidAs('passphrase', 'office.wrongPassphrase', {});
  // Another desk set the key between the check and now: this desk is a later desk after all.
  if (!seeded && options.books && holdsOfficeData(store)) throw refuseAs('CONFLICT', 'office.hasBooks', {});
  secrets.set('office.token', joined.token);
  secrets.set('office.key', key.toString('base64url'));
  const membership = { office: joined.office, officeName: joined.office_name, desk: joined.desk, deskName: input.deskName, relayUrl: input.relayUrl, joinedAt: joinedAt.toISOString(), seeded };
  // One transaction: a desk is in the office with its journal started (and, first, its books as
  // the office's seed entry), or it is not in the office at all.
  store.transaction(() => {
    insertMembership(store, membership);
    options.books?.join({ officeId: joined.office, deskId: joined.desk, seed: seeded });
  });
  return readMembership(store) ?? { ...membership, cursor: 0, pushed: 0, received: 0, stopped: null, snapshotCursor: 0, snapshotAt: null, restored: false, seedPending: false };
}
