/**
 * Sealed payer pages (`shared/portal/seal.ts`): the relay keeps each page's ciphertext under an
 * unguessable id, for the org whose desk published it, until it expires or is revoked. It never
 * holds the key, so it cannot read a page.
 */
export type PortalPage = {
  id: string;
  orgId: string;
  ct: string;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  revokedAt: number | null;
};

export type PortalPutResult = 'stored' | 'revoked' | 'other_org';

export type PortalStore = {
  /** Stores a page or replaces its ciphertext and expiry (a republish); never revives a revoked page or takes another org's id. */
  put(page: { id: string; orgId: string; ct: string; expiresAt: number; at: number }): Promise<PortalPutResult>;
  get(id: string): Promise<PortalPage | null>;
  /** Revokes these pages of the org; returns how many were still live. */
  revoke(orgId: string, ids: readonly string[], at: number): Promise<number>;
  /** Deletes pages that expired or were revoked before `before` (their links then read as unknown). */
  prune(before: number): Promise<number>;
};
