import type Stripe from 'stripe';
import { newId } from '../ids';

export type CheckoutLine = { price: Stripe.Price; quantity: number };

export function buildCheckoutSession(
  input: {
    mode: Stripe.Checkout.Session.Mode;
    lines: CheckoutLine[];
    currency: string;
    customer: string | null;
    customerEmail: string | null;
    clientReferenceId: string | null;
    successUrl: string | null;
    cancelUrl: string | null;
    metadata: Record<string, string>;
    expiresAt: number;
    baseUrl: string;
  },
  created: number,
): Stripe.Checkout.Session {
  const id = `cs_test_${newId('a', 58).slice(2)}`;
  const total = input.lines.reduce((sum, l) => sum + (l.price.unit_amount ?? 0) * l.quantity, 0);
  return {
    id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    branding_settings: undefined,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created,
    currency: input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: input.customer,
    customer_account: null,
    customer_creation: input.customer ? null : 'if_required',
    customer_details: null,
    customer_email: input.customerEmail,
    discounts: [],
    expires_at: input.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: input.mode === 'payment' ? { enabled: false, invoice_data: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: null, metadata: {}, rendering_options: null } } : null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: input.metadata,
    mode: input.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: input.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: `${input.baseUrl}/_standin/hosted/checkout/${id}`,
    wallet_options: null,
  } satisfies Stripe.Checkout.Session;
}
