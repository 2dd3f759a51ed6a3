import type { Migration } from '../migrationTypes';
import { m0001 } from './0001-foundation';
import { m0002 } from './0002-catalog';
import { m0003 } from './0003-cashier';
import { m0004 } from './0004-sync';
import { m0005 } from './0005-reports';
import { m0006 } from './0006-card';
import { m0007 } from './0007-billing';
import { m0008 } from './0008-unpaid-items';
import { m0009 } from './0009-refund-events';
import { m0010 } from './0010-cashier-write-path';
import { m0011 } from './0011-report-product-daily';
import { m0012 } from './0012-late-fee-items';
import { m0013 } from './0013-office-day';
import { m0014 } from './0014-office-journal';
import { m0015 } from './0015-office-transport';
import { m0016 } from './0016-roster';
import { m0017 } from './0017-mail';
import { m0018 } from './0018-office-conflicts';
import { m0019 } from './0019-payer-pages';
import { m0020 } from './0020-refund-receipts';
import { m0021 } from './0021-office-snapshots';
import { m0022 } from './0022-deposit-float';
import { m0023 } from './0023-office-apply-indexes';
import { m0025 } from './0025-payer-grams';
import { m0028 } from './0028-office-audit-rowid';

/** In order. Append new files; never edit or reorder a landed one. */
export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015, m0016, m0017, m0018, m0019, m0020, m0021, m0022, m0023, m0025, m0028];
