import { useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { invoke, newRequestId } from '../api/invoke';
import { toast } from '../stores/toasts';
import { useChannelQuery } from '../query/useChannelQuery';
import { Banner } from './Banner';
import { QueryStatus } from './QueryStatus';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { t } from '../i18n';
import type { MessageId } from '../i18n';

type Link = OutputOf<'portal:links'>['links'][number];
const STATE: Record<Link['state'], MessageId> = {
  waiting: 'payerPage.state.waiting',
  published: 'payerPage.state.published',
  revoking: 'payerPage.state.revoking',
  revoked: 'payerPage.state.revoked',
  expired: 'payerPage.state.expired',
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
    toast('success', r.value.link.state === 'published' ? t('payerPagePanel.payerPagePublished') : t('payerPagePanel.payerPageMadeItGoes'));
    await load();
  };
  const copy = async (link: Link) => {
    if (!link.url) return;
    try {
      await navigator.clipboard.writeText(link.url);
      toast('success', t('payerPagePanel.linkCopied'));
    } catch {
      setError(t('payerPagePanel.theLinkCouldNotBe'));
    }
  };
  const email = async (link: Link) => {
    const r = await invoke('mail:send', { requestId: newRequestId(), kind: 'statement', payerId, linkId: link.id });
    if (!r.ok) return fail(r.error);
    setError(null);
    toast('success', t('payerPagePanel.statementWithTheLinkQueued', { to: r.value.mail.to }));
  };
  const revoke = async (input: { scope: 'link'; linkId: string } | { scope: 'payer'; payerId: string }) => {
    const r = await invoke('portal:revoke', { requestId: newRequestId(), ...input });
    if (!r.ok) return fail(r.error);
    setError(null);
    await load();
    toast('success', r.value.revoked === 1 ? t('payerPagePanel.linkWithdrawn') : t('payerPagePanel.linksWithdrawn', { revoked: r.value.revoked }));
  };

  const live = (links ?? []).filter((l) => l.url !== null);
  return (
    <section className="card stack" aria-labelledby="payer-page-title">
      <h3 id="payer-page-title">{t('payerPagePanel.payerPage')}</h3>
      <p className="field__hint">{t('payerPagePanel.thePayerAposSStatement')}</p>
      {error ? <Banner kind="error"><span data-testid="payer-page-error">{error}</span></Banner> : null}
      <QueryStatus query={query} what={t('payerPagePanel.thePayerPageLinks')} />
      <div className="form__actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void publish()}>{t('payerPagePanel.publishPayerPage')}</button>
        {live.length > 0 ? <button type="button" className="button" onClick={() => void revoke({ scope: 'payer', payerId })}>{t('payerPagePanel.withdrawAllLinks')}</button> : null}
      </div>
      {links && links.length === 0 ? <p>{t('payerPagePanel.noPayerPageYet')}</p> : null}
      {links && links.length > 0 ? (
        <ul className="stack" aria-label={t('payerPagePanel.payerPageLinks')}>
          {links.map((l) => (
            <li key={l.id} className="stack" aria-label={t('payerPagePanel.linkMade', { createdAt: when(l.createdAt) })} data-state={l.state}>
              <div>
                <strong data-testid="payer-page-state">{t(STATE[l.state])}</strong>
                {t('payerPagePanel.madeWorksUntil', { createdAt: when(l.createdAt), expiresAt: day(l.expiresAt) })}
                {l.publishedAt ? t('payerPagePanel.lastPublished', { publishedAt: when(l.publishedAt) }) : ''}
              </div>
              {l.lastError && l.url ? <Banner kind="info">{l.lastError}</Banner> : null}
              {l.url ? (
                <>
                  <input readOnly aria-label={t('payerPagePanel.payerPageLink')} value={l.url} onFocus={(e) => e.currentTarget.select()} />
                  <div className="form__actions">
                    <button type="button" className="button" onClick={() => void copy(l)}>{t('payerPagePanel.copyLink')}</button>
                    {canEmail ? <button type="button" className="button" onClick={() => void email(l)}>{t('payerPagePanel.emailLink')}</button> : null}
                    <button type="button" className="button" onClick={() => void revoke({ scope: 'link', linkId: l.id })}>{t('payerPagePanel.withdrawLink')}</button>
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
