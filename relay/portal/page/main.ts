import { formatMoney } from '../../../shared/money';
import { openPortalPage } from '../../../shared/portal/seal';
import { PayerStatement } from '../../../shared/portal/statement';
import { catalogLanguage } from '../../../shared/catalogLanguage';
import { pageWords } from './words';
import type { PageWords } from './words';

/**
 * The payer's page. The relay serves this script and the page's ciphertext; the key is in the
 * link's fragment, which the browser never sends, so only this script, in the payer's browser,
 * can read the statement. Everything is built with textContent: nothing from the statement is
 * ever parsed as markup. Its words come from the desk's catalogs (`portal.*`, ./words.ts): a
 * statement in the office's language (its `locale`), a notice before any statement in the
 * browser's.
 */
type Statement = PayerStatement;

const app = document.getElementById('app') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { text?: string; className?: string } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.text !== undefined) node.textContent = props.text;
  if (props.className) node.className = props.className;
  for (const child of children) node.append(child);
  return node;
}

/** Before a statement is open, the browser's language among those the desk ships. */
const browserWords: PageWords = pageWords(catalogLanguage(navigator.language));

/** A clear page and nothing else: no statement, no buttons. */
function notice(title: string, body: string): void {
  app.replaceChildren(el('section', { className: 'notice' }, el('h1', { text: title }), el('p', { text: body })));
  app.setAttribute('data-state', 'notice');
  document.documentElement.lang = catalogLanguage(navigator.language);
  document.title = title;
  performance.mark('bursar:shown');
}

function linkParts(): { page: string; key: string } | null {
  const page = /^\/p\/([A-Za-z0-9_-]{22})$/.exec(location.pathname)?.[1];
  const key = /^#k=([A-Za-z0-9_-]{43})$/.exec(location.hash)?.[1];
  return page && key ? { page, key } : null;
}

/** Only Stripe-hosted pages over HTTPS (and loopback while testing) become Pay buttons. */
function safePayUrl(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return u.href;
    if (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost')) return u.href;
  } catch {
    return null;
  }
  return null;
}

function render(s: Statement): void {
  const w = pageWords(catalogLanguage(s.locale));
  document.documentElement.lang = s.locale;
  const money = (amount: number) => formatMoney(amount, s.currency, s.locale);
  const dayFormat = new Intl.DateTimeFormat(s.locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const day = (d: string) => dayFormat.format(new Date(`${d}T00:00:00Z`));
  const published = new Intl.DateTimeFormat(s.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: s.timeZone }).format(new Date(s.publishedAt));

  const table = (caption: string, head: string[], rows: string[][], numeric: number[]): HTMLTableElement => {
    const t = el('table', {}, el('caption', { text: caption }));
    const headRow = el('tr');
    head.forEach((h, i) => {
      const th = el('th', { text: h, className: numeric.includes(i) ? 'num' : '' });
      th.setAttribute('scope', 'col');
      headRow.append(th);
    });
    t.append(el('thead', {}, headRow));
    const body = el('tbody');
    for (const row of rows) body.append(el('tr', {}, ...row.map((cell, i) => el('td', { text: cell, className: numeric.includes(i) ? 'num' : '' }))));
    t.append(body);
    return t;
  };

  const summary = el('section', { className: 'summary' });
  summary.setAttribute('aria-label', w('portal.balanceRegion'));
  summary.append(el('p', { className: 'balance-label', text: s.balance > 0 ? w('portal.balanceDue') : w('portal.balance') }), el('p', { className: 'balance', text: money(s.balance) }));
  if (s.credit > 0) summary.append(el('p', { text: w('portal.credit', { amount: money(s.credit) }) }));
  const pay = el('div', { className: 'pay' });
  const next = s.pay.next && safePayUrl(s.pay.next.url);
  if (s.pay.next && next) pay.append(payButton(w('portal.payNext', { amount: money(s.pay.next.amount), date: day(s.pay.next.dueDate) }), next));
  const whole = s.pay.balance && safePayUrl(s.pay.balance.url);
  if (s.pay.balance && whole) pay.append(payButton(w('portal.payBalance', { amount: money(s.pay.balance.amount) }), whole));
  if (pay.childElementCount > 0) summary.append(pay, el('p', { className: 'small', text: w('portal.payNote') }));

  const enrollments = s.enrollments.map((e) => {
    const title = w(e.status === 'cancelled' ? 'portal.enrollmentCancelled' : e.status === 'completed' ? 'portal.enrollmentCompleted' : 'portal.enrollment', { student: e.student, product: e.product });
    const items = e.items.map((i) => [i.label, day(i.dueDate), money(i.amount), money(i.paid), w(`portal.status.${i.status}`)]);
    return el('section', {}, el('h2', { text: title }), table(w('portal.schedule'), [w('portal.col.item'), w('portal.col.due'), w('portal.col.amount'), w('portal.col.paid'), w('portal.col.status')], items, [2, 3]));
  });
  const movements = s.movements.map((m) => [day(m.date), w(`portal.movement.${m.kind}`), m.receipt ?? '—', m.method, money(m.kind === 'refund' ? -m.amount : m.amount)]);
  const contact = [s.office.email, s.office.phone].filter((x): x is string => Boolean(x)).join(' · ');

  app.replaceChildren(
    el('header', {}, el('p', { className: 'office', text: s.office.name }), el('h1', { text: w('portal.statementFor', { payer: s.payer.name }) }), el('p', { className: 'small', text: w('portal.asOf', { published }) })),
    summary,
    ...enrollments,
    el('section', {}, el('h2', { text: w('portal.movements') }), movements.length > 0 ? table(w('portal.movements'), [w('portal.col.date'), w('portal.col.type'), w('portal.col.receipt'), w('portal.col.method'), w('portal.col.amount')], movements, [4]) : el('p', { text: w('portal.noPayments') })),
    el('footer', {}, el('p', { className: 'small', text: [s.office.address, contact].filter(Boolean).join(' · ') || s.office.name })),
  );
  app.setAttribute('data-state', 'statement');
  document.title = w('portal.documentTitle', { office: s.office.name });
  // What `npm run bench -- --suite portal` reads: navigation start → statement on screen.
  performance.mark('bursar:shown');
}

