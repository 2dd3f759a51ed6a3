import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import { invoke, newRequestId } from '../../api/invoke';
import { useDate } from '../../api/money';
import { useMoney } from '../../hooks/useMoney';
import { ActiveToggleButton } from '../../components/ActiveToggleButton';
import { Banner } from '../../components/Banner';
import { DataTable } from '../../components/DataTable';
import { QueryStatus } from '../../components/QueryStatus';
import { useChannelQuery } from '../../query/useChannelQuery';
import { TableExport } from '../../components/TableExport';
import { Field } from '../../components/Field';
import { useSetting } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import { ImportPanel } from './ImportPanel';
import { PlansPanel } from './PlansPanel';
import { ProductForm } from './ProductForm';
import { RulesPanel } from './RulesPanel';
import type { Product } from './ProductForm';
import { t } from '../../i18n';

type Mode = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; product: Product } | { kind: 'plans'; product: Product } | { kind: 'import' } | { kind: 'rules' };

export function ProductsScreen() {
  const { format: money } = useMoney();
  const date = useDate();
  const currency = useSetting('defaultCurrency', 'USD');
  const [query, setQuery] = useState('');
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const [error, setError] = useState<string | null>(null);

  // Each search term is its own cached read (a slow answer for an older term never lands over
  // the newer one's); the list shown stays while the next term is read.
  const list = useChannelQuery('products:list', { ...(query.trim() ? { query: query.trim() } : {}), limit: 200, offset: 0 }, { placeholderData: (previous) => previous });
  const products: Product[] | null = list.data?.products ?? null;
  const total = list.data?.total ?? 0;

  const toggleActive = useCallback(
    async (p: Product) => {
      const r = await invoke('products:update', { requestId: newRequestId(), productId: p.id, patch: { active: !p.active } });
      if (!r.ok) return setError(r.error.message);
      toast('success', `${r.value.name} ${r.value.active ? 'reactivated' : 'deactivated'}`);
    },
    [],
  );

  const columns = useMemo(() => {
    const c = createColumnHelper<Product>();
    return [
      c.accessor('name', { header: t('products.name') }),
      c.accessor('type', { header: t('products.type') }),
      c.accessor('externalId', { header: t('products.externalId'), cell: (x) => x.getValue() ?? '' }),
      c.accessor('price', { header: t('products.price'), cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('startDate', { header: t('products.starts'), cell: (x) => (x.getValue() ? date(x.getValue() ?? '') : '') }),
      c.accessor('active', { header: t('products.status'), cell: (x) => (x.getValue() ? t('common.active') : t('common.inactive')) }),
      c.display({
        id: 'actions',
        header: t('products.actions'),
        cell: (x) => (
          <span className="choice">
            <button type="button" className="button" onClick={() => setMode({ kind: 'plans', product: x.row.original })} aria-label={t('products.plansOf', { name: x.row.original.name })}>
              {t('products.plans')}
            </button>
            <button type="button" className="button" onClick={() => setMode({ kind: 'edit', product: x.row.original })} aria-label={t('products.edit2', { name: x.row.original.name })}>
              {t('products.edit')}
            </button>
            <ActiveToggleButton item={x.row.original} onToggle={() => void toggleActive(x.row.original)} />
          </span>
        ),
      }),
    ];
  }, [money, date, toggleActive]);

  return (
    <section aria-labelledby="products-title" className="stack">
      <h1 id="products-title">{t('products.products')}</h1>
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => setMode({ kind: 'create' })}>
          {t('products.newProduct')}
        </button>
        <button type="button" className="button" onClick={() => setMode({ kind: 'import' })}>
          {t('products.importCsv')}
        </button>
        <button type="button" className="button" onClick={() => setMode({ kind: 'rules' })} aria-pressed={mode.kind === 'rules'}>
          {t('products.planRules')}
        </button>
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {mode.kind === 'create' || mode.kind === 'edit' ? (
        <ProductForm
          key={mode.kind === 'edit' ? mode.product.id : 'new'}
          product={mode.kind === 'edit' ? mode.product : null}
          defaultCurrency={currency}
          onSaved={(p) => {
            setMode({ kind: 'plans', product: p });
          }}
          onCancel={() => setMode({ kind: 'none' })}
        />
      ) : null}
      {mode.kind === 'import' ? <ImportPanel onImported={() => void list.refetch()} /> : null}
      {mode.kind === 'rules' ? <RulesPanel defaultCurrency={currency} /> : null}
      <Field label={t('products.searchProducts')} value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('products.nameOrExternalId')} />
      <TableExport request={{ table: 'products', filters: query.trim() ? { query: query.trim() } : {} }} label={t('products.products2')} />
      {!products || list.isError ? <QueryStatus query={list} what={t('products.theProducts')} /> : null}
      {products ? <DataTable label={t('products.products')} columns={columns} data={products} empty={t('products.noProductsYet')} getRowId={(p: Product) => p.id} /> : null}
      {products && total > products.length ? <p className="muted">{t('products.showingOfSearchToNarrow', { length: products.length, total })}</p> : null}
      {mode.kind === 'plans' ? <PlansPanel key={mode.product.id} product={mode.product} /> : null}
    </section>
  );
}
