import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DetectionReason } from '../../../shared/contract/plans';
import { errorFormat, renderErrorMessage } from '../../../shared/errorMessages';
import { detectionReasonText } from '../../../shared/planReason';
import { intlFor } from '../../../renderer/src/i18n';
import { rid } from '../../support/core';
import { createPayer, createPlan, createProduct, makeCatalogCore, payInFull, threeMonthly } from './fixtures';
import type { CatalogCore } from './fixtures';

/** A reason as the window words it in `locale`: its catalog's sentences, amounts and numbers in that locale. */
const windowReason = (reason: DetectionReason, locale: string) =>
  detectionReasonText(reason, (key, params) => renderErrorMessage(key, params, { ...errorFormat(locale), words: (k, p) => intlFor(locale).formatMessage({ id: `error.${k}` }, p) }) ?? key);

/** English words a reason used to carry, whole words: none may be left in the Spanish. */
const ENGLISH = /\b(Rule|matched|product type|price|days until start|plan "|No rule|only active|earlier|installments|program)\b/;

/**
 * Issue 17: the Enroll screen's "why this plan" and the enrollment's stored reason are data
 * (keys and parameters), so a Spanish office reads them in Spanish with amounts its way; the
 * English sentence the core keeps for logs is unchanged.
 */
describe('the auto-detect reason is worded in the office language', () => {
  let core: CatalogCore;
  beforeEach(async () => {
    core = await makeCatalogCore('2025-01-31');
    await core.ok('settings:update', { requestId: rid('set'), patch: { locale: 'es-ES' } });
  });
  afterEach(() => core.dispose());

  it('plans:preview and enrollments:create carry the reason as keys; the enrollment stores it as JSON and reads it back; Spanish in the window', async () => {
    const product = await createProduct(core, { type: 'program', name: 'Programa de verano', price: 1_500_00, startDate: '2025-04-01' });
    await createPlan(core, product.id, payInFull, { name: 'Pago único' });
    const inst = await createPlan(core, product.id, threeMonthly, { name: 'Tres cuotas' });
    await core.ok('plans:setRules', {
      requestId: rid(),
      rules: [
        { name: 'Subscriptions', planKind: 'subscription', payerChoiceAllowed: true },
        { name: 'Programas caros', productType: 'program', currency: 'USD', priceAtLeast: 1_000_00, daysUntilStartAtLeast: 30, planKind: 'installments', payerChoiceAllowed: false },
      ],
    });

    const preview = await core.ok('plans:preview', { productId: product.id, enrollmentDate: '2025-01-31' });
    expect(preview.plan?.id).toBe(inst.id);
    const reason = preview.detection?.reasonWords;
    expect(reason).toMatchObject({ key: 'planReason.byRule', params: { position: 2, rule: 'Programas caros', planKind: 'installments', plan: 'Tres cuotas' } });
    expect(reason?.conditions.map((c) => c.key)).toEqual(['planReason.productType', 'planReason.currency', 'planReason.priceAtLeast', 'planReason.daysAtLeast']);
    expect(reason?.conditions[2]?.params).toEqual({ price: { amount: 1_500_00, currency: 'USD' }, limit: { amount: 1_000_00, currency: 'USD' }, ok: true });
    expect(reason?.skipped).toEqual([{ key: 'planReason.skippedNoPlan', params: { position: 1, rule: 'Subscriptions', planKind: 'subscription' } }]);
    // The English the core keeps (logs, exports) reads as it always did.
    expect(preview.detection?.reason).toBe('Rule 2 "Programas caros" matched (product type is program, currency is USD, price 1500.00 USD ≥ 1000.00 USD, 60 days until start ≥ 30) → installments plan "Tres cuotas"; earlier: rule 1 "Subscriptions" matched but the product has no active subscription plan');

    const spanish = windowReason(reason as DetectionReason, 'es-ES');
    expect(spanish).toBe('La regla 2 «Programas caros» coincidió (el tipo de producto es programa, la moneda es USD, precio 1500,00\u00a0US$ ≥ 1000,00\u00a0US$, 60 días hasta el inicio ≥ 30) → plan de cuotas «Tres cuotas»; antes: la regla 1 «Subscriptions» coincidió, pero el producto no tiene ningún plan activo de suscripción');
    expect(spanish.replace(/«[^»]*»/g, '')).not.toMatch(ENGLISH);

    const payer = await createPayer(core);
    const created = await core.ok('enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id });
    expect(created.detection?.reasonWords).toEqual(reason);
    expect(created.enrollment).toMatchObject({ detectedRule: 'Programas caros', detectionReason: preview.detection?.reason, detectionReasonWords: reason });
    // Stored as the structured form in the same column, not as English.
    const stored = core.store.raw.prepare('SELECT detection_reason FROM enrollments WHERE id = ?').get(created.enrollment.id) as { detection_reason: string };
    expect(JSON.parse(stored.detection_reason)).toEqual(reason);

    const listed = (await core.ok('enrollments:list', { payerId: payer.id })).enrollments[0];
    expect(listed?.detectionReasonWords).toEqual(reason);
    expect(windowReason(listed?.detectionReasonWords as DetectionReason, 'es-ES')).toBe(spanish);
  });

  it('the product\'s only plan: no rule is named, and the reason is Spanish too', async () => {
    const product = await createProduct(core, { name: 'Guitarra', price: 90_00 });
    const only = await createPlan(core, product.id, payInFull, { name: 'Pago único' });
    const payer = await createPayer(core);
    const created = await core.ok('enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id });
    expect(created.detection).toMatchObject({ ruleId: null, planId: only.id, reasonWords: { key: 'planReason.onlyPlan', params: { plan: 'Pago único' } } });
    expect(created.enrollment.detectedRule).toBeNull();
    expect(windowReason(created.enrollment.detectionReasonWords as DetectionReason, 'es-ES')).toBe('Ninguna regla coincidió; se usa el único plan activo del producto, «Pago único»');
  });

  it('an enrollment stored before reasons were data shows its English sentence as stored', async () => {
    const product = await createProduct(core, { name: 'Guitarra', price: 90_00 });
    await createPlan(core, product.id, payInFull, { name: 'Pago único' });
    const payer = await createPayer(core);
    const created = await core.ok('enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id });
    const old = 'No rule matched; the product\'s only active plan "Pago único" is used';
    core.store.raw.prepare('UPDATE enrollments SET detection_reason = ? WHERE id = ?').run(old, created.enrollment.id);
    const listed = (await core.ok('enrollments:list', { payerId: payer.id })).enrollments[0];
    expect(listed).toMatchObject({ detectedRule: null, detectionReason: old, detectionReasonWords: null });
  });
});
