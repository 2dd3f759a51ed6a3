import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schemaSnapshot } from '../../electron/store/schemaSnapshot';

// Writes electron/store/migrations/schema.sql from the migrations (after adding one).
const target = fileURLToPath(new URL('../../electron/store/migrations/schema.sql', import.meta.url));
writeFileSync(target, schemaSnapshot());
console.log(`wrote ${target}`);
