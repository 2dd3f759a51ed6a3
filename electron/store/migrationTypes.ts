/** A numbered schema step. Once landed its `sql` never changes: the checksum is recorded. */
export type Migration = {
  version: number;
  name: string;
  sql: string;
};
