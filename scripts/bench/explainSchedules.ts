import Database from 'better-sqlite3';
import { listSchedules } from '../../electron/services/schedules/listSchedules';
import type { SqlQuery } from '../../electron/store/sql';
const db = new Database(process.argv[2]!, { readonly: true });
let explain = true;
const plan = (q: SqlQuery) => { if (explain) console.log('   ', (db.prepare(`EXPLAIN QUERY PLAN ${q.text}`).all(...q.params) as {detail:string}[]).map((r) => r.detail).join(' | ')); };
const store = {
  all: <T>(q: SqlQuery) => { plan(q); return db.prepare(q.text).all(...q.params) as T[]; },
  get: <T>(q: SqlQuery) => { plan(q); return db.prepare(q.text).get(...q.params) as T; },
} as never;
const productId = (db.prepare('SELECT id FROM products LIMIT 1').get() as { id: string }).id;
const today = new Date().toISOString().slice(0, 10);
const cases: [string, object][] = [
  ['none', {}], ['overdue', { overdue: true }], ['due', { status: ['due'] }], ['due+overdue', { status: ['due', 'overdue'] }],
  ['paused', { paused: true }], ['product+overdue', { productId, overdue: true }], ['range', { dueFrom: '2025-11-01', dueTo: '2025-12-01' }],
  ['overdue+partially', { status: ['overdue', 'partially_paid'] }],
  ['overdue keyset, no total', { overdue: true, after: '2026-01-01~100000', includeTotal: false }],
];
for (const [label, f] of cases) {
  console.log(label);
  explain = true;
  listSchedules(store, { limit: 50, offset: 0, ...f }, today);
  explain = false;
  const times: number[] = [];
  for (let i = 0; i < 20; i++) { const t = performance.now(); listSchedules(store, { limit: 50, offset: 0, ...f }, today); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  console.log(`    median ${times[10]!.toFixed(1)} ms`);
}
