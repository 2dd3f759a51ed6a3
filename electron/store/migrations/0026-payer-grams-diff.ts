import type { Migration } from '../migrationTypes';

/**
 * A payer's edit rewrites only the search grams that changed (issue 13, a desk applies remote
 * entries ≥ 5,000/s). 0025's `payer_grams_update` deleted every gram of the payer's old fields
 * and inserted every gram of its new ones on any UPDATE naming a searched column: a phone edit
 * (the commonest payer edit, and a field write the office journal applies as a plain UPDATE)
 * rewrote its name, email and student id grams too, the dearest statement of an applied page.
 *
 * Now, for the same payer id: the grams of the old fields that are not grams of the new ones are
 * deleted, and the grams of the new fields that were not grams of the old ones are inserted;
 * an UPDATE that leaves every searched value as it was writes nothing. A gram shared by two
 * fields (a phone's digits inside the student id) stays while any field still has it. The set
 * held afterwards is the one 0025's full rewrite leaves: (held − old) ∪ new, since the held
 * set contains old. A payer's id changing (never done by the app) still rewrites them all.
 *
 * Same grams as 0025 (`name_key`, `email`, `lower(external_id)`, `phone_digits`, each padded
 * with two U+001F); the helper is copied, never imported, so this step's text never changes.
 */
const grams = (row: 'NEW' | 'OLD'): string => `
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
  name: 'payer-grams-diff',
  sql: `
DROP TRIGGER payer_grams_update;

CREATE TRIGGER payer_grams_update AFTER UPDATE OF name_key, email, external_id, phone_digits ON payers
WHEN OLD.id = NEW.id AND (OLD.name_key IS NOT NEW.name_key OR OLD.email IS NOT NEW.email
  OR OLD.external_id IS NOT NEW.external_id OR OLD.phone_digits IS NOT NEW.phone_digits)
BEGIN
  DELETE FROM payer_grams WHERE payer_id = OLD.id AND gram IN (${grams('OLD')} EXCEPT ${grams('NEW')});
  INSERT OR IGNORE INTO payer_grams (gram, payer_id) SELECT gram, NEW.id FROM (${grams('NEW')} EXCEPT ${grams('OLD')});
END;

CREATE TRIGGER payer_grams_update_id AFTER UPDATE OF id ON payers
WHEN OLD.id IS NOT NEW.id
BEGIN
  DELETE FROM payer_grams WHERE payer_id = OLD.id AND gram IN (${grams('OLD')});
  INSERT OR IGNORE INTO payer_grams (gram, payer_id) SELECT gram, NEW.id FROM (${grams('NEW')});
END;
`,
};
