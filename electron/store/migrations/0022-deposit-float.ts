import type { Migration } from '../migrationTypes';

/**
 * "Keep a float in the drawer" when making a bank deposit (issue 17): the deposit takes the
 * counted cash less the float kept, and the float waits in the drawer for the next opening.
 *
 * - `deposits.float_kept`: the cash a deposit left in the drawer (0 for every deposit before
 *   this step, which took all the counted cash). It is written with the deposit and never
 *   changed; `cash_amount` is what went to the bank. The next opening of the desk's drawer is
 *   offered the newest deposit's float that no session has opened since: a new row (the
 *   session with its counted float), never an edit of the deposit.
 */
export const m0022: Migration = {
  version: 22,
  name: 'deposit-float',
  sql: `
ALTER TABLE deposits ADD COLUMN float_kept INTEGER NOT NULL DEFAULT 0 CHECK (float_kept >= 0);
`,
};
