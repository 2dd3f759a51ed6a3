import { describe, expect, it } from 'vitest';
import { canonicalParams, parseFormBody } from '../../support/stripe/formBody';
import { params } from '../../support/stripe/params';

describe('Stripe form bodies', () => {
  it('decodes nested hashes, indexed arrays of hashes and pushed arrays', () => {
    const body = parseFormBody(
      'customer=cus_1&metadata[payer_id]=P%201&items[0][price]=price_a&items[0][quantity]=2&items[1][price]=price_b&expand[]=latest_invoice&expand[]=customer&note=a+b',
    );
    expect(body).toEqual({
      customer: 'cus_1',
      metadata: { payer_id: 'P 1' },
      items: [{ price: 'price_a', quantity: '2' }, { price: 'price_b' }],
      expand: ['latest_invoice', 'customer'],
      note: 'a b',
    });
  });

  it('accepts percent-encoded brackets and the SDK’s indexed arrays in any order', () => {
    expect(parseFormBody('expand%5B1%5D=b&expand%5B0%5D=a')).toEqual({ expand: ['a', 'b'] });
  });

  it('keeps numeric metadata keys as keys', () => {
    expect(parseFormBody('metadata[7]=x')).toEqual({ metadata: { '7': 'x' } });
    expect(params(parseFormBody('metadata[0]=x&metadata[1]=y')).metadata()).toEqual({ '0': 'x', '1': 'y' });
  });

  it('treats an empty value as Stripe’s unset', () => {
    expect(params(parseFormBody('metadata=')).metadata()).toEqual({});
    expect(params(parseFormBody('description=')).str('description')).toBeUndefined();
  });

  it('compares parameters regardless of key order, but not of array order', () => {
    const a = canonicalParams(parseFormBody('amount=100&metadata[a]=1&metadata[b]=2'));
    expect(canonicalParams(parseFormBody('metadata[b]=2&amount=100&metadata[a]=1'))).toBe(a);
    expect(canonicalParams(parseFormBody('amount=101&metadata[a]=1&metadata[b]=2'))).not.toBe(a);
    expect(canonicalParams(parseFormBody('expand[0]=x&expand[1]=y'))).not.toBe(canonicalParams(parseFormBody('expand[0]=y&expand[1]=x')));
  });

  it('refuses a fractional or non-numeric integer', () => {
    expect(() => params(parseFormBody('amount=12.5')).int('amount')).toThrow('Invalid integer: 12.5');
    expect(() => params(parseFormBody('amount=1e3')).int('amount')).toThrow('Invalid integer: 1e3');
  });
});
