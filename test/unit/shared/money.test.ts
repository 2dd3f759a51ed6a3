import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalMarkOf, formatMoney, isCurrencyCode, minorDigits, minorToDecimalString, mulDivRound, parseMoney, splitEvenly } from '../../../shared/money';

describe('money', () => {
  it('knows currencies and their minor digits', () => {
    expect(isCurrencyCode('USD')).toBe(true);
    expect(isCurrencyCode('XYZ')).toBe(false);
    expect(isCurrencyCode('usd')).toBe(false);
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('BHD')).toBe(3);
  });

  it('parses what people type into exact minor units', () => {
    expect(parseMoney('12', 'USD')).toBe(1200);
    expect(parseMoney('12.5', 'USD')).toBe(1250);
    expect(parseMoney('0.05', 'USD')).toBe(5);
    expect(parseMoney('1,234.56', 'USD')).toBe(123456);
    expect(parseMoney('1,234', 'USD')).toBe(123400);
    expect(parseMoney('1 234,56', 'EUR', ',')).toBe(123456);
    expect(parseMoney('1.234,56', 'EUR', ',')).toBe(123456);
    expect(parseMoney('12,50', 'EUR', ',')).toBe(1250);
    expect(parseMoney("1'234.50", 'CHF')).toBe(123450);
    expect(parseMoney('1500', 'JPY')).toBe(1500);
    expect(parseMoney('-3.10', 'USD')).toBe(-310);
  });

  it('refuses what it cannot read for certain, rather than guessing', () => {
    expect(parseMoney('1.5', 'JPY')).toBeNull();
    expect(parseMoney('1.234', 'USD')).toBeNull();
    expect(parseMoney('10.001', 'USD')).toBeNull();
    expect(parseMoney('12,50', 'EUR')).toBeNull();
    expect(parseMoney('1.2345', 'USD')).toBeNull();
    expect(parseMoney('1,23,456', 'USD')).toBeNull();
    expect(parseMoney('12.', 'USD')).toBeNull();
    expect(parseMoney('1.2.3', 'USD')).toBeNull();
    expect(parseMoney('abc', 'USD')).toBeNull();
    expect(parseMoney('1e5', 'USD')).toBeNull();
    expect(parseMoney('', 'USD')).toBeNull();
    expect(parseMoney('99999999999', 'USD')).toBeNull();
  });

  it('knows the decimal mark of a locale', () => {
    expect(decimalMarkOf('en-US')).toBe('.');
    expect(decimalMarkOf('de-DE')).toBe(',');
    expect(decimalMarkOf('fr-FR')).toBe(',');
  });

  it('round-trips every amount through its decimal string', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.constantFrom('USD', 'JPY', 'BHD', 'EUR'), (amount, currency) => {
        expect(parseMoney(minorToDecimalString(amount, minorDigits(currency)), currency)).toBe(amount);
      }),
    );
  });

  it('formats with Intl from the exact decimal', () => {
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(999999999, 'USD', 'en-US')).toBe('$9,999,999.99');
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500');
  });

  it('splits evenly with the remainder on the last share', () => {
    expect(splitEvenly(1000, 3)).toEqual([333, 333, 334]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 1, max: 60 }), (total, parts) => {
        const shares = splitEvenly(total, parts);
        expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
        expect(shares.length).toBe(parts);
      }),
    );
  });

  it('multiplies and divides exactly with half-away rounding', () => {
    expect(mulDivRound(1000, 1250, 10000)).toBe(125);
    expect(mulDivRound(1, 1, 2)).toBe(1);
    expect(mulDivRound(-1, 1, 2)).toBe(-1);
    expect(mulDivRound(999_999_999, 9_999, 10_000)).toBe(999_899_999);
  });
});
