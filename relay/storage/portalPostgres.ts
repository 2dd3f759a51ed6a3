import type pg from 'pg';
import type { PortalPage, PortalStore } from './portalTypes';

type Row = { id: string; org_id: string; ct: string; created_at: string; updated_at: string; expires_at: string; revoked_at: string | null };
const toPage = (r: Row): PortalPage => ({
  id: r.id,
  orgId: r.org_id,
  ct: r.ct,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  expiresAt: Number(r.expires_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});

export function postgresPortalStore(pool: pg.Pool): PortalStore {
  return {
    async put(p) {
      // One statement: insert, or replace only a live page of the same org; the row says which.
      const { rows } = await pool.query<{ org_id: string; revoked_at: string | null; changed: boolean }>(
        `WITH upsert AS (
           INSERT INTO relay_portal_pages AS t (id, org_id, ct, created_at, updated_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)
           ON CONFLICT (id) DO UPDATE SET ct = EXCLUDED.ct, updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at
             WHERE t.org_id = EXCLUDED.org_id AND t.revoked_at IS NULL
           RETURNING org_id, revoked_at, true AS changed)
         SELECT org_id, revoked_at, changed FROM upsert
         UNION ALL SELECT org_id, revoked_at, false FROM relay_portal_pages WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM upsert)`,
        [p.id, p.orgId, p.ct, p.at, p.expiresAt],
      );
      const row = rows[0];
      if (row?.changed) return 'stored';
      return row && row.org_id !== p.orgId ? 'other_org' : 'revoked';
    },
    async get(id) {
      const { rows } = await pool.query<Row>('SELECT * FROM relay_portal_pages WHERE id = $1', [id]);
      return rows[0] ? toPage(rows[0]) : null;
    },
    async revoke(orgId, ids, at) {
      const { rowCount } = await pool.query('UPDATE relay_portal_pages SET revoked_at = $1 WHERE org_id = $2 AND id = ANY($3::text[]) AND revoked_at IS NULL', [at, orgId, ids]);
      return rowCount ?? 0;
    },
    async prune(before) {
      const { rowCount } = await pool.query('DELETE FROM relay_portal_pages WHERE expires_at < $1 OR revoked_at < $1', [before]);
      return rowCount ?? 0;
    },
  };
}
