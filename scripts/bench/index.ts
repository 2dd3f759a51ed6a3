import { benchCashier } from './cashier';
import { benchCatalog } from './catalog';

/**
 * `npm run bench`: each domain's figures in turn. BENCH_ENROLLMENTS / BENCH_PAYMENTS
 * override the store sizes; BENCH_ONLY=catalog|cashier runs one domain.
 */
const enrollments = Number(process.env.BENCH_ENROLLMENTS ?? 100_000);
const payments = Number(process.env.BENCH_PAYMENTS ?? 1_000_000);
const only = process.env.BENCH_ONLY;
const keep = process.env.BENCH_KEEP === '1';
if (!only || only === 'catalog') await benchCatalog({ enrollments, keep });
if (!only || only === 'cashier') await benchCashier({ enrollments, payments, keep });
