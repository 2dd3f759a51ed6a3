import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/core/errors';
import { parseProductCsv } from '../../../electron/services/products/parseProductCsv';

describe('parseProductCsv', () => {
  it('reads rows with flexible headers, a BOM, quotes and per-currency decimals', () => {
    const rows = parseProductCsv('\uFEFFExternal ID,Type,Name,Price,Currency,Start Date,End Date,Notes\n' +
      'C-1,course,"Welding, level 1","1,250.50",usd,2025-09-01,2025-12-20,x\n' +
      'P-2,Program,Night school,90000,JPY,,,\n');
    expect(rows).toEqual([
      { line: 2, externalId: 'C-1', ok: true, values: { externalId: 'C-1', type: 'course', name: 'Welding, level 1', price: 125_050, currency: 'USD', startDate: '2025-09-01', endDate: '2025-12-20' } },
      { line: 3, externalId: 'P-2', ok: true, values: { externalId: 'P-2', type: 'program', name: 'Night school', price: 90_000, currency: 'JPY', startDate: null, endDate: null } },
    ]);
  });

  it('rejects bad rows one by one, naming the column', () => {
    const rows = parseProductCsv('external_id,type,name,price,currency,start_date\n' +
      'A,course,Ok,10.00,USD,\n' +
      'B,workshop,Bad type,10.00,USD,\n' +
      'C,course,Bad price,10.5.5,USD,\n' +
      'D,course,Bad currency,10,XYZ,\n' +
      'E,course,Bad date,10,USD,2025-02-30\n' +
      'A,course,Duplicate,10,USD,\n' +
      'F,course,Zero,0,USD,\n' +
      'G,course\n');
    expect(rows.map((r) => (r.ok ? 'ok' : r.field))).toEqual(['ok', 'type', 'price', 'currency', 'start_date', 'external_id', 'price', 'row']);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses the whole file when a required column is missing', () => {
    try {
      parseProductCsv('external_id,type,name,currency\nA,course,X,USD\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).fields).toEqual({ 'csv.price': 'is a required column' });
    }
  });
});
