import type { Migration } from '../migrationTypes';

/**
 * A payer's edit rewrites only the search grams of the field that changed, and of those only
 * the grams that differ (issue 13, a desk applies remote entries ≥ 5,000/s). 0025's
 * `payer_grams_update` deleted every gram of the payer's old fields and inserted every gram of
 * its new ones on any UPDATE naming a searched column: a phone edit (the commonest payer edit,
 * a field write the office journal applies as a plain UPDATE) rewrote the name, email and
 * student id grams too, and it was the dearest statement of an applied page.
 *
 * One trigger per searched field (as 0025 takes it: `name_key`, `email`, `lower(external_id)`,
 * `phone_digits`, each padded at its end with two U+001F), firing only when that field's value
 * changed and the payer's id did not:
 * - out: each gram of the old value that no field of the new row still has;
 * - in: each gram of the new value that no field of the old row had (those are held already).
 * "Has": a three-character gram is a gram of a value exactly when it occurs in the padded value
 * (`instr`), since an occurrence can start no later than the value's last character. Several
 * fields changed in one UPDATE: each trigger's out is within (old grams − new grams) and each
 * in within (new − old), and together they are exactly those; so the set held afterwards is
 * the one 0025's full rewrite leaves, (held − old) ∪ new. A payer's id changing (never done by
 * the app) still rewrites them all. The helpers are copied, never imported, so this step's
 * text never changes.
 *
 * Also two indexes the conflict rules read by and had none: an entry's undos
 * (`office_adjustments.entry_id`, refundExcess.ts, read for every applied entry with a void) and
 * whether an adjustment is undone (`undoes`, sameItemPaid.ts, per adjustment of a voided
 * payment): each read walked every adjustment the office had made.
 */
type Ref = 'NEW' | 'OLD';
const FIELDS: readonly { column: string; value: (row: Ref) => string }[] = [
  { column: 'name_key', value: (row) => `${row}.name_key` },
  { column: 'email', value: (row) => `${row}.email` },
  { column: 'external_id', value: (row) => `lower(${row}.external_id)` },
  { column: 'phone_digits', value: (row) => `${row}.phone_digits` },
];

/** The grams of one value (none when it is NULL). */
const gramsOf = (value: string): string => `
    WITH RECURSIVE c(i) AS (SELECT 1 WHERE length(${value}) > 0 UNION ALL SELECT i + 1 FROM c WHERE i < length(${value}))
    SELECT substr(${value} || char(31, 31), i, 3) AS gram FROM c`;

/** Whether no searched field of `row` has the gram in `gram`. */
const noFieldHas = (row: Ref, gram: string): string =>
  FIELDS.map((f) => `coalesce(instr(${f.value(row)} || char(31, 31), ${gram}), 0) = 0`).join(' AND ');

const fieldTrigger = (f: (typeof FIELDS)[number]): string => `
CREATE TRIGGER payer_grams_update_${f.column} AFTER UPDATE OF ${f.column} ON payers
WHEN OLD.id = NEW.id AND ${f.value('OLD')} IS NOT ${f.value('NEW')}
BEGIN
  DELETE FROM payer_grams WHERE payer_id = OLD.id AND gram IN (SELECT g.gram FROM (${gramsOf(f.value('OLD'))}) g WHERE ${noFieldHas('NEW', 'g.gram')});
  INSERT OR IGNORE INTO payer_grams (gram, payer_id) SELECT g.gram, NEW.id FROM (${gramsOf(f.value('NEW'))}) g WHERE ${noFieldHas('OLD', 'g.gram')};
END;
`;

/** 0025's grams of every field of a row, for the id change. */
const grams = (row: Ref): string => `
  SELECT substr(f.v || char(31, 31), n.i, 3) AS gram FROM (
    SELECT ${row}.name_key AS v UNION ALL SELECT ${row}.email UNION ALL SELECT lower(${row}.external_id) UNION ALL SELECT ${row}.phone_digits
  ) f JOIN (
    WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c
      WHERE i < max(length(${row}.name_key), coalesce(length(${row}.email), 0), coalesce(length(${row}.external_id), 0), coalesce(length(${row}.phone_digits), 0)))
    SELECT i FROM c
  ) n ON n.i <= length(f.v)
  WHERE f.v IS NOT NULL`;

export const m0026: Migration = {
  version: 26,
  name: 'apply-write-costs',
  sql: `
DROP TRIGGER payer_grams_update;
${FIELDS.map(fieldTrigger).join('')}
CREATE TRIGGER payer_grams_update_id AFTER UPDATE OF id ON payers
WHEN OLD.id IS NOT NEW.id
BEGIN
  DELETE FROM payer_grams WHERE payer_id = OLD.id AND gram IN (${grams('OLD')});
  INSERT OR IGNORE INTO payer_grams (gram, payer_id) SELECT gram, NEW.id FROM (${grams('NEW')});
END;

CREATE INDEX office_adjustments_entry ON office_adjustments (entry_id);
CREATE INDEX office_adjustments_undoes ON office_adjustments (undoes) WHERE undoes IS NOT NULL;
`,
};
