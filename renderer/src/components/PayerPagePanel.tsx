import { useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke, newRequestId } from '../api/invoke';
import { toast } from '../stores/toasts';
import { useChannelQuery } from '../query/useChannelQuery';
import { Banner } from './Banner';
import { QueryStatus } from './QueryStatus';
import { useOfficeTime } from '../hooks/useOfficeTime';

type Link = OutputOf<'portal:links'>['links'][number];
const STATE: Record<Link['state'], string> = {
  waiting: 'Waiting for the relay',
  published: 'Published',
  revoking: 'Withdrawn (telling the relay)',
  revoked: 'Withdrawn',
  expired: 'Expired',
};

/**
 * "Payer page": the payer's statement online, sealed on the relay. Publish a new link, copy it,
 * email it, see each link's state, withdraw one or all. The link holds the page's key: it is
 * shown here in full so it can be handed over, and never leaves the desk otherwise.
 */
export function PayerPagePanel({ payerId, canEmail }: { payerId: string; canEmail: boolean }) {
  const query = useChannelQuery('portal:links', { payerId });
  const links = query.data?.links ?? null;
  const time = useOfficeTime();
  const when = (iso: string | null) => (iso ? time.dateTime(iso) : '');
  const day = time.date;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => query.refetch();

  const fail = (e: { message: string; fields?: Record<string, string> }) => setError(e.fields ? Object.values(e.fields).join(' ') : e.message);
  const publish = async () => {
    setBusy(true);
    const r = await invoke('portal:publish', { requestId: newRequestId(), payerId });
    setBusy(false);
    if (!r.ok) return fail(r.error);
    setError(null);
    toast('success', r.value.link.state === 'published' ? 'Payer page published' : 'Payer page made: it goes up when the relay can be reached');
    await load();
  };
  const copy = async (link: Link) => {
    if (!link.url) return;
    try {
      await navigator.clipboard.writeText(link.url);
      toast('success', 'Link copied');
    } catch {
      setError('The link could not be copied here: select it in the box and copy it by hand.');
    }
  };
  const email = async (link: Link) => {
    const r = await invoke('mail:send', { requestId: newRequestId(), kind: 'statement', payerId, linkId: link.id });
    if (!r.ok) return fail(r.error);
    setError(null);
    toast('success', `Statement with the link queued for ${r.value.mail.to}`);
  };
  const revoke = async (input: { scope: 'link'; linkId: string } | { scope: 'payer'; payerId: string }) => {
    const r = await invoke('portal:revoke', { requestId: newRequestId(), ...input });
    if (!r.ok) return fail(r.error);
    setError(null);
    await load();
    toast('success', r.value.revoked === 1 ? 'Link withdrawn' : `${r.value.revoked} links withdrawn`);
  };

  const live = (links ?? []).filter((l) => l.url !== null);
  return (
    <section className="card stack" aria-labelledby="payer-page-title">
      <h3 id="payer-page-title">Payer page</h3>
      <p className="field__hint">The payer&apos;s statement online, kept up to date after every payment. Only someone with the link can open it.</p>
      {error ? <Banner kind="error"><span data-testid="payer-page-error">{error}</span></Banner> : null}
      <QueryStatus query={query} what="the payer page links" />
      <div className="form__actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void publish()}>Publish payer page</button>
        {live.length > 0 ? <button type="button" className="button" onClick={() => void revoke({ scope: 'payer', payerId })}>Withdraw all links</button> : null}
      </div>
      {links && links.length === 0 ? <p>No payer page yet.</p> : null}
      {links && links.length > 0 ? (
        <ul className="stack" aria-label="Payer page links">
          {links.map((l) => (
            <li key={l.id} className="stack" aria-label={`Link made ${when(l.createdAt)}`} data-state={l.state}>
              <div>
                <strong data-testid="payer-page-state">{STATE[l.state]}</strong>
                {` · made ${when(l.createdAt)} · works until ${day(l.expiresAt)}`}
                {l.publishedAt ? ` · last published ${when(l.publishedAt)}` : ''}
              </div>
              {l.lastError && l.url ? <Banner kind="info">{l.lastError}</Banner> : null}
              {l.url ? (
                <>
                  <input readOnly aria-label="Payer page link" value={l.url} onFocus={(e) => e.currentTarget.select()} />
                  <div className="form__actions">
                    <button type="button" className="button" onClick={() => void copy(l)}>Copy link</button>
                    {canEmail ? <button type="button" className="button" onClick={() => void email(l)}>Email link</button> : null}
                    <button type="button" className="button" onClick={() => void revoke({ scope: 'link', linkId: l.id })}>Withdraw link</button>
                  </div>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
