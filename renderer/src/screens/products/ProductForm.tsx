import { useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { officeMoney } from '../../hooks/useMoney';
import { invoke, newRequestId } from '../../api/invoke';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { DateField, useDateChecks } from '../../components/DateField';
import { SelectField } from '../../components/SelectField';
import { toast } from '../../stores/toasts';
import { t } from '../../i18n';

export type Product = OutputOf<'products:list'>['products'][number];

const blank = (currency: string) => ({ externalId: '', type: 'course', name: '', price: '', currency, startDate: '', endDate: '', refundPolicy: 'prorata', autoAssign: true });

/** Create a product, or edit one when `product` is given. */
export function ProductForm({ product, defaultCurrency, onSaved, onCancel }: { product: Product | null; defaultCurrency: string; onSaved(p: Product): void; onCancel(): void }) {
  const [form, setForm] = useState(
    product
      ? { externalId: product.externalId ?? '', type: product.type as string, name: product.name, price: officeMoney().toInput(product.price, product.currency), currency: product.currency, startDate: product.startDate ?? '', endDate: product.endDate ?? '', refundPolicy: product.refundPolicy as string, autoAssign: product.autoAssignPaymentPlan }
      : blank(defaultCurrency),
  );
  const [error, setError] = useState<AppErrorData | null>(null);
  const [requestId] = useState(newRequestId);
  const dates = useDateChecks();
  const set = (key: Exclude<keyof typeof form, 'autoAssign'>) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const fieldError = (key: string) => error?.fields?.[`product.${key}`] ?? error?.fields?.[`patch.${key}`] ?? error?.fields?.[key];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // A start or end date that is not a day yet: its field says why; nothing is sent.
    if (dates.blocked) return;
    const currency = form.currency.trim().toUpperCase();
    const price = officeMoney().parse(form.price, /^[A-Z]{3}$/.test(currency) ? currency : 'USD');
    if (price === null) return setError({ code: 'VALIDATION', message: t('productForm.priceIsNotAnAmount'), fields: { price: t('productForm.isNotAnAmountIn') } });
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
    toast('success', product ? t('productForm.saved', { name: r.value.name }) : t('productForm.created', { name: r.value.name }));
    onSaved(r.value);
  };

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="product-form-title">
      <h2 id="product-form-title">{product ? t('productForm.edit', { name: product.name }) : t('productForm.newProduct')}</h2>
      {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
      <div className="grid2">
        <Field label={t('productForm.name')} value={form.name} onChange={set('name')} error={fieldError('name')} />
        <SelectField label={t('productForm.type')} value={form.type} onChange={set('type')} options={[{ value: 'course', label: t('productForm.course') }, { value: 'program', label: t('productForm.program') }]} error={fieldError('type')} />
        <Field label={t('productForm.price')} inputMode="decimal" value={form.price} onChange={set('price')} error={fieldError('price')} />
        <Field label={t('productForm.currency')} value={form.currency} onChange={set('currency')} error={fieldError('currency')} />
        <Field label={t('productForm.externalId')} value={form.externalId} onChange={set('externalId')} error={fieldError('externalId')} hint={t('productForm.theIdInTheSchool')} />
        <SelectField label={t('productForm.refundPolicy')} value={form.refundPolicy} onChange={set('refundPolicy')} options={[{ value: 'prorata', label: t('productForm.proRataAfterStart') }, { value: 'full', label: t('productForm.fullRefund') }, { value: 'none', label: t('productForm.noRefund') }]} />
        <DateField label={t('productForm.startDate')} value={form.startDate} onChange={(startDate) => setForm({ ...form, startDate })} onProblem={dates.watch('startDate')} error={fieldError('startDate')} />
        <DateField label={t('productForm.endDate')} value={form.endDate} onChange={(endDate) => setForm({ ...form, endDate })} onProblem={dates.watch('endDate')} error={fieldError('endDate')} />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={form.autoAssign} onChange={(e) => setForm({ ...form, autoAssign: e.target.checked })} /> {t('productForm.letTheAutoDetectRules')}
      </label>
      <div className="form__actions">
        <button type="submit" className="button button--primary">
          {product ? t('productForm.saveProduct') : t('productForm.createProduct')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('productForm.cancel')}
        </button>
      </div>
    </form>
  );
}
