import { benchCatalog } from './catalog';

/** `npm run bench`: each domain's figures in turn. BENCH_ENROLLMENTS overrides the store size. */
const enrollments = Number(process.env.BENCH_ENROLLMENTS ?? 100_000);
await benchCatalog({ enrollments, keep: process.env.BENCH_KEEP === '1' });
