import type { Migration } from '../migrationTypes';

/**
 * The one payer search's index (issue 17: Enrollments → "Find student" ≤ 50 ms a keystroke on
 * 100k enrollments). The search finds a typed word anywhere inside a name, email, phone or
 * student id (payerMatch.ts), which no B-tree index can answer: each keystroke read every payer.
 *
 * `payer_grams` holds every three-character piece (trigram) of a payer's searched fields, each
 * field padded at its end with two U+001F, so that every one- and two-character piece of a field
 * also begins some gram (a range of the primary key). A word typed is inside a field only if its
 * grams are all there, so the payers holding a word's rarest gram are a superset of the payers
 * that match; payerMatch then decides exactly, on those few rows. Stale grams could only add
 * candidates, never lose one; missing grams would lose matches, so triggers keep them on every
 * insert, update and delete of a payer (the office journal applies payers by plain INSERT and
 * UPDATE, so an applied payer is indexed like a local one).
 *
 * The fields are taken as payerMatch compares them: `name_key`, `email`, `lower(external_id)`,
 * `phone_digits`. Keyed by the payer's id (not its rowid, which a VACUUM may renumber).
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

export const m0025: Migration = {
  version: 25,
  name: 'payer-grams',
  sql: `
CREATE TABLE payer_grams (
  gram TEXT NOT NULL,
  payer_id TEXT NOT NULL,
  PRIMARY KEY (gram, payer_id)
) STRICT, WITHOUT ROWID;

WITH RECURSIVE c(i) AS (
  SELECT 1 UNION ALL SELECT i + 1 FROM c
  WHERE i < (SELECT max(max(length(name_key), coalesce(length(email), 0), coalesce(length(external_id), 0), coalesce(length(phone_digits), 0))) FROM payers)
)
INSERT OR IGNORE INTO payer_grams (gram, payer_id)
SELECT substr(f.v || char(31, 31), c.i, 3), f.id FROM (
  SELECT id, name_key AS v FROM payers
  UNION ALL SELECT id, email FROM payers WHERE email IS NOT NULL
  UNION ALL SELECT id, lower(external_id) FROM payers WHERE external_id IS NOT NULL
  UNION ALL SELECT id, phone_digits FROM payers WHERE phone_digits IS NOT NULL
) f JOIN c ON c.i <= length(f.v);

CREATE TRIGGER payer_grams_insert AFTER INSERT ON payers
BEGIN
  INSERT OR IGNORE INTO payer_grams (gram, payer_id) SELECT gram, NEW.id FROM (${grams('NEW')});
END;

CREATE TRIGGER payer_grams_update AFTER UPDATE OF id, name_key, email, external_id, phone_digits ON payers
BEGIN
  DELETE FROM payer_grams WHERE payer_id = OLD.id AND gram IN (${grams('OLD')});
  INSERT OR IGNORE INTO payer_grams (gram, payer_id) SELECT gram, NEW.id FROM (${grams('NEW')});
END;

CREATE TRIGGER payer_grams_delete AFTER DELETE ON payers
BEGIN
  DELETE FROM payer_grams WHERE payer_id = OLD.id AND gram IN (${grams('OLD')});
END;
`,
};
