import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { invoke, newRequestId } from '../../api/invoke';
import { useDate, useMoney } from '../../api/money';
import { ActiveToggleButton } from '../../components/ActiveToggleButton';
import { Banner } from '../../components/Banner';
import { DataTable } from '../../components/DataTable';
import { TableExport } from '../../components/TableExport';
import { Field } from '../../components/Field';
import { useSetting } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import { ImportPanel } from './ImportPanel';
import { PlansPanel } from './PlansPanel';
import { ProductForm } from './ProductForm';
import { RulesPanel } from './RulesPanel';
import type { Product } from './ProductForm';

type Mode = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; product: Product } | { kind: 'plans'; product: Product } | { kind: 'import' } | { kind: 'rules' };

export function ProductsScreen() {
  const money = useMoney();
  const date = useDate();
  const currency = useSetting('defaultCurrency', 'USD');
  const [query, setQuery] = useState('');
  const [products, setProducts] = useState<Product[] | null>(null);
  const [total, setTotal] = useState(0);
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const r = await invoke('products:list', { ...(query.trim() ? { query: query.trim() } : {}), limit: 200, offset: 0 });
    if (r.ok) {
      setProducts(r.value.products);
      setTotal(r.value.total);
    } else setError(r.error.message);
  }, [query]);
  useEffect(() => {
    void load();
  }, [load]);

  const toggleActive = useCallback(
    async (p: Product) => {
      const r = await invoke('products:update', { requestId: newRequestId(), productId: p.id, patch: { active: !p.active } });
      if (!r.ok) return setError(r.error.message);
      toast('success', `${r.value.name} ${r.value.active ? 'reactivated' : 'deactivated'}`);
      void load();
    },
    [load],
  );

  const columns = useMemo(() => {
    const c = createColumnHelper<Product>();
    return [
      c.accessor('name', { header: 'Name' }),
      c.accessor('type', { header: 'Type' }),
      c.accessor('externalId', { header: 'External id', cell: (x) => x.getValue() ?? '' }),
      c.accessor('price', { header: 'Price', cell: (x) => money(x.getValue(), x.row.original.currency) }),
      c.accessor('startDate', { header: 'Starts', cell: (x) => (x.getValue() ? date(x.getValue() ?? '') : '') }),
      c.accessor('active', { header: 'Status', cell: (x) => (x.getValue() ? 'Active' : 'Inactive') }),
      c.display({
        id: 'actions',
        header: 'Actions',
        cell: (x) => (
          <span className="choice">
            <button type="button" className="button" onClick={() => setMode({ kind: 'plans', product: x.row.original })} aria-label={`Plans of ${x.row.original.name}`}>
              Plans
            </button>
            <button type="button" className="button" onClick={() => setMode({ kind: 'edit', product: x.row.original })} aria-label={`Edit ${x.row.original.name}`}>
              Edit
            </button>
            <ActiveToggleButton item={x.row.original} onToggle={() => void toggleActive(x.row.original)} />
          </span>
        ),
      }),
    ];
  }, [money, date, toggleActive]);

  return (
    <section aria-labelledby="products-title" className="stack">
      <h1 id="products-title">Products</h1>
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => setMode({ kind: 'create' })}>
          New product
        </button>
        <button type="button" className="button" onClick={() => setMode({ kind: 'import' })}>
          Import CSV
        </button>
        <button type="button" className="button" onClick={() => setMode({ kind: 'rules' })} aria-pressed={mode.kind === 'rules'}>
          Plan rules
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
            void load();
          }}
          onCancel={() => setMode({ kind: 'none' })}
        />
      ) : null}
      {mode.kind === 'import' ? <ImportPanel onImported={() => void load()} /> : null}
      {mode.kind === 'rules' ? <RulesPanel defaultCurrency={currency} /> : null}
      <Field label="Search products" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name or external id" />
      <TableExport request={{ table: 'products', filters: query.trim() ? { query: query.trim() } : {} }} label="products" />
      {products ? <DataTable label="Products" columns={columns} data={products} empty="No products yet." getRowId={(p: Product) => p.id} /> : <p className="loading">Loading…</p>}
      {products && total > products.length ? <p className="muted">Showing {products.length} of {total}; search to narrow.</p> : null}
      {mode.kind === 'plans' ? <PlansPanel key={mode.product.id} product={mode.product} /> : null}
    </section>
  );
}