function payButton(label: string, href: string): HTMLAnchorElement {
  const a = el('a', { className: 'button', text: label });
  a.href = href;
  a.rel = 'noopener noreferrer';
  return a;
}

/** What one read of the page found: a statement, or a notice to show instead. */
type Read = { kind: 'statement'; statement: Statement } | { kind: 'notice'; title: string; body: string; final: boolean } | { kind: 'unreachable' };

async function read(link: { page: string; key: string }): Promise<Read> {
  const w = browserWords;
  const ask = w('portal.ask');
  let response: Response;
  try {
    response = await fetch(`/v1/portal/pages/${link.page}`, { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch {
    return { kind: 'unreachable' };
  }
  if (response.status === 404) return { kind: 'notice', title: w('portal.unknown.title'), body: ask, final: true };
  if (response.status === 410) {
    const gone = (await response.json().catch(() => null)) as { error?: string } | null;
    return gone?.error === 'revoked'
      ? { kind: 'notice', title: w('portal.withdrawn.title'), body: w('portal.withdrawn.body', { ask }), final: true }
      : { kind: 'notice', title: w('portal.expired.title'), body: ask, final: true };
  }
  if (!response.ok) return { kind: 'notice', title: w('portal.unreachable.title'), body: w('portal.failed.body'), final: false };
  const body = (await response.json().catch(() => null)) as { ct?: unknown } | null;
  const plain = typeof body?.ct === 'string' ? await openPortalPage(link.page, link.key, body.ct) : null;
  const parsed = plain === null ? null : PayerStatement.safeParse(JSON.parse(plain) as unknown);
  if (!parsed?.success) return { kind: 'notice', title: w('portal.unreadable.title'), body: w('portal.unreadable.body', { ask }), final: true };
  return { kind: 'statement', statement: parsed.data };
}

/**
 * While the page is in view it reads the statement again every so often, and at once when the
 * payer comes back to it (from Stripe's page, another tab, a phone woken up): a payment the
 * office has published since shows without a reload. A read that fails keeps what is shown; a
 * withdrawn or expired link shows its notice and reading stops.
 */
const REREAD_MS = 15_000;

async function start(): Promise<void> {
  const w = browserWords;
  const link = linkParts();
  if (!link) return notice(w('portal.incomplete.title'), w('portal.incomplete.body', { ask: w('portal.ask') }));
  const first = await read(link);
  if (first.kind === 'unreachable') return notice(w('portal.unreachable.title'), w('portal.unreachable.body'));
  if (first.kind === 'notice') return notice(first.title, first.body);
  render(first.statement);
  let shown = first.statement.publishedAt;
  let stopped = false;
  let reading = false;
  const again = async (): Promise<void> => {
    if (stopped || reading || document.visibilityState !== 'visible') return;
    reading = true;
    try {
      const r = await read(link);
      if (r.kind === 'notice' && r.final) {
        stopped = true;
        notice(r.title, r.body);
      } else if (r.kind === 'statement' && r.statement.publishedAt !== shown) {
        shown = r.statement.publishedAt;
        render(r.statement);
      }
    } finally {
      reading = false;
    }
  };
  // Timers are frozen while the page sits in the back-forward cache; pageshow reads at once on return.
  setInterval(() => void again(), REREAD_MS);
  document.addEventListener('visibilitychange', () => void again());
  window.addEventListener('pageshow', (e) => {
    if (e.persisted) void again();
  });
}

void start();
