import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function borderErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint keeps the process borders', () => {
  it('only electron/main and electron/preload may import electron', async () => {
    expect(await borderErrors(`import { app } from 'electron';\nexport const a = app;\n`, 'electron/core/sneaky.ts')).not.toEqual([]);
    expect(await borderErrors(`import { app } from 'electron';\nexport const a = app;\n`, 'electron/main/fine.ts')).toEqual([]);
  });

  it('only the Stripe gateway imports the Stripe SDK in the core', async () => {
    expect(await borderErrors(`import Stripe from 'stripe';\nexport const s = Stripe;\n`, 'electron/services/payments/sneaky.ts')).not.toEqual([]);
    expect(await borderErrors(`import Stripe from 'stripe';\nexport const s = Stripe;\n`, 'electron/stripe/gateway2.ts')).toEqual([]);
  });

  it('the renderer imports no Node built-ins and no main-process code', async () => {
    expect(await borderErrors(`import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n`, 'renderer/src/x.ts')).not.toEqual([]);
    expect(await borderErrors(`import { createCore } from '../../electron/core';\nexport const c = createCore;\n`, 'renderer/src/x.ts')).not.toEqual([]);
  });

  it('shared/ stays runtime-neutral', async () => {
    expect(await borderErrors(`import { join } from 'node:path';\nexport const j = join;\n`, 'shared/x.ts')).not.toEqual([]);
    expect(await borderErrors(`import { z } from 'zod';\nexport const s = z.string();\n`, 'shared/x.ts')).toEqual([]);
  });
});
