import type Database from 'better-sqlite3';
import type { PortalPage, PortalStore } from './portalTypes';

type Row = { id: string; org_id: string; ct: string; created_at: number; updated_at: number; expires_at: number; revoked_at: number | null };
const toPage = (r: Row): PortalPage => ({ id: r.id, orgId: r.org_id, ct: r.ct, createdAt: r.created_at, updatedAt: r.updated_at, expiresAt: r.expires_at, revokedAt: r.revoked_at });

/** Pages on the main connection: a publish is rare next to webhooks, and one statement each. */
export function sqlitePortalStore(db: Database.Database): PortalStore {
  const st = {
    get: db.prepare<[string], Row>('SELECT * FROM relay_portal_pages WHERE id = ?'),
    insert: db.prepare('INSERT INTO relay_portal_pages (id, org_id, ct, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
    replace: db.prepare('UPDATE relay_portal_pages SET ct = ?, updated_at = ?, expires_at = ? WHERE id = ?'),
    revoke: db.prepare('UPDATE relay_portal_pages SET revoked_at = ? WHERE org_id = ? AND id = ? AND revoked_at IS NULL'),
    prune: db.prepare('DELETE FROM relay_portal_pages WHERE expires_at < ? OR revoked_at < ?'),
  };
  const put = db.transaction((p: { id: string; orgId: string; ct: string; expiresAt: number; at: number }) => {
    const existing = st.get.get(p.id);
    if (existing && existing.org_id !== p.orgId) return 'other_org' as const;
    if (existing?.revoked_at != null) return 'revoked' as const;
    if (existing) st.replace.run(p.ct, p.at, p.expiresAt, p.id);
    else st.insert.run(p.id, p.orgId, p.ct, p.at, p.at, p.expiresAt);
    return 'stored' as const;
  });
  const revoke = db.transaction((orgId: string, ids: readonly string[], at: number) => ids.reduce((n, id) => n + st.revoke.run(at, orgId, id).changes, 0));
  return {
    async put(page) {
      return put.immediate(page);
    },
    async get(id) {
      const row = st.get.get(id);
      return row ? toPage(row) : null;
    },
    async revoke(orgId, ids, at) {
      return revoke.immediate(orgId, ids, at);
    },
    async prune(before) {
      return st.prune.run(before, before).changes;
    },
  };
}
