import type { Migration } from '../migrationTypes';
import { m0001 } from './0001-foundation';
import { m0002 } from './0002-catalog';

/** In order. Append new files; never edit or reorder a landed one. */
export const migrations: readonly Migration[] = [m0001, m0002];
