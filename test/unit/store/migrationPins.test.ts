import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checksumOf } from '../../../electron/store/migrate';
import { migrations } from '../../../electron/store/migrations';
import { schemaSnapshot } from '../../../electron/store/schemaSnapshot';

/**
 * Every landed schema step, pinned. A store records each step's checksum and refuses a build
 * whose step differs, so editing a landed migration would strand every office that ran it.
 * Adding a step: append its line here (the failure message prints it).
 */
const landed: ReadonlyArray<readonly [number, string, string]> = [
  [1, 'foundation', '31f92de49169ffd34151aa1d193051ed0b2d041a33e618e6c05b1183370b6f21'],
  [2, 'catalog', '049320ff6627805cb62e12d0d523c276d949461e560aec9c7c3ac218d89a4eca'],
  [3, 'cashier', '2841783a6d2bd07cae5d91e994882f6f7bd8a2f3a3455d08d90fda20888bb117'],
  [4, 'sync', '2a59c5a34b900717441c54379148f9058481677b69c86a033e34ff49a9be62cd'],
  [5, 'reports', '8df5fdf7addc7e6d3244ea73dfcf4811e721b79ca821723907e1018e57b3e4b4'],
  [6, 'card', '5851aa0f8301b4add2cdd43ec3dbd1c9ff0c45237821fa82784170475c8c9c1e'],
  [7, 'billing', '5c9bbed69e9180677c4ae5841f08d46a2054b2a81c843090c1b9af473ed2cd21'],
  [8, 'unpaid-items', '89d70654f28affd207dc58ae2a1a5e48215bb1308c9b13e5bee1adf5128a290b'],
  [9, 'refund-events', '9d589f6fcb2a2b28ba63bf3e54951f0b2bf84b1a9d6509c147d434d160313501'],
  [10, 'cashier-write-path', 'da6be58c9def7dda5ea7a81c5a12a26630ec5c9ac9ea7baf8dbaa23e4246f5ff'],
  [11, 'report-product-daily', 'f20a3aa695340d985a4e1869254b9329dda049e513f0484f695677be652bfa5e'],
  [12, 'late-fee-items', '5793472d945c78a505b01b54abe01d6a74fcecb9ef12bf4c2c8b6fc96a355356'],
  [13, 'office-day', 'f854a47c608f7479a02b6b984e5956aa098f357ffd536ae8aa3dde05d4cfdcbb'],
  [14, 'office-journal', '7f1af433371f3368bda16080cfdf716f098c65e2d96d9720251163e59d6c8d1e'],
  [15, 'office-transport', '233145e7e834bb1bc2107cbee1597803eda39018236bb478c4003b7e772cee37'],
  [16, 'roster', '09e765840fc8b8d9bef6e1517b570dc800f1dbd747f4359da84643cf4204db3e'],
  [17, 'mail', '5a638067b2a9967a4afc5bb31d37b40095a65bd01ecc0a4804a6a19603a92d60'],
  [18, 'office-conflicts', '9e54e966bb57412f05aa833058546d85a37354fdf512219ff3f34becaf06cf8b'],
  [19, 'payer-pages', '6a32696c94ae3b2e89134d0910b332b8dc3e30e9a0e7959dfed260e734188e81'],
  [20, 'refund-receipts', 'e184e23aa70460225ad0d176e450352abb0006dbef1e683c6823de2a0c4e0f3f'],
  [21, 'office-snapshots', '0c5607e2b2353388be576c5971372ae5719ac668708b8d6b7a5b4f375e9f2acc'],
  [22, 'deposit-float', '78529f5166772e7eb867a27e1ded197c12ca97dc9f121007e2e96377c01057f5'],
  [23, 'office-apply-indexes', '176af0d07de74eb963f49a686cac222a5e3e2c4be9938adffacdf2ded24976ec'],
  [25, 'payer-grams', '078494bbe1954a8293267183d4edd0237ff35f548da633cd96a868b1e4263cda'],
  [26, 'apply-write-costs', 'f6c9184c22ebce4c658bb78584c2dd4f9d953a7ce04586c7fecedd85b04759b3'],
  [28, 'office-audit-rowid', '142e86886be3d7dbb245da6b1447c2d2e0a1d26f73088bf64beefa131f28466e'],
  [29, 'office-duplicate-subscriptions', '3e5f55a851ec1fc5fa57eb46533eeddca3fd3a87e77d2401aa8d303d8822a41b'],
];

describe('landed migrations', () => {
  it('are unchanged, in order, and every shipped step is pinned', () => {
    const shipped = migrations.map((m) => [m.version, m.name, checksumOf(m)] as const);
    const unpinned = shipped.slice(landed.length).map((row) => `  [${row[0]}, '${row[1]}', '${row[2]}'],`);
    expect(shipped.slice(0, landed.length), 'a landed migration was edited, removed or reordered: add a new step instead').toEqual(landed);
    expect(unpinned, 'pin the new step(s) in test/unit/store/migrationPins.test.ts').toEqual([]);
  });

  it('match the committed schema snapshot (regenerate it with `npm run schema:snapshot`)', () => {
    const committed = readFileSync(new URL('../../../electron/store/migrations/schema.sql', import.meta.url), 'utf8');
    expect(committed).toBe(schemaSnapshot());
  });
});
