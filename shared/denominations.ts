/**
 * Notes and coins a drawer is counted in, largest first, in minor units. A currency not
 * listed is counted as one total only.
 */
const DENOMINATIONS: Readonly<Record<string, readonly number[]>> = {
  USD: [100_00, 50_00, 20_00, 10_00, 5_00, 2_00, 1_00, 25, 10, 5, 1],
  EUR: [500_00, 200_00, 100_00, 50_00, 20_00, 10_00, 5_00, 2_00, 1_00, 50, 20, 10, 5, 2, 1],
  GBP: [50_00, 20_00, 10_00, 5_00, 2_00, 1_00, 50, 20, 10, 5, 2, 1],
  CAD: [100_00, 50_00, 20_00, 10_00, 5_00, 2_00, 1_00, 25, 10, 5],
  AUD: [100_00, 50_00, 20_00, 10_00, 5_00, 2_00, 1_00, 50, 20, 10, 5],
  CHF: [1000_00, 200_00, 100_00, 50_00, 20_00, 10_00, 5_00, 2_00, 1_00, 50, 20, 10, 5],
  MXN: [1000_00, 500_00, 200_00, 100_00, 50_00, 20_00, 10_00, 5_00, 2_00, 1_00, 50],
  JPY: [10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10, 5, 1],
};

export const denominationsOf = (currency: string): readonly number[] => DENOMINATIONS[currency] ?? [];
