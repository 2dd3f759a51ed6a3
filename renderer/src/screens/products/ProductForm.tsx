import { useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { amountToInput, parseAmount } from '../../api/money';
import { invoke, newRequestId } from '../../api/invoke';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { toast } from '../../stores/toasts';

export type Product = OutputOf<'products:list'>['products'][number];

const blank = (currency: string) => ({ externalId: '', type: 'course', name: '', price: '', currency, startDate: '', endDate: '', refundPolicy: 'prorata', autoAssign: true });

/** Create a product, or edit one when `product` is given. */
export function ProductForm({ product, defaultCurrency, onSaved, onCancel }: { product: Product | null; defaultCurrency: string; onSaved(p: Product): void; onCancel(): void }) {
  const [form, setForm] = useState(
    product
      ? { externalId: product.externalId ?? '', type: product.type as string, name: product.name, price: amountToInput(product.price, product.currency), currency: product.currency, startDate: product.startDate ?? '', endDate: product.endDate ?? '', refundPolicy: product.refundPolicy as string, autoAssign: product.autoAssignPaymentPlan }
      : blank(defaultCurrency),
  );
  const [error, setError] = useState<AppErrorData | null>(null);
  const [requestId] = useState(newRequestId);
  const set = (key: Exclude<keyof typeof form, 'autoAssign'>) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const fieldError = (key: string) => error?.fields?.[`product.${key}`] ?? error?.fields?.[`patch.${key}`] ?? error?.fields?.[key];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const currency = form.currency.trim().toUpperCase();
    const price = parseAmount(form.price, /^[A-Z]{3}$/.test(currency) ? currency : 'USD');
    if (price === null) return setError({ code: 'VALIDATION', message: 'Price is not an amount', fields: { price: 'is not an amount in this currency' } });
    const fields = {
      externalId: form.externalId.trim() || null,
      type: form.type === 'program' ? ('program' as const) : ('course' as const),
      name: form.name,
      price,
      currency,
      startDate: form.startDate || null,
      endDate: form.endDate || null,
      refundPolicy: form.refundPolicy === 'full' ? ('full' as const) : form.refundPolicy === 'none' ? ('none' as const) : ('prorata' as const),
      autoAssignPaymentPlan: form.autoAssign,
    };
    const r = product ? await invoke('products:update', { requestId, productId: product.id, patch: fields }) : await invoke('products:create', { requestId, product: fields });
    if (!r.ok) return setError(r.error);
    toast('success', product ? `${r.value.name} saved` : `${r.value.name} created`);
    onSaved(r.value);
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="product-form-title">
      <h2 id="product-form-title">{product ? `Edit ${product.name}` : 'New product'}</h2>
      {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
      <div className="grid2">
        <Field label="Name" value={form.name} onChange={set('name')} error={fieldError('name')} />
        <SelectField label="Type" value={form.type} onChange={set('type')} options={[{ value: 'course', label: 'Course' }, { value: 'program', label: 'Program' }]} error={fieldError('type')} />
        <Field label="Price" inputMode="decimal" value={form.price} onChange={set('price')} error={fieldError('price')} />
        <Field label="Currency" value={form.currency} onChange={set('currency')} error={fieldError('currency')} />
        <Field label="External id" value={form.externalId} onChange={set('externalId')} error={fieldError('externalId')} hint="The id in the school's own system." />
        <SelectField label="Refund policy" value={form.refundPolicy} onChange={set('refundPolicy')} options={[{ value: 'prorata', label: 'Pro-rata after start' }, { value: 'full', label: 'Full refund' }, { value: 'none', label: 'No refund' }]} />
        <Field label="Start date" type="date" value={form.startDate} onChange={set('startDate')} error={fieldError('startDate')} />
        <Field label="End date" type="date" value={form.endDate} onChange={set('endDate')} error={fieldError('endDate')} />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={form.autoAssign} onChange={(e) => setForm({ ...form, autoAssign: e.target.checked })} /> Let the auto-detect rules pick the plan when an enrollment does not give one
      </label>
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          {product ? 'Save product' : 'Create product'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
